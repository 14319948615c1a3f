// matplotlib's Axes3D projection as GL matrices (see camera.hpp; mpl_toolkits/mplot3d axes3d.get_proj,
// proj3d.world_transformation / view_transformation / persp_transformation / ortho_transformation).
#include "render/camera.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace gradscape::render {

namespace {

// matplotlib's figure layout for a 3-D subplot (rcParams figure.subplot.*) and its 2-D view limits
// (Axes3D.set_top_view with its fixed _dist = 10).
constexpr double kSubplotLeft = 0.125, kSubplotRight = 0.9, kSubplotBottom = 0.11, kSubplotTop = 0.88;
constexpr double kViewLimLow = -0.95 / 10, kViewLimHigh = 0.9 / 10;

// art3d._norm_angle: into [-180, 180).
double normaliseAngle(double degrees) { return std::fmod(std::fmod(degrees + 180, 360) + 360, 360) - 180; }

double radians(double degrees) { return degrees * std::numbers::pi / 180; }

}  // namespace

Camera Camera::fromSpec(const core::CameraSpec& spec) {
  Camera camera;
  camera.azimuth = spec.azimuth;
  camera.elevation = spec.elevation;
  camera.distance = spec.distance;
  camera.orthographic = spec.orthographic;
  return camera;
}

glm::dvec3 matplotlibBoxAspect() {
  const glm::dvec3 aspect(4, 4, 3);
  return aspect * (1.8294640721620434 / glm::length(aspect));
}

ViewProjection::ViewProjection(const DataBox& box, const Viewport& viewport) : viewport_(viewport), box_(box) {
  const glm::dvec3 aspect = matplotlibBoxAspect();
  // proj3d.world_transformation: data limits -> [0, aspect_i]. A degenerate range keeps a unit width.
  auto span = [](const std::array<double, 2>& limits) {
    const double width = limits[1] - limits[0];
    return width != 0 && std::isfinite(width) ? width : 1.0;
  };
  worldFromData_ = glm::dmat4(1.0);
  for (int i = 0; i < 3; ++i) {
    const std::array<double, 2>& limits = i == 0 ? box.x : i == 1 ? box.y : box.z;
    worldFromData_[i][i] = aspect[i] / span(limits);
    worldFromData_[3][i] = -limits[0] * aspect[i] / span(limits);
  }
}

ViewProjection ViewProjection::topDown(const DataBox& box, const Viewport& viewport,
                                       const std::array<double, 4>& plotRect) {
  ViewProjection result(box, viewport);
  const glm::dvec3 aspect = matplotlibBoxAspect();
  const double width = std::max(viewport.width, 1), height = std::max(viewport.height, 1);
  const auto [left, top, plotWidth, plotHeight] = plotRect;
  result.orthographic_ = true;
  result.view_ = glm::dmat4(1.0);
  result.projection_ = glm::dmat4(1.0);
  result.projection_[0][0] = 2 * plotWidth / (aspect.x * width);
  result.projection_[3][0] = 2 * left / width - 1;
  result.projection_[1][1] = 2 * plotHeight / (aspect.y * height);
  result.projection_[3][1] = 2 * (height - top - plotHeight) / height - 1;
  // Nearly flat depth (invertible, for pixelRay): a path 3 box heights off the surface still lies in
  // [-1, 1] and in front of the far plane, where the 2-D fill marks the plot area.
  constexpr double kDepthPerWorld = 1e-4;
  result.projection_[2][2] = -kDepthPerWorld;
  result.projection_[3][2] = kDepthPerWorld * 0.5 * aspect.z;
  result.towardEyeWorld_ = glm::dvec3(0, 0, 1);
  result.eyeInWorld_ = 0.5 * aspect + 10.0 * result.towardEyeWorld_;
  result.eyeInData_ = glm::dvec3(glm::inverse(result.worldFromData_) * glm::dvec4(result.eyeInWorld_, 1));
  result.axesRect_ = plotRect;
  result.clipFromData_ = result.projection_ * result.view_ * result.worldFromData_;
  result.dataFromClip_ = glm::inverse(result.clipFromData_);
  return result;
}

ViewProjection ViewProjection::topDown(const DataBox& box, const Viewport& viewport, const std::array<double, 4>& plotRect,
                                       const DataBox& shown) {
  ViewProjection result = topDown(box, viewport, plotRect);
  if (shown.x == box.x && shown.y == box.y) return result;  // the whole domain: the very same matrices
  const double width = std::max(viewport.width, 1), height = std::max(viewport.height, 1);
  const auto [left, top, plotWidth, plotHeight] = plotRect;
  // World x of the shown range's ends (worldFromData is the box's), stretched over the plot area.
  const glm::dvec4 low = result.worldFromData_ * glm::dvec4(shown.x[0], shown.y[0], 0, 1);
  const glm::dvec4 high = result.worldFromData_ * glm::dvec4(shown.x[1], shown.y[1], 0, 1);
  result.projection_[0][0] = 2 * plotWidth / ((high.x - low.x) * width);
  result.projection_[3][0] = 2 * left / width - 1 - low.x * result.projection_[0][0];
  result.projection_[1][1] = 2 * plotHeight / ((high.y - low.y) * height);
  result.projection_[3][1] = 2 * (height - top - plotHeight) / height - 1 - low.y * result.projection_[1][1];
  result.clipFromData_ = result.projection_ * result.view_ * result.worldFromData_;
  result.dataFromClip_ = glm::inverse(result.clipFromData_);
  return result;
}

ViewProjection::ViewProjection(const Camera& camera, const DataBox& box, const Viewport& viewport)
    : ViewProjection(box, viewport) {
  orthographic_ = camera.orthographic;
  const glm::dvec3 aspect = matplotlibBoxAspect();

  // Axes3D.get_proj: the eye looks at the box centre R from `dist` along (azim, elev).
  const double elevation = radians(normaliseAngle(camera.elevation));
  const double azimuth = radians(normaliseAngle(camera.azimuth));
  const glm::dvec3 centre = 0.5 * aspect;
  towardEyeWorld_ = glm::dvec3(std::cos(elevation) * std::cos(azimuth), std::cos(elevation) * std::sin(azimuth),
                               std::sin(elevation));
  const double distance = std::max(camera.distance, 1e-6);
  const glm::dvec3 eye = centre + distance * towardEyeWorld_;  // focal length 1: eye_focal == eye
  const glm::dvec3 up(0, 0, std::abs(elevation) > 0.5 * std::numbers::pi ? -1 : 1);

  // proj3d.view_transformation (roll 0): rows u, v, n; translation -eye.
  const glm::dvec3 n = towardEyeWorld_;
  const glm::dvec3 u = glm::normalize(glm::cross(up, n));
  const glm::dvec3 v = glm::cross(n, u);
  view_ = glm::dmat4(1.0);
  for (int column = 0; column < 3; ++column) {
    view_[column][0] = u[column];
    view_[column][1] = v[column];
    view_[column][2] = n[column];
  }
  view_[3] = glm::dvec4(-glm::dot(u, eye), -glm::dot(v, eye), -glm::dot(n, eye), 1);
  eyeInWorld_ = eye;
  eyeInData_ = glm::dvec3(glm::inverse(worldFromData_) * glm::dvec4(eye, 1));

  // Figure layout: matplotlib's projected (x, y) in the 2-D view limits map onto the centred square.
  const double width = std::max(viewport.width, 1), height = std::max(viewport.height, 1);
  const double side = std::min((kSubplotRight - kSubplotLeft) * width, (kSubplotTop - kSubplotBottom) * height);
  const double left = kSubplotLeft * width + ((kSubplotRight - kSubplotLeft) * width - side) / 2;
  const double bottom = kSubplotBottom * height + ((kSubplotTop - kSubplotBottom) * height - side) / 2;
  axesRect_ = {left, height - bottom - side, side, side};
  // ndc = scale * projected + offset, per axis; pan shifts by half viewport heights (NDC units of y).
  const double pixelsPerUnit = side / (kViewLimHigh - kViewLimLow);
  const double scaleX = 2 * pixelsPerUnit / width, scaleY = 2 * pixelsPerUnit / height;
  const double offsetX = 2 * (left + (0 - kViewLimLow) * pixelsPerUnit + camera.panX * 0.5 * height) / width - 1;
  const double offsetY = 2 * (bottom + (0 - kViewLimLow) * pixelsPerUnit + camera.panY * 0.5 * height) / height - 1;

  // Depth: the box (radius |aspect|/2) with room for paths that leave it; GL_DEPTH_CLAMP keeps anything
  // beyond near/far visible instead of clipped.
  const double radius = 0.5 * glm::length(aspect);
  projection_ = glm::dmat4(0.0);
  if (camera.orthographic) {
    // proj3d.ortho_transformation(-dist, dist): projected = eye coordinate / dist.
    const double nearZ = distance - 3 * radius, farZ = distance + 3 * radius;
    projection_[0][0] = scaleX / distance;
    projection_[3][0] = offsetX;
    projection_[1][1] = scaleY / distance;
    projection_[3][1] = offsetY;
    projection_[2][2] = -2 / (farZ - nearZ);
    projection_[3][2] = -(farZ + nearZ) / (farZ - nearZ);
    projection_[3][3] = 1;
  } else {
    // proj3d.persp_transformation with focal length 1: projected = eye x / -eye z.
    const double nearZ = std::max(distance - 3 * radius, 0.02 * distance), farZ = distance + 3 * radius;
    projection_[0][0] = scaleX;
    projection_[2][0] = -offsetX;
    projection_[1][1] = scaleY;
    projection_[2][1] = -offsetY;
    projection_[2][2] = -(farZ + nearZ) / (farZ - nearZ);
    projection_[3][2] = -2 * farZ * nearZ / (farZ - nearZ);
    projection_[2][3] = -1;
  }
  clipFromData_ = projection_ * view_ * worldFromData_;
  dataFromClip_ = glm::inverse(clipFromData_);
}

double ViewProjection::pointsToPixels(double points) const {
  const double dpi = std::min(viewport_.width / 4.0, viewport_.height / 3.0);
  return points * dpi / 72.0;
}

std::optional<glm::dvec3> ViewProjection::clipToPixel(const glm::dvec4& clip) const {
  if (!(clip.w > 0)) return std::nullopt;
  const glm::dvec3 ndc = glm::dvec3(clip) / clip.w;
  return glm::dvec3((ndc.x + 1) * 0.5 * viewport_.width, (1 - ndc.y) * 0.5 * viewport_.height,
                    std::clamp((ndc.z + 1) * 0.5, 0.0, 1.0));
}

std::optional<glm::dvec3> ViewProjection::dataToPixel(const glm::dvec3& data) const {
  return clipToPixel(clipFromData_ * glm::dvec4(data, 1));
}

Ray ViewProjection::pixelRay(double px, double py) const {
  const double ndcX = 2 * px / viewport_.width - 1, ndcY = 1 - 2 * py / viewport_.height;
  const glm::dvec4 nearPoint = dataFromClip_ * glm::dvec4(ndcX, ndcY, -1, 1);
  const glm::dvec4 farPoint = dataFromClip_ * glm::dvec4(ndcX, ndcY, 1, 1);
  const glm::dvec3 origin = glm::dvec3(nearPoint) / nearPoint.w;
  return {origin, glm::dvec3(farPoint) / farPoint.w - origin};
}

}  // namespace gradscape::render
