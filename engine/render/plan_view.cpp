// The 2-D view's static layer (see plan_view.hpp).
#include "render/plan_view.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "core/ticks.hpp"
#include "render/color_bar.hpp"
#include "render/frame_pass.hpp"

namespace gradscape::render {

namespace {

// matplotlib's figure.subplot.* and the 2-D axes' rcParams (axes.linewidth, xtick.major.*, font sizes).
constexpr double kSubplotLeft = 0.125, kSubplotRight = 0.9, kSubplotBottom = 0.11, kSubplotTop = 0.88;
constexpr double kSpinePoints = 0.8, kTickLengthPoints = 3.5, kTickWidthPoints = 0.8, kTickPadPoints = 3.5;
constexpr double kLabelPoints = 10, kLabelPadPoints = 4;
// Contour lines over the fill: thin and half-transparent black, so bands stay readable and paths stand out.
constexpr double kContourLinePoints = 0.5;
constexpr std::array<std::uint8_t, 4> kContourLineColor{0, 0, 0, 128};
constexpr std::array<std::uint8_t, 4> kBlack{0, 0, 0, 255};

}  // namespace

PlanLayout PlanView::layout(const Viewport& pane) {
  const double width = std::max(pane.width, 1), height = std::max(pane.height, 1);
  const double pixelsPerPoint = std::min(width / 4.0, height / 3.0) / 72.0;  // ViewProjection::pointsToPixels
  const float labelPixels = static_cast<float>(kLabelPoints * pixelsPerPoint);
  const Font& font = text_.font(labelPixels);
  const double lineHeight = font.lpAscent() + font.lpDescent();
  const double tickSpace = (kTickLengthPoints + kTickPadPoints) * pixelsPerPoint, labelPad = kLabelPadPoints * pixelsPerPoint;
  const double margin = 0.5 * labelPixels;

  std::array<double, 4> subplot{kSubplotLeft * width, (1 - kSubplotTop) * height, (kSubplotRight - kSubplotLeft) * width,
                                (kSubplotTop - kSubplotBottom) * height};
  const core::AxisTicks yTicks =
      core::autoTicks(shownBox().y[0], shownBox().y[1], core::autoTickBins(subplot[3] / pixelsPerPoint, kLabelPoints * 2.0 / 3.0));
  double widest = 0;
  for (const std::string& label : yTicks.labels) widest = std::max<double>(widest, font.layout(label, {0, 0}).box.width());
  const double left = std::max(subplot[0], margin + font.layout("y", {0, 0}).box.width() + labelPad + widest + tickSpace);
  const double bottom = std::max(kSubplotBottom * height, margin + 2 * lineHeight + labelPad + tickSpace);
  subplot[2] -= left - subplot[0];
  subplot[0] = left;
  subplot[3] = height - bottom - subplot[1];
  // A map takes the bands' place: a bar of the bands' colours would name colours the plot no longer shows
  // (the map's own legend is the viewer panel's).
  if (!colorBar_ || showsMap()) return {subplot, std::nullopt};
  ColorBarPlacement placement = placeColorBar(subplot);
  // The bar's labels (its levels) need room at the right edge of the pane.
  double widestLevel = 0;
  for (double level : contours_.levels)
    widestLevel = std::max<double>(widestLevel, font.layout(colorBarLabel(*scale_, contours_.levels, level), {0, 0}).box.width());
  const double overflow = placement.bar[0] + placement.bar[2] + tickSpace + widestLevel + margin - width;
  if (overflow > 0) {
    subplot[2] -= overflow / (1 - kColorBarFraction);
    placement = placeColorBar(subplot);
  }
  return {placement.axes, placement.bar};
}

PlanView::PlanView() { legendStyle_.frame = true; }

bool PlanView::setSurface(const core::SurfaceSpec& surface, const core::RenderSpec& render, const DataBox& box) {
  const bool same = surface_ && surface_->surface.text() == surface.surface.text() &&
                    surface_->surface.isCatalog() == surface.surface.isCatalog() &&
                    surface_->domain() == surface.domain() && render_ == render && box_ == box;
  if (same) return false;
  if (!surface_ || !(surface_->domain() == surface.domain())) window_.reset();  // a window of another domain
  surface_ = surface;
  render_ = render;
  box_ = box;
  colorBar_ = render.display.colorbarIn(core::ViewMode::twoD);
  contoursStale_ = false;
  const core::Domain shown = shownDomain();
  if (background_ && scale_) {
    if (pending_.valid()) superseded_.push_back(std::move(pending_));
    pending_ = std::async(std::launch::async,
                          [surface, render, box, shown] { return buildPlanContours(surface, render, box, shown); });
  } else {
    adopt(buildPlanContours(surface, render, box, shown));
  }
  return true;
}

PlanContours buildPlanContours(const core::SurfaceSpec& surface, const core::RenderSpec& render, const DataBox& box,
                               const core::Domain& shown) {
  PlanContours built{colorScaleFor(render, box), {}, {}};
  // The same grid over whatever the plot area shows, so zoomed-in bands stay as smooth as the whole view's.
  const int side = std::max(kMinContourGrid, render.gridResolution);
  const unsigned threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  const core::ScalarGrid grid = core::sampleGrid(surface.surface, shown, side, side, static_cast<int>(threads));
  // Catalog surfaces are cheap: put each line vertex where f equals its level, not where the grid's
  // linear interpolation says. Expressions keep the interpolation (30-70 ns a point), and so do grids finer
  // than kMaxRefinedContourGrid: there a vertex is a small fraction of a cell (far under a pixel) from the
  // level crossing, and refining was two thirds of a 1024^2 Rastrigin build (docs/performance.md).
  const std::vector<double> levels = built.scale.contourLevels();
  const bool refine = surface.surface.isCatalog() && side <= kMaxRefinedContourGrid;
  built.contours = core::buildContours(grid, levels, refine ? &surface.surface : nullptr, static_cast<int>(threads));
  std::vector<std::array<std::uint8_t, 4>> colors;
  for (std::size_t k = 0; k + 1 < levels.size(); ++k) colors.push_back(bandColor(built.scale, levels[k], levels[k + 1]));
  built.fill = contourFillData(grid.columns, grid.rows, grid.values, levels, std::move(colors));
  return built;
}

void PlanView::adopt(Built built) {
  scale_.emplace(std::move(built.scale));
  contours_ = std::move(built.contours);
  fillData_ = std::move(built.fill);
  builtFor_.reset();
  ++version_;
}

bool PlanView::contoursPending() {
  const auto ready = [](const std::future<Built>& build) {
    return build.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  };
  std::erase_if(superseded_, ready);
  if (pending_.valid() && ready(pending_)) adopt(pending_.get());
  return pending_.valid();
}

core::Domain PlanView::shownDomain() const {
  if (window_) return *window_;
  return surface_ ? surface_->domain() : core::Domain{box_.x[0], box_.x[1], box_.y[0], box_.y[1]};
}

DataBox PlanView::shownBox() const {
  if (!window_) return box_;
  DataBox shown = box_;
  shown.x = {window_->xMin, window_->xMax};
  shown.y = {window_->yMin, window_->yMax};
  return shown;
}

std::array<double, 4> PlanView::shownFractions() const {
  const core::Domain whole = surface_ ? surface_->domain() : shownDomain(), shown = shownDomain();
  const double xSpan = whole.xMax - whole.xMin, ySpan = whole.yMax - whole.yMin;
  return {(shown.xMin - whole.xMin) / xSpan, (shown.yMin - whole.yMin) / ySpan, (shown.xMax - whole.xMin) / xSpan,
          (shown.yMax - whole.yMin) / ySpan};
}

bool PlanView::setWindow(const std::optional<core::Domain>& window) {
  std::optional<core::Domain> clamped;
  if (window && surface_) {
    const core::Domain domain = surface_->domain();
    core::Domain inside{std::max(window->xMin, domain.xMin), std::min(window->xMax, domain.xMax),
                        std::max(window->yMin, domain.yMin), std::min(window->yMax, domain.yMax)};
    if (inside.xMax > inside.xMin && inside.yMax > inside.yMin && !(inside == domain)) clamped = inside;
  }
  if (clamped == window_) return false;
  window_ = clamped;
  contoursStale_ = surface_.has_value();
  builtFor_.reset();
  ++version_;
  return true;
}

bool PlanView::setLegendTitle(const std::string& title) {
  if (legendStyle_.title == title) return false;
  legendStyle_.title = title;
  ++version_;
  return true;
}

void PlanView::setMap(const MapTexture* map) {
  if (map_ == map) return;
  map_ = map;
  ++version_;
}

ViewProjection PlanView::view(const Viewport& pane) {
  return ViewProjection::topDown(box_, pane, layout(pane).plot, shownBox());
}

std::optional<std::array<double, 2>> PlanView::dataAt(const Viewport& pane, double px, double py) {
  if (!surface_) return std::nullopt;
  const auto [left, top, width, height] = layout(pane).plot;
  const double u = (px - left) / width, v = (py - top) / height;
  if (!(u >= 0 && u <= 1 && v >= 0 && v <= 1)) return std::nullopt;
  const DataBox shown = shownBox();
  return std::array<double, 2>{shown.x[0] + u * (shown.x[1] - shown.x[0]), shown.y[0] + (1 - v) * (shown.y[1] - shown.y[0])};
}

void PlanView::placeLegend(const ViewProjection& view, std::span<const LegendEntry> entries,
                           std::span<const glm::dvec2> starts, std::span<const glm::dvec2> points) {
  // matplotlib's legend(loc=...): the frame borderaxespad (0.5 font sizes) inside the axes' corner, the
  // text the frame's pad further in. Legend anchors its block as the article's text2D does (see
  // legend.cpp), so the fraction is solved for that block's top. Of the four corners, the one over the
  // fewest starts and then path points wins (matplotlib's loc="best" in spirit, deterministic here).
  const Font& font = text_.font(static_cast<float>(view.pointsToPixels(legendStyle_.fontSize)));
  const double inset = (0.5 + legendStyle_.framePad) * font.pixelSize();
  const auto axes = view.axesRect();
  const double linePitch = font.lpDescent() + 1.2 * font.lpAscent();
  const double blockToLastBaseline = 2 * linePitch + font.lpAscent();
  legendStyle_.axesFraction = {inset / axes[2], 1 - (inset + blockToLastBaseline) / axes[3]};
  if (starts.empty() && points.empty()) return;
  const LegendLayout upperLeft = layoutLegend(view, entries, legendStyle_, font);
  const double blockWidth = upperLeft.textBox.right - upperLeft.anchor.x;
  const double blockHeight = upperLeft.textBox.bottom - upperLeft.anchor.y;
  // The text block's top-left in each corner (pane pixels), upper left first.
  const double leftX = axes[0] + inset, rightX = axes[0] + axes[2] - inset - blockWidth;
  const double topY = axes[1] + inset, bottomY = axes[1] + axes[3] - inset - blockHeight;
  const std::array<glm::dvec2, 4> corners{glm::dvec2(leftX, topY), glm::dvec2(rightX, topY), glm::dvec2(leftX, bottomY),
                                          glm::dvec2(rightX, bottomY)};
  const auto toPixels = [&](std::span<const glm::dvec2> data) {
    std::vector<glm::dvec2> pixels;
    pixels.reserve(data.size());
    for (const glm::dvec2& point : data)
      if (const std::optional<glm::dvec3> pixel = view.dataToPixel({point.x, point.y, 0})) pixels.emplace_back(*pixel);
    return pixels;
  };
  const std::vector<glm::dvec2> startPixels = toPixels(starts), pointPixels = toPixels(points);
  const auto covered = [&](const std::vector<glm::dvec2>& pixels, const glm::dvec2& corner) {
    const glm::dvec2 shift = corner - glm::dvec2(upperLeft.anchor);
    const TextBox& frame = upperLeft.frameBox;
    return static_cast<std::size_t>(std::count_if(pixels.begin(), pixels.end(), [&](const glm::dvec2& pixel) {
      return pixel.x >= frame.left + shift.x && pixel.x <= frame.right + shift.x && pixel.y >= frame.top + shift.y &&
             pixel.y <= frame.bottom + shift.y;
    }));
  };
  std::size_t best = 0;
  std::pair<std::size_t, std::size_t> bestScore{~std::size_t{0}, ~std::size_t{0}};
  for (std::size_t i = 0; i < corners.size(); ++i) {
    const std::pair<std::size_t, std::size_t> score{covered(startPixels, corners[i]), covered(pointPixels, corners[i])};
    if (score < bestScore) bestScore = score, best = i;
  }
  const glm::dvec2 corner = corners[best];
  legendStyle_.axesFraction = {(corner.x - axes[0]) / axes[2], 1 - (corner.y - axes[1] + blockToLastBaseline) / axes[3]};
}

void PlanView::addAxes(const ViewProjection& view, const PlanLayout& layout) {
  const auto [left, top, width, height] = layout.plot;
  const double right = left + width, bottom = top + height;
  const double spine = view.pointsToPixels(kSpinePoints);
  for (const auto& [a, b] : {std::pair{glm::dvec2(left, top), glm::dvec2(right, top)},
                             std::pair{glm::dvec2(left, bottom), glm::dvec2(right, bottom)},
                             std::pair{glm::dvec2(left, top), glm::dvec2(left, bottom)},
                             std::pair{glm::dvec2(right, top), glm::dvec2(right, bottom)}})
    mesh_.addLine(a, b, spine, kBlack, spine / 2);

  const double tickLength = view.pointsToPixels(kTickLengthPoints), tickWidth = view.pointsToPixels(kTickWidthPoints);
  const double pad = view.pointsToPixels(kTickPadPoints), labelPad = view.pointsToPixels(kLabelPadPoints);
  const float labelPixels = static_cast<float>(view.pointsToPixels(kLabelPoints));
  const double pointsPerPixel = 1 / view.pointsToPixels(1);
  const DataBox shown = shownBox();  // ticks label what the plot area shows
  // matplotlib's tick space: an x axis fits a label every 3 font sizes, a y axis every 2.
  const core::AxisTicks xTicks = core::autoTicks(shown.x[0], shown.x[1], core::autoTickBins(width * pointsPerPixel, kLabelPoints));
  const core::AxisTicks yTicks =
      core::autoTicks(shown.y[0], shown.y[1], core::autoTickBins(height * pointsPerPixel, kLabelPoints * 2.0 / 3.0));
  const Font& font = text_.font(labelPixels);
  for (std::size_t i = 0; i < xTicks.values.size(); ++i) {
    const double x = left + (xTicks.values[i] - shown.x[0]) / (shown.x[1] - shown.x[0]) * width;
    mesh_.addLine({x, bottom}, {x, bottom + tickLength}, tickWidth, kBlack);
    mesh_.labels.push_back({xTicks.labels[i], glm::vec2(static_cast<float>(x), static_cast<float>(bottom + tickLength + pad)),
                            labelPixels, HAlign::center, VAlign::top});
  }
  double labelsLeft = left - tickLength - pad;
  for (std::size_t i = 0; i < yTicks.values.size(); ++i) {
    const double y = bottom - (yTicks.values[i] - shown.y[0]) / (shown.y[1] - shown.y[0]) * height;
    mesh_.addLine({left - tickLength, y}, {left, y}, tickWidth, kBlack);
    const glm::vec2 anchor(static_cast<float>(left - tickLength - pad), static_cast<float>(y));
    labelsLeft = std::min<double>(labelsLeft, font.layout(yTicks.labels[i], anchor, HAlign::right, VAlign::center).box.left);
    mesh_.labels.push_back({yTicks.labels[i], anchor, labelPixels, HAlign::right, VAlign::center});
  }
  const double xLabelTop = bottom + tickLength + pad + font.lpAscent() + font.lpDescent() + labelPad;
  mesh_.labels.push_back({"x", glm::vec2(static_cast<float>(left + width / 2), static_cast<float>(xLabelTop)),
                          labelPixels, HAlign::center, VAlign::top});
  mesh_.labels.push_back({"y", glm::vec2(static_cast<float>(labelsLeft - labelPad), static_cast<float>(top + height / 2)),
                          labelPixels, HAlign::right, VAlign::center});
  if (!xTicks.offsetText.empty())
    mesh_.labels.push_back({xTicks.offsetText, glm::vec2(static_cast<float>(right), static_cast<float>(xLabelTop)),
                            labelPixels, HAlign::right, VAlign::top});
  if (!yTicks.offsetText.empty())
    mesh_.labels.push_back({yTicks.offsetText, glm::vec2(static_cast<float>(left), static_cast<float>(top - pad)),
                            labelPixels, HAlign::left, VAlign::bottom});
}

void PlanView::build(const ViewProjection& view) {
  const Viewport& pane = view.viewport();
  const PlanLayout layout = this->layout(pane);
  mesh_.clear();
  plot_ = layout.plot;
  builtWithMap_ = showsMap();
  const auto [left, top, width, height] = layout.plot;
  const DataBox shown = shownBox();
  const double xSpan = shown.x[1] - shown.x[0], ySpan = shown.y[1] - shown.y[0];
  const double lineWidth = view.pointsToPixels(kContourLinePoints);
  for (const std::vector<core::Point2>& segments : contours_.lines)
    for (std::size_t i = 0; i + 1 < segments.size(); i += 2) {
      const auto toPixel = [&](const core::Point2& p) {
        return glm::dvec2(left + (p.x - shown.x[0]) / xSpan * width, top + (1 - (p.y - shown.y[0]) / ySpan) * height);
      };
      mesh_.addLine(toPixel(segments[i]), toPixel(segments[i + 1]), lineWidth, kContourLineColor);
    }
  addAxes(view, layout);
  if (layout.colorBar) addColorBar(*layout.colorBar, *scale_, contours_.levels, view, mesh_);
  scenery_.upload(mesh_);

  FlatMesh mask;
  mask.addRect(0, 0, pane.width, pane.height, kBlack);
  outsideMask_.upload(mask);
  mask.clear();
  mask.addRect(left, top, left + width, top + height, kBlack);
  plotMask_.upload(mask);
  builtFor_ = pane;
}

void PlanView::draw(const ViewProjection& view, const FrameOptions& options, std::span<const LegendEntry> legendEntries,
                    std::span<const glm::dvec2> starts, std::span<const glm::dvec2> points) {
  contoursPending();  // adopts contours built in the background meanwhile
  if (!scale_) return;
  if (contoursStale_ && !pending_.valid()) {  // the window moved: its contours, here (a few ms)
    adopt(buildPlanContours(*surface_, *render_, box_, shownDomain()));
    contoursStale_ = false;
  }
  if (!builtFor_ || builtFor_->width != view.viewport().width || builtFor_->height != view.viewport().height ||
      builtWithMap_ != showsMap())  // the colour bar, and so the plot area, come and go with the map
    build(view);
  const glm::vec2 size(view.viewport().width, view.viewport().height);
  // The depth mask: paths and markers (depth test LEQUAL, near 0.5) pass inside the plot area only, so
  // a path that leaves the domain is cut at the axes as matplotlib clips it.
  glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_ALWAYS);
  glDepthMask(GL_TRUE);
  glDisable(GL_BLEND);
  glDisable(GL_STENCIL_TEST);
  outsideMask_.draw(size, -1);
  plotMask_.draw(size, 1);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glDisable(GL_DEPTH_TEST);
  glDepthMask(GL_FALSE);
  if (fillData_) {
    fill_.upload(*fillData_);
    fillData_.reset();
  }
  if (!showsMap()) fill_.draw(size, plot_);  // opaque bands under the lines; a map takes their place
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  if (showsMap()) {
    if (!mapPainter_) mapPainter_.emplace();
    mapPainter_->draw(*map_, size, plot_, shownFractions());
  }
  scenery_.draw(size);
  mesh_.queueLabels(text_);
  text_.draw(size);
  if (options.legend && !legendEntries.empty()) {
    placeLegend(view, legendEntries, starts, points);
    const LegendLayout drawn = legend_.draw(view, legendEntries, legendStyle_, text_);
    if (legendStyle_.frame) {
      // The frame's edge line is centred on the box and antialiased a pixel further (legend.cpp).
      const float margin = static_cast<float>(0.5 * view.pointsToPixels(legendStyle_.frameLineWidth) + 1);
      const TextBox& box = drawn.frameBox;
      keepOutOfLegend({box.left - margin, box.top - margin, box.right + margin, box.bottom + margin}, size);
    }
  }
  glDepthMask(GL_TRUE);
}

void PlanView::keepOutOfLegend(const TextBox& frame, glm::vec2 paneSize) {
  // matplotlib draws a legend over the lines (zorder 5). The dynamic layers come after this static one, so
  // the frame's pixels take the outside mask's depth: paths, particles, markers and the internals quiver
  // (which covers the whole domain) pass under the legend instead of over its text.
  FlatMesh mask;
  mask.addRect(frame.left, frame.top, frame.right, frame.bottom, kBlack);
  legendMask_.upload(mask);
  glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_ALWAYS);
  glDepthMask(GL_TRUE);
  legendMask_.draw(paneSize, -1);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glDisable(GL_DEPTH_TEST);
}

}  // namespace gradscape::render
