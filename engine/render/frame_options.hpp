// What a frame shows (FrameOptions) and how each run is drawn (RunStyle): the inputs every layer of the
// renderer reads, apart from the scene's geometry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/scene.hpp"

namespace gradscape::render {

// How one run is drawn (from core::RunSpec, with the scene's defaults resolved).
struct RunStyle {
  core::Rgb color;
  core::Marker marker = core::Marker::circle;  // start marker, current-point marker and legend symbol
  std::string label;
  bool visible = true;
  // An ensemble member: drawn as a point with a fading trail (particle_layer.hpp), not as a path with markers.
  bool particle = false;
  // Whether the run has a legend line: an ensemble has one, its member 0's (label "<label> (N particles)").
  bool inLegend = true;
  // The sweep or ensemble the run belongs to: the legend shows the group once (sweep_legend.hpp).
  std::shared_ptr<const core::RunGroup> group = nullptr;
  friend bool operator==(const RunStyle&, const RunStyle&) = default;
};

// The style of run `index` of a scene: its own colour, marker and label, or the scene format's defaults
// for that place (core::defaultColor, defaultMarker, defaultLabel). Visible.
RunStyle runStyle(const core::RunSpec& run, std::size_t index);

// What one frame shows and how big things are. Sizes are in points (1/72 in) of matplotlib's 4x3 in
// figure, so they scale with the image (ViewProjection::pointsToPixels): 1200x900 is the article at 300 dpi.
struct FrameOptions {
  std::int64_t iteration = -1;  // draw iterations 0..k of every run; -1 = everything appended
  bool axes = true;
  bool legend = true;
  bool antialias = true;  // smooth marker rims; MSAA itself is the target's (OffscreenTarget samples)
  double lineWidthPoints = 1.5;                           // matplotlib lines.linewidth
  double lineAlpha = 0.7;                                 // the article's alpha
  double markerSizePoints = 3.1622776601683795;           // scatter s=10 -> sqrt(10) pt across
  double markerEdgePoints = 0.5;                          // the article's edge linewidth
  double startMarkerSizePoints = 2.5;                     // the article's ms=2.5
  double startMarkerEdgePoints = 1.0;                     // lines.markeredgewidth
  core::Rgb background{255, 255, 255};
  // view.mode (or export's --view): the 3-D view, the 2-D view, or both side by side in the viewport.
  core::ViewMode view = core::ViewMode::threeD;
  // render.hidden_paths (or --hidden-paths): what the surface hides of paths and markers is left out, or
  // drawn over it at hiddenAlpha (paths' alpha; markers' alpha is scaled by it).
  core::HiddenPaths hiddenPaths = core::HiddenPaths::hide;
  double hiddenAlpha = 0.35;
  double particleSizePoints = 1.26;  // an ensemble particle's diameter (its trail is a one-pixel line)
  // The part of the domain the 2-D view's plot area shows (the viewer's pan and zoom); none: all of it,
  // as export draws it. Ticks, contours, paths and markers follow it; picking stays its exact inverse.
  std::optional<core::Domain> planWindow;
  // A frame of the viewer while the camera or the runs change (its fast pass): paths merge their steps
  // under PathPoints::kMovingMergeRadiusPixels instead of kMergeRadiusPixels and the points within
  // kMovingChordTolerancePixels of a chord, a tenth of the segments for the same lines give or take edge
  // pixels. The frame at rest, export and the tests draw exactly.
  bool moving = false;

  // The alpha of hidden parts: 0 when they are left out.
  double hiddenPartsAlpha() const { return hiddenPaths == core::HiddenPaths::faint ? hiddenAlpha : 0.0; }
};

}  // namespace gradscape::render
