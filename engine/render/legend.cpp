// The article's legend: text lines with marker glyphs at the axes' top-left, optionally framed.
#include "render/legend.hpp"

#include <optional>

#include "render/flat_mesh.hpp"
#include "render/gl_objects.hpp"

namespace gradscape::render {

std::string_view markerGlyph(core::Marker marker) {
  switch (marker) {
    case core::Marker::circle: return "\xE2\x97\x8F";    // U+25CF ●
    case core::Marker::square: return "\xE2\x96\xA0";    // U+25A0 ■
    case core::Marker::triangle: return "\xE2\x96\xB2";  // U+25B2 ▲
    case core::Marker::diamond: return "\xE2\x97\x86";   // U+25C6 ◆
    case core::Marker::cross: return "\xE2\x9C\x95";     // U+2715 ✕
  }
  return "?";
}

std::string legendText(std::span<const LegendEntry> entries, const LegendStyle& style) {
  std::string text = style.title;
  for (const LegendEntry& entry : entries) {
    if (!text.empty()) text += '\n';
    text += markerGlyph(entry.marker);
    text += ": ";
    // A label is one line: a newline in it would shift every row below.
    for (char c : entry.label) text += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return text;
}

LegendLayout layoutLegend(const ViewProjection& view, std::span<const LegendEntry> entries, const LegendStyle& style,
                          const Font& font) {
  LegendLayout layout;
  layout.text = legendText(entries, style);
  layout.fontPixels = font.pixelSize();
  const auto axes = view.axesRect();
  // text2D at (0.05, 0.95) anchors the article's 3 lines by the LAST baseline (va='baseline'); the same
  // top for any number of lines keeps the title in place and lets more runs extend downward.
  const float linePitch = font.lpDescent() + 1.2f * font.lpAscent();
  const double anchorX = axes[0] + style.axesFraction.x * axes[2];
  const double articleLastBaseline = axes[1] + (1 - style.axesFraction.y) * axes[3];
  layout.anchor = glm::vec2(static_cast<float>(anchorX),
                            static_cast<float>(articleLastBaseline - 2 * linePitch - font.lpAscent()));
  const TextLayout text = font.layout(layout.text, layout.anchor, HAlign::left, VAlign::top);
  layout.textBox = text.box;
  layout.rowBaselines = text.baselines;
  const float pad = static_cast<float>(style.framePad * layout.fontPixels);
  layout.frameBox = {text.box.left - pad, text.box.top - pad, text.box.right + pad, text.box.bottom + pad};
  return layout;
}

struct Legend::Impl {
  gl::Program frameProgram = gl::Program::fromFiles("legend_frame.vert", "legend_frame.frag");
  gl::VertexArray emptyArray;  // core profile draws need a vertex array even without attributes
  FlatMesh sweepBars;
  std::optional<FlatPainter> sweepPainter;  // made for the first sweep
};

Legend::Legend() : impl_(std::make_unique<Impl>()) {}
Legend::~Legend() = default;

void Legend::drawSweepBars(const ViewProjection& view, std::span<const LegendEntry> entries, const LegendLayout& layout,
                           float legendBottom, TextRenderer& text) {
  Impl& l = *impl_;
  l.sweepBars.clear();
  std::size_t bars = 0;
  for (const LegendEntry& entry : entries)
    if (entry.sweep)
      addSweepBar(sweepBarRect(layout.textBox.left, legendBottom, layout.fontPixels, bars++), *entry.sweep,
                  layout.fontPixels, view, l.sweepBars);
  if (bars == 0) return;
  if (!l.sweepPainter) l.sweepPainter.emplace();
  l.sweepPainter->upload(l.sweepBars);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  const Viewport& viewport = view.viewport();
  const glm::vec2 size(static_cast<float>(viewport.width), static_cast<float>(viewport.height));
  l.sweepPainter->draw(size);
  l.sweepBars.queueLabels(text);
  text.draw(size);
}

LegendLayout Legend::draw(const ViewProjection& view, std::span<const LegendEntry> entries, const LegendStyle& style,
                          TextRenderer& text) {
  if (entries.empty() && style.title.empty()) return {};
  const float fontPixels = static_cast<float>(view.pointsToPixels(style.fontSize));
  const LegendLayout layout = layoutLegend(view, entries, style, text.font(fontPixels));
  const Viewport& viewport = view.viewport();
  const glm::vec2 viewportSize(static_cast<float>(viewport.width), static_cast<float>(viewport.height));

  glDisable(GL_DEPTH_TEST);
  glDepthMask(GL_FALSE);
  glDisable(GL_CULL_FACE);
  if (style.frame) {
    const Impl& l = *impl_;
    const float edgeWidth = static_cast<float>(view.pointsToPixels(style.frameLineWidth));
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    l.frameProgram.use();
    const TextBox& box = layout.frameBox;
    l.frameProgram.setUniform("frameRect", glm::vec4(box.left, box.top, box.right, box.bottom));
    l.frameProgram.setUniform("margin", 0.5f * edgeWidth + 1.0f);
    l.frameProgram.setUniform("viewportSize", viewportSize);
    l.frameProgram.setUniform("cornerRadius", static_cast<float>(style.cornerRadius * fontPixels));
    l.frameProgram.setUniform("edgeWidth", edgeWidth);
    l.frameProgram.setUniform("faceColor", style.frameFace);
    l.frameProgram.setUniform("edgeColor", style.frameEdge);
    l.emptyArray.bind();
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
  }
  text.add(layout.text, layout.anchor, fontPixels, style.textColor, HAlign::left, VAlign::top);
  text.draw(viewportSize);
  drawSweepBars(view, entries, layout, style.frame ? layout.frameBox.bottom : layout.textBox.bottom, text);
  glDepthMask(GL_TRUE);
  glEnable(GL_DEPTH_TEST);
  glDisable(GL_BLEND);
  return layout;
}

}  // namespace gradscape::render
