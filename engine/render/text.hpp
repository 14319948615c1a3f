// Text from a real font: a glyph atlas baked with stb_truetype (Font, CPU only) and a GL pass that draws
// queued strings as alpha-blended textured quads in screen space (TextRenderer). Layout follows matplotlib's
// Text: a line is as wide as the pen's advance and at least as tall as "lp"; lines are 1.2 apart.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <glm/glm.hpp>

namespace gradscape::render {

enum class HAlign { left, center, right };
enum class VAlign { top, center, baseline, bottom };  // baseline: of the LAST line, as matplotlib

// A rectangle in pixels, top-left origin (x right, y down), float edges.
struct TextBox {
  float left = 0, top = 0, right = 0, bottom = 0;
  float width() const { return right - left; }
  float height() const { return bottom - top; }
};

// One glyph placed on screen: pixel rectangle (top-left origin) and atlas coordinates.
struct GlyphQuad {
  float x0, y0, x1, y1;
  float u0, v0, u1, v1;
};

struct TextLayout {
  std::vector<GlyphQuad> quads;
  TextBox box;                   // matplotlib's text extent: advance width x ("lp"-based) line heights
  std::vector<float> baselines;  // y of each line's baseline, pixels
};

// The codepoints every atlas holds beyond printable ASCII: the minus sign matplotlib uses (U+2212),
// the legend's marker glyphs (square, circle, triangle, diamond, cross) and a few symbols.
std::span<const char32_t> extraCodepoints();

// A TrueType font rasterised at one pixel size (the em, as FreeType's char size: points x dpi / 72)
// into a single-channel atlas. Pure CPU; the bytes of the font must outlive it.
class Font {
 public:
  // Throws gradscape::Error "font: ..." when the bytes are not a font or the size is not in (0, 512].
  Font(std::string_view ttfBytes, float pixelSize);
  ~Font();
  Font(Font&&) noexcept;
  Font& operator=(Font&&) noexcept;

  float pixelSize() const;
  bool hasGlyph(char32_t codepoint) const;
  // matplotlib's "lp" metrics: the ink height above and below the baseline of the string "lp".
  float lpAscent() const;
  float lpDescent() const;

  // Lays out UTF-8 text (lines split at '\n') so that its box is aligned to `anchor` (pixels, top-left
  // origin). Codepoints missing from the atlas are drawn as '?'.
  TextLayout layout(std::string_view utf8, glm::vec2 anchor, HAlign h = HAlign::left,
                    VAlign v = VAlign::baseline) const;

  // The atlas: width x height bytes of coverage, rows top-down.
  int atlasWidth() const;
  int atlasHeight() const;
  std::span<const std::uint8_t> atlasPixels() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Decodes UTF-8; malformed sequences become U+FFFD.
std::u32string decodeUtf8(std::string_view utf8);

// Draws text into the current framebuffer. Needs a current GL 3.3 core context.
class TextRenderer {
 public:
  // `ttfBytes` defaults to the embedded DejaVuSans.ttf (matplotlib's default font) and must outlive this.
  TextRenderer();
  explicit TextRenderer(std::string_view ttfBytes);
  ~TextRenderer();
  TextRenderer(const TextRenderer&) = delete;
  TextRenderer& operator=(const TextRenderer&) = delete;

  // The font at `pixelSize`, baked on first use (sizes are kept to a quarter pixel; a few stay cached).
  // The reference is valid until the next call of font() or add() with another size.
  const Font& font(float pixelSize);

  // Queues `utf8` for the next draw(); returns where it lands (pixels, top-left origin of the viewport).
  TextBox add(std::string_view utf8, glm::vec2 anchor, float pixelSize, const glm::vec4& color,
              HAlign h = HAlign::left, VAlign v = VAlign::baseline);

  // Draws everything queued into the current viewport of `viewportSize` pixels and clears the queue.
  // Sets the state it needs: blending on, depth test and writes off, no culling.
  void draw(glm::vec2 viewportSize);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gradscape::render
