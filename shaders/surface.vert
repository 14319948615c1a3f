// Surface mesh and its border edge lines: world-box positions through matplotlib's camera
// (render/camera.hpp).
layout(location = 0) in vec3 worldPosition;
layout(location = 1) in vec4 faceColor;    // coolwarm at the face's mean z, opaque
layout(location = 2) in vec2 gridPosition;  // grid indices (i, j) of the vertex

uniform mat4 clipFromWorld;

flat out vec4 vFaceColor;  // from the provoking vertex: the cell's colour (render/surface_mesh.hpp)
out vec2 vGridPosition;

void main() {
  gl_Position = clipFromWorld * vec4(worldPosition, 1.0);
  vFaceColor = faceColor;
  vGridPosition = gridPosition;
}
