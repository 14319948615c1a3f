// gradscape.render: frames as numpy arrays from one GL context and renderer that live as long as the process,
// on a thread of their own (an EGL context is current on one thread; Python may call from any).
#include <pybind11/numpy.h>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "bindings.hpp"
#include "capture/animation_exporter.hpp"
#include "encode/png_writer.hpp"
#include "render/context.hpp"
#include "render/offscreen_target.hpp"
#include "render/renderer.hpp"

namespace gradscape::python {
namespace {

struct FrameRequest {
  std::shared_ptr<const SceneHandle> scene;
  std::optional<std::int64_t> frame;  // nothing: the last
  int width = 1200, height = 900;
  std::optional<double> azimuth, elevation;
  std::optional<core::ViewMode> view;  // nothing: the scene's view.mode
  bool msaa = true;
  std::uint8_t* out = nullptr;  // height rows of width * 4 bytes, top row first
};

// Everything GL, made on first use and kept: the context, the renderer with the last scene's surface and
// traces uploaded (kept while the same scene revision is drawn again), and the target of the last size.
class GlThread {
 public:
  GlThread() : worker_([this] { run(); }) {}

  // Runs `job` on the GL thread and waits for it (the caller has released the GIL); rethrows its error.
  void call(std::function<void()> job) {
    std::packaged_task<void()> task(std::move(job));
    std::future<void> done = task.get_future();
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(task));
    }
    wake_.notify_one();
    done.get();
  }

  void render(const FrameRequest& request) {
    if (!context_) {
      try {
        context_ = render::HeadlessContext::create();
      } catch (const Error& error) {
        throw EnvironmentError(error.what());
      }
      renderer_ = std::make_unique<render::Renderer>();
    }
    const core::Scene& scene = request.scene->scene;
    capture::showSceneLook(scene, *renderer_);
    if (request.scene->revision != uploadedRevision_) {
      uploadedRevision_ = 0;  // stays 0 if tracing throws half-way
      lastIteration_ = capture::traceIntoRenderer(scene, *renderer_);
      uploadedRevision_ = request.scene->revision;
    }
    const std::int64_t frame = request.frame.value_or(lastIteration_);
    if (frame < 0 || frame > lastIteration_)
      throw Error("frame=" + std::to_string(frame) + ": out of range, the scene's frames are 0.." + std::to_string(lastIteration_));
    const int samples = request.msaa ? 4 : 1;
    if (!target_ || target_->width() != request.width || target_->height() != request.height || target_->samples() != samples)
      target_.emplace(request.width, request.height, samples);
    render::Camera camera = render::Camera::fromSpec(scene.cameraOrDefault());
    if (request.azimuth) camera.azimuth = *request.azimuth;
    if (request.elevation) camera.elevation = *request.elevation;
    render::FrameOptions options;
    options.antialias = request.msaa;
    options.iteration = frame;
    options.view = request.view.value_or(scene.viewMode);  // as `gradscape export [--view]` shows the scene
    options.hiddenPaths = scene.render.display.hiddenPaths;
    // The static layer (box, surface, legend) is kept between calls that share camera, size and scene:
    // the same pixels as render(), the export's still, in a fraction of the time.
    renderer_->renderReusingStaticLayer(*target_, camera, options);
    target_->readRgbaRect(target_->bounds(),
                          std::span(request.out, static_cast<std::size_t>(request.width) * request.height * 4));
  }

 private:
  void run() {
    for (;;) {
      std::packaged_task<void()> task;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return !jobs_.empty(); });
        task = std::move(jobs_.front());
        jobs_.pop_front();
      }
      task();
    }
  }

  std::unique_ptr<render::HeadlessContext> context_;
  std::unique_ptr<render::Renderer> renderer_;
  std::optional<render::OffscreenTarget> target_;
  std::uint64_t uploadedRevision_ = 0;
  std::int64_t lastIteration_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::packaged_task<void()>> jobs_;
  std::thread worker_;  // last: starts after everything it uses exists
};

// Never destroyed: the thread and its context end with the process (tearing a GL context down from a static
// destructor, after Python has finalised, would race the driver's own exit handlers).
GlThread& glThread() {
  static GlThread* thread = new GlThread;
  return *thread;
}

}  // namespace

void registerRender(py::module_& module) {
  module.def("render", [](std::shared_ptr<const SceneHandle> scene, std::optional<std::int64_t> frame, int width, int height,
                          std::optional<double> azimuth, std::optional<double> elevation,
                          std::optional<std::string> view, bool msaa) {
    py::array_t<std::uint8_t> image({height, width, 4});
    FrameRequest request{std::move(scene), frame, width, height, azimuth, elevation, viewMode(view), msaa,
                         image.mutable_data()};
    {
      py::gil_scoped_release release;
      glThread().call([&] { glThread().render(request); });
    }
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    return image;
  }, py::arg("scene"), py::arg("frame"), py::arg("width"), py::arg("height"), py::arg("azimuth"), py::arg("elevation"),
     py::arg("view") = py::none(), py::arg("msaa") = true);

  // The PNG bytes `gradscape export` would write for this H x W x 4 uint8 image (notebooks show them).
  module.def("encode_png", [](const py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>& image) {
    if (image.ndim() != 3 || image.shape(2) != 4 || image.shape(0) < 1 || image.shape(1) < 1)
      throw Error("encode_png: expected an H x W x 4 uint8 array");
    const encode::RgbaView view{image.data(), static_cast<int>(image.shape(1)), static_cast<int>(image.shape(0))};
    const std::vector<std::uint8_t> png = encode::encodePng(view);
    return py::bytes(reinterpret_cast<const char*>(png.data()), png.size());
  }, py::arg("image"));
}

}  // namespace gradscape::python
