// The 2-D view's map: a rectangle over the plot area (viewport pixels, top-left origin), corners from
// gl_VertexID as a triangle strip; vDomain is the domain fraction (y up) of the shown window's corner.
uniform vec2 viewportSize;
uniform vec4 plot;   // left, top, width, height
uniform vec4 shown;  // the plot's window as domain fractions: u0, v0, u1, v1

out vec2 vDomain;

void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
  vec2 pixel = plot.xy + corner * plot.zw;
  vDomain = mix(shown.xy, shown.zw, vec2(corner.x, 1.0 - corner.y));
  gl_Position = vec4(pixel.x / viewportSize.x * 2.0 - 1.0, 1.0 - pixel.y / viewportSize.y * 2.0, 0.0, 1.0);
}
