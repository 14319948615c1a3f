// Round-capped segment of the internals overlay (see arrow.vert), in its own colour.
noperspective in vec2 vPixel;
flat in vec2 vPixelA;
flat in vec2 vPixelB;
flat in vec4 vColor;  // straight alpha
flat in float vHalfWidth;

out vec4 fragColor;

void main() {
  vec2 ab = vPixelB - vPixelA;
  float lengthSquared = dot(ab, ab);
  float t = lengthSquared > 0.0 ? clamp(dot(vPixel - vPixelA, ab) / lengthSquared, 0.0, 1.0) : 0.0;
  if (distance(vPixel, vPixelA + t * ab) > vHalfWidth) discard;
  fragColor = vColor;
}
