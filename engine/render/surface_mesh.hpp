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
  glm::vec3 world;             // world-box coordinates (camera.hpp)
  std::array<std::uint8_t, 4> colour;  // rgb: coolwarm; a: shade factor * 255 (matplotlib's _shade_colors)
};

struct SurfaceGeometry {
  int resolution = 0;                   // vertices per side
  DataBox box;                          // x, y: the domain; z: the finite data range (made non-singular)
  std::array<double, 2> colourRange{};  // vmin, vmax
  std::vector<double> heights;          // resolution^2 samples, index i * resolution + j (i along x)
  std::vector<SurfaceVertex> triangles; // 3 vertices per triangle, flat colour; cells with a non-finite corner skipped
  std::vector<glm::vec3> edgeVertices;  // 2 per segment, world-box coordinates
  // Largest vertical distance between the true surface and the flat triangles at cell centres, in
  // world-box units: how far a path lying on the surface can sink below the mesh.
  double chordGapWorld = 0;
};

// Samples `surface` on its domain and builds faces and edges. Throws gradscape::Error for a resolution < 2.
SurfaceGeometry buildSurfaceGeometry(const core::SurfaceSpec& surface, const core::RenderSpec& render);

// The z limits for a finite data range, widened like matplotlib's nonsingular() when it is empty.
std::array<double, 2> nonSingularRange(double low, double high);

// Data -> world-box position computed in double, as the camera's worldFromData; points farther than 1e4
// world units from the box (diverging runs) are pulled radially toward it so they stay finite in float.
glm::vec3 dataToWorld(const DataBox& box, const glm::dvec3& data);

// The surface's GL buffers.
class SurfaceMesh {
 public:
  SurfaceMesh();
  void upload(const SurfaceGeometry& geometry);
  void drawFaces() const;
  void drawEdges() const;
  bool empty() const { return triangleVertexCount_ == 0; }

 private:
  gl::Buffer faceBuffer_, edgeBuffer_;
  gl::VertexArray faceArray_, edgeArray_;
  GLsizei triangleVertexCount_ = 0, edgeVertexCount_ = 0;
};

// Ray-picks the height field f(x, y) of `surface` inside the domain: marches along the ray (data
// coordinates) and refines the first crossing by bisection. Nothing when the ray misses.
std::optional<std::array<double, 2>> pickHeightField(const core::Surface& surface, const core::Domain& domain,
                                                     const Ray& ray);

}  // namespace gradscape::render
