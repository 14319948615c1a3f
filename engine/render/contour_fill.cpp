// The 2-D view's GPU contour fill (see contour_fill.hpp).
#include "render/contour_fill.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gradscape::render {

ContourFillData contourFillData(int columns, int rows, std::span<const double> values, std::span<const double> levels,
                                std::vector<std::array<std::uint8_t, 4>> colors) {
  constexpr double kMax = std::numeric_limits<float>::max();
  const auto toFloat = [&](double v) { return static_cast<float>(std::isfinite(v) ? std::clamp(v, -kMax, kMax) : v); };
  ContourFillData data{columns, rows, {}, {}, std::move(colors)};
  data.values.resize(values.size());
  std::transform(values.begin(), values.end(), data.values.begin(), toFloat);
  data.levels.resize(levels.size());
  std::transform(levels.begin(), levels.end(), data.levels.begin(), toFloat);
  return data;
}

ContourFill::ContourFill() {
  program_.use();
  program_.setUniform("grid", 0);
  program_.setUniform("levels", 1);
  program_.setUniform("colors", 2);
}

void ContourFill::upload(const ContourFillData& data) {
  levelCount_ = 0;
  if (data.columns < 2 || data.rows < 2 || data.levels.size() < 2 || data.colors.size() + 1 < data.levels.size()) return;
  if (!grid_ || grid_->width() != data.columns || grid_->height() != data.rows) {
    grid_.emplace(data.columns, data.rows, GL_R32F, GL_RED, GL_FLOAT, data.values.data());
    grid_->setFilter(GL_NEAREST, GL_NEAREST);
  } else {
    grid_->setSubImage(0, 0, data.columns, data.rows, GL_RED, GL_FLOAT, data.values.data());
  }
  const std::span<const float> levels(data.levels);
  const std::span<const std::array<std::uint8_t, 4>> colors(data.colors.data(), data.levels.size() - 1);
  if (levels_.size() < levels.size_bytes()) levels_.allocate(levels.size_bytes());
  levels_.setSubData(0, levels);
  if (colors_.size() < colors.size_bytes()) colors_.allocate(colors.size_bytes());
  colors_.setSubData(0, colors);
  levelCount_ = static_cast<int>(levels.size());
}

void ContourFill::draw(glm::vec2 viewportSize, const std::array<double, 4>& plot) const {
  if (levelCount_ < 2 || !grid_) return;
  program_.use();
  program_.setUniform("viewportSize", viewportSize);
  program_.setUniform("plot", glm::vec4(plot[0], plot[1], plot[2], plot[3]));
  program_.setUniform("gridLast", glm::vec2(grid_->width() - 1, grid_->height() - 1));
  program_.setUniform("levelCount", levelCount_);
  grid_->bind(0);
  levels_.bind(1);
  colors_.bind(2);
  array_.bind();
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray(0);
  glActiveTexture(GL_TEXTURE0);
}

}  // namespace gradscape::render
