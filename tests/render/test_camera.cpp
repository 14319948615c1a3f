// The camera against matplotlib itself: pixel positions of data points for view_init(azim, elev) in the
// article's 1200x900 figure (numbers from tests/oracle/matplotlib_render_reference.py, matplotlib 3.6.3).
#include <gtest/gtest.h>

#include <cmath>

#include "render/camera.hpp"

namespace gradscape::render {
namespace {

struct MatplotlibProjection {
  double azimuth, elevation;
  bool orthographic;
  double x, y, z;
  double px, py;  // top-left origin
};

constexpr MatplotlibProjection kMatplotlib[] = {
    {120, 37, false, -1, -1, -1, 904.848666995, 522.892391285},
    {120, 37, false, 1, -1, -1, 552.361477215, 401.244055289},
    {120, 37, false, -1, 1, -1, 705.686244225, 760.860416543},
    {120, 37, false, 1, 1, 1, 318.984089534, 360.475803686},
    {120, 37, false, 0, 0, 0, 624.364864865, 445.135135135},
    {120, 37, false, 0.5, -0.25, 0.75, 558.561522599, 289.182730517},
    {120, 37, false, 1, 0.25, 0.9375, 409.819844670, 286.633222597},
    {-60, 30, false, -1, -1, -1, 332.927706099, 622.753127091},
    {-60, 30, false, 1, -1, -1, 706.506754643, 744.176336623},
    {-60, 30, false, -1, 1, -1, 552.420774899, 438.551793990},
    {-60, 30, false, 1, 1, 1, 917.740685409, 266.335615012},
    {-60, 30, false, 0, 0, 0, 624.364864865, 445.135135135},
    {-60, 30, false, 0.5, -0.25, 0.75, 692.983153604, 388.575030370},
    {-60, 30, false, 1, 0.25, 0.9375, 843.991210427, 341.601522381},
    {30, -20, false, -1, -1, -1, 550.359259946, 682.093869477},
    {30, -20, false, 1, -1, -1, 321.572049349, 573.604989950},
    {30, -20, false, -1, 1, -1, 915.314452897, 621.907689873},
    {30, -20, false, 1, 1, 1, 707.599376398, 178.626341266},
    {30, -20, false, 0, 0, 0, 624.364864865, 445.135135135},
    {30, -20, false, 0.5, -0.25, 0.75, 523.950413759, 308.684484482},
    {30, -20, false, 1, 0.25, 0.9375, 561.188128697, 222.357602147},
    {200, 80, false, -1, -1, -1, 748.634624315, 734.662867398},
    {200, 80, false, 1, -1, -1, 886.120644734, 351.528026847},
    {200, 80, false, -1, 1, -1, 359.613052711, 593.617061700},
    {200, 80, false, 1, 1, 1, 492.543509195, 138.013448088},
    {200, 80, false, 0, 0, 0, 624.364864865, 445.135135135},
    {200, 80, false, 0.5, -0.25, 0.75, 713.744931538, 340.287981100},
    {200, 80, false, 1, 0.25, 0.9375, 647.983693994, 195.549431815},
    {120, 37, true, -1, -1, -1, 916.768141177, 526.196773213},
    {120, 37, true, 1, -1, -1, 546.015643113, 397.375827413},
    {120, 37, true, -1, 1, -1, 702.714086617, 749.321196419},
    {120, 37, true, 1, 1, 1, 331.961588553, 364.073497057},
    {120, 37, true, 0, 0, 0, 624.364864865, 445.135135135},
    {120, 37, true, 0.5, -0.25, 0.75, 558.433497169, 288.879313198},
    {120, 37, true, 1, 0.25, 0.9375, 412.231859013, 288.415174403},
    {-60, 30, true, -1, -1, -1, 331.961588553, 623.341932785},
    {-60, 30, true, 1, -1, -1, 702.714086617, 730.368960065},
    {-60, 30, true, -1, 1, -1, 546.015643113, 437.965683753},
    {-60, 30, true, 1, 1, 1, 916.768141177, 266.928337485},
    {-60, 30, true, 0, 0, 0, 624.364864865, 445.135135135},
    {-60, 30, true, 0.5, -0.25, 0.75, 690.296232561, 390.789783004},
    {-60, 30, true, 1, 0.25, 0.9375, 836.497870717, 345.133942545},
    {30, -20, true, -1, -1, -1, 546.015643113, 696.001707248},
    {30, -20, true, 1, -1, -1, 331.961588553, 569.196884722},
    {30, -20, true, -1, 1, -1, 916.768141177, 622.790908828},
    {30, -20, true, 1, 1, 1, 702.714086617, 194.268563023},
    {30, -20, true, 0, 0, 0, 624.364864865, 445.135135135},
    {30, -20, true, 0.5, -0.25, 0.75, 524.507288967, 309.441208076},
    {30, -20, true, 1, 0.25, 0.9375, 563.681899843, 231.151285033},
    {200, 80, true, -1, -1, -1, 752.299081964, 743.200440159},
    {200, 80, true, 1, -1, -1, 898.720678804, 347.022098633},
    {200, 80, true, -1, 1, -1, 350.009050925, 599.003316382},
    {200, 80, true, 1, 1, 1, 496.430647766, 147.069830111},
    {200, 80, true, 0, 0, 0, 624.364864865, 445.135135135},
    {200, 80, true, 0.5, -0.25, 0.75, 711.256517955, 343.207010946},
    {200, 80, true, 1, 0.25, 0.9375, 647.289409405, 202.886099801},
};

TEST(Camera, ProjectsDataPointsToMatplotlibsPixels) {
  for (const MatplotlibProjection& m : kMatplotlib) {
    Camera camera;
    camera.azimuth = m.azimuth;
    camera.elevation = m.elevation;
    camera.orthographic = m.orthographic;
    const ViewProjection view(camera, DataBox{}, Viewport{0, 0, 1200, 900});
    const auto pixel = view.dataToPixel({m.x, m.y, m.z});
    ASSERT_TRUE(pixel);
    EXPECT_NEAR(pixel->x, m.px, 1e-6) << "azim " << m.azimuth << " elev " << m.elevation << " ortho "
                                      << m.orthographic << " point " << m.x << "," << m.y << "," << m.z;
    EXPECT_NEAR(pixel->y, m.py, 1e-6) << "azim " << m.azimuth << " elev " << m.elevation << " ortho "
                                      << m.orthographic << " point " << m.x << "," << m.y << "," << m.z;
  }
}

TEST(Camera, DataBoxScalesLikeMatplotlibsWorldTransformation) {
  // A box twice as wide in x maps x = 2 where the unit box maps x = 1.
  Camera camera;
  camera.azimuth = 120;
  camera.elevation = 37;
  const ViewProjection unit(camera, DataBox{}, Viewport{});
  const ViewProjection wide(camera, DataBox{{-2, 2}, {-1, 1}, {-10, 10}}, Viewport{});
  const auto a = unit.dataToPixel({1, 0.5, 0.5});
  const auto b = wide.dataToPixel({2, 0.5, 5});
  ASSERT_TRUE(a && b);
  EXPECT_NEAR(a->x, b->x, 1e-9);
  EXPECT_NEAR(a->y, b->y, 1e-9);
}

TEST(Camera, NearerPointsHaveSmallerDepth) {
  Camera camera;
  camera.azimuth = 0;  // eye on +x
  camera.elevation = 0;
  const ViewProjection view(camera, DataBox{}, Viewport{});
  const auto nearPoint = view.dataToPixel({1, 0, 0});
  const auto farPoint = view.dataToPixel({-1, 0, 0});
  ASSERT_TRUE(nearPoint && farPoint);
  EXPECT_LT(nearPoint->z, farPoint->z);
  EXPECT_GT(nearPoint->z, 0.0);
  EXPECT_LT(farPoint->z, 1.0);
}

TEST(Camera, LargerDistanceMakesASmallerPicture) {
  Camera camera;
  const ViewProjection normal(camera, DataBox{}, Viewport{});
  camera.distance = 20;
  const ViewProjection farther(camera, DataBox{}, Viewport{});
  const auto centreA = normal.dataToPixel({0, 0, 0}), cornerA = normal.dataToPixel({1, 1, 1});
  const auto centreB = farther.dataToPixel({0, 0, 0}), cornerB = farther.dataToPixel({1, 1, 1});
  ASSERT_TRUE(centreA && cornerA && centreB && cornerB);
  EXPECT_LT(glm::distance(glm::dvec2(*centreB), glm::dvec2(*cornerB)),
            0.75 * glm::distance(glm::dvec2(*centreA), glm::dvec2(*cornerA)));
}

TEST(Camera, PanMovesThePictureByHalfViewportHeights) {
  Camera camera;
  const ViewProjection still(camera, DataBox{}, Viewport{0, 0, 800, 600});
  camera.panX = 0.1;
  camera.panY = -0.2;
  const ViewProjection panned(camera, DataBox{}, Viewport{0, 0, 800, 600});
  const auto a = still.dataToPixel({0.3, -0.2, 0.1}), b = panned.dataToPixel({0.3, -0.2, 0.1});
  ASSERT_TRUE(a && b);
  EXPECT_NEAR(b->x - a->x, 0.1 * 300, 1e-9);
  EXPECT_NEAR(b->y - a->y, 0.2 * 300, 1e-9);  // y down in pixels
}

TEST(Camera, PixelRayPassesThroughTheProjectedPoint) {
  Camera camera;
  camera.azimuth = 33;
  camera.elevation = 21;
  for (bool orthographic : {false, true}) {
    camera.orthographic = orthographic;
    const ViewProjection view(camera, DataBox{{-3, 1}, {0, 2}, {-5, 5}}, Viewport{0, 0, 640, 480});
    const glm::dvec3 point(-0.5, 1.25, 2.0);
    const auto pixel = view.dataToPixel(point);
    ASSERT_TRUE(pixel);
    const Ray ray = view.pixelRay(pixel->x, pixel->y);
    // Distance from the point to the ray, in data units.
    const glm::dvec3 d = glm::normalize(ray.direction);
    const glm::dvec3 toPoint = point - ray.origin;
    EXPECT_LT(glm::length(toPoint - glm::dot(toPoint, d) * d), 1e-6) << "orthographic " << orthographic;
  }
}

TEST(Camera, AxesRectIsMatplotlibsSquareSubplot) {
  const ViewProjection view(Camera{}, DataBox{}, Viewport{0, 0, 1200, 900});
  const auto rect = view.axesRect();
  // matplotlib: ax.bbox.bounds == (268.5, 99.0, 693.0, 693.0) with a bottom-left origin.
  EXPECT_DOUBLE_EQ(rect[0], 268.5);
  EXPECT_DOUBLE_EQ(rect[1], 900 - 99.0 - 693.0);
  EXPECT_DOUBLE_EQ(rect[2], 693.0);
  EXPECT_DOUBLE_EQ(rect[3], 693.0);
  EXPECT_NEAR(view.pointsToPixels(72), 300, 1e-12);
}

}  // namespace
}  // namespace gradscape::render
