// Keeps a drawn static layer between frames that differ only in paths and markers (editing a run,
// playing): Renderer::renderReusingStaticLayer copies it back instead of drawing axes, surface and legend.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "core/scene.hpp"
#include "render/camera.hpp"
#include "render/offscreen_target.hpp"

namespace gradscape::render {

// Everything a pane's static layer's pixels depend on. `content` counts changes of surface, axes box and
// legend (the renderer bumps it). A 2-D pane's layer does not depend on the camera (its key holds the
// default one), so orbiting the split view's 3-D half keeps the 2-D half's layer.
struct StaticLayerKey {
  Camera camera;
  int width = 0, height = 0, samples = 0;
  bool axes = false, legend = false, antialias = false;
  core::Rgb background;
  core::ViewMode view = core::ViewMode::threeD;  // where the pane lies in the target
  std::uint64_t content = 0;
  std::uint64_t plan = 0;   // the 2-D view's PlanView::version (0 for a 3-D pane)
  std::uint64_t paths = 0;  // the trajectories' version for a 2-D pane (its legend keeps clear of them)
  friend bool operator==(const StaticLayerKey&, const StaticLayerKey&) = default;
};

class StaticLayerCache {
 public:
  // The layer to copy into a target like `target` for a frame with `key`, or null: draw the frame whole.
  // A layer is kept (drawn by `drawLayer` into a buffer of the target's size and sample count) only when
  // the same key comes twice in a row: while the camera moves, keeping it would cost a copy for nothing.
  const OffscreenTarget* layerFor(const StaticLayerKey& key, const OffscreenTarget& target,
                                  const std::function<void(const OffscreenTarget& layer)>& drawLayer);

 private:
  std::optional<StaticLayerKey> previousKey_, keptKey_;
  std::unique_ptr<OffscreenTarget> layer_;
};

}  // namespace gradscape::render
