// Surface mesh and its edge lines: world-box positions through matplotlib's camera (render/camera.hpp).
layout(location = 0) in vec3 worldPosition;
layout(location = 1) in vec4 faceColour;  // rgb: coolwarm at the face's mean z; a: matplotlib's shade factor

uniform mat4 clipFromWorld;

flat out vec4 vFaceColour;

void main() {
  gl_Position = clipFromWorld * vec4(worldPosition, 1.0);
  vFaceColour = faceColour;
}
