// The viewer's X error handler.
#include "viewer/x_error_guard.hpp"

#include <X11/Xlib.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <set>
#include <utility>

// From glfw3native.h, declared here because that header with GLFW_EXPOSE_NATIVE_X11 also includes
// Xrandr's headers (libxrandr-dev), which nothing else needs. NULL (and a GLFW error) when not on X11.
extern "C" Display* glfwGetX11Display(void);

namespace gradscape::app {
namespace {

// Xlib calls a plain function with no user pointer, so what the handler records must be reachable from
// it: one count and the kinds already logged, for the one process-wide handler.
std::atomic<int> errorsSeen{0};
std::mutex loggedMutex;
std::set<std::pair<int, int>> loggedKinds;  // (error code, major request) already on standard error
XErrorHandler previousHandler = nullptr;

int onXError(Display* display, XErrorEvent* event) {
  errorsSeen.fetch_add(1);
  const std::pair<int, int> kind{event->error_code, event->request_code};
  {
    std::lock_guard lock(loggedMutex);
    if (!loggedKinds.insert(kind).second) return 0;
  }
  char text[160] = "";
  XGetErrorText(display, event->error_code, text, sizeof text);
  for (char* c = text; *c; ++c)
    if (*c < 0x20 || *c == 0x7f) *c = ' ';
  std::fprintf(stderr, "gradscape: X error %s (request %d.%d); the viewer falls back to whole-frame swaps\n", text,
               event->request_code, event->minor_code);
  return 0;
}

}  // namespace

XErrorGuard::XErrorGuard() {
  if (glfwGetX11Display() == nullptr) return;  // not on X11
  installed_ = true;
  previousHandler = XSetErrorHandler(onXError);
}

XErrorGuard::~XErrorGuard() {
  if (installed_) XSetErrorHandler(previousHandler);
}

int XErrorGuard::takeErrors() { return errorsSeen.exchange(0); }

void XErrorGuard::provokeError() const {
  Display* display = glfwGetX11Display();
  if (display == nullptr) return;
  XMapWindow(display, None);  // no window has id 0: the server answers BadWindow
  XFlush(display);
}

}  // namespace gradscape::app
