// Writing and reading the session recovery file.
#include "viewer/recovery_file.hpp"

#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/error.hpp"
#include "encode/atomic_file.hpp"
#include "viewer/camera_control.hpp"

namespace gradscape::app {
namespace {

constexpr const char* kPrefix = "session-";

std::string snapshot(const ViewerState& state) {
  core::Scene scene = state.session.scene();
  scene.camera = cameraSpecOf(state.camera);
  nlohmann::json file;
  file["gradscape_recovery"] = 1;
  file["frame"] = state.playback.frame();
  if (state.scenePath) file["scene_path"] = *state.scenePath;
  file["scene"] = nlohmann::json::parse(core::serializeScene(scene));
  return file.dump(2) + "\n";
}

bool processRunning(long pid) { return pid > 0 && (kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

}  // namespace

std::filesystem::path recoveryDirectory() {
  const char* state = std::getenv("XDG_STATE_HOME");
  if (state && *state == '/') return std::filesystem::path(state) / "gradscape";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : "/tmp") / ".local" / "state" / "gradscape";
}

std::optional<std::filesystem::path> newestLeftoverSession(const std::filesystem::path& directory) {
  std::error_code error;
  std::optional<std::filesystem::path> newest;
  std::filesystem::file_time_type newestTime{};
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kPrefix, 0) != 0 || entry.path().extension() != ".json") continue;
    const long pid = std::atol(name.c_str() + std::string(kPrefix).size());
    if (pid == static_cast<long>(getpid()) || processRunning(pid)) continue;
    const auto time = entry.last_write_time(error);
    if (!newest || time > newestTime) newest = entry.path(), newestTime = time;
  }
  return newest;
}

RecoveredSession readRecoveredSession(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string() + ": cannot open the recovery file");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    const nlohmann::json json = nlohmann::json::parse(text.str());
    RecoveredSession session;
    session.scene = core::parseScene(json.at("scene").dump(), file.string() + ": scene");
    session.frame = json.value("frame", std::int64_t{0});
    if (json.contains("scene_path")) session.scenePath = json.at("scene_path").get<std::string>();
    session.file = file;
    return session;
  } catch (const nlohmann::json::exception& error) {
    throw Error(file.string() + ": not a recovery file (" + error.what() + ")");
  }
}

RecoveryWriter::RecoveryWriter(std::filesystem::path directory)
    : directory_(std::move(directory)),
      path_(directory_ / (kPrefix + std::to_string(getpid()) + ".json")),
      worker_([this] { writeLoop(); }) {}

RecoveryWriter::~RecoveryWriter() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

std::string RecoveryWriter::keyOf(const ViewerState& state) const {
  const Session& session = state.session;
  const SessionVersions& versions = session.versions();
  std::ostringstream key;
  key << versions.surface << ' ' << versions.layout << ' ' << versions.styles << ' ' << session.runCount();
  for (std::size_t i = 0; i < session.runCount(); ++i) key << ' ' << session.traceVersion(i);
  const render::Camera& camera = state.camera;
  key << ' ' << camera.azimuth << ' ' << camera.elevation << ' ' << camera.distance << ' ' << camera.orthographic
      << ' ' << state.playback.frame();
  return key.str();
}

void RecoveryWriter::update(const ViewerState& state, double now) {
  const std::string key = keyOf(state);
  if (lastKey_.empty()) lastKey_ = savedKey_ = writtenKey_ = key;  // the session as it was opened
  if (key != lastKey_) {
    lastKey_ = key;
    changedAt_ = now;
  }
  if (!changedAt_ || now - *changedAt_ < kRecoveryDelaySeconds) return;
  changedAt_.reset();
  if (key == writtenKey_) return;
  writtenKey_ = key;
  {
    std::lock_guard lock(mutex_);
    if (key == savedKey_) removeRequested_ = true, pending_.reset();
    else pending_ = snapshot(state), removeRequested_ = false;
  }
  wake_.notify_all();
}

void RecoveryWriter::markSaved(const ViewerState& state) {
  savedKey_ = lastKey_ = writtenKey_ = keyOf(state);
  changedAt_.reset();
  {
    std::lock_guard lock(mutex_);
    pending_.reset();
    removeRequested_ = true;
  }
  wake_.notify_all();
}

void RecoveryWriter::writeNow(const ViewerState& state) {
  lastKey_ = writtenKey_ = keyOf(state);
  savedKey_ = "restored, never saved";
  std::error_code ignored;
  std::filesystem::create_directories(directory_, ignored);
  const std::string text = snapshot(state);
  encode::AtomicFile file(path_.string());
  file.write(text.data(), text.size());
  file.commit();
}

void RecoveryWriter::close(const ViewerState& state) {
  const std::string key = keyOf(state);
  std::lock_guard lock(mutex_);
  if (key == savedKey_) {
    pending_.reset();
    removeRequested_ = true;
  } else {
    pending_ = snapshot(state);  // unsaved edits stay for the next start
    removeRequested_ = false;
  }
}

void RecoveryWriter::writeLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return closing_ || pending_ || removeRequested_; });
    if (pending_) {
      const std::string text = std::move(*pending_);
      pending_.reset();
      lock.unlock();
      try {
        std::error_code ignored;
        std::filesystem::create_directories(directory_, ignored);
        encode::AtomicFile file(path_.string());
        file.write(text.data(), text.size());
        file.commit();
      } catch (const std::exception& error) {
        std::cerr << "gradscape: recovery file: " << error.what() << "\n";
      }
      lock.lock();
    } else if (removeRequested_) {
      removeRequested_ = false;
      lock.unlock();
      std::error_code ignored;
      std::filesystem::remove(path_, ignored);
      lock.lock();
    } else if (closing_) {
      return;
    }
  }
}

}  // namespace gradscape::app
