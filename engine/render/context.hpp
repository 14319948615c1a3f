// GL contexts without a window: EGL surfaceless on Mesa. (The window's context lives in app/, via GLFW.)
//
// DRAFT API agreed between the renderer and its users.
#pragma once

#include <memory>
#include <string>

namespace gradscape::render {

// Loads GL 3.3 core entry points through `getProcAddress` (glfwGetProcAddress / eglGetProcAddress)
// and checks the version. Throws gradscape::Error "no OpenGL 3.3 core context: ..." otherwise.
using GlProcLoader = void* (*)(const char* name);
void loadGl(GlProcLoader getProcAddress);

// Installs a KHR_debug callback that records GL errors (tests fail on any). Returns false if unavailable.
bool enableGlDebugErrors();
// Errors recorded since the last call (and glGetError), as text; empty when none.
std::string takeGlErrors();

// An EGL surfaceless OpenGL 3.3 core context, current on this thread while it lives.
class HeadlessContext {
 public:
  // Throws gradscape::Error "no OpenGL 3.3 context: <why>" when EGL or Mesa cannot make one.
  static std::unique_ptr<HeadlessContext> create();
  ~HeadlessContext();
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;

 private:
  HeadlessContext() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gradscape::render
