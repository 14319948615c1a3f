// The map overlay's texture and the 2-D view's map rectangle (see map_overlay.hpp).
#include "render/map_overlay.hpp"

#include "core/error.hpp"

namespace gradscape::render {

void MapTexture::upload(const MapOverlay& overlay) {
  if (overlay.grid < 1 || overlay.colors.size() != std::size_t(overlay.grid) * std::size_t(overlay.grid))
    throw Error("map overlay: " + std::to_string(overlay.colors.size()) + " colours for a grid of " +
                std::to_string(overlay.grid));
  // Rows bottom-up are the cells' j order already: texel (i, j) is cell (i, j).
  texture_.emplace(overlay.grid, overlay.grid, GL_RGB8, GL_RGB, GL_UNSIGNED_BYTE, overlay.colors.data());
  texture_->setFilter(GL_NEAREST, GL_NEAREST);
  grid_ = overlay.grid;
}

void MapPlanePainter::draw(const MapTexture& texture, glm::vec2 viewportSize, const std::array<double, 4>& plot,
                           const std::array<double, 4>& shown) const {
  if (texture.empty()) return;
  program_.use();
  program_.setUniform("viewportSize", viewportSize);
  program_.setUniform("plot", glm::vec4(plot[0], plot[1], plot[2], plot[3]));
  program_.setUniform("shown", glm::vec4(shown[0], shown[1], shown[2], shown[3]));
  program_.setUniform("mapGrid", float(texture.grid()));
  program_.setUniform("mapTexture", 0);
  texture.bind(0);
  array_.bind();
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);  // the quad's corners come from gl_VertexID
  glBindVertexArray(0);
}

}  // namespace gradscape::render
