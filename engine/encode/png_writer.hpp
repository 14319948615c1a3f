// PNG files from RGBA frames (stb_image_write), written atomically.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "encode/image.hpp"

namespace gradscape::encode {

// The PNG bytes of an image (RGBA, 8 bits per channel).
std::vector<std::uint8_t> encodePng(const RgbaView& image);

// Writes `image` to `path` through an AtomicFile; returns the file's size in bytes. Throws gradscape::Error.
std::uint64_t writePng(const std::string& path, const RgbaView& image);

}  // namespace gradscape::encode
