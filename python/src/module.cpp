// The _gradscape extension module: registers each part and maps gradscape's errors onto Python's.
#include <atomic>
#include <cerrno>
#include <new>

#include "bindings.hpp"
#include "core/scene_display.hpp"

namespace gradscape::python {

std::uint64_t nextRevision() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

std::optional<core::ViewMode> viewMode(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  const std::optional<core::ViewMode> mode = core::findViewMode(*name);
  if (!mode) throw Error("view='" + *name + "': expected '3d', '2d' or 'split'");
  return mode;
}

bool SignalCheck::interrupted() {
  py::gil_scoped_acquire gil;
  return PyErr_CheckSignals() != 0;
}

}  // namespace gradscape::python

PYBIND11_MODULE(_gradscape, module) {
  using namespace gradscape::python;
  module.doc() = "gradscape's C++ core, renderer and exporter (use the gradscape package, not this module)";
  py::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const FileError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const EnvironmentError& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    } catch (const gradscape::Error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
  registerScene(module);
  registerTrace(module);
  registerRender(module);
  registerExport(module);
  registerMap(module);
}
