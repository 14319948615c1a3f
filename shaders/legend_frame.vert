// Legend frame: one quad (triangle strip from gl_VertexID) around a rectangle given in pixels, top-left origin.
uniform vec4 frameRect;  // left, top, right, bottom
uniform float margin;    // pixels added on every side (half the edge width and the anti-aliasing ramp)
uniform vec2 viewportSize;

out vec2 pixel;

void main() {
  vec2 corner = vec2(gl_VertexID % 2, gl_VertexID / 2);
  pixel = mix(frameRect.xy - margin, frameRect.zw + margin, corner);
  gl_Position = vec4(pixel.x / viewportSize.x * 2.0 - 1.0, 1.0 - pixel.y / viewportSize.y * 2.0, 0.0, 1.0);
}
