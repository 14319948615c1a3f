// Axes box, text and legend: the layout against matplotlib's own pixel positions (CPU), then what lands in
// the framebuffer (EGL headless): text inside its box only, tick labels at their ticks, the legend's rows.
#include <gtest/gtest.h>

#include <glad/gl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "render/axes_box.hpp"
#include "render/camera.hpp"
#include "render/context.hpp"
#include "render/legend.hpp"
#include "render/offscreen_target.hpp"
#include "render/text.hpp"

namespace gradscape::resources {
std::string_view renderResource(std::string_view name);
}

namespace gradscape::render {
namespace {

#define MINUS "\xE2\x88\x92"

// ------------------------------------------------------------------------------------ layout vs matplotlib

// matplotlib 3.6.3's layout of a 4x3 in figure at 300 dpi (1200x900), pixels with a top-left origin:
// per axis, the axis line's ends, each tick label's text and anchor, the pane's corners, the offset text.
// Printed by matplotlib itself (fig.add_subplot(111, projection='3d'[, proj_type='ortho']); view_init; set_x/y/zlim3d;
// canvas.draw(); then axis.line, tick.label1 positions and axis.pane.xy through their transforms).
struct MatplotlibAxis {
  std::vector<glm::dvec2> line;
  std::vector<std::pair<std::string, glm::dvec2>> tickLabels;
  std::vector<glm::dvec2> pane;
  std::string offsetText;
};
struct MatplotlibView {
  double azimuth, elevation;
  std::vector<std::vector<double>> limits;
  std::vector<MatplotlibAxis> axes;
  bool orthographic = false;  // proj_type='ortho'
};

const std::vector<MatplotlibView> kMatplotlibViews = {
    {120.0, 37.0, {{-1.0, 1.0}, {-1.0, 1.0}, {-1.0, 1.0}},
     {{{{322.635, 626.094}, {709.209, 774.536}}, {{MINUS "1.0", {670.543, 841.861}}, {MINUS "0.5", {574.494, 804.013}}, {"0.0", {480.677, 767.044}}, {"0.5", {389.015, 730.924}}, {"1.0", {299.434, 695.625}}}, {{549.614, 399.569}, {322.635, 626.094}, {305.671, 356.785}, {545.744, 139.895}}, ""},
      {{{916.040, 525.995}, {709.209, 774.536}}, {{MINUS "1.0", {961.133, 581.571}}, {MINUS "0.5", {915.358, 638.695}}, {"0.0", {867.781, 698.068}}, {"0.5", {818.294, 759.826}}, {"1.0", {766.779, 824.115}}}, {{916.040, 525.995}, {549.614, 399.569}, {545.744, 139.895}, {931.863, 260.717}}, ""},
      {{{916.040, 525.995}, {931.863, 260.717}}, {{MINUS "1.0", {992.235, 508.177}}, {MINUS "0.5", {996.819, 447.019}}, {"0.0", {1001.518, 384.317}}, {"0.5", {1006.338, 320.013}}, {"1.0", {1011.283, 254.044}}}, {{916.040, 525.995}, {549.614, 399.569}, {322.635, 626.094}, {709.209, 774.536}}, ""}}},
    {-60.0, 30.0, {{-1.0, 1.0}, {-1.0, 1.0}, {-1.0, 1.0}},
     {{{{320.826, 630.128}, {710.102, 757.266}}, {{MINUS "1.0", {296.753, 697.971}}, {MINUS "0.5", {386.818, 728.338}}, {"0.0", {479.176, 759.478}}, {"0.5", {573.916, 791.421}}, {"1.0", {671.132, 824.199}}}, {{320.826, 630.128}, {549.678, 438.301}, {546.496, 161.651}, {306.693, 336.648}}, ""},
      {{{916.902, 545.038}, {710.102, 757.266}}, {{MINUS "1.0", {768.516, 808.821}}, {MINUS "0.5", {820.276, 753.250}}, {"0.0", {869.808, 700.071}}, {"0.5", {917.253, 649.133}}, {"1.0", {962.740, 600.297}}}, {{549.678, 438.301}, {916.902, 545.038}, {930.007, 258.860}, {546.496, 161.651}}, ""},
      {{{916.902, 545.038}, {930.007, 258.860}}, {{MINUS "1.0", {993.116, 528.738}}, {MINUS "0.5", {996.935, 462.412}}, {"0.0", {1000.834, 394.698}}, {"0.5", {1004.815, 325.552}}, {"1.0", {1008.881, 254.927}}}, {{320.826, 630.128}, {710.102, 757.266}, {916.902, 545.038}, {549.678, 438.301}}, ""}}},
    {200.0, -15.0, {{-2.0, 3.0}, {0.0, 1.0}, {-172.0, 1.0}},
     {{{{897.606, 323.672}, {766.459, 194.033}}, {{MINUS "2", {829.028, 145.031}}, {MINUS "1", {855.147, 173.249}}, {"0", {880.159, 200.271}}, {"1", {904.134, 226.173}}, {"2", {927.134, 251.021}}, {"3", {949.218, 274.880}}}, {{903.779, 636.787}, {498.896, 666.856}, {501.568, 364.449}, {897.606, 323.672}}, ""},
      {{{331.907, 244.537}, {766.459, 194.033}}, {{"0.0", {737.195, 130.270}}, {"0.2", {650.225, 140.920}}, {"0.4", {564.649, 151.400}}, {"0.6", {480.433, 161.713}}, {"0.8", {397.546, 171.863}}, {"1.0", {315.955, 181.854}}}, {{324.823, 578.289}, {498.896, 666.856}, {501.568, 364.449}, {331.907, 244.537}}, ""},
      {{{331.907, 244.537}, {324.823, 578.289}}, {{MINUS "150", {242.956, 521.045}}, {MINUS "100", {245.518, 426.642}}, {MINUS "50", {248.045, 333.498}}, {"0", {250.539, 241.588}}}, {{766.459, 194.033}, {897.606, 323.672}, {501.568, 364.449}, {331.907, 244.537}}, ""}}},
    {45.0, 80.0, {{-1.0, 1.0}, {-1.0, 1.0}, {0.0, 2.0}},
     {{{{926.417, 472.951}, {624.365, 775.034}}, {{MINUS "1.0", {957.463, 525.054}}, {MINUS "0.5", {886.493, 596.308}}, {"0.0", {815.047, 668.041}}, {"0.5", {743.121, 740.256}}, {"1.0", {670.709, 812.959}}}, {{624.365, 179.212}, {926.417, 472.951}, {954.197, 414.761}, {624.365, 95.288}}, ""},
      {{{322.313, 472.951}, {624.365, 775.034}}, {{MINUS "1.0", {291.267, 525.054}}, {MINUS "0.5", {362.237, 596.308}}, {"0.0", {433.682, 668.041}}, {"0.5", {505.609, 740.256}}, {"1.0", {578.021, 812.959}}}, {{624.365, 179.212}, {322.313, 472.951}, {294.533, 414.761}, {624.365, 95.288}}, ""},
      {{{322.313, 472.951}, {294.533, 414.761}}, {{"0.0", {241.470, 471.884}}, {"0.5", {233.556, 458.786}}, {"1.0", {225.309, 445.135}}, {"1.5", {216.706, 430.896}}, {"2.0", {207.724, 416.029}}}, {{624.365, 179.212}, {322.313, 472.951}, {624.365, 775.034}, {926.417, 472.951}}, ""}}},
    {-135.0, 10.0, {{0.0, 100.0}, {-5.0, 5.0}, {-0.001, 0.001}},
     {{{{937.271, 608.557}, {624.365, 682.412}}, {{"0", {676.861, 738.681}}, {"20", {740.824, 722.414}}, {"40", {802.642, 706.691}}, {"60", {862.422, 691.487}}, {"80", {920.262, 676.777}}, {"100", {976.256, 662.536}}}, {{937.271, 608.557}, {624.365, 545.930}, {624.365, 241.028}, {942.160, 279.159}}, ""},
      {{{311.459, 608.557}, {624.365, 682.412}}, {{MINUS "4", {539.612, 730.478}}, {MINUS "2", {476.735, 714.486}}, {"0", {415.949, 699.026}}, {"2", {357.151, 684.072}}, {"4", {300.245, 669.599}}}, {{311.459, 608.557}, {624.365, 545.930}, {624.365, 241.028}, {306.570, 279.159}}, ""},
      {{{311.459, 608.557}, {306.570, 279.159}}, {{MINUS "0.0010", {228.257, 602.069}}, {MINUS "0.0005", {226.789, 523.893}}, {"0.0000", {225.309, 445.135}}, {"0.0005", {223.819, 365.789}}, {"0.0010", {222.317, 285.848}}}, {{624.365, 682.412}, {937.271, 608.557}, {624.365, 545.930}, {311.459, 608.557}}, ""}}},
    {-90.0, 90.0, {{-1.0, 1.0}, {-1.0, 1.0}, {-1.0, 1.0}},
     {{{{837.809, 658.579}, {410.921, 658.579}}, {{MINUS "1.0", {421.757, 712.221}}, {MINUS "0.5", {523.061, 712.221}}, {"0.0", {624.365, 712.221}}, {"0.5", {725.669, 712.221}}, {"1.0", {826.972, 712.221}}}, {{837.809, 658.579}, {837.809, 231.691}, {857.757, 211.743}, {857.757, 678.527}}, ""},
      {{{410.921, 231.691}, {410.921, 658.579}}, {{MINUS "1.0", {357.279, 647.743}}, {MINUS "0.5", {357.279, 546.439}}, {"0.0", {357.279, 445.135}}, {"0.5", {357.279, 343.831}}, {"1.0", {357.279, 242.528}}}, {{410.921, 231.691}, {837.809, 231.691}, {857.757, 211.743}, {390.973, 211.743}}, ""},
      {{{410.921, 231.691}, {390.973, 211.743}}, {{MINUS "1.0", {353.786, 174.556}}, {MINUS "0.5", {348.110, 168.880}}, {"0.0", {342.190, 162.960}}, {"0.5", {336.011, 156.781}}, {"1.0", {329.555, 150.325}}}, {{410.921, 658.579}, {837.809, 658.579}, {837.809, 231.691}, {410.921, 231.691}}, ""}}},
    {0.0, 0.0, {{-1.0, 1.0}, {-1.0, 1.0}, {-1.0, 1.0}},
     {{{{834.811, 602.970}, {861.450, 622.949}}, {{MINUS "1.0", {891.287, 645.327}}, {MINUS "0.5", {898.702, 650.888}}, {"0.0", {906.540, 656.766}}, {"0.5", {914.839, 662.991}}, {"1.0", {923.641, 669.593}}}, {{413.918, 602.970}, {834.811, 602.970}, {834.811, 287.300}, {413.918, 287.300}}, ""},
      {{{387.280, 622.949}, {861.450, 622.949}}, {{MINUS "1.0", {392.873, 674.007}}, {MINUS "0.5", {508.619, 674.007}}, {"0.0", {624.365, 674.007}}, {"0.5", {740.111, 674.007}}, {"1.0", {855.857, 674.007}}}, {{413.918, 602.970}, {387.280, 622.949}, {387.280, 267.321}, {413.918, 287.300}}, ""},
      {{{387.280, 622.949}, {387.280, 267.321}}, {{MINUS "1.0", {319.203, 618.754}}, {MINUS "0.5", {319.203, 531.945}}, {"0.0", {319.203, 445.135}}, {"0.5", {319.203, 358.326}}, {"1.0", {319.203, 271.516}}}, {{413.918, 602.970}, {387.280, 622.949}, {861.450, 622.949}, {834.811, 602.970}}, ""}}},
    {120.0, 37.0, {{-1.0, 1.0}, {-1.0, 1.0}, {-1.0, 1.0}},
     {{{{319.778, 627.807}, {705.979, 761.996}}, {{MINUS "1.0", {668.654, 825.628}}, {MINUS "0.5", {575.965, 793.423}}, {"0.0", {483.277, 761.217}}, {"0.5", {390.589, 729.012}}, {"1.0", {297.901, 696.807}}}, {{542.751, 395.386}, {319.778, 627.807}, {319.778, 360.696}, {542.751, 128.275}}, ""},
      {{{928.952, 529.574}, {705.979, 761.996}}, {{MINUS "1.0", {975.763, 587.498}}, {MINUS "0.5", {922.249, 643.279}}, {"0.0", {868.736, 699.060}}, {"0.5", {815.222, 754.841}}, {"1.0", {761.709, 810.622}}}, {{928.952, 529.574}, {542.751, 395.386}, {542.751, 128.275}, {928.952, 262.463}}, ""},
      {{{928.952, 529.574}, {928.952, 262.463}}, {{MINUS "1.0", {1009.823, 511.191}}, {MINUS "0.5", {1009.823, 447.084}}, {"0.0", {1009.823, 382.978}}, {"0.5", {1009.823, 318.871}}, {"1.0", {1009.823, 254.764}}}, {{928.952, 529.574}, {542.751, 395.386}, {319.778, 627.807}, {705.979, 761.996}}, ""}}, true},
    {-150.0, 25.0, {{-3.0, 3.0}, {0.0, 10.0}, {-1.0, 1.0}},
     {{{{928.952, 562.205}, {705.979, 725.421}}, {{MINUS "2", {797.384, 748.793}}, {"0", {868.736, 696.564}}, {"2", {940.087, 644.335}}}, {{928.952, 562.205}, {542.751, 467.973}, {542.751, 164.850}, {928.952, 259.082}}, ""},
      {{{319.778, 631.188}, {705.979, 725.421}}, {{"0", {668.654, 785.445}}, {"2", {594.503, 767.353}}, {"4", {520.353, 749.260}}, {"6", {446.202, 731.167}}, {"8", {372.052, 713.075}}, {"10", {297.901, 694.982}}}, {{319.778, 631.188}, {542.751, 467.973}, {542.751, 164.850}, {319.778, 328.065}}, ""},
      {{{319.778, 631.188}, {319.778, 328.065}}, {{MINUS "1.0", {238.907, 634.284}}, {MINUS "0.5", {238.907, 561.534}}, {"0.0", {238.907, 488.785}}, {"0.5", {238.907, 416.035}}, {"1.0", {238.907, 343.285}}}, {{705.979, 725.421}, {928.952, 562.205}, {542.751, 467.973}, {319.778, 631.188}}, ""}}, true},
};

DataBox boxOf(const MatplotlibView& v) {
  DataBox box;
  box.x = {v.limits[0][0], v.limits[0][1]};
  box.y = {v.limits[1][0], v.limits[1][1]};
  box.z = {v.limits[2][0], v.limits[2][1]};
  return box;
}

ViewProjection viewOf(const MatplotlibView& v, int width = 1200, int height = 900) {
  Camera camera;
  camera.azimuth = v.azimuth;
  camera.elevation = v.elevation;
  camera.orthographic = v.orthographic;
  return ViewProjection(camera, boxOf(v), Viewport{0, 0, width, height});
}

glm::dvec2 pixelOf(const ViewProjection& view, const glm::dvec3& data) {
  const auto pixel = view.dataToPixel(data);
  EXPECT_TRUE(pixel.has_value());
  return pixel ? glm::dvec2(pixel->x, pixel->y) : glm::dvec2(NAN, NAN);
}

// Tolerance: matplotlib and we compute the same double-precision formulas; half a pixel leaves room for
// its 2-D view transform rounding without letting a wrong edge or a wrong offset pass (ticks are ~60 px
// apart, the label pad is ~20 px).
constexpr double kPixelTolerance = 0.5;

TEST(AxesLayout, MatchesMatplotlibForSeveralViewsAndRanges) {
  for (const MatplotlibView& expected : kMatplotlibViews) {
    SCOPED_TRACE(testing::Message() << "azimuth " << expected.azimuth << ", elevation " << expected.elevation
                                      << (expected.orthographic ? ", orthographic" : ""));
    const ViewProjection view = viewOf(expected);
    const AxesLayout layout = layoutAxes(view, AxesStyle::matplotlibDefault());
    ASSERT_EQ(layout.axisLines.size(), 3u);
    for (int axis = 0; axis < 3; ++axis) {
      SCOPED_TRACE(testing::Message() << "axis " << "xyz"[axis]);
      const MatplotlibAxis& mpl = expected.axes[axis];
      const glm::dvec2 a = pixelOf(view, layout.axisLines[axis].a), b = pixelOf(view, layout.axisLines[axis].b);
      EXPECT_NEAR(a.x, mpl.line[0].x, kPixelTolerance);
      EXPECT_NEAR(a.y, mpl.line[0].y, kPixelTolerance);
      EXPECT_NEAR(b.x, mpl.line[1].x, kPixelTolerance);
      EXPECT_NEAR(b.y, mpl.line[1].y, kPixelTolerance);
      for (int k = 0; k < 4; ++k) {
        const glm::dvec2 corner = pixelOf(view, layout.panes[axis].corners[k]);
        EXPECT_NEAR(corner.x, mpl.pane[k].x, kPixelTolerance) << "pane corner " << k;
        EXPECT_NEAR(corner.y, mpl.pane[k].y, kPixelTolerance) << "pane corner " << k;
      }
      std::vector<const AxesLayout::Label*> ticks;
      for (const AxesLayout::Label& label : layout.labels)
        if (label.kind == AxesLayout::LabelKind::tick && label.axis == axis) ticks.push_back(&label);
      ASSERT_EQ(ticks.size(), mpl.tickLabels.size());
      for (std::size_t t = 0; t < ticks.size(); ++t) {
        EXPECT_EQ(ticks[t]->text, mpl.tickLabels[t].first);
        EXPECT_NEAR(ticks[t]->anchorPixel.x, mpl.tickLabels[t].second.x, kPixelTolerance) << ticks[t]->text;
        EXPECT_NEAR(ticks[t]->anchorPixel.y, mpl.tickLabels[t].second.y, kPixelTolerance) << ticks[t]->text;
        EXPECT_EQ(ticks[t]->h, HAlign::center);
        EXPECT_EQ(ticks[t]->v, VAlign::top);
      }
      EXPECT_EQ(layout.ticks[axis].offsetText, mpl.offsetText);
    }
  }
}

TEST(AxesLayout, GridLinesRunAlongTheBackPanesAtEveryTick) {
  const ViewProjection view = viewOf(kMatplotlibViews[0]);
  const AxesLayout layout = layoutAxes(view, AxesStyle::matplotlibDefault());
  // Two segments per tick and axis, each lying in one of the back panes' planes.
  std::size_t tickCount = 0;
  for (const core::AxisTicks& ticks : layout.ticks) tickCount += ticks.values.size();
  ASSERT_EQ(layout.gridLines.size(), 2 * tickCount);
  for (const AxesLayout::Segment& segment : layout.gridLines) {
    bool inSomePane = false;
    for (const AxesLayout::Pane& pane : layout.panes) {
      for (int coordinate = 0; coordinate < 3; ++coordinate) {
        const double planeValue = pane.corners[0][coordinate];
        bool paneIsThisPlane = true;
        for (const glm::dvec3& corner : pane.corners) paneIsThisPlane &= corner[coordinate] == planeValue;
        if (paneIsThisPlane && segment.a[coordinate] == planeValue && segment.b[coordinate] == planeValue)
          inSomePane = true;
      }
    }
    EXPECT_TRUE(inSomePane);
  }
  AxesStyle noGrid = AxesStyle::matplotlibDefault();
  noGrid.grid = false;
  EXPECT_TRUE(layoutAxes(view, noGrid).gridLines.empty());
}

TEST(AxesLayout, BackPanesFaceAwayFromTheEye) {
  for (const MatplotlibView& v : kMatplotlibViews) {
    const ViewProjection view = viewOf(v);
    const AxesLayout layout = layoutAxes(view, AxesStyle::matplotlibDefault());
    const glm::dvec3 eye = view.eyeInData();
    for (int axis = 0; axis < 3; ++axis) {
      // The pane sits on the side of the box the eye is not on (matplotlib draws the far plane).
      const double paneCoordinate = layout.panes[axis].corners[0][axis];
      const double center = 0.5 * (v.limits[axis][0] + v.limits[axis][1]);
      const double range = v.limits[axis][1] - v.limits[axis][0];
      if (std::abs(eye[axis] - center) < 1e-9 * range) continue;  // edge-on: matplotlib's own rule decides
      EXPECT_EQ(paneCoordinate > center, eye[axis] < center) << "azimuth " << v.azimuth << " axis " << axis;
    }
  }
}

TEST(AxesLayout, AxisLabelsAndScaleLabelsWhenAsked) {
  AxesStyle style = AxesStyle::matplotlibDefault();
  style.axisLabels = {"x", "y", ""};
  MatplotlibView big = kMatplotlibViews[0];
  big.limits[2] = {0, 2.5e7};
  const AxesLayout layout = layoutAxes(viewOf(big), style);
  int axisLabels = 0, offsets = 0;
  for (const AxesLayout::Label& label : layout.labels) {
    if (label.kind == AxesLayout::LabelKind::axis) ++axisLabels;
    if (label.kind == AxesLayout::LabelKind::offset) {
      ++offsets;
      EXPECT_EQ(label.text, "1e7");
      EXPECT_EQ(label.axis, 2);
    }
  }
  EXPECT_EQ(axisLabels, 2);
  EXPECT_EQ(offsets, 1);
}

TEST(AxesLayout, FlatAndHugeRangesStayFinite) {
  for (const std::vector<double>& z : {std::vector<double>{0, 0}, std::vector<double>{-1e300, 1e300},
                                       std::vector<double>{1e-12, 3e-12}}) {
    MatplotlibView v = kMatplotlibViews[0];
    v.limits[2] = z;
    const AxesLayout layout = layoutAxes(viewOf(v), AxesStyle::matplotlibDefault());
    EXPECT_FALSE(layout.ticks[2].values.empty()) << z[0] << ".." << z[1];
    EXPECT_LE(layout.ticks[2].values.size(), 12u);
    for (const AxesLayout::Label& label : layout.labels) {
      EXPECT_TRUE(std::isfinite(label.anchorPixel.x) && std::isfinite(label.anchorPixel.y)) << label.text;
      EXPECT_FALSE(label.text.empty());
    }
  }
}

// ------------------------------------------------------------------------------------------ text on the CPU

TEST(Text, Utf8DecodingReplacesMalformedSequences) {
  EXPECT_EQ(decodeUtf8("a" MINUS "1"), (std::u32string{U'a', 0x2212, U'1'}));
  EXPECT_EQ(decodeUtf8("\xF0\x9F\x98\x80"), std::u32string{0x1F600});
  // A complete but forbidden sequence (overlong, surrogate) becomes one U+FFFD.
  EXPECT_EQ(decodeUtf8("\xC0\xAF"), std::u32string{0xFFFD});       // overlong '/'
  EXPECT_EQ(decodeUtf8("\xED\xA0\x80x"), (std::u32string{0xFFFD, U'x'}));  // a surrogate
  EXPECT_EQ(decodeUtf8("\xE2\x88"), std::u32string{0xFFFD});                // cut short
  EXPECT_EQ(decodeUtf8("\xFFok"), (std::u32string{0xFFFD, U'o', U'k'}));
  EXPECT_EQ(decodeUtf8("\xE2x\x88"), (std::u32string{0xFFFD, U'x', 0xFFFD}));  // a lead byte without its tail
}

TEST(Text, LinesFollowMatplotlibsLayout) {
  const Font font(resources::renderResource("DejaVuSans.ttf"), 33.33f);  // 8 pt at 300 dpi
  // "lp" metrics of DejaVu Sans: 'l' rises 0.76 em, 'p' drops 0.21 em.
  EXPECT_NEAR(font.lpAscent(), 0.7597 * 33.33, 0.05);
  EXPECT_NEAR(font.lpDescent(), 0.2080 * 33.33, 0.05);
  const TextLayout three = font.layout("Initialization\nx = 1\ny = 0", {100, 50}, HAlign::left, VAlign::top);
  ASSERT_EQ(three.baselines.size(), 3u);
  // Text._get_layout: a line pitch of descent + 1.2 x ascent, the first baseline an ascent below the top.
  const float pitch = font.lpDescent() + 1.2f * font.lpAscent();
  EXPECT_NEAR(three.baselines[0], 50 + font.lpAscent(), 0.51f);
  EXPECT_NEAR(three.baselines[1] - three.baselines[0], pitch, 1.01f);
  EXPECT_NEAR(three.baselines[2] - three.baselines[1], pitch, 1.01f);
  EXPECT_NEAR(three.box.bottom, 50 + font.lpAscent() + 2 * pitch + font.lpDescent(), 0.01f);
  // va='baseline' puts the LAST line's baseline on the anchor; widths are advances (no ink trimming).
  const TextLayout onBaseline = font.layout("a\nb", {0, 200}, HAlign::left, VAlign::baseline);
  EXPECT_NEAR(onBaseline.baselines.back(), 200, 0.51f);
  const TextLayout wide = font.layout("1.0", {0, 0});
  EXPECT_NEAR(wide.box.width(), (0.636 * 2 + 0.318) * 33.33, 0.2);  // DejaVu digits 0.636 em, '.' 0.318 em
}

// --------------------------------------------------------------------------------------------- on the GPU

class AxesTextRender : public testing::Test {
 protected:
  void SetUp() override {
    context_ = HeadlessContext::create(true);
    errors_ = GlErrorLog::install();
  }
  void TearDown() override { EXPECT_EQ(errors_->take(), ""); }

  // Clears `target` to white, runs `draw`, reads RGBA rows top-down.
  template <class Draw>
  std::vector<std::uint8_t> render(const OffscreenTarget& target, Draw&& draw) {
    target.bind();
    glClearColor(1, 1, 1, 1);
    glClearDepth(1);
    glDepthMask(GL_TRUE);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    draw();
    return target.readRgba();
  }

  static void savePng(const std::string& name, const std::vector<std::uint8_t>& rgba, int width, int height) {
    std::filesystem::create_directories(GRADSCAPE_TEST_OUTPUT);
    const std::string path = std::string(GRADSCAPE_TEST_OUTPUT) + "/" + name;
    stbi_write_png(path.c_str(), width, height, 4, rgba.data(), width * 4);
  }

  std::unique_ptr<HeadlessContext> context_;
  std::unique_ptr<GlErrorLog> errors_;
};

struct Image {
  const std::vector<std::uint8_t>& rgba;
  int width, height;
  int darkest(int x, int y) const {  // min of r, g, b
    const std::uint8_t* p = &rgba[(static_cast<std::size_t>(y) * width + x) * 4];
    return std::min({p[0], p[1], p[2]});
  }
  // Pixels darker than `threshold` inside [x0, x1) x [y0, y1) (clipped to the image).
  int countDark(double x0, double y0, double x1, double y1, int threshold) const {
    int count = 0;
    for (int y = std::max(0, static_cast<int>(std::floor(y0))); y < std::min(height, static_cast<int>(std::ceil(y1))); ++y)
      for (int x = std::max(0, static_cast<int>(std::floor(x0))); x < std::min(width, static_cast<int>(std::ceil(x1))); ++x)
        if (darkest(x, y) < threshold) ++count;
    return count;
  }
};

TEST_F(AxesTextRender, TextInksInsideItsBoxAndNowhereElse) {
  const OffscreenTarget target(480, 200, 1);
  TextRenderer text;
  const std::string sample = "Initialization " MINUS "1.0 \xE2\x96\xA0\xE2\x97\x8F\xE2\x96\xB2\xE2\x97\x86\xE2\x9C\x95 gjpq";
  std::array<TextBox, 3> boxes;
  const auto rgba = render(target, [&] {
    boxes[0] = text.add(sample, {20, 60}, 30, {0, 0, 0, 1}, HAlign::left, VAlign::baseline);
    boxes[1] = text.add("centre", {240, 100}, 30, {0, 0, 0, 1}, HAlign::center, VAlign::top);
    boxes[2] = text.add("right", {460, 190}, 30, {0, 0, 0, 1}, HAlign::right, VAlign::bottom);
    text.draw({480, 200});
  });
  savePng("text_boxes.png", rgba, 480, 200);
  const Image image{rgba, 480, 200};

  // Anchoring: the boxes sit where their alignment puts them.
  EXPECT_NEAR(boxes[1].left + boxes[1].width() / 2, 240, 0.01);
  EXPECT_NEAR(boxes[1].top, 100, 0.01);
  EXPECT_NEAR(boxes[2].right, 460, 0.01);
  EXPECT_NEAR(boxes[2].bottom, 190, 0.01);
  EXPECT_GT(boxes[0].width(), 300);  // 30 px DejaVu Sans: ~30 glyphs of ~15 px

  // Ink inside each box (a 1.5 px margin for pixel snapping and the anti-aliased rims) and none outside.
  int insideTotal = 0;
  for (const TextBox& box : boxes) {
    const int inside = image.countDark(box.left - 1.5, box.top - 1.5, box.right + 1.5, box.bottom + 1.5, 200);
    EXPECT_GT(inside, 0.05 * box.width() * box.height());
    insideTotal += image.countDark(box.left - 1.5, box.top - 1.5, box.right + 1.5, box.bottom + 1.5, 250);
  }
  EXPECT_EQ(image.countDark(0, 0, 480, 200, 250), insideTotal);

  // Every glyph of the sample is in the atlas (no '?' stand-in for the minus sign or the markers).
  const Font& font = text.font(30);
  for (char32_t c : decodeUtf8(sample)) EXPECT_TRUE(font.hasGlyph(c)) << "U+" << std::hex << static_cast<int>(c);
}

TEST_F(AxesTextRender, TickLabelsAppearAtTheirProjectedTicks) {
  const OffscreenTarget target(1200, 900, 4);
  AxesBox axes;
  TextRenderer text;
  const ViewProjection view = viewOf(kMatplotlibViews[0]);
  const AxesLayout layout = layoutAxes(view, AxesStyle::matplotlibDefault());
  const auto rgba = render(target, [&] { axes.draw(view, layout, text); });
  savePng("axes_box_default.png", rgba, 1200, 900);
  const Image image{rgba, 1200, 900};

  AxesStyle noLabels = AxesStyle::matplotlibDefault();
  noLabels.tickLabels = false;
  const auto bare = render(target, [&] { axes.draw(view, layoutAxes(view, noLabels), text); });
  const Image bareImage{bare, 1200, 900};

  const Font& font = text.font(static_cast<float>(view.pointsToPixels(10)));
  int labels = 0;
  for (const AxesLayout::Label& label : layout.labels) {
    if (label.kind != AxesLayout::LabelKind::tick) continue;
    ++labels;
    const TextBox box = font.layout(label.text, glm::vec2(label.anchorPixel), label.h, label.v).box;
    // Black text (grid lines are grey #b0b0b0, panes lighter): dark pixels fill the label's box...
    const int dark = image.countDark(box.left, box.top, box.right, box.bottom, 100);
    EXPECT_GT(dark, 0.08 * box.width() * box.height()) << label.text << " at " << label.anchorPixel.x << ", "
                                                        << label.anchorPixel.y;
    // ... and are gone when labels are off, so they are the label and not a line crossing the box.
    EXPECT_EQ(bareImage.countDark(box.left, box.top, box.right, box.bottom, 100), 0) << label.text;
  }
  EXPECT_EQ(labels, 15);

  // The grey panes are drawn: the floor pane between grid lines is pane grey, neither white nor black.
  // (0.25, 0.25) lies between the grid lines at 0.0 and 0.5.
  const glm::dvec3 floorCentre(0.25, 0.25, layout.panes[2].corners[0].z);
  const glm::dvec2 floorPixel = pixelOf(view, floorCentre);
  const int grey = image.darkest(static_cast<int>(floorPixel.x), static_cast<int>(floorPixel.y));
  EXPECT_GT(grey, 220);
  EXPECT_LT(grey, 250);
}

TEST_F(AxesTextRender, ArticleStyleHasInvisiblePanesButGridAndLines) {
  const OffscreenTarget target(1200, 900, 4);
  AxesBox axes;
  TextRenderer text;
  const ViewProjection view = viewOf(kMatplotlibViews[0]);
  const AxesLayout layout = layoutAxes(view, AxesStyle::article());
  const auto rgba = render(target, [&] { axes.draw(view, layout, text); });
  savePng("axes_box_article.png", rgba, 1200, 900);
  const Image image{rgba, 1200, 900};
  // The floor pane's centre lies between grid lines: white with invisible panes.
  const glm::dvec3 floorCentre(0.25, 0.25, layout.panes[2].corners[0].z);  // between grid lines
  const glm::dvec2 floorPixel = pixelOf(view, floorCentre);
  EXPECT_EQ(image.darkest(static_cast<int>(floorPixel.x), static_cast<int>(floorPixel.y)), 255);
  // A grid line's middle is grey; an axis line's middle is black.
  const AxesLayout::Segment& grid = layout.gridLines[4];
  const glm::dvec2 gridPixel = pixelOf(view, 0.5 * (grid.a + grid.b));
  const int gridValue = image.darkest(static_cast<int>(gridPixel.x), static_cast<int>(gridPixel.y));
  EXPECT_GT(gridValue, 120);
  EXPECT_LT(gridValue, 220);
  const AxesLayout::Segment& axisLine = layout.axisLines[0];
  const glm::dvec2 linePixel = pixelOf(view, 0.5 * (axisLine.a + axisLine.b));
  EXPECT_LT(image.darkest(static_cast<int>(linePixel.x), static_cast<int>(linePixel.y)), 60);
}

TEST_F(AxesTextRender, LegendSitsTopLeftWithOneMarkerRowPerRun) {
  const std::vector<LegendEntry> entries = {{core::Marker::square, "x = 1, y = 0.25"},
                                            {core::Marker::circle, "x = 1, y = 0"},
                                            {core::Marker::triangle, "x = -0.5, y = 0.75"}};
  for (bool frame : {false, true}) {
    SCOPED_TRACE(frame ? "framed" : "plain");
    const OffscreenTarget target(1200, 900, 4);
    Legend legend;
    TextRenderer text;
    const ViewProjection view = viewOf(kMatplotlibViews[0]);
    LegendStyle style;
    style.frame = frame;
    LegendLayout layout;
    const auto rgba = render(target, [&] { layout = legend.draw(view, entries, style, text); });
    savePng(frame ? "legend_framed.png" : "legend_plain.png", rgba, 1200, 900);
    const Image image{rgba, 1200, 900};

    // Top-left of the axes square, left edge at 5 % of its width (matplotlib's text2D(0.05, 0.95)).
    const auto axesRect = view.axesRect();
    EXPECT_NEAR(layout.textBox.left, axesRect[0] + 0.05 * axesRect[2], 1.0);
    EXPECT_LT(layout.textBox.top, 0.1 * 900);
    EXPECT_LT(layout.textBox.right, 0.6 * 1200);
    ASSERT_EQ(layout.rowBaselines.size(), 4u);  // title + 3 runs

    // Each row below the title starts with a marker glyph: a solid blob, i.e. a fully dark square a quarter
    // of an em wide within its first em (the title's "In" has strokes a tenth of an em thick).
    const float em = layout.fontPixels;
    const int side = static_cast<int>(std::lround(0.25 * em));
    int markerRows = 0;
    for (float baseline : layout.rowBaselines) {
      bool solid = false;
      for (int y = static_cast<int>(baseline - 0.8 * em); y + side <= static_cast<int>(baseline) && !solid; ++y)
        for (int x = static_cast<int>(layout.textBox.left); x + side <= layout.textBox.left + em && !solid; ++x)
          solid = image.countDark(x, y, x + side, y + side, 100) == side * side;
      if (solid) ++markerRows;
    }
    EXPECT_EQ(markerRows, 3);  // not the title row ("In..." is thin strokes)

    // Nothing dark outside the text block, or outside the frame when there is one.
    const TextBox& outer = frame ? layout.frameBox : layout.textBox;
    EXPECT_EQ(image.countDark(0, 0, 1200, 900, 250),
              image.countDark(outer.left - 2, outer.top - 2, outer.right + 2, outer.bottom + 2, 250));
    const TextBox& f = layout.frameBox;
    const int edgeValue = image.darkest(static_cast<int>((f.left + f.right) / 2), static_cast<int>(f.top));
    if (frame) {
      EXPECT_LT(edgeValue, 235);  // light grey (0.8 at alpha 0.8 over white = 214)
      EXPECT_GT(edgeValue, 180);
    } else {
      EXPECT_EQ(edgeValue, 255);
    }
  }
}

}  // namespace
}  // namespace gradscape::render
