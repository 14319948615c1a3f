// The export pipeline: scene -> traces -> renderer -> changed rectangles -> encoder.
#include "capture/animation_exporter.hpp"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <cctype>
#include <cmath>
#include <cstring>
#include <memory>

#include "core/error.hpp"
#include "core/step_internals.hpp"
#include "core/trace.hpp"
#include "encode/atomic_file.hpp"
#include "encode/gif_writer.hpp"
#include "encode/palette.hpp"
#include "encode/png_sequence.hpp"
#include "encode/png_writer.hpp"
#include "encode/progress.hpp"
#include "encode/video_writer.hpp"
#include "render/context.hpp"
#include "render/offscreen_target.hpp"
#include "render/renderer.hpp"

namespace gradscape::capture {
namespace {

std::string lowercaseExtension(const std::string& path) {
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string extension = path.substr(dot);
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

// The whole current picture, kept across frames: only the changed rectangles are read back into it.
class Picture {
 public:
  Picture(int width, int height)
      : width_(width), height_(height), rgba_(static_cast<std::size_t>(width) * height * 4) {}

  encode::RgbaView view() const { return {rgba_.data(), width_, height_}; }

  void readBack(const render::OffscreenTarget& target, const PixelRect& rect) {
    if (rect.empty()) return;
    if (rect.x == 0 && rect.width == width_) {
      // Whole rows are contiguous in the picture: read straight into it.
      target.readRgbaRect(rect, std::span(rgba_.data() + static_cast<std::size_t>(rect.y) * width_ * 4,
                                          static_cast<std::size_t>(rect.width) * rect.height * 4));
      return;
    }
    const std::size_t rowBytes = static_cast<std::size_t>(rect.width) * 4;
    if (scratch_.size() < rowBytes * rect.height) scratch_.resize(rowBytes * rect.height);  // grows to the largest rectangle
    target.readRgbaRect(rect, std::span(scratch_.data(), rowBytes * rect.height));
    for (int y = 0; y < rect.height; ++y)
      std::memcpy(rgba_.data() + (static_cast<std::size_t>(rect.y + y) * width_ + rect.x) * 4,
                  scratch_.data() + rowBytes * y, rowBytes);
  }

 private:
  int width_, height_;
  std::vector<std::uint8_t> rgba_, scratch_;
};

// Orbit frames are whole new pictures: quantising and compressing one (GIF: ~7 ms at 1200x900) is a
// quarter of a frame's time, so it runs on a second thread while the next frame renders. Two pictures
// alternate: the renderer reads back into one while the encoder works on the other.
class OverlappedEncoder {
 public:
  OverlappedEncoder(encode::FrameSink& sink, int width, int height)
      : sink_(sink), pictures_{Picture(width, height), Picture(width, height)}, worker_([this] { run(); }) {}
  ~OverlappedEncoder() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    worker_.join();
  }
  OverlappedEncoder(const OverlappedEncoder&) = delete;
  OverlappedEncoder& operator=(const OverlappedEncoder&) = delete;

  // The picture to render the next frame into; the encoder is not reading it.
  Picture& nextPicture() { return pictures_[next_]; }
  // Hands nextPicture() to the encoder once it has finished the previous frame (whose errors it rethrows).
  void submit() {
    waitIdle();
    {
      std::lock_guard lock(mutex_);
      job_ = next_;
    }
    changed_.notify_all();
    next_ ^= 1;
  }
  // Waits for the last frame; rethrows the encoder's error.
  void drain() { waitIdle(); }

 private:
  void waitIdle() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return job_ < 0; });
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }
  void run() {
    for (;;) {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return job_ >= 0 || stopping_; });
      if (job_ < 0) return;
      const Picture& picture = pictures_[job_];
      lock.unlock();
      std::exception_ptr error;
      try {
        sink_.addFrame(picture.view(), PixelRect::whole(picture.view().width, picture.view().height));
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error && !error_) error_ = error;
      job_ = -1;
      lock.unlock();
      changed_.notify_all();
    }
  }

  encode::FrameSink& sink_;
  std::array<Picture, 2> pictures_;
  int next_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  int job_ = -1;  // the picture being encoded, -1 when idle
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread worker_;  // last: starts after everything it uses exists
};

}  // namespace

void showSceneLook(const core::Scene& scene, render::Renderer& renderer) {
  renderer.setSurface(scene.surface, scene.render);
  renderer.setLegendTitle(scene.legendTitle);
}

std::int64_t traceIntoRenderer(const core::Scene& scene, render::Renderer& renderer) {
  std::vector<render::RunStyle> styles;
  for (std::size_t i = 0; i < scene.runs.size(); ++i) styles.push_back(render::runStyle(scene.runs[i], i));
  renderer.setRuns(styles);
  std::int64_t last = 0;
  constexpr std::size_t kChunk = 4096;
  std::vector<core::TracePoint> chunk;
  chunk.reserve(kChunk);
  for (std::size_t i = 0; i < scene.runs.size(); ++i) {
    renderer.clearTrajectory(i);
    chunk.clear();
    const core::RunOutcome outcome = core::traceRun(scene.surface.surface, scene.runs[i], [&](const core::TracePoint& point) {
      chunk.push_back(point);
      if (chunk.size() == kChunk) {
        renderer.appendTrajectory(i, chunk);
        chunk.clear();
      }
    });
    if (!chunk.empty()) renderer.appendTrajectory(i, chunk);
    renderer.setDiverged(i, outcome.reason == core::StopReason::diverged);
    last = std::max(last, outcome.lastIteration);
  }
  return last;
}

namespace {

render::Camera cameraFor(const core::Scene& scene, const ExportOptions& options) {
  render::Camera camera = render::Camera::fromSpec(scene.cameraOrDefault());
  if (options.azimuth) camera.azimuth = *options.azimuth;
  if (options.elevation) camera.elevation = *options.elevation;
  return camera;
}

// Where a format's output goes, opened before any rendering.
struct Output {
  std::unique_ptr<encode::AtomicFile> stillFile;
  std::unique_ptr<encode::FrameSink> sink;
  encode::GifWriter* gif = nullptr;  // the sink, when it needs a palette
};

Output openOutput(OutputFormat format, const std::string& out, const ExportOptions& options) {
  Output output;
  switch (format) {
    case OutputFormat::png:
      output.stillFile = std::make_unique<encode::AtomicFile>(out);
      break;
    case OutputFormat::gif: {
      encode::GifOptions gifOptions;
      gifOptions.fps = options.fps;
      gifOptions.holdSeconds = options.holdSeconds;
      gifOptions.playCount = options.playCount;
      gifOptions.dither = options.dither;
      auto gif = std::make_unique<encode::GifWriter>(out, options.width, options.height, gifOptions);
      output.gif = gif.get();
      output.sink = std::move(gif);
      break;
    }
    case OutputFormat::mp4:
    case OutputFormat::webm:
      if (options.width % 2 || options.height % 2)
        throw Error("--size " + std::to_string(options.width) + "x" + std::to_string(options.height) + ": " +
                    std::string(formatName(format)) + " needs an even width and height (yuv420p)");
      // ffmpeg starts now: its ~1 s of start-up overlaps our GL set-up, tracing and rendering.
      output.sink = std::make_unique<encode::VideoWriter>(
          out, options.width, options.height,
          encode::VideoOptions{format == OutputFormat::mp4 ? encode::VideoCodec::h264 : encode::VideoCodec::vp9,
                               options.fps, options.holdSeconds, options.orbitDegrees == 0});
      break;
    case OutputFormat::pngSequence:
      output.sink = std::make_unique<encode::PngSequenceWriter>(out);
      break;
  }
  return output;
}

}  // namespace

OutputFormat outputFormatFor(const std::string& path) {
  const std::string extension = lowercaseExtension(path);
  if (extension == ".png") {
    if (encode::looksLikeSequencePattern(path)) {
      encode::validateSequencePattern(path);
      return OutputFormat::pngSequence;
    }
    return OutputFormat::png;
  }
  if (extension == ".gif") return OutputFormat::gif;
  if (extension == ".mp4") return OutputFormat::mp4;
  if (extension == ".webm") return OutputFormat::webm;
  throw Error("unknown output format for " + path +
              ": use .png, .gif, .mp4, .webm or a PNG sequence pattern like frames/f_%04d.png");
}

std::string_view formatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::png: return "PNG";
    case OutputFormat::gif: return "GIF";
    case OutputFormat::mp4: return "MP4";
    case OutputFormat::webm: return "WebM";
    case OutputFormat::pngSequence: return "PNG sequence";
  }
  return "?";
}

std::vector<std::int64_t> frameIterations(std::int64_t lastIteration, std::int64_t every) {
  if (every < 1) throw Error("--every must be at least 1");
  std::vector<std::int64_t> iterations;
  for (std::int64_t k = 0; k < lastIteration; k += every) iterations.push_back(k);
  iterations.push_back(std::max<std::int64_t>(lastIteration, 0));
  return iterations;
}

bool drawsWholeFrames(const ExportOptions& options) {
  return options.orbitDegrees != 0 || options.internalsRun || options.quiver;
}

ExportResult exportScene(const core::Scene& scene, const std::string& out, const ExportOptions& options) {
  if (options.internalsRun && *options.internalsRun >= scene.runs.size())
    throw Error("--internals " + std::to_string(*options.internalsRun) + ": no such run (the scene has " +
                std::to_string(scene.runs.size()) + ", numbered from 0 as `gradscape trace` prints them)");
  const OutputFormat format = outputFormatFor(out);
  Output output = openOutput(format, out, options);

  const auto context = render::HeadlessContext::create();
  render::Renderer renderer;
  showSceneLook(scene, renderer);
  const std::int64_t lastIteration = traceIntoRenderer(scene, renderer);

  const render::Camera baseCamera = cameraFor(scene, options);
  const render::Viewport viewport{0, 0, options.width, options.height};
  render::FrameOptions frameOptions;
  frameOptions.antialias = options.msaa;
  frameOptions.view = options.view.value_or(scene.viewMode);
  frameOptions.hiddenPaths = options.hiddenPaths.value_or(scene.render.display.hiddenPaths);
  render::OffscreenTarget target(options.width, options.height, options.msaa ? 4 : 1);
  Picture picture(options.width, options.height);
  ExportResult result{0, options.width, options.height, 0};

  // The internals overlay at iteration k (nothing when neither --internals nor --quiver is given).
  const auto showInternalsAt = [&](std::int64_t k) {
    if (!options.internalsRun && !options.quiver) return;
    std::optional<core::StepInternals> at;
    if (options.internalsRun) at = core::stepInternals(scene.surface.surface, scene.runs[*options.internalsRun], k);
    const bool arrows = options.internalsRun.has_value();
    renderer.setInternals(render::InternalsOverlay{std::move(at), arrows, arrows, options.quiver});
  };

  if (format == OutputFormat::png) {
    const std::int64_t frame = options.frame.value_or(lastIteration);
    if (frame < 0 || frame > lastIteration)
      throw Error("--frame " + std::to_string(frame) + ": out of range, the scene's frames are 0.." +
                  std::to_string(lastIteration));
    frameOptions.iteration = frame;
    showInternalsAt(frame);
    target.bind();
    renderer.render(baseCamera, viewport, frameOptions);
    picture.readBack(target, target.bounds());
    const std::vector<std::uint8_t> png = encode::encodePng(picture.view());
    output.stillFile->write(png.data(), png.size());
    output.stillFile->commit();
    return {1, options.width, options.height, output.stillFile->size()};
  }

  const std::vector<std::int64_t> iterations = frameIterations(lastIteration, options.every);
  const std::size_t frameCount = iterations.size();
  const bool orbit = options.orbitDegrees != 0;
  const bool whole = drawsWholeFrames(options);
  const auto cameraAt = [&](std::size_t index) {
    render::Camera camera = baseCamera;
    if (orbit && frameCount > 1)
      camera.azimuth += options.orbitDegrees * static_cast<double>(index) / static_cast<double>(frameCount - 1);
    return camera;
  };
  const auto renderWhole = [&](std::size_t index, Picture& into) {
    frameOptions.iteration = iterations[index];
    showInternalsAt(iterations[index]);
    target.bind();
    renderer.render(cameraAt(index), viewport, frameOptions);
    into.readBack(target, target.bounds());
  };

  // GIF palette. Fixed camera: the GIF writer learns it from the frames it is given (the first frame and
  // each changed rectangle: exactly the colours shown), so nothing is rendered twice. Whole frames (orbit,
  // internals): every frame is new, so train on the first, middle and last frames before encoding.
  if (output.gif && whole) {
    encode::ColorHistogram histogram;
    std::vector<std::size_t> training{0, frameCount - 1};
    if (frameCount > 2) training.push_back(frameCount / 2);
    for (std::size_t index : training) {
      renderWhole(index, picture);
      histogram.add(picture.view());
    }
    output.gif->setPalette(encode::Palette::build(histogram));
  }

  encode::Progress progress(static_cast<std::int64_t>(frameCount), options.progress);
  const auto reportFrame = [&](std::size_t done) {
    progress.update(static_cast<std::int64_t>(done));
    if (options.onFrame && !options.onFrame(static_cast<std::int64_t>(done), static_cast<std::int64_t>(frameCount)))
      throw Error("export cancelled");
  };
  if (whole) {
    // The camera moves or the internals change: every frame is a full redraw, encoded while the next one
    // renders.
    OverlappedEncoder encoder(*output.sink, options.width, options.height);
    for (std::size_t i = 0; i < frameCount; ++i) {
      renderWhole(i, encoder.nextPicture());
      encoder.submit();
      if (i > 0) reportFrame(i);  // frame i - 1 is encoded
    }
    encoder.drain();
    reportFrame(frameCount);
  } else {
    // Fixed camera: the static layer is drawn once; each frame draws only what is new and reads back,
    // quantises and encodes only the rectangle that changed.
    frameOptions.iteration = iterations[0];
    PixelRect changed = renderer.beginAnimation(target, baseCamera, frameOptions);
    picture.readBack(target, changed);
    output.sink->addFrame(picture.view(), changed);
    reportFrame(1);
    for (std::size_t i = 1; i < frameCount; ++i) {
      changed = renderer.advanceTo(iterations[i]);
      // Only the regions that changed (two path heads far apart are two small rectangles); the
      // picture keeps everything else, so the encoder may scan their bounding box.
      for (const PixelRect& region : renderer.changedRegions()) picture.readBack(target, region);
      output.sink->addFrame(picture.view(), changed);
      reportFrame(i + 1);
    }
    renderer.endAnimation();
  }
  progress.finish();
  result.bytes = output.sink->finish();
  result.frames = static_cast<std::int64_t>(frameCount);
  return result;
}

}  // namespace gradscape::capture
