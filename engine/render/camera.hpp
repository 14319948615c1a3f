// matplotlib's 3-D view (Axes3D.get_proj for view_init(azim, elev)) as GL matrices: the one camera the
// surface, trajectories, axes box and picking share, so every layer projects a data point identically.
#pragma once

#include <array>
#include <optional>

#include <glm/glm.hpp>

#include "core/scene.hpp"

namespace gradscape::render {

// matplotlib's view_init convention, plus what the viewer adds (zoom, pan, projection).
struct Camera {
  double azimuth = -60;   // degrees, about the vertical axis, as view_init(azim=...)
  double elevation = 30;  // degrees above the x-y plane, as view_init(elev=...)
  double distance = 10;   // matplotlib's 'dist' (eye to box centre, in world-box units); larger = smaller picture
  bool orthographic = false;
  // Moves the picture right/up, in NDC units of the viewport's height (1 = half its height, both axes).
  double panX = 0, panY = 0;
  static Camera fromSpec(const core::CameraSpec& spec);
  friend bool operator==(const Camera&, const Camera&) = default;
};

struct Viewport {
  int x = 0, y = 0;  // lower-left, GL convention
  int width = 1200, height = 900;
  friend bool operator==(const Viewport&, const Viewport&) = default;
};

// The data limits the axes box spans (matplotlib's xlim3d, ylim3d, zlim3d).
struct DataBox {
  std::array<double, 2> x{-1, 1}, y{-1, 1}, z{-1, 1};
  friend bool operator==(const DataBox&, const DataBox&) = default;
};

// matplotlib's default box aspect (4, 4, 3), scaled as Axes3D.set_box_aspect does (norm 1.8294640721620434).
glm::dvec3 matplotlibBoxAspect();

struct Ray {
  glm::dvec3 origin;     // data coordinates
  glm::dvec3 direction;  // data coordinates, not normalised (data axes have different scales)
};

// Everything derived from a camera, the data box and the viewport. Cheap: compute one per frame.
//   data --worldFromData--> world box [0,ax]x[0,ay]x[0,az] --view--> eye --projection--> GL clip space
// The projection places the picture as matplotlib places a 3-D subplot in a figure of the viewport's size
// (subplot box 0.125..0.9 x 0.11..0.88, shrunk to a centred square; 2-D view limits -0.095..0.09).
class ViewProjection {
 public:
  ViewProjection(const Camera& camera, const DataBox& box, const Viewport& viewport);
  // The 2-D view (view.mode "2d"): the box seen from straight above, x right and y up, the domain filling
  // `plotRect` (viewport pixels, top-left origin: x, y, width, height). Depth is almost flat (higher z a
  // hair nearer), so nothing hides a path; the same world box as 3-D, so paths' world positions serve both.
  static ViewProjection topDown(const DataBox& box, const Viewport& viewport, const std::array<double, 4>& plotRect);
  // The same with the plot area showing only `shown`'s x and y ranges (the 2-D view zoomed and panned);
  // world positions stay those of `box`, so paths placed for the box need no re-upload.
  static ViewProjection topDown(const DataBox& box, const Viewport& viewport, const std::array<double, 4>& plotRect,
                                const DataBox& shown);

  const glm::dmat4& worldFromData() const { return worldFromData_; }
  const glm::dmat4& view() const { return view_; }
  const glm::dmat4& projection() const { return projection_; }
  const glm::dmat4& clipFromData() const { return clipFromData_; }
  const Viewport& viewport() const { return viewport_; }
  const DataBox& box() const { return box_; }
  bool orthographic() const { return orthographic_; }

  // The eye in data coordinates (for the axes box: which panes face away from the viewer).
  glm::dvec3 eyeInData() const { return eyeInData_; }
  glm::dvec3 eyeInWorld() const { return eyeInWorld_; }
  // The unit vector from the box centre toward the eye, in world-box coordinates (matplotlib's -vvec).
  glm::dvec3 viewDirectionWorld() const { return towardEyeWorld_; }

  // Pixel position of a data point: x right, y DOWN from the viewport's top-left corner (fractional
  // pixels; pixel centres at .5), and z = window depth in [0, 1] (0 = near). Nothing when the point is
  // behind the eye.
  std::optional<glm::dvec3> dataToPixel(const glm::dvec3& data) const;
  // The same for a point already in clip space (a GL vertex shader's output).
  std::optional<glm::dvec3> clipToPixel(const glm::dvec4& clip) const;
  // The ray through a pixel (top-left origin, viewport pixels) in data coordinates, from near to far.
  Ray pixelRay(double px, double py) const;

  // matplotlib's axes square inside the viewport, top-left origin (the legend anchors to it: text2D at
  // axes fraction (0.05, 0.95)).
  std::array<double, 4> axesRect() const { return axesRect_; }  // x, y, width, height in pixels

  // Converts "points" (1/72 in) to pixels as matplotlib's 4x3 in figure does at this viewport size
  // (1200x900 = 300 dpi; dpi = min(width / 4, height / 3)), so line widths and text scale with the image.
  double pointsToPixels(double points) const;

 private:
  ViewProjection(const DataBox& box, const Viewport& viewport);  // worldFromData only (topDown's start)

  Viewport viewport_;
  DataBox box_;
  bool orthographic_ = false;
  glm::dmat4 worldFromData_, view_, projection_, clipFromData_, dataFromClip_;
  glm::dvec3 eyeInData_, eyeInWorld_, towardEyeWorld_;
  std::array<double, 4> axesRect_;
};

}  // namespace gradscape::render
