// A real XDND (version 5) drag source for the viewer's drop tests: drops files on a window of $DISPLAY.
//
// Usage: xdnd_drop_source [--name TITLE | --window ID] [--timeout SECONDS] PATH...
// Waits for a viewable, XdndAware window titled TITLE (default "gradscape") or uses window ID, then speaks the
// protocol as a file manager does (https://freedesktop.org/wiki/Specifications/XDND): own XdndSelection,
// XdndEnter offering text/uri-list, XdndPosition over the window's centre, wait for an accepting XdndStatus,
// XdndDrop, answer the target's SelectionRequest with "file:///PATH\r\n" lines, wait for XdndFinished.
// Exit 0 on XdndFinished; otherwise 1 with a one-line reason on standard error.
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <poll.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr long kOurXdndVersion = 5;

struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string hexId(Window window) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%lx", window);
  return text;
}

// Windows of other clients may vanish while we look at them; a failed request must not end the program.
int ignoreXErrors(Display*, XErrorEvent*) { return 0; }

struct Atoms {
  Atom aware, enter, position, status, leave, drop, finished, selection, actionCopy, typeList, uriList, netWmName,
      utf8String, timestampProbe;
  explicit Atoms(Display* display) {
    const auto atom = [display](const char* name) { return XInternAtom(display, name, False); };
    aware = atom("XdndAware");
    enter = atom("XdndEnter");
    position = atom("XdndPosition");
    status = atom("XdndStatus");
    leave = atom("XdndLeave");
    drop = atom("XdndDrop");
    finished = atom("XdndFinished");
    selection = atom("XdndSelection");
    actionCopy = atom("XdndActionCopy");
    typeList = atom("XdndTypeList");
    uriList = atom("text/uri-list");
    netWmName = atom("_NET_WM_NAME");
    utf8String = atom("UTF8_STRING");
    timestampProbe = atom("GRADSCAPE_XDND_TIMESTAMP");
  }
};

// RFC 8089 file URI: every byte outside the unreserved set and '/' is percent-encoded.
std::string fileUri(const std::filesystem::path& path) {
  std::string uri = "file://";
  for (unsigned char c : std::filesystem::absolute(path).lexically_normal().string()) {
    if (std::isalnum(c) || std::strchr("-._~/", c)) {
      uri += static_cast<char>(c);
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      uri += escaped;
    }
  }
  return uri;
}

class DropSource {
 public:
  DropSource(Display* display, double timeoutSeconds)
      : display_(display),
        atoms_(display),
        root_(DefaultRootWindow(display)),
        timeoutSeconds_(timeoutSeconds),
        deadline_(Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeoutSeconds))) {
    // An unmapped window of our own: the target's replies and the selection requests come to it.
    source_ = XCreateSimpleWindow(display_, root_, -10, -10, 1, 1, 0, 0, 0);
    XSelectInput(display_, source_, PropertyChangeMask);
    XSelectInput(display_, root_, SubstructureNotifyMask);
  }

  // The first viewable window (depth-first from the root) whose title is `title` and that is XdndAware.
  Window waitForWindow(const std::string& title) {
    while (true) {
      if (const auto window = findWindow(root_, title)) return *window;
      // Something changed below the root (created, mapped, renamed) or 50 ms passed: look again.
      XEvent event;
      nextEvent(event, "a viewable XdndAware window titled '" + title + "'", std::chrono::milliseconds(50));
    }
  }

  void drop(Window target, const std::vector<std::string>& paths) {
    const long version = std::min(kOurXdndVersion, awareVersion(target).value_or(0));
    if (version < 2) throw Failure("window " + hexId(target) + " is not XdndAware (version >= 2)");
    for (const auto& path : paths) uriList_ += fileUri(path) + "\r\n";

    const Time time = serverTime();
    XSetSelectionOwner(display_, atoms_.selection, source_, time);
    if (XGetSelectionOwner(display_, atoms_.selection) != source_) throw Failure("could not own XdndSelection");
    XChangeProperty(display_, source_, atoms_.typeList, XA_ATOM, 32, PropModeReplace,
                    reinterpret_cast<const unsigned char*>(&atoms_.uriList), 1);

    // Over the middle of the window, in root coordinates.
    XWindowAttributes attributes{};
    XGetWindowAttributes(display_, target, &attributes);
    int rootX = 0, rootY = 0;
    Window child = 0;
    XTranslateCoordinates(display_, target, root_, attributes.width / 2, attributes.height / 2, &rootX, &rootY, &child);

    // Enter: our window, the version in the high byte, at most three types inline (no XdndTypeList needed).
    send(target, atoms_.enter, {static_cast<long>(source_), version << 24, static_cast<long>(atoms_.uriList), 0, 0});
    send(target, atoms_.position,
         {static_cast<long>(source_), 0, (static_cast<long>(rootX) << 16) | rootY, static_cast<long>(time),
          static_cast<long>(atoms_.actionCopy)});
    const XClientMessageEvent status = waitForMessage(target, atoms_.status, "XdndStatus");
    if (!(status.data.l[1] & 1)) {
      send(target, atoms_.leave, {static_cast<long>(source_), 0, 0, 0, 0});
      XFlush(display_);
      throw Failure("window " + hexId(target) + " refused the drop (XdndStatus without accept)");
    }
    send(target, atoms_.drop, {static_cast<long>(source_), 0, static_cast<long>(time), 0, 0});
    const XClientMessageEvent finished = waitForMessage(target, atoms_.finished, "XdndFinished");
    if (served_ == 0) throw Failure("XdndFinished came before the target asked for the data");
    // (GLFW 3.3 puts the byte count of the data where the spec has the accepted bit: not checked.)
    std::printf("xdnd_drop_source: dropped %zu path(s) on %s, finished (action %s)\n", paths.size(),
                hexId(target).c_str(), finished.data.l[2] == static_cast<long>(atoms_.actionCopy) ? "copy" : "other");
  }

 private:
  std::optional<long> awareVersion(Window window) {
    Atom type = None;
    int format = 0;
    unsigned long count = 0, after = 0;
    unsigned char* data = nullptr;
    std::optional<long> version;
    if (XGetWindowProperty(display_, window, atoms_.aware, 0, 1, False, XA_ATOM, &type, &format, &count, &after,
                           &data) == Success &&
        type == XA_ATOM && format == 32 && count == 1)
      version = static_cast<long>(*reinterpret_cast<Atom*>(data));
    if (data) XFree(data);
    return version;
  }

  std::string title(Window window) {
    std::string result;
    Atom type = None;
    int format = 0;
    unsigned long count = 0, after = 0;
    unsigned char* data = nullptr;
    if (XGetWindowProperty(display_, window, atoms_.netWmName, 0, 1024, False, atoms_.utf8String, &type, &format,
                           &count, &after, &data) == Success &&
        data && format == 8)
      result.assign(reinterpret_cast<char*>(data), count);
    if (data) XFree(data);
    if (!result.empty()) return result;
    char* name = nullptr;
    if (XFetchName(display_, window, &name) && name) {
      result = name;
      XFree(name);
    }
    return result;
  }

  std::optional<Window> findWindow(Window parent, const std::string& wanted) {
    Window rootReturn = 0, parentReturn = 0, *children = nullptr;
    unsigned int count = 0;
    if (!XQueryTree(display_, parent, &rootReturn, &parentReturn, &children, &count)) return std::nullopt;
    std::optional<Window> found;
    for (unsigned int i = 0; i < count && !found; ++i) {
      XWindowAttributes attributes{};
      if (!XGetWindowAttributes(display_, children[i], &attributes) || attributes.map_state != IsViewable) continue;
      if (title(children[i]) == wanted && awareVersion(children[i])) found = children[i];
      else found = findWindow(children[i], wanted);  // a window manager's frame holds the client window
    }
    if (children) XFree(children);
    return found;
  }

  // A server timestamp for the selection and the drop: the time of a PropertyNotify we cause ourselves.
  Time serverTime() {
    XChangeProperty(display_, source_, atoms_.timestampProbe, XA_STRING, 8, PropModeAppend, nullptr, 0);
    while (true) {
      XEvent event;
      nextEvent(event, "a PropertyNotify for the timestamp");
      if (event.type == PropertyNotify && event.xproperty.window == source_ &&
          event.xproperty.atom == atoms_.timestampProbe)
        return event.xproperty.time;
    }
  }

  void send(Window target, Atom type, std::initializer_list<long> data) {
    XEvent event{};
    event.xclient.type = ClientMessage;
    event.xclient.display = display_;
    event.xclient.window = target;
    event.xclient.message_type = type;
    event.xclient.format = 32;
    std::copy(data.begin(), data.end(), event.xclient.data.l);
    XSendEvent(display_, target, False, NoEventMask, &event);
    XFlush(display_);
  }

  // Waits for a client message of `type` from `target`, serving selection requests meanwhile.
  XClientMessageEvent waitForMessage(Window target, Atom type, const std::string& what) {
    while (true) {
      XEvent event;
      nextEvent(event, what + " from window " + hexId(target));
      if (event.type == SelectionRequest) serve(event.xselectionrequest);
      else if (event.type == ClientMessage && event.xclient.message_type == type &&
               static_cast<Window>(event.xclient.data.l[0]) == target)
        return event.xclient;
    }
  }

  // The target converts XdndSelection to text/uri-list: put the list on its property and tell it.
  void serve(const XSelectionRequestEvent& request) {
    XEvent reply{};
    reply.xselection.type = SelectionNotify;
    reply.xselection.display = display_;
    reply.xselection.requestor = request.requestor;
    reply.xselection.selection = request.selection;
    reply.xselection.target = request.target;
    reply.xselection.time = request.time;
    reply.xselection.property = None;  // refused, unless it is our selection in our one format
    if (request.selection == atoms_.selection && request.target == atoms_.uriList) {
      const Atom property = request.property != None ? request.property : request.target;  // obsolete clients
      XChangeProperty(display_, request.requestor, property, atoms_.uriList, 8, PropModeReplace,
                      reinterpret_cast<const unsigned char*>(uriList_.data()), static_cast<int>(uriList_.size()));
      reply.xselection.property = property;
      ++served_;
    }
    XSendEvent(display_, request.requestor, False, NoEventMask, &reply);
    XFlush(display_);
  }

  // The next event, waiting at most until the deadline (or `slice`, when given: then a timeout returns a
  // zeroed event instead of failing, so the caller can look again).
  void nextEvent(XEvent& event, const std::string& what,
                 std::optional<std::chrono::milliseconds> slice = std::nullopt) {
    const Clock::time_point until = slice ? std::min(deadline_, Clock::now() + *slice) : deadline_;
    while (!XPending(display_)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
      if (left <= 0) {
        if (Clock::now() >= deadline_) {
          char seconds[32];
          std::snprintf(seconds, sizeof seconds, "%g", timeoutSeconds_);
          throw Failure("timed out after " + std::string(seconds) + " s waiting for " + what);
        }
        event = XEvent{};
        return;
      }
      pollfd connection{ConnectionNumber(display_), POLLIN, 0};
      poll(&connection, 1, static_cast<int>(left));
    }
    XNextEvent(display_, &event);
  }

  Display* display_;
  Atoms atoms_;
  Window root_;
  Window source_ = 0;
  double timeoutSeconds_;
  Clock::time_point deadline_;
  std::string uriList_;
  int served_ = 0;
};

int usage() {
  std::fprintf(stderr, "usage: xdnd_drop_source [--name TITLE | --window ID] [--timeout SECONDS] PATH...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string title = "gradscape";
  std::optional<Window> window;
  double timeoutSeconds = 10;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if ((argument == "--name" || argument == "--window" || argument == "--timeout") && i + 1 >= argc) return usage();
    if (argument == "--name") title = argv[++i];
    else if (argument == "--window") window = std::strtoul(argv[++i], nullptr, 0);
    else if (argument == "--timeout") timeoutSeconds = std::strtod(argv[++i], nullptr);
    else if (argument.rfind("--", 0) == 0) return usage();
    else paths.push_back(argument);
  }
  if (paths.empty() || !(timeoutSeconds > 0)) return usage();

  Display* display = XOpenDisplay(nullptr);
  if (!display) {
    std::fprintf(stderr, "xdnd_drop_source: cannot open display '%s'\n", std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "");
    return 1;
  }
  XSetErrorHandler(ignoreXErrors);
  int status = 0;
  try {
    DropSource source(display, timeoutSeconds);
    source.drop(window ? *window : source.waitForWindow(title), paths);
  } catch (const Failure& failure) {
    std::fprintf(stderr, "xdnd_drop_source: %s\n", failure.what());
    status = 1;
  }
  XCloseDisplay(display);
  return status;
}
