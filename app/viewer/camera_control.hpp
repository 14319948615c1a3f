// Mouse gestures -> orbit camera: turntable orbit, wheel zoom, pan, reset. No window toolkit here.
#pragma once

#include "core/scene.hpp"
#include "render/renderer.hpp"

namespace gradscape::app {

// matplotlib's feel: dragging right turns the surface with the mouse (azimuth falls), dragging down
// looks from higher up (elevation rises); a full viewport-height drag is about 180 degrees at 600 px.
inline constexpr double kOrbitDegreesPerPixel = 0.3;
inline constexpr double kZoomFactorPerNotch = 0.9;  // distance multiplier per wheel notch away from you
inline constexpr double kMinDistance = 2, kMaxDistance = 60;

void orbitCamera(render::Camera& camera, double dxPixels, double dyPixels);
// Positive notches (wheel forward) move closer.
void zoomCamera(render::Camera& camera, double notches);
// Moves the picture with the cursor: (dx, dy) in pixels, y down; `axesSidePixels` is the side of
// matplotlib's axes square in the same pixels (render::ViewProjection::axesRect), the unit of Camera::pan.
void panCamera(render::Camera& camera, double dxPixels, double dyPixels, double axesSidePixels);

// What a scene file can keep of the view (pan is the viewer's own).
core::CameraSpec cameraSpecOf(const render::Camera& camera);

// Azimuth into [-180, 180), elevation clamped to [-90, 90], distance to its limits.
void normalizeCamera(render::Camera& camera);

}  // namespace gradscape::app
