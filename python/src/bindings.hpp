// The _gradscape extension's parts: one registration function per concern, and the error kinds that
// become OSError and RuntimeError in Python (any other gradscape::Error is a ValueError).
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/scene.hpp"

namespace gradscape::python {

namespace py = pybind11;

// A file that cannot be read or written: OSError.
class FileError : public Error {
 public:
  using Error::Error;
};

// The machine lacks something: no GL context, no ffmpeg. RuntimeError.
class EnvironmentError : public Error {
 public:
  using Error::Error;
};

// A parsed scene and a revision number unique to this content (the renderer re-uploads on a new one).
struct SceneHandle {
  core::Scene scene;
  std::uint64_t revision = 0;
};
std::uint64_t nextRevision();

// Gives other threads the GIL now and then during a long call and raises KeyboardInterrupt (or whatever a
// signal handler raised) as py::error_already_set once the call is back on its own thread.
class SignalCheck {
 public:
  // Called with the GIL released; true when a signal handler raised. Acquires the GIL briefly.
  bool interrupted();
};

// "3d", "2d" or "split" as export --view takes it (the Python layer has checked the name); nothing: the scene's.
std::optional<core::ViewMode> viewMode(const std::optional<std::string>& name);

void registerScene(py::module_& module);
void registerTrace(py::module_& module);
void registerRender(py::module_& module);
void registerExport(py::module_& module);
void registerMap(py::module_& module);

}  // namespace gradscape::python
