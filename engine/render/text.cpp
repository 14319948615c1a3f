// Font atlases baked with stb_truetype and the screen-space text pass (see text.hpp).
#include "render/text.hpp"

#include <stb_truetype.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <string>

#include "core/error.hpp"
#include "render/gl_objects.hpp"

namespace gradscape::resources {
std::string_view renderResource(std::string_view name);
}

namespace gradscape::render {

namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kMissingGlyphStandIn = '?';
constexpr float kLineSpacing = 1.2f;  // matplotlib's Text linespacing
// Horizontal oversampling lets small glyphs sit at sub-pixel pen positions; large ones do not need it.
constexpr float kOversampleBelowPixels = 64;

constexpr std::array<char32_t, 11> kExtraCodepoints = {
    0x2212,  // − minus sign (matplotlib's axes.unicode_minus)
    0x25A0,  // ■ square marker
    0x25CF,  // ● circle marker
    0x25B2,  // ▲ triangle marker
    0x25C6,  // ◆ diamond marker
    0x2715,  // ✕ cross marker
    0x00D7,  // × multiplication sign (offset texts)
    0x00B0,  // ° degrees (view angles)
    0x2013,  // – en dash
    0x00B7,  // · middle dot
    0x03B1,  // α (learning-rate labels)
};

}  // namespace

std::span<const char32_t> extraCodepoints() { return kExtraCodepoints; }

std::u32string decodeUtf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    int length = 0;
    char32_t codepoint = 0;
    if (lead < 0x80) {
      length = 1;
      codepoint = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      codepoint = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      codepoint = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      codepoint = lead & 0x07;
    } else {
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    if (i + length > utf8.size()) {
      out.push_back(kReplacement);
      break;
    }
    bool valid = true;
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(utf8[i + k]);
      if ((next & 0xC0) != 0x80) {
        valid = false;
        break;
      }
      codepoint = (codepoint << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are malformed too.
    static constexpr char32_t kSmallestForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (!valid || codepoint < kSmallestForLength[length] || codepoint > 0x10FFFF ||
        (codepoint >= 0xD800 && codepoint <= 0xDFFF)) {
      out.push_back(kReplacement);
      i += valid ? length : 1;
      continue;
    }
    out.push_back(codepoint);
    i += length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------- Font

struct Font::Impl {
  std::string_view bytes;
  stbtt_fontinfo info{};
  float pixelSize = 0;
  float scale = 0;  // font units -> pixels
  int atlasWidth = 0, atlasHeight = 0;
  std::vector<std::uint8_t> atlas;
  std::map<char32_t, stbtt_packedchar> glyphs;
  float lpAscent = 0, lpDescent = 0;

  // The glyph's outline box in pixels, y up (FreeType's cbox); false for glyphs without ink (space).
  bool inkBox(char32_t codepoint, float& x0, float& y0, float& x1, float& y1) const {
    int ix0, iy0, ix1, iy1;
    if (!stbtt_GetCodepointBox(&info, static_cast<int>(codepoint), &ix0, &iy0, &ix1, &iy1)) return false;
    if (ix0 == ix1 || iy0 == iy1) return false;
    x0 = ix0 * scale;
    y0 = iy0 * scale;
    x1 = ix1 * scale;
    y1 = iy1 * scale;
    return true;
  }

  char32_t drawable(char32_t codepoint) const {
    return glyphs.count(codepoint) ? codepoint : kMissingGlyphStandIn;
  }

  float kerning(char32_t left, char32_t right) const {
    return stbtt_GetCodepointKernAdvance(&info, static_cast<int>(left), static_cast<int>(right)) * scale;
  }

  // One line: pen positions of its glyphs from x = 0 and matplotlib's w, h, d: the width is the pen's
  // advance (FT2Font's width), the height and descent the ink's, at least those of "lp" (Text._get_layout).
  struct LineMetrics {
    std::vector<float> pens;
    float width = 0;
    float height = 0, descent = 0;
  };

  LineMetrics measure(std::u32string_view line) const {
    LineMetrics m;
    float pen = 0;
    bool anyInk = false;
    float inkTop = 0, inkBottom = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char32_t c = drawable(line[i]);
      if (i > 0) pen += kerning(drawable(line[i - 1]), c);
      m.pens.push_back(pen);
      float x0, y0, x1, y1;
      if (inkBox(c, x0, y0, x1, y1)) {
        inkTop = anyInk ? std::max(inkTop, y1) : y1;
        inkBottom = anyInk ? std::min(inkBottom, y0) : y0;
        anyInk = true;
      }
      pen += glyphs.at(c).xadvance;
    }
    m.width = pen;
    const float inkHeight = anyInk ? inkTop - inkBottom : 0;
    const float inkDescent = anyInk ? -inkBottom : 0;
    m.height = std::max(inkHeight, lpAscent + lpDescent);
    m.descent = std::max(inkDescent, lpDescent);
    return m;
  }
};

Font::Font(std::string_view ttfBytes, float pixelSize) : impl_(std::make_unique<Impl>()) {
  if (!(pixelSize > 0 && pixelSize <= 512))
    throw Error("font: pixel size " + std::to_string(pixelSize) + " is not in (0, 512]");
  Impl& f = *impl_;
  f.bytes = ttfBytes;
  f.pixelSize = pixelSize;
  const auto* data = reinterpret_cast<const unsigned char*>(ttfBytes.data());
  if (ttfBytes.size() < 12 || stbtt_GetFontOffsetForIndex(data, 0) < 0 ||
      !stbtt_InitFont(&f.info, data, stbtt_GetFontOffsetForIndex(data, 0)))
    throw Error("font: the bytes are not a TrueType font (" + std::to_string(ttfBytes.size()) + " bytes)");
  f.scale = stbtt_ScaleForMappingEmToPixels(&f.info, pixelSize);

  // Printable ASCII plus the extras the font really has.
  std::vector<int> codepoints;
  for (int c = 32; c < 127; ++c) codepoints.push_back(c);
  for (char32_t c : kExtraCodepoints)
    if (stbtt_FindGlyphIndex(&f.info, static_cast<int>(c)) != 0) codepoints.push_back(static_cast<int>(c));
  std::vector<stbtt_packedchar> packed(codepoints.size());

  // The atlas side: the glyphs' summed bitmap area with some slack, grown if packing still fails.
  const int oversampleX = pixelSize < kOversampleBelowPixels ? 2 : 1;
  double glyphArea = 0;
  int largestSide = 0;
  for (int c : codepoints) {
    int x0, y0, x1, y1;
    stbtt_GetCodepointBitmapBox(&f.info, c, f.scale * oversampleX, f.scale, &x0, &y0, &x1, &y1);
    glyphArea += double(x1 - x0 + oversampleX + 1) * (y1 - y0 + 2);
    largestSide = std::max({largestSide, x1 - x0 + oversampleX + 1, y1 - y0 + 2});
  }
  int side = 64;
  while (double(side) * side < 1.25 * glyphArea || side < largestSide) side *= 2;
  for (;; side *= 2) {
    if (side > 8192) throw Error("font: glyphs at " + std::to_string(pixelSize) + " px do not fit an atlas");
    f.atlasWidth = f.atlasHeight = side;
    f.atlas.assign(static_cast<std::size_t>(side) * side, 0);
    stbtt_pack_context pack;
    if (!stbtt_PackBegin(&pack, f.atlas.data(), side, side, 0, 1, nullptr))
      throw Error("font: cannot start packing an atlas");
    stbtt_PackSetOversampling(&pack, oversampleX, 1);
    stbtt_pack_range range{};
    range.font_size = STBTT_POINT_SIZE(pixelSize);  // em-based, as FreeType's char size
    range.array_of_unicode_codepoints = codepoints.data();
    range.num_chars = static_cast<int>(codepoints.size());
    range.chardata_for_range = packed.data();
    const int ok = stbtt_PackFontRanges(&pack, data, 0, &range, 1);
    stbtt_PackEnd(&pack);
    if (ok) break;
  }
  for (std::size_t i = 0; i < codepoints.size(); ++i) f.glyphs[static_cast<char32_t>(codepoints[i])] = packed[i];

  float x0, y0, x1, y1;
  if (f.inkBox('l', x0, y0, x1, y1)) f.lpAscent = y1;
  if (f.inkBox('p', x0, y0, x1, y1)) f.lpDescent = -y0;
}

Font::~Font() = default;
Font::Font(Font&&) noexcept = default;
Font& Font::operator=(Font&&) noexcept = default;

float Font::pixelSize() const { return impl_->pixelSize; }
bool Font::hasGlyph(char32_t codepoint) const { return impl_->glyphs.count(codepoint) != 0; }
float Font::lpAscent() const { return impl_->lpAscent; }
float Font::lpDescent() const { return impl_->lpDescent; }
int Font::atlasWidth() const { return impl_->atlasWidth; }
int Font::atlasHeight() const { return impl_->atlasHeight; }
std::span<const std::uint8_t> Font::atlasPixels() const { return impl_->atlas; }

TextLayout Font::layout(std::string_view utf8, glm::vec2 anchor, HAlign h, VAlign v) const {
  const Impl& f = *impl_;
  std::vector<std::u32string> lines(1);
  for (char32_t c : decodeUtf8(utf8)) {
    if (c == U'\n')
      lines.emplace_back();
    else
      lines.back().push_back(c);
  }

  // Text._get_layout: baselines measured down from the box top (matplotlib's y is up; ours is down).
  const float minLinePitch = f.lpAscent * kLineSpacing;  // (lp_h - lp_d) * linespacing
  std::vector<Impl::LineMetrics> metrics;
  std::vector<float> baselineFromTop;
  float y = 0;
  float boxWidth = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    metrics.push_back(f.measure(lines[i]));
    const Impl::LineMetrics& m = metrics.back();
    const float ascent = m.height - m.descent;
    if (i == 0)
      y = ascent;
    else
      y += std::max(minLinePitch, ascent * kLineSpacing);
    baselineFromTop.push_back(y);
    y += m.descent;
    boxWidth = std::max(boxWidth, m.width);
  }
  const float boxHeight = y;
  const float lastDescent = metrics.back().descent;

  TextLayout out;
  float left = anchor.x;
  if (h == HAlign::center) left -= boxWidth / 2;
  if (h == HAlign::right) left -= boxWidth;
  float top = anchor.y;
  switch (v) {
    case VAlign::top: break;
    case VAlign::center: top -= boxHeight / 2; break;
    case VAlign::bottom: top -= boxHeight; break;
    case VAlign::baseline: top -= boxHeight - lastDescent; break;
  }
  out.box = {left, top, left + boxWidth, top + boxHeight};

  const float u = 1.0f / f.atlasWidth, w = 1.0f / f.atlasHeight;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Impl::LineMetrics& m = metrics[i];
    const float lineWidth = m.width;
    float lineLeft = left;  // each line aligned within the box as the whole text is (multialignment)
    if (h == HAlign::center) lineLeft += (boxWidth - lineWidth) / 2;
    if (h == HAlign::right) lineLeft += boxWidth - lineWidth;
    // Like matplotlib's Agg backend, a line's bitmap lands on whole pixels.
    const float penStart = std::round(lineLeft);
    const float baseline = std::round(top + baselineFromTop[i]);
    out.baselines.push_back(baseline);
    for (std::size_t k = 0; k < lines[i].size(); ++k) {
      const stbtt_packedchar& g = f.glyphs.at(f.drawable(lines[i][k]));
      if (g.x1 == g.x0 || g.y1 == g.y0) continue;  // nothing to draw (space)
      const float x = penStart + m.pens[k];
      out.quads.push_back({x + g.xoff, baseline + g.yoff, x + g.xoff2, baseline + g.yoff2,
                           g.x0 * u, g.y0 * w, g.x1 * u, g.y1 * w});
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------------- TextRenderer

namespace {

struct TextVertex {
  float x, y;
  float u, v;
  std::uint8_t r, g, b, a;
};

std::uint8_t toByte(float value) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(value, 0.0f, 1.0f) * 255.0f));
}

constexpr std::size_t kCachedSizes = 6;

}  // namespace

struct TextRenderer::Impl {
  struct Atlas {
    int sizeKey;  // pixel size in quarter pixels
    Font font;
    gl::Texture2D texture;
    std::vector<TextVertex> queued;
  };

  std::string_view ttfBytes;
  gl::Program program = gl::Program::fromFiles("text.vert", "text.frag");
  gl::Buffer vertices{GL_ARRAY_BUFFER};
  gl::VertexArray vertexArray;
  std::deque<Atlas> atlases;  // most recently created last

  Atlas& atlasFor(float pixelSize) {
    const int key = std::max(1, static_cast<int>(std::lround(pixelSize * 4)));
    for (Atlas& atlas : atlases)
      if (atlas.sizeKey == key) return atlas;
    // Evict the oldest atlas that has nothing queued (a window being resized asks for many sizes).
    if (atlases.size() >= kCachedSizes) {
      auto idle = std::find_if(atlases.begin(), atlases.end(), [](const Atlas& a) { return a.queued.empty(); });
      if (idle != atlases.end()) atlases.erase(idle);
    }
    Font font(ttfBytes, key / 4.0f);
    // The atlas rows are top-down; GL's first row is v = 0, so the coordinates from stb map directly.
    gl::Texture2D texture(font.atlasWidth(), font.atlasHeight(), GL_R8, GL_RED, GL_UNSIGNED_BYTE,
                          font.atlasPixels().data());
    texture.setFilter(GL_LINEAR, GL_LINEAR);
    texture.setWrap(GL_CLAMP_TO_EDGE);
    atlases.push_back(Atlas{key, std::move(font), std::move(texture), {}});
    return atlases.back();
  }
};

TextRenderer::TextRenderer() : TextRenderer(resources::renderResource("DejaVuSans.ttf")) {}

TextRenderer::TextRenderer(std::string_view ttfBytes) : impl_(std::make_unique<Impl>()) {
  if (ttfBytes.empty()) throw Error("font: DejaVuSans.ttf is not embedded in this build");
  impl_->ttfBytes = ttfBytes;
  const GLsizei stride = sizeof(TextVertex);
  impl_->vertexArray.setAttribute(0, impl_->vertices, 2, GL_FLOAT, false, stride, offsetof(TextVertex, x));
  impl_->vertexArray.setAttribute(1, impl_->vertices, 2, GL_FLOAT, false, stride, offsetof(TextVertex, u));
  impl_->vertexArray.setAttribute(2, impl_->vertices, 4, GL_UNSIGNED_BYTE, true, stride, offsetof(TextVertex, r));
}

TextRenderer::~TextRenderer() = default;

const Font& TextRenderer::font(float pixelSize) { return impl_->atlasFor(pixelSize).font; }

TextBox TextRenderer::add(std::string_view utf8, glm::vec2 anchor, float pixelSize, const glm::vec4& color,
                          HAlign h, VAlign v) {
  Impl::Atlas& atlas = impl_->atlasFor(pixelSize);
  const TextLayout layout = atlas.font.layout(utf8, anchor, h, v);
  const std::uint8_t r = toByte(color.r), g = toByte(color.g), b = toByte(color.b), a = toByte(color.a);
  for (const GlyphQuad& q : layout.quads) {
    const TextVertex corners[4] = {{q.x0, q.y0, q.u0, q.v0, r, g, b, a},
                                   {q.x1, q.y0, q.u1, q.v0, r, g, b, a},
                                   {q.x1, q.y1, q.u1, q.v1, r, g, b, a},
                                   {q.x0, q.y1, q.u0, q.v1, r, g, b, a}};
    for (int index : {0, 1, 2, 0, 2, 3}) atlas.queued.push_back(corners[index]);
  }
  return layout.box;
}

void TextRenderer::draw(glm::vec2 viewportSize) {
  Impl& t = *impl_;
  glDisable(GL_DEPTH_TEST);
  glDepthMask(GL_FALSE);
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  t.program.use();
  t.program.setUniform("viewportSize", viewportSize);
  t.program.setUniform("atlas", 0);
  t.vertexArray.bind();
  for (Impl::Atlas& atlas : t.atlases) {
    if (atlas.queued.empty()) continue;
    // A fresh store per batch (glBufferData): overwriting one a pending draw still reads makes llvmpipe wait.
    t.vertices.setData(std::span<const TextVertex>(atlas.queued), GL_STREAM_DRAW);
    atlas.texture.bind(0);
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(atlas.queued.size()));
    atlas.queued.clear();
  }
  glBindVertexArray(0);
  glDepthMask(GL_TRUE);
}

}  // namespace gradscape::render
