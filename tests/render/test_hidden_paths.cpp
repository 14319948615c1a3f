// render.hidden_paths "faint": what the surface hides of paths and markers is drawn over it faintly, and
// only that: x-ray pixels never touch the pixels where the path is seen, and lie on the surface.
#include "gl_test_support.hpp"

namespace gradscape::render::test {
namespace {

class HiddenPaths : public GlTest {};

// One sample a pixel, so a pixel is either where the depth test passes or where it fails.
constexpr int kWidth = 600, kHeight = 450;

Image renderFrame(Renderer& renderer, const Camera& camera, core::HiddenPaths hidden) {
  FrameOptions options;
  options.legend = false;
  options.hiddenPaths = hidden;
  return renderImage(renderer, camera, kWidth, kHeight, options);
}

TEST_F(HiddenPaths, XRayPixelsAppearOnlyWhereTheDepthTestHidesThePath) {
  const core::Scene scene = core::articleScene();
  Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  camera.azimuth = -40;  // the red path runs behind the saddle's near ridge, the blue one in front
  camera.elevation = 20;
  Renderer renderer;
  showScene(renderer, scene);
  const Image hidden = renderFrame(renderer, camera, core::HiddenPaths::hide);
  const Image faint = renderFrame(renderer, camera, core::HiddenPaths::faint);
  Renderer bare;  // the same surface and box, no runs
  bare.setSurface(scene.surface, scene.render);
  const Image surfaceOnly = renderFrame(bare, camera, core::HiddenPaths::hide);
  savePng(faint, outputPath("hidden_paths_faint.png"));
  savePng(hidden, outputPath("hidden_paths_hide.png"));

  std::size_t xray = 0, seen = 0, xrayOverSeen = 0, xrayOffSurface = 0;
  const std::array<int, 3> white{255, 255, 255};
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth; ++x) {
      const bool pathSeen = hidden.rgb(x, y) != surfaceOnly.rgb(x, y);
      const bool xrayed = faint.rgb(x, y) != hidden.rgb(x, y);
      seen += pathSeen;
      xray += xrayed;
      xrayOverSeen += xrayed && pathSeen;
      xrayOffSurface += xrayed && surfaceOnly.rgb(x, y) == white;
    }
  EXPECT_GT(seen, 500u) << "the paths are seen somewhere";
  EXPECT_GT(xray, 200u) << "the hidden part of the red path is drawn faintly";
  EXPECT_EQ(xrayOverSeen, 0u) << "x-ray pixels where the path is seen";
  EXPECT_EQ(xrayOffSurface, 0u) << "x-ray pixels where nothing hides the path";
}

}  // namespace
}  // namespace gradscape::render::test
