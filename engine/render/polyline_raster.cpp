// rasterizePolylines (see polyline_raster.hpp): the picture in column bands on every core, each band
// drawing, in order, the segments that reach its columns, so a pixel sees the segments in the order they
// were added whatever the thread count. Column bands because a plot's curves run left to right: every
// band gets its share, where row bands left one band with every curve that flattens onto one row.
#include "render/polyline_raster.hpp"

#include <emmintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/parallel_for.hpp"

namespace gradscape::render {

namespace {

constexpr int kColumnsPerBand = 32;

// A segment ready for distance queries. Built by the same code from the same two points wherever it is
// measured (at its own pixels and at its neighbours'), so both see the same distance and a pixel between
// two segments goes to exactly one of them.
struct SegmentGeometry {
  __m128 ax, ay, abx, aby, inverseLength2;  // each broadcast: four pixels of a row at a time

  SegmentGeometry(glm::vec2 from, glm::vec2 to) {
    const glm::vec2 ab = to - from;
    const float length2 = ab.x * ab.x + ab.y * ab.y;
    ax = _mm_set1_ps(from.x), ay = _mm_set1_ps(from.y), abx = _mm_set1_ps(ab.x), aby = _mm_set1_ps(ab.y);
    inverseLength2 = _mm_set1_ps(length2 > 0 ? 1 / length2 : 0);  // 0 for a point: all measure to a
  }
  // Squared distances from the pixel centres (x, y): t clamped to the segment, then the offset's length.
  __m128 distance2(__m128 x, __m128 y) const {
    const __m128 along = _mm_mul_ps(_mm_add_ps(_mm_mul_ps(_mm_sub_ps(x, ax), abx), _mm_mul_ps(_mm_sub_ps(y, ay), aby)),
                                    inverseLength2);
    const __m128 t = _mm_min_ps(_mm_set1_ps(1.0f), _mm_max_ps(_mm_setzero_ps(), along));
    const __m128 dx = _mm_sub_ps(x, _mm_add_ps(ax, _mm_mul_ps(abx, t)));
    const __m128 dy = _mm_sub_ps(y, _mm_add_ps(ay, _mm_mul_ps(aby, t)));
    return _mm_add_ps(_mm_mul_ps(dx, dx), _mm_mul_ps(dy, dy));
  }
};

// Past this distance from its segment a pixel centre takes no coverage.
float reachOf(const PolylineBatch::Segment& segment) { return segment.halfWidth + 0.5f; }

// Pixel i's centre is i + 0.5: the first pixel whose centre is at or past `at`, and the last at or before.
// (Plain conversions: std::ceil and std::floor are calls on baseline x86-64, and these run per row.) Far
// or NaN coordinates are held to a range an int holds.
float heldCentre(float at) {
  const float centre = at - 0.5f;
  return centre > -1e8f ? std::min(centre, 1e8f) : -1e8f;
}
int firstCentreFrom(float at) {
  const float centre = heldCentre(at);
  const int i = static_cast<int>(centre);
  return static_cast<float>(i) < centre ? i + 1 : i;
}
int lastCentreUpTo(float at) {
  const float centre = heldCentre(at);
  const int i = static_cast<int>(centre);
  return static_cast<float>(i) > centre ? i - 1 : i;
}

// The pixels whose centres a segment's coverage can reach (not clipped).
PixelRect reachOfSegment(const PolylineBatch::Segment& segment) {
  const float reach = reachOf(segment);
  const int x0 = firstCentreFrom(std::min(segment.start.x, segment.end.x) - reach);
  const int y0 = firstCentreFrom(std::min(segment.start.y, segment.end.y) - reach);
  return {x0, y0, lastCentreUpTo(std::max(segment.start.x, segment.end.x) + reach) + 1 - x0,
          lastCentreUpTo(std::max(segment.start.y, segment.end.y) + reach) + 1 - y0};
}

// The part of a segment's box (its reach) in `columns` (a band, all rows), its rows narrowed to those the
// piece of the segment over those columns (widened by the reach) can reach: a long flat segment crosses
// many bands, a steep one many rows, and a band walks only the rows it can draw in.
PixelRect boxInColumns(const PolylineBatch::Segment& segment, const PixelRect& box, const PixelRect& columns) {
  const float reach = reachOf(segment);
  const float left = static_cast<float>(columns.x) + 0.5f - reach;
  const float right = static_cast<float>(columns.x + columns.width) - 0.5f + reach;
  const glm::vec2 start = segment.start, end = segment.end;
  float t0 = 0, t1 = 1;
  if (end.x != start.x) {
    t0 = std::clamp((left - start.x) / (end.x - start.x), 0.0f, 1.0f);
    t1 = std::clamp((right - start.x) / (end.x - start.x), 0.0f, 1.0f);
  }
  const float y0 = start.y + (end.y - start.y) * t0, y1 = start.y + (end.y - start.y) * t1;
  const int top = firstCentreFrom(std::min(y0, y1) - reach);
  const PixelRect rows{columns.x, top, columns.width, lastCentreUpTo(std::max(y0, y1) + reach) + 1 - top};
  return box.intersected(rows);
}

// Premultiplied RGBA floats, top-down, for the framebuffer pixels from (x0, y0) on.
struct FloatPixels {
  float* data;
  int x0, y0;
  std::size_t rowFloats;
  float* at(int x, int y) const {
    return data + static_cast<std::size_t>(y - y0) * rowFloats + static_cast<std::size_t>(x - x0) * 4;
  }
};

// One segment over the pixels of `box` (its own reach clipped to a band), blended into `pixels`.
void drawSegment(const PolylineBatch::Segment& segment, const PixelRect& box, const FloatPixels& pixels) {
  const float reach = reachOf(segment);
  const glm::vec2 start = segment.start, end = segment.end;
  const int neighbours = static_cast<int>(segment.neighbours + 0.5f);
  const SegmentGeometry own(start, end), previous(segment.previous, start), next(end, segment.next);
  // Lanes where a neighbour exists: a pixel nearer it is left to it (ties to the earlier segment).
  const __m128 hasPrevious = _mm_castsi128_ps(_mm_set1_epi32((neighbours & 1) != 0 ? -1 : 0));
  const __m128 hasNext = _mm_castsi128_ps(_mm_set1_epi32((neighbours & 2) != 0 ? -1 : 0));
  const __m128 reachLanes = _mm_set1_ps(reach), reach2 = _mm_set1_ps(reach * reach), one = _mm_set1_ps(1.0f);
  const auto unit = [&](int c) { return static_cast<float>(segment.color[c]) / 255.0f; };
  const __m128 alphaScale = _mm_set1_ps(unit(3));
  const __m128 color = _mm_setr_ps(unit(0), unit(1), unit(2), 1.0f);  // the alpha channel blends as 1
  const __m128 laneOffsets = _mm_setr_ps(0.5f, 1.5f, 2.5f, 3.5f), laneIndices = _mm_setr_ps(0, 1, 2, 3);
  const float dy = end.y - start.y, inverseDy = dy != 0 ? 1 / dy : 0;
  for (int row = box.y; row < box.y + box.height; ++row) {
    const float centreY = static_cast<float>(row) + 0.5f;
    // A pixel within reach of the segment is within reach, across, of the piece of it inside the slab
    // |y - centreY| <= reach: that piece's columns widened by the reach.
    float fromX = start.x, toX = end.x;
    if (dy != 0) {
      const float t0 = std::clamp((centreY - reach - start.y) * inverseDy, 0.0f, 1.0f);
      const float t1 = std::clamp((centreY + reach - start.y) * inverseDy, 0.0f, 1.0f);
      fromX = start.x + (end.x - start.x) * t0;
      toX = start.x + (end.x - start.x) * t1;
    }
    const int firstColumn = std::max(box.x, firstCentreFrom(std::min(fromX, toX) - reach));
    const int lastColumn = std::min(box.x + box.width - 1, lastCentreUpTo(std::max(fromX, toX) + reach));
    const __m128 y = _mm_set1_ps(centreY);
    for (int column = firstColumn; column <= lastColumn; column += 4) {
      const __m128 x = _mm_add_ps(_mm_set1_ps(static_cast<float>(column)), laneOffsets);
      const __m128 d2 = own.distance2(x, y);
      __m128 drawn = _mm_cmplt_ps(d2, reach2);
      drawn = _mm_andnot_ps(_mm_and_ps(hasPrevious, _mm_cmple_ps(previous.distance2(x, y), d2)), drawn);
      drawn = _mm_andnot_ps(_mm_and_ps(hasNext, _mm_cmplt_ps(next.distance2(x, y), d2)), drawn);
      const __m128 coverage = _mm_min_ps(one, _mm_sub_ps(reachLanes, _mm_sqrt_ps(d2)));
      drawn = _mm_and_ps(drawn, _mm_cmpgt_ps(coverage, _mm_setzero_ps()));
      // Lanes past lastColumn take nothing (past the band's last column they are the next row's first
      // pixels); with alpha 0 a pixel is written back unchanged (p * 1 + c * 0), so all four are blended
      // without a branch per lane.
      drawn = _mm_and_ps(drawn, _mm_cmplt_ps(laneIndices, _mm_set1_ps(static_cast<float>(lastColumn - column + 1))));
      const __m128 alpha = _mm_and_ps(drawn, _mm_mul_ps(alphaScale, coverage)), keep = _mm_sub_ps(one, alpha);
      float* const first = pixels.at(column, row);
      const auto blend = [&](float* pixel, __m128 a, __m128 k) {
        _mm_storeu_ps(pixel, _mm_add_ps(_mm_mul_ps(color, a), _mm_mul_ps(_mm_loadu_ps(pixel), k)));
      };
      blend(first, _mm_shuffle_ps(alpha, alpha, 0x00), _mm_shuffle_ps(keep, keep, 0x00));
      blend(first + 4, _mm_shuffle_ps(alpha, alpha, 0x55), _mm_shuffle_ps(keep, keep, 0x55));
      blend(first + 8, _mm_shuffle_ps(alpha, alpha, 0xAA), _mm_shuffle_ps(keep, keep, 0xAA));
      blend(first + 12, _mm_shuffle_ps(alpha, alpha, 0xFF), _mm_shuffle_ps(keep, keep, 0xFF));
    }
  }
}

// Floats in [0, 1] to bytes, rounded to nearest; `count` a multiple of 4 (whole pixels).
void toBytes(const float* source, std::size_t count, std::uint8_t* target) {
  const __m128 zero = _mm_setzero_ps(), scale = _mm_set1_ps(255.0f);
  const auto lanes = [&](std::size_t k) {
    const __m128 clamped = _mm_min_ps(_mm_set1_ps(1.0f), _mm_max_ps(zero, _mm_loadu_ps(source + k)));
    return _mm_cvtps_epi32(_mm_mul_ps(clamped, scale));
  };
  std::size_t k = 0;
  for (; k + 16 <= count; k += 16) {
    const __m128i low = _mm_packs_epi32(lanes(k), lanes(k + 4)), high = _mm_packs_epi32(lanes(k + 8), lanes(k + 12));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(target + k), _mm_packus_epi16(low, high));
  }
  for (; k + 4 <= count; k += 4) {
    const __m128i pixel = lanes(k);
    const std::int32_t bytes = _mm_cvtsi128_si32(_mm_packus_epi16(_mm_packs_epi32(pixel, pixel), pixel));
    std::memcpy(target + k, &bytes, 4);
  }
}

}  // namespace

void rasterizePolylines(std::span<const PolylineBatch::Segment> segments, int framebufferWidth,
                        int framebufferHeight, PolylineImage& image, std::vector<float>& scratch) {
  // Each segment's reach once; the picture is their union inside the framebuffer.
  std::vector<PixelRect> boxes(segments.size());
  PixelRect region;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    boxes[k] = reachOfSegment(segments[k]).clipped(framebufferWidth, framebufferHeight);
    region = region.united(boxes[k]);
  }
  image.place = region;
  const std::size_t rowBytes = static_cast<std::size_t>(region.width) * 4;
  image.rgba.resize(rowBytes * static_cast<std::size_t>(std::max(region.height, 0)));
  image.covered.clear();
  if (image.rgba.empty()) return;

  // Each band draws into its own slice of `scratch` (32 columns by the picture's height: it stays in the
  // core's cache), then writes its columns of the picture.
  const std::size_t bands = static_cast<std::size_t>((region.width + kColumnsPerBand - 1) / kColumnsPerBand);
  // (Four pixels more: the last row's last group of four lanes may reach past it.)
  const std::size_t bandFloats =
      static_cast<std::size_t>(kColumnsPerBand) * 4 * static_cast<std::size_t>(region.height) + 16;
  scratch.resize(bands * bandFloats);
  image.covered.assign(bands, PixelRect{});
  core::parallelFor(bands, 2, [&](std::size_t band) {
    const int x0 = region.x + static_cast<int>(band) * kColumnsPerBand;
    const PixelRect columns = PixelRect{x0, region.y, kColumnsPerBand, region.height}.intersected(region);
    const FloatPixels pixels{scratch.data() + band * bandFloats, x0, region.y,
                             static_cast<std::size_t>(kColumnsPerBand) * 4};
    std::fill_n(pixels.data, bandFloats, 0.0f);
    for (std::size_t k = 0; k < segments.size(); ++k) {
      if (!boxes[k].overlaps(columns)) continue;
      const PixelRect box = boxInColumns(segments[k], boxes[k], columns);
      if (!box.empty()) drawSegment(segments[k], box, pixels);
    }
    const std::size_t count = static_cast<std::size_t>(columns.width) * 4;
    int top = region.height, bottom = -1;  // the band's rows (of the picture, top-down) with any coverage
    for (int row = 0; row < region.height; ++row) {
      std::uint8_t* target = image.rgba.data() + static_cast<std::size_t>(region.height - 1 - row) * rowBytes +
                             static_cast<std::size_t>(x0 - region.x) * 4;
      toBytes(pixels.at(x0, region.y + row), count, target);
      for (std::size_t alpha = 3; alpha < count; alpha += 4)
        if (target[alpha] != 0) {
          top = std::min(top, row), bottom = std::max(bottom, row);
          break;
        }
    }
    if (bottom >= top) image.covered[band] = {x0 - region.x, top, columns.width, bottom - top + 1};
  });
  std::erase_if(image.covered, [](const PixelRect& part) { return part.empty(); });
}

}  // namespace gradscape::render
