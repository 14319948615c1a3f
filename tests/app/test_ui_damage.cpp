// UI damage: which rectangles of the window an ImGui frame draws differently from the one before, by
// triangle in small draw lists and by draw command in big ones. ImGui frames without GL.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "support/headless_imgui.hpp"
#include "viewer/ui_damage.hpp"

namespace gradscape::app {
namespace {

// ImGui frames built headless (no renderer: only the draw data is looked at).
class ImGuiFrames {
 public:
  // (A list's pieces are only collected once it changed: the first change damages it whole, so
  // baselines below are a frame, and one with a change.)
  const ImDrawData& frame(const std::function<void()>& build) {
    ImGui::NewFrame();
    build();
    ImGui::Render();
    return *ImGui::GetDrawData();
  }

 private:
  gradscape::testing::HeadlessImGui context_{ImVec2(800, 600)};
};

void fixedWindow(const char* name, ImVec2 position, ImVec2 size, const std::function<void(ImDrawList&)>& draw) {
  ImGui::SetNextWindowPos(position, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground);
  draw(*ImGui::GetWindowDrawList());
  ImGui::End();
}

// Two side-by-side boxes, each with its own clip rectangle (so its own draw command) and a polyline of
// `points` points; `bump` moves one point of the right box's line.
void twoBoxes(ImDrawList& draw, int points, float bump) {
  for (int box = 0; box < 2; ++box) {
    const float left = 20 + box * 300.0f;
    draw.PushClipRect(ImVec2(left, 100), ImVec2(left + 250, 300), true);
    std::vector<ImVec2> line;
    for (int i = 0; i < points; ++i)
      line.emplace_back(left + 250.0f * i / points, 200 + 80 * std::sin(i * 0.37f) + (box == 1 && i == points / 2 ? bump : 0));
    draw.AddPolyline(line.data(), static_cast<int>(line.size()), IM_COL32(200, 30, 30, 255), 0, 1.6f);
    draw.PopClipRect();
  }
}

UiRect bounds(const std::vector<UiRect>& rects) {
  UiRect all;
  for (const UiRect& rect : rects) all = all.united(rect);
  return all;
}

float totalArea(const std::vector<UiRect>& rects) {
  float area = 0;
  for (const UiRect& rect : rects) area += rect.area();
  return area;
}

TEST(UiDamage, AnUnchangedFrameHasNoDamageAndANewWindowIsDamagedWhole) {
  ImGuiFrames frames;
  UiDamageTracker tracker;
  const auto build = [] { fixedWindow("w", ImVec2(10, 20), ImVec2(400, 300), [](ImDrawList& d) { twoBoxes(d, 200, 0); }); };
  const auto first = tracker.update(frames.frame(build));
  ASSERT_FALSE(first.empty());
  EXPECT_LE(bounds(first).x0, 20.0f);
  EXPECT_GE(bounds(first).x1, 270.0f);
  EXPECT_TRUE(tracker.update(frames.frame(build)).empty());
}

// The same small change found both ways: by triangle (tight box around the moved point) and by draw
// command (the changed box's command only; the other box, drawn the same, is not damaged).
TEST(UiDamage, SmallListsAreComparedByTriangleBigOnesByDrawCommand) {
  for (const std::size_t limit : {std::size_t{1000000}, std::size_t{100}}) {
    SCOPED_TRACE(limit);
    ImGuiFrames frames;
    UiDamageTracker tracker(limit);
    float bump = 0;
    const auto build = [&] { fixedWindow("w", ImVec2(0, 0), ImVec2(800, 600), [&](ImDrawList& d) { twoBoxes(d, 400, bump); }); };
    tracker.update(frames.frame(build));
    bump = 10;
    tracker.update(frames.frame(build));
    bump = 30;
    const auto damage = tracker.update(frames.frame(build));
    ASSERT_FALSE(damage.empty());
    const UiRect all = bounds(damage);
    EXPECT_GE(all.x0, 320.0f - 1) << "nothing in the left box";
    EXPECT_LE(all.x1, 570.0f + 1);
    const float movedX = 320 + 250.0f * 200 / 400;
    EXPECT_TRUE(std::any_of(damage.begin(), damage.end(), [&](const UiRect& r) { return r.x0 <= movedX && movedX <= r.x1; }));
    if (limit > 100) {
      EXPECT_LT(totalArea(damage), 40.0f * 200) << "a narrow band around the moved point";
    }
    for (std::size_t a = 0; a < damage.size(); ++a)
      for (std::size_t b = a + 1; b < damage.size(); ++b) EXPECT_FALSE(damage[a].overlaps(damage[b]));
    EXPECT_TRUE(tracker.update(frames.frame(build)).empty());
  }
}

TEST(UiDamage, ContentBeforeACommandGrowingDoesNotDamageItInBigLists) {
  ImGuiFrames frames;
  UiDamageTracker tracker(100);
  int leftPoints = 300;
  const auto build = [&] {
    fixedWindow("w", ImVec2(0, 0), ImVec2(800, 600), [&](ImDrawList& d) {
      d.PushClipRect(ImVec2(20, 100), ImVec2(270, 300), true);
      std::vector<ImVec2> line;
      for (int i = 0; i < leftPoints; ++i) line.emplace_back(20 + 200.0f * i / 300, 150 + 10 * std::cos(i * 0.2f));
      d.AddPolyline(line.data(), static_cast<int>(line.size()), IM_COL32(0, 0, 200, 255), 0, 1.6f);
      d.PopClipRect();
      twoBoxes(d, 300, 0);  // its right box sits later in the buffers when the left line grows
    });
  };
  tracker.update(frames.frame(build));
  leftPoints = 310;
  tracker.update(frames.frame(build));
  leftPoints = 320;
  const auto damage = tracker.update(frames.frame(build));
  ASSERT_FALSE(damage.empty());
  EXPECT_LE(bounds(damage).x1, 270.0f + 1) << "only the left clip rectangle";
}

TEST(UiDamage, AWindowThatMovesOrClosesDamagesWhereItWas) {
  ImGuiFrames frames;
  UiDamageTracker tracker;
  ImVec2 position(10, 10);
  bool open = true;
  const auto build = [&] {
    fixedWindow("panel", ImVec2(0, 0), ImVec2(800, 600), [](ImDrawList& d) { d.AddRectFilled(ImVec2(700, 500), ImVec2(790, 590), IM_COL32_WHITE); });
    if (open) fixedWindow("popup", position, ImVec2(100, 80), [&](ImDrawList& d) {
      d.AddRectFilled(ImVec2(position.x + 5, position.y + 5), ImVec2(position.x + 60, position.y + 40), IM_COL32_WHITE);
    });
  };
  tracker.update(frames.frame(build));
  position = ImVec2(300, 200);
  auto damage = tracker.update(frames.frame(build));
  EXPECT_TRUE(std::any_of(damage.begin(), damage.end(), [](const UiRect& r) { return r.overlaps({15, 15, 70, 50}); })) << "old place";
  EXPECT_TRUE(std::any_of(damage.begin(), damage.end(), [](const UiRect& r) { return r.overlaps({305, 205, 360, 240}); })) << "new place";
  EXPECT_FALSE(std::any_of(damage.begin(), damage.end(), [](const UiRect& r) { return r.overlaps({700, 500, 790, 590}); }));
  open = false;
  damage = tracker.update(frames.frame(build));
  EXPECT_TRUE(std::any_of(damage.begin(), damage.end(), [](const UiRect& r) { return r.overlaps({305, 205, 360, 240}); }));
}

TEST(UiDamage, MergedRectanglesAreDisjointFewAndCoverTheInput) {
  std::vector<UiRect> rects;
  for (int i = 0; i < 500; ++i) {
    const float x = static_cast<float>((i * 37) % 700), y = static_cast<float>((i * 91) % 500);
    rects.push_back({x, y, x + 3 + i % 7, y + 2 + i % 5});
  }
  const auto merged = mergeRects(rects, 6);
  EXPECT_LE(merged.size(), 6u);
  for (std::size_t a = 0; a < merged.size(); ++a)
    for (std::size_t b = a + 1; b < merged.size(); ++b) EXPECT_FALSE(merged[a].overlaps(merged[b]));
  for (const UiRect& rect : rects)
    EXPECT_TRUE(std::any_of(merged.begin(), merged.end(), [&](const UiRect& m) {
      return m.x0 <= rect.x0 && m.y0 <= rect.y0 && m.x1 >= rect.x1 && m.y1 >= rect.y1;
    }));
}

}  // namespace
}  // namespace gradscape::app
