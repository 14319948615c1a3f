// Helpers shared by the encode tests: fresh output directories, file listing, subprocess output.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace gradscape::testing {

// An empty directory under GRADSCAPE_TEST_OUTPUT named after the running test.
inline std::filesystem::path freshOutputDirectory() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path directory =
      std::filesystem::path(GRADSCAPE_TEST_OUTPUT) / (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  return directory;
}

inline std::vector<std::string> listDirectory(const std::filesystem::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void writeFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Standard output of a shell command (its exit status in `status`).
inline std::string runCommand(const std::string& command, int* status = nullptr) {
  std::string output;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return output;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  const int result = ::pclose(pipe);
  if (status) *status = result;
  return output;
}

// What ffprobe says about a video's first stream (frames counted by decoding).
struct VideoProbe {
  int width = 0, height = 0, frames = 0;
  std::string codec, pixelFormat;
};

inline VideoProbe probeVideo(const std::string& path) {
  const std::string output = runCommand(
      "ffprobe -v error -count_frames -select_streams v:0 "
      "-show_entries stream=codec_name,width,height,pix_fmt,nb_read_frames -of default=noprint_wrappers=1 '" + path + "'");
  VideoProbe result;
  std::size_t start = 0;
  while (start < output.size()) {
    const std::size_t end = std::min(output.find('\n', start), output.size());
    const std::string line = output.substr(start, end - start);
    const auto equals = line.find('=');
    if (equals != std::string::npos) {
      const std::string key = line.substr(0, equals), value = line.substr(equals + 1);
      if (key == "codec_name") result.codec = value;
      if (key == "pix_fmt") result.pixelFormat = value;
      if (key == "width") result.width = std::atoi(value.c_str());
      if (key == "height") result.height = std::atoi(value.c_str());
      if (key == "nb_read_frames") result.frames = std::atoi(value.c_str());
    }
    start = end + 1;
  }
  return result;
}

// Frame `index` of a video decoded by ffmpeg to RGB24 (empty when ffmpeg fails).
inline std::vector<std::uint8_t> decodeVideoFrameRgb(const std::string& path, int index) {
  const std::string output = runCommand("ffmpeg -v error -i '" + path + "' -vf 'select=eq(n\\," + std::to_string(index) +
                                        ")' -frames:v 1 -f rawvideo -pix_fmt rgb24 -");
  return std::vector<std::uint8_t>(output.begin(), output.end());
}

}  // namespace gradscape::testing
