// Surface geometry like matplotlib's plot_surface, its GL buffers, and height-field picking.
#include "render/surface_mesh.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "core/error.hpp"
#include "core/color_scale.hpp"
#include "render/colormap.hpp"

namespace gradscape::render {

namespace {

// Where a polygon's two corner triangles stay this close (world-box units, vertically) to the surface at
// all its grid points and cell centres, they replace its per-cell triangles: about 0.15 px in the
// article's 1200x900 view. llvmpipe's cost grows with the number of triangles far more than with their
// area; the article's saddle needs 2 triangles a polygon instead of 8 (error 0.00027).
constexpr double kMaxMergeErrorWorld = 5e-4;

// Polygon boundaries every `stride` grid lines, and always the last line (matplotlib's row_inds).
std::vector<int> blockBoundaries(int resolution, int stride) {
  std::vector<int> boundaries;
  for (int i = 0; i < resolution - 1; i += stride) boundaries.push_back(i);
  boundaries.push_back(resolution - 1);
  return boundaries;
}

}  // namespace

std::array<double, 2> nonSingularRange(double low, double high) {
  if (!std::isfinite(low) || !std::isfinite(high)) return {-1, 1};
  if (high - low > 1e-12 * std::max({1.0, std::abs(low), std::abs(high)})) return {low, high};
  // matplotlib.transforms.nonsingular(expander=0.05)
  if (std::abs(low) < 1e-300) return {-0.05, 0.05};
  return {low - 0.05 * std::abs(low), high + 0.05 * std::abs(high)};
}

glm::vec3 dataToWorld(const DataBox& box, const glm::dvec3& data) {
  const glm::dvec3 aspect = matplotlibBoxAspect();
  glm::dvec3 world;
  for (int i = 0; i < 3; ++i) {
    const std::array<double, 2>& limits = i == 0 ? box.x : i == 1 ? box.y : box.z;
    double span = limits[1] - limits[0];
    if (!(span != 0 && std::isfinite(span))) span = 1;
    const double value = std::isnan(data[i]) ? limits[0] : std::clamp(data[i], -1e300, 1e300);
    world[i] = std::clamp((value - limits[0]) / span, -1e300, 1e300) * aspect[i];
  }
  // Far points (a diverging run) are pulled radially toward the box centre: seen from the box, the
  // direction of a segment leaving it changes by less than 1e-4 rad, and float stays finite.
  constexpr double kFar = 1e4;  // world units; the box is ~1.8 across
  const glm::dvec3 centre = 0.5 * aspect;
  const glm::dvec3 offset = world - centre;
  const double distance = std::max({std::abs(offset.x), std::abs(offset.y), std::abs(offset.z)});
  if (distance > kFar) world = centre + offset * (kFar / distance);
  return glm::vec3(world);
}

SurfaceGeometry buildSurfaceGeometry(const core::SurfaceSpec& spec, const core::RenderSpec& render) {
  const int n = render.gridResolution;
  if (n < 2) throw Error("render.grid: the surface needs at least 2 vertices per side, got " + std::to_string(n));
  const core::Domain domain = spec.domain();
  SurfaceGeometry geometry;
  geometry.resolution = n;

  // np.mgrid[xmin:xmax:n*1j]: x varies along rows (i), y along columns (j).
  auto gridX = [&](int i) { return domain.xMin + (domain.xMax - domain.xMin) * i / (n - 1); };
  auto gridY = [&](int j) { return domain.yMin + (domain.yMax - domain.yMin) * j / (n - 1); };
  geometry.heights.resize(static_cast<std::size_t>(n) * n);
  double zLow = std::numeric_limits<double>::infinity(), zHigh = -zLow;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double z = spec.surface.value(gridX(i), gridY(j));
      geometry.heights[static_cast<std::size_t>(i) * n + j] = z;
      if (std::isfinite(z)) {
        zLow = std::min(zLow, z);
        zHigh = std::max(zHigh, z);
      }
    }
  const std::array<double, 2> zRange = nonSingularRange(zLow, zHigh);
  geometry.box = DataBox{{domain.xMin, domain.xMax}, {domain.yMin, domain.yMax}, zRange};
  geometry.colorRange = render.colorRange ? *render.colorRange : std::array<double, 2>{zLow, zHigh};
  if (!std::isfinite(zLow)) geometry.colorRange = {-1, 1};
  // Linear is matplotlib's Normalize to the bit (the article's colours); log and symlog per
  // docs/scene-format.md, "Colour scales".
  const core::ColorScale colorScale(render.display.colorScale, geometry.colorRange[0], geometry.colorRange[1],
                                    render.display.symlogThreshold);

  auto height = [&](int i, int j) { return geometry.heights[static_cast<std::size_t>(i) * n + j]; };
  auto index = [&](int i, int j) { return static_cast<std::uint32_t>(i * n + j); };
  geometry.vertices.resize(static_cast<std::size_t>(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      geometry.vertices[index(i, j)] = {dataToWorld(geometry.box, {gridX(i), gridY(j), height(i, j)}),
                                        {0, 0, 0, 255},
                                        {static_cast<float>(i), static_cast<float>(j)}};
  auto finite = [&](int i, int j) { return std::isfinite(height(i, j)); };

  const double worldPerDataZ = matplotlibBoxAspect().z / (geometry.box.z[1] - geometry.box.z[0]);
  // The surface at each cell's centre, evaluated once: polygon merging and the chord gap both need it.
  std::vector<double> cellCentres(static_cast<std::size_t>(n - 1) * (n - 1));
  for (int i = 0; i + 1 < n; ++i)
    for (int j = 0; j + 1 < n; ++j)
      cellCentres[static_cast<std::size_t>(i) * (n - 1) + j] =
          spec.surface.value(0.5 * (gridX(i) + gridX(i + 1)), 0.5 * (gridY(j) + gridY(j + 1)));
  auto cellCentre = [&](int i, int j) { return cellCentres[static_cast<std::size_t>(i) * (n - 1) + j]; };

  // Faces: one colour per polygon (block of cells), triangles per cell so the mesh follows the surface,
  // or two triangles over the block's corners where they stay within kMaxMergeErrorWorld of the surface.
  const int stride = std::max(render.edgeStride, 1);
  const std::vector<int> bounds = blockBoundaries(n, stride);
  geometry.triangles.reserve(static_cast<std::size_t>(n - 1) * (n - 1) * 6);
  // Triangles of cell (i, j): which are drawn (both corners of the shared diagonal and the third finite).
  auto lowerTriangle = [&](int i, int j) { return finite(i, j) && finite(i + 1, j) && finite(i + 1, j + 1); };
  auto upperTriangle = [&](int i, int j) { return finite(i, j) && finite(i + 1, j + 1) && finite(i, j + 1); };
  // How far (world z) the surface lies from the block's two corner triangles, at its grid points and cell
  // centres; nothing for a single cell, a non-finite point or more than kMaxMergeErrorWorld.
  auto mergedBlockError = [&](int i0, int i1, int j0, int j1) -> std::optional<double> {
    if (i1 - i0 < 2 && j1 - j0 < 2) return std::nullopt;
    const double z00 = height(i0, j0), z10 = height(i1, j0), z11 = height(i1, j1), z01 = height(i0, j1);
    auto cornerTriangles = [&](double s, double t) {  // s along i, t along j, both in [0, 1]
      return s >= t ? z00 + s * (z10 - z00) + t * (z11 - z10) : z00 + t * (z01 - z00) + s * (z11 - z01);
    };
    double worst = 0;
    auto within = [&](double z, double i, double j) {
      const double error = std::abs(z - cornerTriangles((i - i0) / (i1 - i0), (j - j0) / (j1 - j0))) * worldPerDataZ;
      worst = std::max(worst, error);
      return error <= kMaxMergeErrorWorld;  // false for NaN
    };
    for (int i = i0; i <= i1; ++i)
      for (int j = j0; j <= j1; ++j)
        if (!within(height(i, j), i, j)) return std::nullopt;
    for (int i = i0; i < i1; ++i)
      for (int j = j0; j < j1; ++j)
        if (!within(cellCentre(i, j), i + 0.5, j + 0.5))
          return std::nullopt;
    return worst;
  };
  for (std::size_t bi = 0; bi + 1 < bounds.size(); ++bi)
    for (std::size_t bj = 0; bj + 1 < bounds.size(); ++bj) {
      const int i0 = bounds[bi], i1 = bounds[bi + 1], j0 = bounds[bj], j1 = bounds[bj + 1];
      // matplotlib colours a polygon by the mean z of its perimeter points (NaN points dropped).
      double sum = 0;
      int count = 0;
      auto addPerimeterPoint = [&](int i, int j) {
        if (finite(i, j)) {
          sum += height(i, j);
          ++count;
        }
      };
      for (int i = i0; i < i1; ++i) addPerimeterPoint(i, j0);
      for (int j = j0; j < j1; ++j) addPerimeterPoint(i1, j);
      for (int i = i1; i > i0; --i) addPerimeterPoint(i, j1);
      for (int j = j1; j > j0; --j) addPerimeterPoint(i0, j);
      if (count == 0) continue;
      const core::Rgb rgb = coolwarmRgb8(colorScale.normalize(sum / count));
      const std::array<std::uint8_t, 4> color{rgb.r, rgb.g, rgb.b, 255};
      if (const std::optional<double> error = mergedBlockError(i0, i1, j0, j1)) {
        geometry.vertices[index(i1, j1)].color = color;  // the provoking vertex of both triangles
        geometry.triangles.insert(geometry.triangles.end(), {index(i0, j0), index(i1, j0), index(i1, j1)});
        geometry.triangles.insert(geometry.triangles.end(), {index(i0, j1), index(i0, j0), index(i1, j1)});
        geometry.chordGapWorld = std::max(geometry.chordGapWorld, *error);
        continue;
      }
      for (int i = i0; i < i1; ++i)
        for (int j = j0; j < j1; ++j) {
          geometry.vertices[index(i + 1, j + 1)].color = color;  // the provoking vertex of both triangles
          if (lowerTriangle(i, j))
            geometry.triangles.insert(geometry.triangles.end(), {index(i, j), index(i + 1, j), index(i + 1, j + 1)});
          if (upperTriangle(i, j))  // (i, j), (i + 1, j + 1), (i, j + 1) rotated to end with (i + 1, j + 1)
            geometry.triangles.insert(geometry.triangles.end(), {index(i, j + 1), index(i, j), index(i + 1, j + 1)});
        }
    }

  // Edge-line segments whose two sides are not both covered by faces: the face shader draws only the
  // covered half of those.
  geometry.edgeStride = std::max(render.edgeStride, 0);
  if (render.edgeStride > 0) {
    auto cellComplete = [&](int i, int j) {
      return i >= 0 && j >= 0 && i + 1 < n && j + 1 < n && lowerTriangle(i, j) && upperTriangle(i, j);
    };
    for (int line : bounds)
      for (int k = 0; k + 1 < n; ++k) {
        // Along x = line (i fixed): between cells (line - 1, k) and (line, k).
        if (finite(line, k) && finite(line, k + 1) && !(cellComplete(line - 1, k) && cellComplete(line, k)))
          geometry.borderEdges.insert(geometry.borderEdges.end(), {index(line, k), index(line, k + 1)});
        // Along y = line (j fixed): between cells (k, line - 1) and (k, line).
        if (finite(k, line) && finite(k + 1, line) && !(cellComplete(k, line - 1) && cellComplete(k, line)))
          geometry.borderEdges.insert(geometry.borderEdges.end(), {index(k, line), index(k + 1, line)});
      }
  }

  // How far below the triangles a path on the true surface can lie: the surface at each cell centre
  // against the shared diagonal's midpoint.
  for (int i = 0; i + 1 < n; ++i)
    for (int j = 0; j + 1 < n; ++j) {
      if (!finite(i, j) || !finite(i + 1, j + 1)) continue;
      const double centre = cellCentre(i, j);
      const double gap = std::abs(centre - 0.5 * (height(i, j) + height(i + 1, j + 1))) * worldPerDataZ;
      if (std::isfinite(gap)) geometry.chordGapWorld = std::max(geometry.chordGapWorld, std::min(gap, 1.0));
    }
  return geometry;
}

SurfaceMesh::SurfaceMesh() : vertexBuffer_(GL_ARRAY_BUFFER), indexBuffer_(GL_ELEMENT_ARRAY_BUFFER) {
  vertexArray_.setAttribute(0, vertexBuffer_, 3, GL_FLOAT, false, sizeof(SurfaceVertex),
                            offsetof(SurfaceVertex, world));
  vertexArray_.setAttribute(1, vertexBuffer_, 4, GL_UNSIGNED_BYTE, true, sizeof(SurfaceVertex),
                            offsetof(SurfaceVertex, color));
  vertexArray_.setAttribute(2, vertexBuffer_, 2, GL_FLOAT, false, sizeof(SurfaceVertex), offsetof(SurfaceVertex, grid));
  vertexArray_.setElementBuffer(indexBuffer_);
  glBindVertexArray(0);
}

void SurfaceMesh::upload(const SurfaceGeometry& geometry) {
  vertexBuffer_.setData(std::span<const SurfaceVertex>(geometry.vertices));
  std::vector<std::uint32_t> indices;
  indices.reserve(geometry.triangles.size() + geometry.borderEdges.size());
  indices.insert(indices.end(), geometry.triangles.begin(), geometry.triangles.end());
  indices.insert(indices.end(), geometry.borderEdges.begin(), geometry.borderEdges.end());
  vertexArray_.bind();  // the element buffer binding is vertex-array state: bind ours, not whichever is current
  indexBuffer_.setData(std::span<const std::uint32_t>(indices));
  glBindVertexArray(0);
  triangleIndexCount_ = static_cast<GLsizei>(geometry.triangles.size());
  borderEdgeIndexCount_ = static_cast<GLsizei>(geometry.borderEdges.size());
  edgeStride_ = static_cast<float>(geometry.edgeStride);
  lastGridLine_ = static_cast<float>(geometry.resolution - 1);
}

void SurfaceMesh::drawFaces() const {
  if (triangleIndexCount_ == 0) return;
  vertexArray_.bind();
  glDrawElements(GL_TRIANGLES, triangleIndexCount_, GL_UNSIGNED_INT, nullptr);
}

void SurfaceMesh::drawBorderEdges() const {
  if (borderEdgeIndexCount_ == 0) return;
  vertexArray_.bind();
  glDrawElements(GL_LINES, borderEdgeIndexCount_, GL_UNSIGNED_INT,
                 reinterpret_cast<const void*>(static_cast<std::uintptr_t>(triangleIndexCount_) * sizeof(std::uint32_t)));
}

std::optional<std::array<double, 2>> pickHeightField(const core::Surface& surface, const core::Domain& domain,
                                                     const Ray& ray) {
  // Clip the ray's parameter range [0, 1] to the domain's x and y slabs.
  double tLow = 0, tHigh = 1;
  const std::array<double, 2> lows{domain.xMin, domain.yMin}, highs{domain.xMax, domain.yMax};
  for (int axis = 0; axis < 2; ++axis) {
    const double origin = ray.origin[axis], direction = ray.direction[axis];
    if (std::abs(direction) < 1e-300) {
      if (origin < lows[axis] || origin > highs[axis]) return std::nullopt;
      continue;
    }
    double t0 = (lows[axis] - origin) / direction, t1 = (highs[axis] - origin) / direction;
    if (t0 > t1) std::swap(t0, t1);
    tLow = std::max(tLow, t0);
    tHigh = std::min(tHigh, t1);
  }
  if (!(tLow < tHigh)) return std::nullopt;

  // Signed height of the ray above the surface; march until it changes sign, then bisect.
  auto above = [&](double t) {
    const glm::dvec3 p = ray.origin + t * ray.direction;
    return p.z - surface.value(p.x, p.y);
  };
  constexpr int kSteps = 1024;
  double previousT = tLow, previous = above(tLow);
  for (int step = 1; step <= kSteps; ++step) {
    const double t = tLow + (tHigh - tLow) * step / kSteps;
    const double current = above(t);
    if (std::isfinite(previous) && std::isfinite(current) && (previous > 0) != (current > 0)) {
      double a = previousT, b = t, valueA = previous;
      for (int iteration = 0; iteration < 60; ++iteration) {
        const double middle = 0.5 * (a + b), value = above(middle);
        if (!std::isfinite(value)) break;
        if ((value > 0) == (valueA > 0)) {
          a = middle;
          valueA = value;
        } else {
          b = middle;
        }
      }
      const glm::dvec3 hit = ray.origin + 0.5 * (a + b) * ray.direction;
      return std::array<double, 2>{hit.x, hit.y};
    }
    previousT = t;
    previous = current;
  }
  return std::nullopt;
}

}  // namespace gradscape::render
