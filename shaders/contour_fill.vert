// The 2-D view's filled contours: one rectangle over the plot area (pane pixels, top-left origin), made
// from gl_VertexID, carrying grid coordinates: column 0 at the left edge, row 0 (yMin) at the bottom.
uniform vec2 viewportSize;
uniform vec4 plot;      // left, top, width, height in pixels
uniform vec2 gridLast;  // columns - 1, rows - 1

out vec2 gridCoord;

void main() {
  const vec2 corners[4] = vec2[4](vec2(0, 0), vec2(1, 0), vec2(0, 1), vec2(1, 1));
  vec2 c = corners[gl_VertexID];
  vec2 pixel = plot.xy + c * plot.zw;
  gridCoord = vec2(c.x, 1.0 - c.y) * gridLast;
  gl_Position = vec4(pixel.x / viewportSize.x * 2.0 - 1.0, 1.0 - pixel.y / viewportSize.y * 2.0, 0.0, 1.0);
}
