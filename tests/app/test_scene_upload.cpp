// The viewer's upload of the session to the renderer (SessionUploader, through SceneView): what each run
// carries besides its points survives the upload.
#include <gtest/gtest.h>

#include "core/scene.hpp"
#include "render/context.hpp"
#include "viewer/scene_view.hpp"
#include "viewer/session.hpp"

namespace gradscape::app {
namespace {

// Run 0 diverges (sgd lr 5 on the saddle leaves along y and overflows at step 148), run 1 does not. The
// renderer draws a diverged run's head with its own marker: the flag must hold after every upload, the
// first and those after edits (an upload once cleared it with the old points).
TEST(SceneUpload, ADivergedRunKeepsItsFlagAfterEveryUpload) {
  const auto context = render::HeadlessContext::create();
  Session session(core::parseScene(R"({"surface": "saddle", "runs": [
      {"start": [1, 0.25], "optimizer": {"name": "sgd", "lr": 5}, "iterations": 400},
      {"start": [1, 0], "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 200}]})",
                                   "diverging.json"));
  SceneView view;
  session.recompute();
  view.sync(session);
  ASSERT_EQ(session.trace(0).outcome.reason, core::StopReason::diverged);
  EXPECT_TRUE(view.renderer().diverged(0));
  EXPECT_FALSE(view.renderer().diverged(1));

  core::RunSpec run = session.run(0);
  run.optimizer.lr = 6;  // diverges again, sooner
  session.setRun(0, run);
  session.recompute();
  view.sync(session);
  EXPECT_TRUE(view.renderer().diverged(0)) << "after an edit";

  run.optimizer.lr = 0.01;
  session.setRun(0, run);
  session.recompute();
  view.sync(session);
  EXPECT_FALSE(view.renderer().diverged(0)) << "an edit that no longer diverges";
}

}  // namespace
}  // namespace gradscape::app
