// Axes panes: flat translucent quads in world-box coordinates.
layout(location = 0) in vec3 position;
layout(location = 1) in vec4 color;

uniform mat4 clipFromWorld;

out vec4 paneColor;

void main() {
  gl_Position = clipFromWorld * vec4(position, 1.0);
  paneColor = color;
}
