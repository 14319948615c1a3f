// coolwarm against matplotlib's own colours (tests/oracle/matplotlib_render_reference.py, matplotlib 3.6.3).
#include <gtest/gtest.h>

#include "render/colormap.hpp"

namespace gradscape::render {
namespace {

struct Reference {
  double normalised;
  int r, g, b;
};

constexpr Reference kMatplotlibCoolwarm[] = {
    {0.0, 59, 76, 192},
    {0.001, 59, 76, 192},
    {0.1, 89, 119, 227},
    {0.25, 141, 176, 254},
    {0.4999, 220, 221, 221},
    {0.5, 221, 220, 220},
    {0.5001, 221, 220, 220},
    {0.6, 242, 203, 183},
    {0.75, 244, 152, 122},
    {0.9, 214, 82, 68},
    {0.999, 180, 4, 38},
    {1.0, 180, 4, 38},
};

TEST(Colormap, CoolwarmMatchesMatplotlib) {
  for (const Reference& reference : kMatplotlibCoolwarm) {
    const core::Rgb rgb = coolwarmRgb8(reference.normalised);
    EXPECT_EQ(rgb.r, reference.r) << reference.normalised;
    EXPECT_EQ(rgb.g, reference.g) << reference.normalised;
    EXPECT_EQ(rgb.b, reference.b) << reference.normalised;
  }
}

TEST(Colormap, OutOfRangeTakesTheEndColors) {
  EXPECT_EQ(coolwarmRgb8(-3.0), coolwarmRgb8(0.0));
  EXPECT_EQ(coolwarmRgb8(7.0), coolwarmRgb8(1.0));
}

}  // namespace
}  // namespace gradscape::render
