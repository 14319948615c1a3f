// GL contexts without a window: EGL surfaceless on Mesa. (The window's context lives in app/, via GLFW.)
// Also the GL loader and a KHR_debug error log that tests use to fail on any GL error.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace gradscape::render {

// The loader's signature matches glfwGetProcAddress and eglGetProcAddress exactly.
using GlProc = void (*)();
using GlProcLoader = GlProc (*)(const char* name);

// Loads GL 3.3 core entry points (glad) through `getProcAddress` and checks the version of the current
// context. Throws gradscape::Error "no OpenGL 3.3 core context: ..." otherwise.
void loadGl(GlProcLoader getProcAddress);

// Records GL errors of the current context through KHR_debug (plus glGetError when asked), for as long
// as it lives. Tests create one and fail on any recorded error. Not copyable: GL holds its address.
class GlErrorLog {
 public:
  // Installs the callback on the current context (glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS) so errors
  // arrive inside the failing call). Throws gradscape::Error when KHR_debug is unavailable.
  static std::unique_ptr<GlErrorLog> install();
  ~GlErrorLog();  // removes the callback
  GlErrorLog(const GlErrorLog&) = delete;
  GlErrorLog& operator=(const GlErrorLog&) = delete;

  // Errors recorded since the last call, plus what glGetError reports now; one per line, empty if none.
  std::string take();

  // Called from the GL callback; public only so the C callback can reach it.
  void record(std::string message) { messages_.push_back(std::move(message)); }

 private:
  GlErrorLog() = default;
  std::vector<std::string> messages_;
};

// An EGL surfaceless OpenGL 3.3 core context (Mesa returns 4.5 core), current on this thread while it
// lives, with the GL loader initialised. Render into framebuffers (OffscreenTarget): it has no surface.
class HeadlessContext {
 public:
  // `debugContext` asks for EGL_CONTEXT_OPENGL_DEBUG so KHR_debug reports everything (tests).
  // Throws gradscape::Error "no OpenGL 3.3 context: <why>" when EGL or Mesa cannot make one.
  static std::unique_ptr<HeadlessContext> create(bool debugContext = false);
  ~HeadlessContext();
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;

  // Makes this context current on the calling thread again (after another context was used).
  void makeCurrent() const;

 private:
  HeadlessContext() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gradscape::render
