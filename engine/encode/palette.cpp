// Median cut + k-means over an RGB555 histogram, and the lookup table that maps pixels to the palette.
#include "encode/palette.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"

namespace gradscape::encode {
namespace {

constexpr int kCells = 1 << 15;

// A histogram cell as a weighted point: its mean colour and pixel count.
struct WeightedColor {
  double c[3];
  double weight;
  int cell;  // ties broken by cell index keep every sort deterministic
};

struct Box {
  int begin, end;       // range in the point array
  double splitGain;     // how much the best split lowers the total squared error
  int splitAxis, splitAt;
};

double squaredError(double weight, const double sum[3], const double sumSquares[3]) {
  if (weight <= 0) return 0;
  double error = 0;
  for (int a = 0; a < 3; ++a) error += sumSquares[a] - sum[a] * sum[a] / weight;
  return error;
}

// Finds the split of points[begin, end) along one axis that lowers the squared error most
// (the optimal cut of a sorted line, as in Wu's quantiser), for each axis; keeps the best.
void findBestSplit(std::vector<WeightedColor>& points, Box& box) {
  box.splitGain = 0;
  box.splitAxis = -1;
  const int n = box.end - box.begin;
  if (n < 2) return;
  double totalWeight = 0, totalSum[3] = {0, 0, 0}, totalSquares[3] = {0, 0, 0};
  for (int i = box.begin; i < box.end; ++i) {
    const auto& p = points[i];
    totalWeight += p.weight;
    for (int a = 0; a < 3; ++a) {
      totalSum[a] += p.weight * p.c[a];
      totalSquares[a] += p.weight * p.c[a] * p.c[a];
    }
  }
  const double whole = squaredError(totalWeight, totalSum, totalSquares);
  for (int axis = 0; axis < 3; ++axis) {
    std::sort(points.begin() + box.begin, points.begin() + box.end,
              [axis](const WeightedColor& l, const WeightedColor& r) {
                return l.c[axis] != r.c[axis] ? l.c[axis] < r.c[axis] : l.cell < r.cell;
              });
    double weight = 0, sum[3] = {0, 0, 0}, squares[3] = {0, 0, 0};
    for (int i = box.begin; i < box.end - 1; ++i) {
      const auto& p = points[i];
      weight += p.weight;
      for (int a = 0; a < 3; ++a) {
        sum[a] += p.weight * p.c[a];
        squares[a] += p.weight * p.c[a] * p.c[a];
      }
      if (points[i + 1].c[axis] == p.c[axis]) continue;  // cut only between distinct values
      double restSum[3], restSquares[3];
      for (int a = 0; a < 3; ++a) {
        restSum[a] = totalSum[a] - sum[a];
        restSquares[a] = totalSquares[a] - squares[a];
      }
      const double gain = whole - squaredError(weight, sum, squares) -
                          squaredError(totalWeight - weight, restSum, restSquares);
      if (gain > box.splitGain) {
        box.splitGain = gain;
        box.splitAxis = axis;
        box.splitAt = i + 1;
      }
    }
  }
  // Leave the points sorted along the chosen axis, so splitAt is valid.
  if (box.splitAxis >= 0 && box.splitAxis != 2) {
    const int axis = box.splitAxis;
    std::sort(points.begin() + box.begin, points.begin() + box.end,
              [axis](const WeightedColor& l, const WeightedColor& r) {
                return l.c[axis] != r.c[axis] ? l.c[axis] < r.c[axis] : l.cell < r.cell;
              });
  }
}

std::uint8_t toByte(double v) { return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

// The first (lowest-index) of the nearest colours, searched from a likely answer: `hint`'s distance bounds
// the search from the first candidate on, so partial sums stop almost every other colour after one or two
// terms. Ties go to the lowest index whatever the hint. Building the lookup table cell after cell with the
// previous cell's answer as the hint costs a fraction of starting cold.
int nearestFrom(const std::vector<Rgb8>& colors, int r, int g, int b, int hint) {
  const auto distanceTo = [&](int i) {
    const int dr = colors[i].r - r, dg = colors[i].g - g, db = colors[i].b - b;
    return dr * dr + dg * dg + db * db;
  };
  int best = hint, bestDistance = distanceTo(hint);
  // A candidate is out once its partial sum exceeds the best, or equals it from a higher index.
  const auto beaten = [&](int distance, int i) { return distance > bestDistance || (distance == bestDistance && i > best); };
  for (int i = 0; i < static_cast<int>(colors.size()); ++i) {
    const int dr = colors[i].r - r;
    int distance = dr * dr;
    if (beaten(distance, i)) continue;
    const int dg = colors[i].g - g;
    distance += dg * dg;
    if (beaten(distance, i)) continue;
    const int db = colors[i].b - b;
    distance += db * db;
    if (!beaten(distance, i) && i != best) {
      bestDistance = distance;
      best = i;
    }
  }
  return best;
}

// 4x4 Bayer matrix, thresholds 0..15.
constexpr std::array<std::array<int, 4>, 4> kBayer = {{{0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}}};

}  // namespace

ColorHistogram::ColorHistogram() : cells_(kCells) {}

void ColorHistogram::add(const RgbaView& image, const PixelRect& rect) {
  const PixelRect area = rect.clipped(image.width, image.height);
  for (int y = area.y; y < area.y + area.height; ++y) {
    const std::uint8_t* p = image.at(area.x, y);
    for (int x = 0; x < area.width; ++x, p += 4) {
      Cell& cell = cells_[rgb555(p[0], p[1], p[2])];
      ++cell.count;
      cell.sumR += p[0];
      cell.sumG += p[1];
      cell.sumB += p[2];
    }
  }
}

Palette Palette::build(const ColorHistogram& histogram, int maxColors) {
  if (maxColors < 1 || maxColors > kMaxColors) throw Error("palette: between 1 and 255 colours");
  std::vector<WeightedColor> points;
  const auto& cells = histogram.cells();
  for (int i = 0; i < kCells; ++i) {
    const auto& cell = cells[i];
    if (!cell.count) continue;
    const double n = static_cast<double>(cell.count);
    points.push_back({{cell.sumR / n, cell.sumG / n, cell.sumB / n}, n, i});
  }
  Palette palette;
  if (points.empty()) {
    palette.colors_ = {Rgb8{0, 0, 0}};
    palette.buildLookup(&histogram);
    return palette;
  }

  // Median cut: split the box whose best cut lowers the error most, until maxColors boxes.
  std::vector<Box> boxes{{0, static_cast<int>(points.size()), 0, -1, 0}};
  findBestSplit(points, boxes[0]);
  while (static_cast<int>(boxes.size()) < maxColors) {
    auto best = std::max_element(boxes.begin(), boxes.end(),
                                 [](const Box& l, const Box& r) { return l.splitGain < r.splitGain; });
    if (best->splitAxis < 0) break;  // every box holds a single colour
    Box upper{best->splitAt, best->end, 0, -1, 0};
    best->end = best->splitAt;
    findBestSplit(points, *best);
    findBestSplit(points, upper);
    boxes.push_back(upper);
  }

  std::vector<std::array<double, 3>> centroids;
  for (const Box& box : boxes) {
    double weight = 0, sum[3] = {0, 0, 0};
    for (int i = box.begin; i < box.end; ++i) {
      weight += points[i].weight;
      for (int a = 0; a < 3; ++a) sum[a] += points[i].weight * points[i].c[a];
    }
    centroids.push_back({sum[0] / weight, sum[1] / weight, sum[2] / weight});
  }

  // k-means (Lloyd) refinement: median cut's boxes are axis-aligned, the best partition is not.
  std::sort(points.begin(), points.end(), [](const WeightedColor& l, const WeightedColor& r) { return l.cell < r.cell; });
  constexpr int kIterations = 4;
  std::vector<int> assignment(points.size());
  for (int iteration = 0; iteration < kIterations; ++iteration) {
    std::vector<std::array<double, 4>> sums(centroids.size(), {0, 0, 0, 0});
    for (std::size_t i = 0; i < points.size(); ++i) {
      const auto& p = points[i];
      int best = 0;
      double bestDistance = std::numeric_limits<double>::max();
      for (std::size_t k = 0; k < centroids.size(); ++k) {
        const double dr = p.c[0] - centroids[k][0];
        double distance = dr * dr;
        if (distance >= bestDistance) continue;
        const double dg = p.c[1] - centroids[k][1];
        distance += dg * dg;
        if (distance >= bestDistance) continue;
        const double db = p.c[2] - centroids[k][2];
        distance += db * db;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = static_cast<int>(k);
        }
      }
      assignment[i] = best;
      for (int a = 0; a < 3; ++a) sums[best][a] += p.weight * p.c[a];
      sums[best][3] += p.weight;
    }
    for (std::size_t k = 0; k < centroids.size(); ++k)
      if (sums[k][3] > 0)
        for (int a = 0; a < 3; ++a) centroids[k][a] = sums[k][a] / sums[k][3];
  }

  for (const auto& c : centroids) {
    const Rgb8 color{toByte(c[0]), toByte(c[1]), toByte(c[2])};
    if (std::find(palette.colors_.begin(), palette.colors_.end(), color) == palette.colors_.end())
      palette.colors_.push_back(color);
  }
  palette.buildLookup(&histogram);
  return palette;
}

Palette Palette::fromColors(std::vector<Rgb8> colors) {
  if (colors.empty() || static_cast<int>(colors.size()) > kMaxColors)
    throw Error("palette: between 1 and 255 colours");
  Palette palette;
  palette.colors_ = std::move(colors);
  palette.buildLookup(nullptr);
  return palette;
}

void Palette::buildLookup(const ColorHistogram* histogram) {
  lut_.assign(kCells, kUnfilled);
  if (!histogram) return;
  int hint = 0;
  for (int cell = 0; cell < kCells; ++cell) {
    const auto& seen = histogram->cells()[cell];
    if (!seen.count) continue;
    const double n = static_cast<double>(seen.count);
    hint = nearestFrom(colors_, toByte(seen.sumR / n), toByte(seen.sumG / n), toByte(seen.sumB / n), hint);
    lut_[cell] = static_cast<std::uint8_t>(hint);
  }
}

std::uint8_t Palette::fillCell(int cell) const {
  const int r = ((cell >> 10) & 31) * 8 + 4, g = ((cell >> 5) & 31) * 8 + 4, b = (cell & 31) * 8 + 4;
  return lut_[cell] = static_cast<std::uint8_t>(nearestFrom(colors_, r, g, b, 0));
}

void Palette::mapRow(const std::uint8_t* rgba, int count, std::uint8_t* indices) const {
  for (int i = 0; i < count; ++i, rgba += 4) indices[i] = lookup(rgb555(rgba[0], rgba[1], rgba[2]));
}

void Palette::mapRowDithered(const std::uint8_t* rgba, int count, int x0, int y, std::uint8_t* indices) const {
  const auto& thresholds = kBayer[y & 3];
  for (int i = 0; i < count; ++i, rgba += 4) {
    // Offsets in [-8, +7]: one RGB555 cell wide, so flat areas stay flat and gradients get a pattern.
    const int offset = thresholds[(x0 + i) & 3] - 8;
    const auto shift = [offset](std::uint8_t v) { return static_cast<std::uint8_t>(std::clamp(v + offset, 0, 255)); };
    indices[i] = lookup(rgb555(shift(rgba[0]), shift(rgba[1]), shift(rgba[2])));
  }
}

}  // namespace gradscape::encode
