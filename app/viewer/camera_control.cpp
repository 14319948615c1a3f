// Turntable orbit, zoom and pan on render::Camera.
#include "viewer/camera_control.hpp"

#include <algorithm>
#include <cmath>

namespace gradscape::app {

void normalizeCamera(render::Camera& camera) {
  camera.azimuth = std::fmod(camera.azimuth + 180.0, 360.0);
  if (camera.azimuth < 0) camera.azimuth += 360.0;
  camera.azimuth -= 180.0;
  camera.elevation = std::clamp(camera.elevation, -90.0, 90.0);
  camera.distance = std::clamp(camera.distance, kMinDistance, kMaxDistance);
}

void orbitCamera(render::Camera& camera, double dxPixels, double dyPixels) {
  camera.azimuth -= dxPixels * kOrbitDegreesPerPixel;
  camera.elevation += dyPixels * kOrbitDegreesPerPixel;
  normalizeCamera(camera);
}

void zoomCamera(render::Camera& camera, double notches) {
  camera.distance *= std::pow(kZoomFactorPerNotch, notches);
  normalizeCamera(camera);
}

void panCamera(render::Camera& camera, double dxPixels, double dyPixels, double axesSidePixels) {
  const double unitsPerPixel = 1.0 / std::max(1.0, axesSidePixels);
  camera.panX += dxPixels * unitsPerPixel;
  camera.panY -= dyPixels * unitsPerPixel;
}

core::CameraSpec cameraSpecOf(const render::Camera& camera) {
  core::CameraSpec spec;
  spec.azimuth = camera.azimuth;
  spec.elevation = camera.elevation;
  spec.distance = camera.distance;
  spec.orthographic = camera.orthographic;
  return spec;
}

}  // namespace gradscape::app
