// One trajectory segment per four vertices (two indexed triangles, no instancing: llvmpipe runs its whole
// vertex pipeline once per instance), from one drawn point to the next, expanded in screen space to a quad
// `2 * halfWidth` pixels wide with room for round caps (GL core has no wide lines). A draw covers the
// segments of many runs (path_segments.hpp). Depth: see depth_bias.glsl.
uniform samplerBuffer pathPoints;  // RG32F, three texels a point: world.xy, (world.z, normal.x), normal.yz
uniform isamplerBuffer segments;   // RG32I: the segment's first point (the second follows it), its run
uniform samplerBuffer runs;        // RGBA32F: the run's colour (rgb) and stencil id (a)

#include "depth_bias.glsl"

uniform float halfWidth;  // pixels

noperspective out vec2 vPixel;  // this fragment's position, viewport pixels
flat out vec2 vPixelA;
flat out vec2 vPixelB;
flat out vec4 vRun;  // the run's colour and stencil id

const float kMinW = 1e-5;

// Point i in world-box units and the surface normal there (0 off the surface).
void fetchPoint(int i, out vec3 world, out vec3 normal) {
  vec2 t0 = texelFetch(pathPoints, 3 * i).xy, t1 = texelFetch(pathPoints, 3 * i + 1).xy;
  vec2 t2 = texelFetch(pathPoints, 3 * i + 2).xy;
  world = vec3(t0, t1.x);
  normal = vec3(t1.y, t2);
}

void main() {
  // Four vertices a segment, indexed as two triangles 0 1 2, 2 1 3 (path_segments.cpp). The quad's
  // corners: 0 = A right, 1 = A left, 2 = B right, 3 = B left.
  int segment = gl_VertexID / 4;
  int corner = gl_VertexID - 4 * segment;
  ivec2 entry = texelFetch(segments, segment).rg;
  vRun = texelFetch(runs, entry.y);
  vec3 pointA, normalA, pointB, normalB;
  fetchPoint(entry.x, pointA, normalA);
  fetchPoint(entry.x + 1, pointB, normalB);
  vec3 worldA = liftOffSurface(pointA, normalA), worldB = liftOffSurface(pointB, normalB);
  vec4 a = clipFromWorld * vec4(worldA, 1.0);
  vec4 b = clipFromWorld * vec4(worldB, 1.0);
  if (a.w < kMinW && b.w < kMinW) {  // entirely behind the eye
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    vPixel = vPixelA = vPixelB = vec2(0.0);
    return;
  }
  // Cut the part behind the eye so the perspective divide stays meaningful.
  if (a.w < kMinW) a = mix(a, b, (kMinW - a.w) / (b.w - a.w));
  if (b.w < kMinW) b = mix(b, a, (kMinW - b.w) / (a.w - b.w));

  vec2 pixelA = (a.xy / a.w * 0.5 + 0.5) * viewportSize;
  vec2 pixelB = (b.xy / b.w * 0.5 + 0.5) * viewportSize;
  vec2 along = pixelB - pixelA;
  float len = length(along);
  along = len > 1e-4 ? along / len : vec2(1.0, 0.0);
  vec2 across = vec2(-along.y, along.x);

  bool atB = corner >= 2;
  float side = (corner % 2 == 0) ? -1.0 : 1.0;
  vec4 clip = atB ? b : a;
  float bias = atB ? surfaceDepthBias(worldB, normalB, halfWidth + 1.0) : surfaceDepthBias(worldA, normalA, halfWidth + 1.0);
  vec2 pixel = (atB ? pixelB : pixelA) + (side * across + (atB ? along : -along)) * (halfWidth + 1.0);

  vec2 ndc = pixel / viewportSize * 2.0 - 1.0;
  gl_Position = vec4(ndc * clip.w, clip.z + bias * clip.w, clip.w);
  vPixel = pixel;
  vPixelA = pixelA;
  vPixelB = pixelB;
}
