// Test helper: decodes a GIF with giflib's DGifSlurp and composites its frames into whole RGBA pictures.
#pragma once

#include <gif_lib.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace gradscape::testing {

struct DecodedGifFrame {
  int left = 0, top = 0, width = 0, height = 0;  // the image descriptor
  int delayCentiseconds = 0;
  int disposal = 0;
  int transparentIndex = -1;
  std::vector<std::uint8_t> indices;              // the frame's own pixels (width * height)
  std::vector<std::uint8_t> composited;           // the whole picture after this frame, RGBA (when kept)
};

struct DecodedGif {
  int width = 0, height = 0;
  int globalColors = 0;
  int netscapeLoopCount = -1;  // -1: no NETSCAPE2.0 extension
  std::vector<DecodedGifFrame> frames;
};

// Composites are kept for every frame, or (for large animations) only for the first and the last.
inline DecodedGif decodeGif(const std::string& path, bool keepAllComposites = true) {
  int error = 0;
  GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
  if (!gif) throw std::runtime_error("cannot open GIF " + path + ": " + GifErrorString(error));
  if (DGifSlurp(gif) != GIF_OK) {
    const std::string message = GifErrorString(gif->Error);
    DGifCloseFile(gif, &error);
    throw std::runtime_error("cannot decode GIF " + path + ": " + message);
  }
  DecodedGif decoded;
  decoded.width = gif->SWidth;
  decoded.height = gif->SHeight;
  decoded.globalColors = gif->SColorMap ? gif->SColorMap->ColorCount : 0;
  std::vector<std::uint8_t> canvas(static_cast<std::size_t>(decoded.width) * decoded.height * 4, 0);
  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& image = gif->SavedImages[i];
    DecodedGifFrame frame;
    for (int e = 0; e < image.ExtensionBlockCount; ++e) {
      const ExtensionBlock& block = image.ExtensionBlocks[e];
      if (block.Function == APPLICATION_EXT_FUNC_CODE && block.ByteCount == 11 &&
          std::memcmp(block.Bytes, "NETSCAPE2.0", 11) == 0 && e + 1 < image.ExtensionBlockCount) {
        const ExtensionBlock& data = image.ExtensionBlocks[e + 1];
        if (data.ByteCount == 3 && data.Bytes[0] == 1) decoded.netscapeLoopCount = data.Bytes[1] | data.Bytes[2] << 8;
      }
      if (block.Function == GRAPHICS_EXT_FUNC_CODE) {
        GraphicsControlBlock control;
        DGifExtensionToGCB(block.ByteCount, block.Bytes, &control);
        frame.delayCentiseconds = control.DelayTime;
        frame.disposal = control.DisposalMode;
        frame.transparentIndex = control.TransparentColor;
      }
    }
    frame.left = image.ImageDesc.Left;
    frame.top = image.ImageDesc.Top;
    frame.width = image.ImageDesc.Width;
    frame.height = image.ImageDesc.Height;
    frame.indices.assign(image.RasterBits, image.RasterBits + static_cast<std::size_t>(frame.width) * frame.height);
    const ColorMapObject* map = image.ImageDesc.ColorMap ? image.ImageDesc.ColorMap : gif->SColorMap;
    for (int y = 0; y < frame.height; ++y)
      for (int x = 0; x < frame.width; ++x) {
        const int index = frame.indices[static_cast<std::size_t>(y) * frame.width + x];
        if (index == frame.transparentIndex) continue;
        const int cx = frame.left + x, cy = frame.top + y;
        if (cx >= decoded.width || cy >= decoded.height) continue;
        std::uint8_t* p = canvas.data() + (static_cast<std::size_t>(cy) * decoded.width + cx) * 4;
        p[0] = map->Colors[index].Red;
        p[1] = map->Colors[index].Green;
        p[2] = map->Colors[index].Blue;
        p[3] = 255;
      }
    if (keepAllComposites || i == 0 || i == gif->ImageCount - 1) frame.composited = canvas;
    decoded.frames.push_back(std::move(frame));
  }
  DGifCloseFile(gif, &error);
  return decoded;
}

}  // namespace gradscape::testing
