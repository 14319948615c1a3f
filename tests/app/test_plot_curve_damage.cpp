// The plots' curves are drawn by a callback (PlotCurveDrawing), so ImGui's draw list holds none of their
// vertices: the UI damage tracker must still see a curve change, by segment in small lists and by draw
// command in big ones, and nothing when the curves stay the same.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "support/headless_imgui.hpp"
#include "viewer/plot_curve_drawing.hpp"
#include "viewer/ui_damage.hpp"

namespace gradscape::app {
namespace {

// Two plots side by side, each with its own clip rectangle and a curve of 200 points drawn through a
// PlotCurveDrawing; `bump` moves one point of the right plot's curve.
class TwoPlots {
 public:
  const ImDrawData& frame(float bump) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(800, 600), ImGuiCond_Always);
    ImGui::Begin("plots", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground);
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    for (int plot = 0; plot < 2; ++plot) {
      const float left = 20 + plot * 300.0f;
      draw.PushClipRect(ImVec2(left, 100), ImVec2(left + 250, 300), true);
      draw.AddRectFilled(ImVec2(left, 100), ImVec2(left + 250, 300), IM_COL32(255, 255, 255, 255));
      std::vector<ImVec2> line;
      for (int i = 0; i < 200; ++i)
        line.emplace_back(left + 1.25f * i, 200 + 80 * std::sin(i * 0.05f) + (plot == 1 && i == 100 ? bump : 0));
      drawings_[plot].begin(ImVec2(1, 1));
      drawings_[plot].addCurve(line, IM_COL32(200, 30, 30, 255), 1.6f);
      drawings_[plot].addTo(draw);
      draw.PopClipRect();
    }
    ImGui::End();
    ImGui::Render();
    return *ImGui::GetDrawData();
  }

 private:
  gradscape::testing::HeadlessImGui context_{ImVec2(800, 600)};
  PlotCurveDrawing drawings_[2];
};

UiRect bounds(const std::vector<UiRect>& rects) {
  UiRect all;
  for (const UiRect& rect : rects) all = all.united(rect);
  return all;
}

TEST(PlotCurveDamage, ACurveChangeIsSeenThoughTheDrawListHoldsNoneOfItsVertices) {
  for (const std::size_t limit : {std::size_t{20000}, std::size_t{10}}) {
    SCOPED_TRACE(limit);
    TwoPlots plots;
    UiDamageTracker tracker(limit);
    // (The first change of a list damages it whole: the baseline is a frame and one with a change.)
    tracker.update(plots.frame(0));
    tracker.update(plots.frame(10));
    const ImDrawData& steady = plots.frame(10);
    EXPECT_TRUE(tracker.update(steady).empty());
    // ImGui's own vertices (the plots' white rectangles) are the same in both frames: only the curve moved.
    const int vertices = steady.TotalVtxCount;
    const ImDrawData& bumped = plots.frame(25);
    EXPECT_EQ(bumped.TotalVtxCount, vertices);
    EXPECT_LT(vertices, 100) << "the curves' segments are not ImGui vertices";
    const std::vector<UiRect> damage = tracker.update(bumped);
    ASSERT_FALSE(damage.empty());
    const UiRect all = bounds(damage);
    EXPECT_GE(all.x0, 320.0f - 1) << "nothing in the left plot";
    EXPECT_LE(all.x1, 570.0f + 1);
    const float movedX = 320 + 1.25f * 100;
    EXPECT_TRUE(std::any_of(damage.begin(), damage.end(), [&](const UiRect& r) { return r.x0 <= movedX && movedX <= r.x1; }));
    if (limit > 10) EXPECT_LT(all.width(), 20.0f) << "by segment: the moved point's two segments and their neighbours";
    else EXPECT_GE(all.width(), 249.0f) << "by command: the whole plot";
    EXPECT_TRUE(tracker.update(plots.frame(25)).empty());
  }
}

}  // namespace
}  // namespace gradscape::app
