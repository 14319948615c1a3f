// Asks the window manager to maximise or restore a window, as a title-bar button does: an EWMH
// _NET_WM_STATE client message to the root window (xdotool 3.2016 has no command for it).
#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
  if (argc != 3 || (std::strcmp(argv[2], "maximize") != 0 && std::strcmp(argv[2], "restore") != 0)) {
    std::fprintf(stderr, "usage: x_window_state WINDOW_ID maximize|restore\n");
    return 2;
  }
  Display* display = XOpenDisplay(nullptr);
  if (!display) {
    std::fprintf(stderr, "x_window_state: cannot open the display\n");
    return 1;
  }
  const Window window = std::strtoul(argv[1], nullptr, 0);
  const bool maximize = std::strcmp(argv[2], "maximize") == 0;
  XEvent event{};
  event.xclient.type = ClientMessage;
  event.xclient.window = window;
  event.xclient.message_type = XInternAtom(display, "_NET_WM_STATE", False);
  event.xclient.format = 32;
  event.xclient.data.l[0] = maximize ? 1 : 0;  // _NET_WM_STATE_ADD : _NET_WM_STATE_REMOVE
  event.xclient.data.l[1] = static_cast<long>(XInternAtom(display, "_NET_WM_STATE_MAXIMIZED_VERT", False));
  event.xclient.data.l[2] = static_cast<long>(XInternAtom(display, "_NET_WM_STATE_MAXIMIZED_HORZ", False));
  event.xclient.data.l[3] = 1;  // a normal application
  XSendEvent(display, DefaultRootWindow(display), False, SubstructureRedirectMask | SubstructureNotifyMask, &event);
  XSync(display, False);
  XCloseDisplay(display);
  return 0;
}
