// Round-capped segment: keep fragments within halfWidth of the segment (matplotlib's round joins).
noperspective in vec2 vPixel;
flat in vec2 vPixelA;
flat in vec2 vPixelB;

uniform float halfWidth;
uniform vec4 color;  // straight alpha

out vec4 fragColor;

void main() {
  vec2 ab = vPixelB - vPixelA;
  float lengthSquared = dot(ab, ab);
  float t = lengthSquared > 0.0 ? clamp(dot(vPixel - vPixelA, ab) / lengthSquared, 0.0, 1.0) : 0.0;
  if (distance(vPixel, vPixelA + t * ab) > halfWidth) discard;
  fragColor = color;
}
