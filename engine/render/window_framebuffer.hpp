// The GL operations a window makes on its default framebuffer (framebuffer 0): scissored background
// clears, the state an overlay pass starts from, and reading the back buffer for screenshots. The app
// owns the window; the GL calls stay here, behind the engine's wall.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "render/offscreen_target.hpp"

namespace gradscape::render {

// Binds framebuffer 0 (the window) for drawing; the second form also sets the viewport to all of it.
void bindWindowFramebuffer();
void bindWindowFramebuffer(int width, int height);

// Clears each rectangle (top-left origin, framebuffer pixels) of the bound window framebuffer to `rgb`
// with alpha 1. Leaves the scissor test off.
void clearWindowRects(const std::array<float, 3>& rgb, std::span<const PixelRect> rects, int framebufferHeight);

// Binds framebuffer 0 with depth, culling, stencil and multisampling off: what a 2-D overlay (the UI)
// expects whatever the previous pass left behind.
void beginWindowOverlayPass(int width, int height);

// The back buffer of the window framebuffer: height rows of width*4 bytes, top row first, alpha 255.
std::vector<std::uint8_t> readWindowBackBuffer(int width, int height);

// Waits until every GL command issued so far has finished (to attribute time to a stage).
void finishGpuWork();

// The oldest pending GL error's name ("GL_INVALID_OPERATION"), clearing every pending one; "" when none.
std::string takeGlError();
// Makes the current context record GL_INVALID_ENUM (for the viewer's `provoke-error gl` script verb).
void provokeGlError();

}  // namespace gradscape::render
