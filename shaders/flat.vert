// Flat 2-D geometry (the 2-D view's contour fill and lines, its axes and the colour bar): triangles in
// viewport pixels (top-left origin) with a colour each vertex, at one depth for the whole draw.
layout(location = 0) in vec2 pixel;
layout(location = 1) in vec4 color;

uniform vec2 viewportSize;
uniform float ndcDepth;  // +1: the far plane (the 2-D plot area's depth mask, see plan_view.cpp)

out vec4 vColor;

void main() {
  vColor = color;
  gl_Position = vec4(pixel.x / viewportSize.x * 2.0 - 1.0, 1.0 - pixel.y / viewportSize.y * 2.0, ndcDepth, 1.0);
}
