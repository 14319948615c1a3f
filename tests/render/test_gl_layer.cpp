// The GL layer: loud shader errors with file and line, the KHR_debug log, RAII moves (buffer textures too), framebuffer
// status, offscreen readback orientation, alpha policy and partial (rectangle) readback.
#include "gl_test_support.hpp"

#include <glad/gl.h>

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "core/error.hpp"
#include "render/gl_objects.hpp"
#include "render/path_segments.hpp"

namespace gradscape::render::test {
namespace {

class GlLayer : public GlTest {};

std::string compileError(GLenum stage, const std::string& file, const std::string& source,
                         std::vector<std::string> defines = {}) {
  try {
    gl::Shader shader(stage, file, source, defines);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

TEST_F(GlLayer, ShaderErrorsNameTheFileAndTheSourceLine) {
  const std::string message = compileError(GL_FRAGMENT_SHADER, "broken.frag",
                                           "out vec4 colour;\n"
                                           "void main() {\n"
                                           "  colour = undeclaredThing;\n"
                                           "}\n",
                                           {"SOME_VARIANT 1", "OTHER"});
  EXPECT_NE(message.find("broken.frag"), std::string::npos) << message;
  // The injected #version and #defines must not shift the line: the error is on line 3 of the file.
  EXPECT_NE(message.find("broken.frag:3"), std::string::npos) << message;
  EXPECT_NE(message.find("undeclaredThing"), std::string::npos) << message;
}

TEST_F(GlLayer, DefinesSelectVariants) {
  const std::string source =
      "out vec4 colour;\n"
      "void main() {\n"
      "#ifdef NEEDS_VALUE\n"
      "  colour = vec4(VALUE);\n"
      "#else\n"
      "  colour = vec4(1.0);\n"
      "#endif\n"
      "}\n";
  EXPECT_EQ(compileError(GL_FRAGMENT_SHADER, "variant.frag", source), "");
  EXPECT_EQ(compileError(GL_FRAGMENT_SHADER, "variant.frag", source, {"NEEDS_VALUE", "VALUE 0.5"}), "");
  EXPECT_NE(compileError(GL_FRAGMENT_SHADER, "variant.frag", source, {"NEEDS_VALUE"}), "");
}

TEST_F(GlLayer, UnknownShaderFileIsAnError) {
  EXPECT_THROW(gl::Program::fromFiles("no_such.vert", "surface.frag"), Error);
}

TEST_F(GlLayer, TheErrorLogCatchesGlErrors) {
  // A name never generated cannot be bound in a core context: GL_INVALID_OPERATION must be recorded.
  glBindBuffer(GL_ARRAY_BUFFER, 987654);
  EXPECT_NE(takeGlErrors(), "");
  EXPECT_EQ(takeGlErrors(), "");  // taken
}

TEST_F(GlLayer, MovedFromObjectsOwnNothing) {
  gl::Buffer a(GL_ARRAY_BUFFER);
  a.bind();  // a generated name becomes a buffer object when first bound
  const GLuint id = a.id();
  ASSERT_NE(id, 0u);
  gl::Buffer b = std::move(a);
  EXPECT_EQ(a.id(), 0u);  // NOLINT(bugprone-use-after-move): the documented moved-from state
  EXPECT_EQ(b.id(), id);
  EXPECT_TRUE(glIsBuffer(id));
  {
    gl::Buffer c = std::move(b);
  }
  EXPECT_FALSE(glIsBuffer(id));
}

TEST_F(GlLayer, BufferTexturesAreMoveOnlyAndReadTheirStore) {
  static_assert(!std::is_copy_constructible_v<gl::BufferTexture> && !std::is_copy_assignable_v<gl::BufferTexture>);
  static_assert(std::is_nothrow_move_constructible_v<gl::BufferTexture>);
  gl::BufferTexture a(GL_R32I);
  a.allocate(4 * sizeof(std::int32_t));
  const std::vector<std::int32_t> values{7, -3, 11, 42};
  a.setSubData(0, std::span<const std::int32_t>(values));
  const GLuint id = a.id();
  ASSERT_NE(id, 0u);
  gl::BufferTexture b = std::move(a);
  EXPECT_EQ(a.id(), 0u);  // NOLINT(bugprone-use-after-move): the documented moved-from state
  EXPECT_EQ(b.id(), id);
  EXPECT_EQ(b.size(), values.size() * sizeof(std::int32_t));
  // The texture reads the store it was given (the buffer the texture points at holds the values).
  b.bind(0);
  GLint store = 0, format = 0;
  glGetTexLevelParameteriv(GL_TEXTURE_BUFFER, 0, GL_TEXTURE_BUFFER_DATA_STORE_BINDING, &store);
  glGetTexLevelParameteriv(GL_TEXTURE_BUFFER, 0, GL_TEXTURE_INTERNAL_FORMAT, &format);
  EXPECT_EQ(format, GL_R32I);
  ASSERT_NE(store, 0);
  std::vector<std::int32_t> stored(values.size());
  glBindBuffer(GL_COPY_READ_BUFFER, static_cast<GLuint>(store));
  glGetBufferSubData(GL_COPY_READ_BUFFER, 0, static_cast<GLsizeiptr>(stored.size() * sizeof(std::int32_t)),
                     stored.data());
  EXPECT_EQ(stored, values);
  EXPECT_THROW(b.setSubData(2 * sizeof(std::int32_t), std::span<const std::int32_t>(values)), Error);
  {
    gl::BufferTexture c = std::move(b);
  }
  EXPECT_FALSE(glIsTexture(id));
  EXPECT_FALSE(glIsBuffer(static_cast<GLuint>(store)));
}

// A mapping writes the range in place (the rest of the store keeps its values), is move-only, unmaps once
// (a moved-from mapping does nothing), and a range past the end is an error before GL is asked.
TEST_F(GlLayer, AMappedRangeIsWrittenInPlaceAndUnmappedOnce) {
  static_assert(!std::is_copy_constructible_v<gl::Buffer::Mapping> && std::is_nothrow_move_constructible_v<gl::Buffer::Mapping>);
  gl::Buffer buffer(GL_ARRAY_BUFFER);
  const std::vector<std::int32_t> initial{1, 2, 3, 4, 5, 6};
  buffer.setData(std::span<const std::int32_t>(initial), GL_DYNAMIC_DRAW);
  EXPECT_THROW(buffer.mapForWrite(4 * sizeof(std::int32_t), 3 * sizeof(std::int32_t)), Error);
  {
    gl::Buffer::Mapping mapping = buffer.mapForWrite(2 * sizeof(std::int32_t), 3 * sizeof(std::int32_t));
    ASSERT_EQ(mapping.bytes().size(), 3 * sizeof(std::int32_t));
    const std::int32_t written[3] = {-7, 40, 9};
    std::memcpy(mapping.bytes().data(), written, sizeof written);
    gl::Buffer::Mapping moved = std::move(mapping);
    EXPECT_TRUE(moved.finish());
    EXPECT_TRUE(moved.finish());  // already unmapped: nothing to do
    GLint mapped = GL_TRUE;
    buffer.bind();
    glGetBufferParameteriv(GL_ARRAY_BUFFER, GL_BUFFER_MAPPED, &mapped);
    EXPECT_EQ(mapped, GL_FALSE);
  }  // both destructors: no second unmap (GL would report GL_INVALID_OPERATION)
  std::vector<std::int32_t> stored(initial.size());
  buffer.bind();
  glGetBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(stored.size() * sizeof(std::int32_t)), stored.data());
  EXPECT_EQ(stored, (std::vector<std::int32_t>{1, 2, -7, 40, 9, 6}));
  EXPECT_EQ(glGetError(), static_cast<GLenum>(GL_NO_ERROR));
}

TEST_F(GlLayer, IncompleteFramebufferIsReportedByName) {
  gl::Framebuffer framebuffer;
  try {
    framebuffer.checkStatus("test framebuffer");
    FAIL() << "an empty framebuffer is incomplete";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("GL_FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT"), std::string::npos)
        << error.what();
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

TEST_F(GlLayer, OffscreenTargetRejectsBadSizes) {
  EXPECT_THROW(OffscreenTarget(0, 10, 1), Error);
  EXPECT_THROW(OffscreenTarget(10, -1, 4), Error);
  EXPECT_THROW(OffscreenTarget(100000, 10, 1), Error);
}

// Clears the top-left quadrant (image rows) to red and the rest to transparent blue.
void paintTopLeftQuadrant(const OffscreenTarget& target) {
  target.bind();
  glDisable(GL_SCISSOR_TEST);
  glClearColor(0, 0, 1, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  glEnable(GL_SCISSOR_TEST);
  // GL's origin is the bottom-left: the image's top rows are GL's highest.
  glScissor(0, target.height() / 2, target.width() / 2, target.height() - target.height() / 2);
  glClearColor(1, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_SCISSOR_TEST);
}

TEST_F(GlLayer, ReadbackIsTopDownWithOpaqueAlpha) {
  for (int samples : {1, 4}) {
    OffscreenTarget target(64, 48, samples);
    paintTopLeftQuadrant(target);
    const Image image = readTarget(target);
    ASSERT_EQ(image.rgba.size(), 64u * 48 * 4);
    EXPECT_EQ(image.rgb(0, 0), (std::array<int, 3>{255, 0, 0})) << samples;
    EXPECT_EQ(image.rgb(31, 23), (std::array<int, 3>{255, 0, 0})) << samples;
    EXPECT_EQ(image.rgb(32, 23), (std::array<int, 3>{0, 0, 255})) << samples;
    EXPECT_EQ(image.rgb(0, 24), (std::array<int, 3>{0, 0, 255})) << samples;
    EXPECT_EQ(image.at(63, 47)[3], 255) << "alpha forced opaque";

    const std::vector<std::uint8_t> kept = target.readRgba(AlphaPolicy::keep);
    EXPECT_EQ(kept[(47 * 64 + 63) * 4 + 3], 0) << "alpha kept";
    EXPECT_EQ(kept[3], 255);
  }
}

TEST_F(GlLayer, RectangleReadbackMatchesTheFullImage) {
  for (int samples : {1, 4}) {
    OffscreenTarget target(64, 48, samples);
    paintTopLeftQuadrant(target);
    const Image full = readTarget(target);
    const PixelRect rect{20, 10, 30, 25};
    const std::vector<std::uint8_t> part = target.readRgbaRect(rect);
    ASSERT_EQ(part.size(), 30u * 25 * 4);
    for (int y = 0; y < rect.height; ++y)
      for (int x = 0; x < rect.width; ++x)
        for (int c = 0; c < 4; ++c)
          ASSERT_EQ(part[(y * rect.width + x) * 4 + c], full.at(rect.x + x, rect.y + y)[c])
              << "samples " << samples << " at " << x << "," << y;
    EXPECT_THROW(target.readRgbaRect(PixelRect{50, 40, 20, 20}), Error);
  }
}

TEST_F(GlLayer, CopyFromCopiesOnlyTheRectangle) {
  OffscreenTarget source(32, 32, 4), destination(32, 32, 4);
  paintTopLeftQuadrant(source);
  destination.bind();
  glClearColor(0, 1, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  destination.copyFrom(source, PixelRect{8, 8, 4, 4});
  const Image image = readTarget(destination);
  EXPECT_EQ(image.rgb(9, 9), (std::array<int, 3>{255, 0, 0}));
  EXPECT_EQ(image.rgb(7, 7), (std::array<int, 3>{0, 255, 0}));
  EXPECT_EQ(image.rgb(12, 12), (std::array<int, 3>{0, 255, 0}));
}

// The viewer presents its scene image with blitColor and resolves its rest frame with drawColor: both
// place the same pixels, only inside the clip.
TEST_F(GlLayer, BlitColorPlacesWhatDrawColorPlacesInsideTheClip) {
  OffscreenTarget source(32, 24, 1);
  paintTopLeftQuadrant(source);
  const auto placed = [&](bool blit) {
    OffscreenTarget destination(64, 48, 1);
    destination.bind();
    glClearColor(0, 1, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    const Viewport clip{12, 8, 14, 30};  // GL lower-left: columns 12..25, rows 8..37 from the bottom
    if (blit) source.blitColor(destination.drawFramebufferId(), 10, 5, clip);
    else source.drawColor(destination.drawFramebufferId(), 10, 5, clip);
    return readTarget(destination);
  };
  const Image blitted = placed(true), drawn = placed(false);
  EXPECT_EQ(blitted.rgba, drawn.rgba);
  // Source pixel (x, top-down y) lands at (10 + x, 48 - 5 - 24 + y) top-down: its red quadrant's
  // corner (0, 0) at (10, 19), clipped to columns from 12 and top-down rows up to 39.
  EXPECT_EQ(blitted.rgb(12, 19), (std::array<int, 3>{255, 0, 0}));
  EXPECT_EQ(blitted.rgb(11, 19), (std::array<int, 3>{0, 255, 0})) << "left of the clip";
  EXPECT_EQ(blitted.rgb(25, 25), (std::array<int, 3>{255, 0, 0}));
  EXPECT_EQ(blitted.rgb(25, 33), (std::array<int, 3>{0, 0, 255}));
  EXPECT_EQ(blitted.rgb(26, 33), (std::array<int, 3>{0, 255, 0})) << "right of the clip";
  EXPECT_EQ(blitted.rgb(12, 39), (std::array<int, 3>{0, 0, 255}));
  EXPECT_EQ(blitted.rgb(12, 40), (std::array<int, 3>{0, 255, 0})) << "below the clip";
  EXPECT_EQ(blitted.rgb(12, 18), (std::array<int, 3>{0, 255, 0})) << "above the image";
  EXPECT_THROW(OffscreenTarget(8, 8, 4).blitColor(0, 0, 0, Viewport{0, 0, 8, 8}), Error);
}

// The store texture unit `unit` has bound, read back whole.
template <class T>
std::vector<T> boundTextureStore(GLuint unit) {
  glActiveTexture(GL_TEXTURE0 + unit);
  GLint buffer = 0, bytes = 0;
  glGetTexLevelParameteriv(GL_TEXTURE_BUFFER, 0, GL_TEXTURE_BUFFER_DATA_STORE_BINDING, &buffer);
  glActiveTexture(GL_TEXTURE0);
  glBindBuffer(GL_COPY_READ_BUFFER, static_cast<GLuint>(buffer));
  glGetBufferParameteriv(GL_COPY_READ_BUFFER, GL_BUFFER_SIZE, &bytes);
  std::vector<T> items(static_cast<std::size_t>(bytes) / sizeof(T));
  glGetBufferSubData(GL_COPY_READ_BUFFER, 0, bytes, items.data());
  return items;
}

TEST_F(GlLayer, PathSegmentBatchJoinsEachRunsPointsInOneStore) {
  std::vector<PathVertex> points;
  for (int i = 0; i < 9; ++i) points.push_back({{i * 0.1f, 0.5f, 0.25f}, {0, 0, i % 2 ? 1.0f : 0.0f}});
  PathSegmentBatch batch;
  const auto addRun = [&](core::Rgb color, int id, std::size_t first, std::size_t count) {
    batch.beginRun(color, id);
    for (std::size_t k = first; k < first + count; ++k) batch.addPoint(points[k]);
    return batch.endRun();
  };
  const SegmentRange a = addRun({255, 0, 0}, 1, 0, 4), lone = addRun({0, 255, 0}, 2, 4, 1),
                     b = addRun({0, 0, 255}, 3, 5, 4);
  EXPECT_EQ(a.first, 0u);
  EXPECT_EQ(a.count, 3u);
  EXPECT_EQ(lone.count, 0u) << "one point makes no segment";
  EXPECT_EQ(b.first, 3u);
  EXPECT_EQ(b.count, 3u);
  ASSERT_EQ(batch.segmentCount(), 6u);
  batch.upload();

  // What the GL holds: every point that makes a segment, in order; each segment's first point and run.
  OffscreenTarget target(8, 8, 1);
  target.bind();
  const gl::Program program = gl::Program::fromFiles("trajectory.vert", "trajectory.frag");
  program.use();
  batch.draw(b);
  const std::vector<PathVertex> stored = boundTextureStore<PathVertex>(PathSegmentBatch::kPointsTextureUnit);
  ASSERT_EQ(stored.size(), 8u) << "the lone point is not kept";
  for (std::size_t k = 0; k < 4; ++k) EXPECT_EQ(stored[k], points[k]) << k;
  for (std::size_t k = 4; k < 8; ++k) EXPECT_EQ(stored[k], points[k + 1]) << k;
  const std::vector<glm::ivec2> segments = boundTextureStore<glm::ivec2>(PathSegmentBatch::kSegmentsTextureUnit);
  const std::vector<glm::ivec2> expected{{0, 0}, {1, 0}, {2, 0}, {4, 2}, {5, 2}, {6, 2}};
  EXPECT_EQ(segments, expected);
  const std::vector<glm::vec4> runs = boundTextureStore<glm::vec4>(PathSegmentBatch::kRunsTextureUnit);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[2], glm::vec4(0, 0, 1, 3));

  batch.clear();
  EXPECT_EQ(batch.segmentCount(), 0u);
}

}  // namespace
}  // namespace gradscape::render::test
