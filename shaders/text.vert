// Text quads in screen space: positions in pixels with a top-left origin, atlas coordinates, colour.
layout(location = 0) in vec2 pixelPosition;
layout(location = 1) in vec2 atlasCoordinate;
layout(location = 2) in vec4 color;

uniform vec2 viewportSize;

out vec2 uv;
out vec4 textColor;

void main() {
  vec2 ndc = vec2(pixelPosition.x / viewportSize.x * 2.0 - 1.0, 1.0 - pixelPosition.y / viewportSize.y * 2.0);
  gl_Position = vec4(ndc, 0.0, 1.0);
  uv = atlasCoordinate;
  textColor = color;
}
