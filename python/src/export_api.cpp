// gradscape.export: the CLI's export (capture::exportScene) on the calling thread with the GIL released;
// Ctrl+C between frames cancels it and leaves nothing at OUT.
#include <string>

#include "bindings.hpp"
#include "capture/animation_exporter.hpp"

namespace gradscape::python {
namespace {

// exportScene reports everything as gradscape::Error: sort its messages into Python's kinds.
[[noreturn]] void rethrowAsKind(const Error& error) {
  const std::string message = error.what();
  if (message.starts_with("no OpenGL") || message.starts_with("ffmpeg not found")) throw EnvironmentError(message);
  if (message.starts_with("cannot ") || message.starts_with("PNG sequence pattern")) throw FileError(message);
  throw;
}

}  // namespace

void registerExport(py::module_& module) {
  module.def("export", [](std::shared_ptr<const SceneHandle> scene, const std::string& path, int width, int height,
                          std::optional<std::int64_t> frame, std::int64_t every, double fps, double hold, int loop,
                          std::optional<double> azimuth, std::optional<double> elevation, double orbit, bool msaa,
                          bool dither, std::optional<std::string> view) {
    capture::ExportOptions options;
    options.width = width;
    options.height = height;
    options.frame = frame;
    options.every = every;
    options.fps = fps;
    options.holdSeconds = hold;
    options.playCount = loop;
    options.azimuth = azimuth;
    options.elevation = elevation;
    options.orbitDegrees = orbit;
    options.msaa = msaa;
    options.dither = dither;
    options.view = viewMode(view);
    options.progress = false;
    SignalCheck signals;
    bool interrupted = false;
    options.onFrame = [&](std::int64_t, std::int64_t) {
      interrupted = signals.interrupted();
      return !interrupted;
    };
    core::checkKeptPoints(scene->scene.runs, "export: runs");
    capture::ExportResult result;
    {
      py::gil_scoped_release release;
      try {
        result = capture::exportScene(scene->scene, path, options);
      } catch (const Error& error) {
        // Ctrl+C in a terminal also reaches ffmpeg, whose end may fail a write before the next frame's check.
        if (!interrupted) interrupted = signals.interrupted();
        if (!interrupted) rethrowAsKind(error);
      }
    }
    if (interrupted) throw py::error_already_set();
    py::dict out;
    out["frames"] = result.frames;
    out["width"] = result.width;
    out["height"] = result.height;
    out["bytes"] = result.bytes;
    return out;
  }, py::arg("scene"), py::arg("path"), py::arg("width"), py::arg("height"), py::arg("frame"), py::arg("every"),
     py::arg("fps"), py::arg("hold"), py::arg("loop"), py::arg("azimuth"), py::arg("elevation"), py::arg("orbit"),
     py::arg("msaa"), py::arg("dither"), py::arg("view") = py::none());
}

}  // namespace gradscape::python
