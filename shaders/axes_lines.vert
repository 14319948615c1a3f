// Axes lines (grid, axis lines, ticks) as screen-space quads of a width in pixels, six vertices (two
// triangles) per segment that all carry both endpoints, in world-box coordinates. The quad has a 1-pixel feather that the fragment
// shader turns into coverage, so lines are smooth with or without MSAA.
layout(location = 0) in vec3 endA;
layout(location = 1) in vec3 endB;
layout(location = 2) in vec4 color;
layout(location = 3) in vec2 widthAndCap;  // width in pixels, cap extension in pixels (0 = butt)
layout(location = 4) in float corner;      // 0 = A left, 1 = A right, 2 = B left, 3 = B right

uniform mat4 clipFromWorld;
uniform vec2 viewportSize;

out vec4 lineColor;
noperspective out float acrossPixels;    // signed distance from the centre line
noperspective out float halfWidthPixels;

void main() {
  int cornerIndex = int(corner);
  bool atB = cornerIndex >= 2;
  float side = (cornerIndex % 2 == 0) ? -1.0 : 1.0;

  vec4 clipA = clipFromWorld * vec4(endA, 1.0);
  vec4 clipB = clipFromWorld * vec4(endB, 1.0);
  if (clipA.w <= 0.0 || clipB.w <= 0.0) {  // behind the eye: drop the segment
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
  vec3 ndcA = clipA.xyz / clipA.w;
  vec3 ndcB = clipB.xyz / clipB.w;
  vec2 pixelA = (ndcA.xy * 0.5 + 0.5) * viewportSize;
  vec2 pixelB = (ndcB.xy * 0.5 + 0.5) * viewportSize;
  vec2 along = pixelB - pixelA;
  float len = length(along);
  along = len > 1e-6 ? along / len : vec2(1.0, 0.0);
  vec2 normal = vec2(-along.y, along.x);

  float width = widthAndCap.x;
  float drawnHalf = 0.5 * max(width, 1.0) + 1.0;  // thin lines are drawn 1 px wide, fainter
  float extend = widthAndCap.y;
  vec2 pixel = atB ? pixelB + along * extend : pixelA - along * extend;
  pixel += normal * side * drawnHalf;

  vec3 ndc = atB ? ndcB : ndcA;
  gl_Position = vec4(pixel / viewportSize * 2.0 - 1.0, ndc.z, 1.0);
  lineColor = vec4(color.rgb, color.a * min(width, 1.0));
  acrossPixels = side * drawnHalf;
  halfWidthPixels = 0.5 * max(width, 1.0);
}
