// The surface as matplotlib's plot_surface draws it: a height field sampled on a grid over the domain,
// faces coloured with coolwarm at the mean z of each polygon's perimeter (an edgeStride x edgeStride block
// of cells, as rstride/cstride), black edge lines around each polygon. CPU building is separate from
// the GL upload so it can be tested without a context.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include <glm/glm.hpp>

#include "core/scene.hpp"
#include "render/camera.hpp"
#include "render/gl_objects.hpp"

namespace gradscape::render {

struct SurfaceVertex {
  glm::vec3 world;                     // world-box coordinates (camera.hpp)
  std::array<std::uint8_t, 4> color;  // the face colour of the cell this vertex closes (see below)
  glm::vec2 grid;                      // grid indices (i, j): where the edge lines run
};

// The mesh is indexed: one vertex per grid point, so llvmpipe transforms each once, not six times. A
// polygon is drawn as two triangles per cell, or as two triangles over its corners where those stay
// within a sixth of a pixel (article view) of the surface: on llvmpipe the number of triangles costs far
// more than their area.
// Faces keep matplotlib's flat colours through the provoking vertex: both triangles of cell (i, j) end
// with vertex (i + 1, j + 1) (GL's default last-vertex convention), and that vertex carries the cell's
// colour: coolwarm at the polygon's mean z (alpha 255: a colormapped plot_surface is never shaded).
//
// Edge lines inside the mesh are drawn by the face shader (a pixel is black within half a pixel of an
// edge line's grid index, as an aliased line rasterises): thousands of separate one-pixel line
// primitives cost llvmpipe more than the whole surface. Only segments on the mesh's border (the domain's
// rim, holes where the surface is not finite) are real lines, because faces cover just their inner half.
struct SurfaceGeometry {
  int resolution = 0;                      // vertices per side
  int edgeStride = 0;                      // edge lines every edgeStride grid lines and on the last; 0: none
  DataBox box;                             // x, y: the domain; z: the finite data range (made non-singular)
  std::array<double, 2> colorRange{};     // vmin, vmax
  std::vector<double> heights;             // resolution^2 samples, index i * resolution + j (i along x)
  std::vector<SurfaceVertex> vertices;     // resolution^2, index i * resolution + j
  std::vector<std::uint32_t> triangles;    // 3 indices per triangle; cells with a non-finite corner skipped
  std::vector<std::uint32_t> borderEdges;  // 2 indices per edge-line segment on the mesh's border
  // Largest vertical distance between the true surface and the flat triangles (at cell centres, and at
  // every grid point of a merged polygon), in world-box units: how far a path on the surface can sink
  // below the mesh.
  double chordGapWorld = 0;
};

// Samples `surface` on its domain and builds faces and edges. Throws gradscape::Error for a resolution < 2.
SurfaceGeometry buildSurfaceGeometry(const core::SurfaceSpec& surface, const core::RenderSpec& render);

// The z limits for a finite data range, widened like matplotlib's nonsingular() when it is empty.
std::array<double, 2> nonSingularRange(double low, double high);

// Data -> world-box position computed in double, as the camera's worldFromData; points farther than 1e4
// world units from the box (diverging runs) are pulled radially toward it so they stay finite in float.
glm::vec3 dataToWorld(const DataBox& box, const glm::dvec3& data);

// The surface's GL buffers: one vertex buffer, face and border-edge indices in one element buffer.
class SurfaceMesh {
 public:
  SurfaceMesh();
  void upload(const SurfaceGeometry& geometry);
  void drawFaces() const;
  void drawBorderEdges() const;
  bool empty() const { return triangleIndexCount_ == 0; }
  // For the face shader's edge lines (shaders/surface.frag).
  float edgeStride() const { return edgeStride_; }
  float lastGridLine() const { return lastGridLine_; }

 private:
  gl::Buffer vertexBuffer_, indexBuffer_;
  gl::VertexArray vertexArray_;
  GLsizei triangleIndexCount_ = 0, borderEdgeIndexCount_ = 0;
  float edgeStride_ = 0, lastGridLine_ = 0;
};

// Ray-picks the height field f(x, y) of `surface` inside the domain: marches along the ray (data
// coordinates) and refines the first crossing by bisection. Nothing when the ray misses.
std::optional<std::array<double, 2>> pickHeightField(const core::Surface& surface, const core::Domain& domain,
                                                     const Ray& ray);

}  // namespace gradscape::render
