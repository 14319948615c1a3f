// The 2-D view (view.mode "2d", the right pane of "split"): the domain seen from above as matplotlib's
// contourf + contour draw it (filled bands and lines at the colour scale's levels), axes with ticks and
// labels, the legend and, with render.colorbar, a colour bar. This is the 2-D static layer: paths and
// markers are the same layers as in 3-D, drawn through ViewProjection::topDown.
#pragma once

#include <array>
#include <future>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/color_scale.hpp"
#include "core/contours.hpp"
#include "core/scene.hpp"
#include "render/camera.hpp"
#include "render/contour_fill.hpp"
#include "render/flat_mesh.hpp"
#include "render/frame_options.hpp"
#include "render/legend.hpp"
#include "render/map_overlay.hpp"
#include "render/text.hpp"

namespace gradscape::render {

// Contour grid samples per side: fine enough that bands of a catalog surface look smooth at 1200x900
// (render.grid when larger).
inline constexpr int kMinContourGrid = 257;
// Contour line vertices of catalog surfaces are refined onto f == level on grids up to this side.
inline constexpr int kMaxRefinedContourGrid = 513;

// Where the parts of a 2-D pane go (pane pixels, top-left origin: x, y, width, height).
struct PlanLayout {
  std::array<double, 4> plot;
  std::optional<std::array<double, 4>> colorBar;
};

// What a 2-D pane shows of a surface, computed off the GL thread: the colour scale, the contour lines at its
// levels (vertices refined onto f == level for catalog surfaces up to kMaxRefinedContourGrid) and the fill's grid, sampled over `shown`
// (the domain, or the viewer's window inside it) at max(kMinContourGrid, render.grid) points a side.
// `box`: the 3-D view's data box (its z range is the colour range when render.color_range is absent, so
// both views colour alike).
struct PlanContours {
  core::ColorScale scale;
  core::Contours contours;  // lines only: the bands are the fill's
  ContourFillData fill;
};
PlanContours buildPlanContours(const core::SurfaceSpec& surface, const core::RenderSpec& render, const DataBox& box,
                               const core::Domain& shown);

class PlanView {
 public:
  PlanView();

  // Samples the surface on the domain and builds the contours of the scale's levels; false when surface
  // and render options are the ones already shown. `box`: the 3-D view's data box (its z range is the
  // colour range when render.color_range is absent, so both views colour alike).
  bool setSurface(const core::SurfaceSpec& surface, const core::RenderSpec& render, const DataBox& box);
  bool setLegendTitle(const std::string& title);
  // With `on` (the viewer), setSurface builds the contours of a new surface on a thread of its own and the
  // pane keeps showing the previous ones until they are ready: an expression costs 30-70 ns a point, so a
  // 1024^2 grid would stall the frame for tens of ms. The first contours are built on the call (there is
  // nothing to show meanwhile). Off (export, Python, tests): always on the call.
  void setBuildInBackground(bool on) { background_ = on; }
  // True while a background build runs; adopts a finished one (the next draw shows it).
  bool contoursPending();
  // The part of the domain the plot area shows (the viewer's pan and zoom; none: the whole domain, as
  // export draws it). Clamped into the domain; contours are sampled again over it (on the next draw, on
  // the calling thread: 257^2 points of an expression cost a few ms). True when it changed.
  bool setWindow(const std::optional<core::Domain>& window);
  // What the plot area shows now: the window, or the whole domain.
  core::Domain shownDomain() const;
  // Changes whenever what draw() paints may change (new contours, legend title): keys the kept 2-D layer.
  std::uint64_t version() const { return version_; }
  // A map shown under the contour lines in place of the filled bands (null: the bands).
  void setMap(const MapTexture* map);

  const core::Contours& contours() const { return contours_; }
  const core::ColorScale& scale() const { return *scale_; }
  bool colorBar() const { return colorBar_; }

  // matplotlib's subplot box of a 4x3 in figure (0.125..0.9 x 0.11..0.88), narrowed for a colour bar
  // beside it, with margins widened where tick labels would not fit (a tight layout's job in matplotlib).
  PlanLayout layout(const Viewport& pane);
  // The projection of `pane` (paths and markers are drawn through it).
  ViewProjection view(const Viewport& pane);
  // The data point (x, y) under pane pixel (px, py) (top-left origin): the exact inverse of where the
  // fill and the paths are drawn; nothing outside the plot area or before a surface is set.
  std::optional<std::array<double, 2>> dataAt(const Viewport& pane, double px, double py);

  // Fill, lines, axes, colour bar and legend into the bound framebuffer's pane (view.viewport()), and the
  // depth mask that keeps paths and markers inside the plot area: depth 0 outside it, 1 inside.
  // The legend goes in the plot area's corner that covers the fewest `starts`, then the fewest `points`
  // (data coordinates; ties: upper left, upper right, lower left, lower right).
  void draw(const ViewProjection& view, const FrameOptions& options, std::span<const LegendEntry> legendEntries,
            std::span<const glm::dvec2> starts = {}, std::span<const glm::dvec2> points = {});

 private:
  using Built = PlanContours;
  void adopt(Built built);

  void build(const ViewProjection& view);
  void placeLegend(const ViewProjection& view, std::span<const LegendEntry> entries, std::span<const glm::dvec2> starts,
                   std::span<const glm::dvec2> points);
  void keepOutOfLegend(const TextBox& frame, glm::vec2 paneSize);
  DataBox shownBox() const;
  // shownDomain() as fractions of the domain (x0, y0, x1, y1): where the map's texture is sampled.
  std::array<double, 4> shownFractions() const;
  void addAxes(const ViewProjection& view, const PlanLayout& layout);

  std::optional<core::SurfaceSpec> surface_;
  std::optional<core::RenderSpec> render_;
  DataBox box_;
  std::optional<core::Domain> window_;  // inside the domain
  bool contoursStale_ = false;          // the window moved: sampled again when next drawn, not per projection asked
  std::optional<core::ColorScale> scale_;
  core::Contours contours_;
  std::optional<ContourFillData> fillData_;  // adopted, not yet uploaded
  bool colorBar_ = true;
  LegendStyle legendStyle_;
  bool background_ = false;
  std::uint64_t version_ = 0;
  std::future<Built> pending_;
  std::vector<std::future<Built>> superseded_;  // builds a later edit overtook, kept until they finish

  // Built for one pane size (rebuilt when it or the contours change).
  std::optional<Viewport> builtFor_;
  FlatMesh mesh_;  // what scenery_ holds, and its labels
  std::array<double, 4> plot_{};  // the plot area of the pane built for
  ContourFill fill_;
  FlatPainter scenery_, outsideMask_, plotMask_, legendMask_;
  TextRenderer text_;
  Legend legend_;
  const MapTexture* map_ = nullptr;
  bool builtWithMap_ = false;  // the layout had no colour bar for a map
  bool showsMap() const { return map_ && !map_->empty(); }
  std::optional<MapPlanePainter> mapPainter_;
};

}  // namespace gradscape::render
