// Keeps an X protocol error from ending the viewer. Xlib's default handler prints the error and exits;
// this one logs one line per kind of error and counts it, so the viewer can fall back (to whole-frame
// swaps) and go on. An X I/O error (the server gone) cannot be survived: the recovery file keeps the work.
#pragma once

struct GLFWwindow;

namespace gradscape::app {

class XErrorGuard {
 public:
  // Installs the handler when GLFW runs on X11 (nothing on other platforms); restores the previous one.
  XErrorGuard();
  ~XErrorGuard();
  XErrorGuard(const XErrorGuard&) = delete;
  XErrorGuard& operator=(const XErrorGuard&) = delete;

  // X errors reported since the last call (the server reports them asynchronously, at the next read).
  int takeErrors();

  // Sends a request the server refuses (BadWindow), so a script can prove the recovery path works.
  void provokeError() const;

 private:
  bool installed_ = false;
};

}  // namespace gradscape::app
