// Scenes from Python: parsed, loaded and saved by the core with the CLI's validation and messages.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "bindings.hpp"
#include "core/printable.hpp"
#include "core/run_points.hpp"
#include "encode/atomic_file.hpp"

namespace gradscape::python {
namespace {

// A path the core could not even open is an OSError; anything it read and rejected is a ValueError.
bool canOpen(const std::string& path) {
  struct stat info{};
  if (::stat(path.c_str(), &info) != 0 || S_ISDIR(info.st_mode)) return false;
  return static_cast<bool>(std::ifstream(path, std::ios::binary));
}

std::shared_ptr<SceneHandle> handleFor(core::Scene scene) {
  auto handle = std::make_shared<SceneHandle>();
  handle->scene = std::move(scene);
  handle->revision = nextRevision();
  return handle;
}

}  // namespace

void registerScene(py::module_& module) {
  py::class_<SceneHandle, std::shared_ptr<SceneHandle>>(module, "_Scene", "A parsed scene (gradscape.Scene wraps it)")
      .def(py::init([](const std::string& json, const std::string& origin) { return handleFor(core::parseScene(json, origin)); }),
           py::arg("json"), py::arg("origin"))
      .def("to_json", [](const SceneHandle& handle) { return core::serializeScene(handle.scene); })
      .def_property_readonly("run_count", [](const SceneHandle& handle) { return handle.scene.runs.size(); })
      .def_property_readonly("revision", [](const SceneHandle& handle) { return handle.revision; });

  module.def("load", [](const std::string& path) {
    try {
      return handleFor(core::loadScene(path));
    } catch (const Error& error) {
      if (path != "-" && !canOpen(path)) throw FileError(error.what());
      throw;
    }
  }, py::arg("path"));

  module.def("save", [](const SceneHandle& handle, const std::string& path) {
    const std::string text = core::serializeScene(handle.scene);
    // What load would refuse is never written: save and load agree on the limits.
    if (const auto problem = core::sceneSizeProblem(text))
      throw Error(core::printableText(path) + ": cannot save: " + *problem);
    try {
      encode::AtomicFile file(path);
      file.write(text.data(), text.size());
      file.commit();
    } catch (const Error& error) {
      throw FileError(error.what());
    }
  }, py::arg("scene"), py::arg("path"));
}

}  // namespace gradscape::python
