// Why the step goes there, drawn: at the selected run's current point, arrows for -grad f, the step taken
// and the optimizer's state, the Hessian's eigen-cross, and (2-D panes) a quiver of -grad f over the domain.
//
// Scaling (arrows must be readable whatever the magnitudes; the real values are the status line's):
//   - lengths are measured in the world box's x-y units (the box scales each data axis on its own, so a
//     data displacement (dx, dy) is drawn along (dx * worldPerData.x, dy * worldPerData.y));
//   - -grad f is drawn kArrowFraction of the box's side long: its direction, not its size;
//   - the step taken and the state arrow share one scale: the longer of them is kArrowFraction long;
//   - the Hessian's cross: eigenvector i is drawn through the point, kCrossFraction * |lambda_i| / max|lambda|
//     each way (at least kMinCrossFraction, so a flat direction still shows); positive eigenvalues solid,
//     negative ones dashed (dash and gap kDashFraction of the side) and in a second colour;
//   - the quiver: a kQuiverCells^2 grid of -grad f arrows, each as long as a cell times sqrt(|g| / max |g|).
// In 3-D every arrow is sampled along its length and lifted onto the surface (z = f there, depth-biased as
// paths are), so it follows the surface and hides behind ridges; in 2-D the same geometry seen from above.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include <glm/glm.hpp>

#include "core/scene.hpp"
#include "core/step_internals.hpp"
#include "render/frame_options.hpp"
#include "render/frame_pass.hpp"
#include "render/gl_objects.hpp"

namespace gradscape::render {

inline constexpr double kArrowFraction = 0.25;
inline constexpr double kCrossFraction = 0.12;
inline constexpr double kMinCrossFraction = 0.015;
inline constexpr double kDashFraction = 0.03;  // a negative eigenvalue's dashes and gaps
inline constexpr double kCrossWidthPoints = 1.5;
inline constexpr int kQuiverCells = 21;

// Colours of the overlay (the status line names them).
inline constexpr core::Rgb kGradientColor{0, 0, 0};          // -grad f: black
inline constexpr core::Rgb kStepColor{0, 170, 0};            // the step taken: green
inline constexpr core::Rgb kStateColor{255, 140, 0};         // momentum / effective step: orange
inline constexpr core::Rgb kCurvatureUpColor{120, 0, 170};   // Hessian eigenvalue > 0: purple, solid
inline constexpr core::Rgb kCurvatureDownColor{230, 0, 140}; // eigenvalue < 0: magenta, dashed
inline constexpr core::Rgb kQuiverColor{40, 40, 40};

// What the overlay shows: the internals at the frame's point of the selected run (nothing: no arrows, no
// cross) and which parts are on.
struct InternalsOverlay {
  std::optional<core::StepInternals> at;
  bool arrows = true;        // -grad f, step, state
  bool hessianCross = true;
  bool quiver = false;       // 2-D panes only
};

// One drawn polyline in data coordinates (x, y; z is f there), with its colour.
struct OverlayStroke {
  std::vector<glm::dvec2> points;
  core::Rgb color;
  double alpha = 1;
  double widthPoints = 2;
};

// The overlay's strokes for one frame (the quiver only when `plan`), in drawing order. Pure: the tests read
// the arrows' tips from their own computation and compare where this puts them.
std::vector<OverlayStroke> overlayStrokes(const InternalsOverlay& overlay, const SurfacePlacement& placement, bool plan);

// The world x-y length of a data displacement (how arrows are measured, see above).
double worldLength(const SurfacePlacement& placement, glm::dvec2 dataDisplacement);

class InternalsLayer {
 public:
  void set(std::optional<InternalsOverlay> overlay) { overlay_ = std::move(overlay); }
  const std::optional<InternalsOverlay>& overlay() const { return overlay_; }
  // Over the frame's paths and markers in view's viewport (a 2-D pane is the top-down view).
  void draw(const ViewProjection& view, const FrameOptions& options, const SurfacePlacement& placement);

 private:
  std::optional<InternalsOverlay> overlay_;
  std::optional<gl::Program> program_;  // compiled on first use: frames without the overlay never need it
  gl::Buffer buffer_{GL_ARRAY_BUFFER};
  gl::VertexArray array_;
};

}  // namespace gradscape::render
