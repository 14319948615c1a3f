// One trajectory segment per instance, expanded in screen space to a quad `2 * halfWidth` pixels wide
// with room for round caps (GL core has no wide lines). Depth: see depth_bias.glsl.
layout(location = 0) in vec3 pointA;   // per instance: point i (world-box units)
layout(location = 1) in vec3 pointB;   // per instance: point i + 1
layout(location = 2) in vec3 normalA;  // surface normal at point i; 0 off the surface
layout(location = 3) in vec3 normalB;

#include "depth_bias.glsl"

uniform float halfWidth;  // pixels

noperspective out vec2 vPixel;  // this fragment's position, viewport pixels
flat out vec2 vPixelA;
flat out vec2 vPixelB;

const float kMinW = 1e-5;

void main() {
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

  // Triangle strip corners: 0 = A right, 1 = A left, 2 = B right, 3 = B left.
  bool atB = gl_VertexID >= 2;
  float side = (gl_VertexID % 2 == 0) ? -1.0 : 1.0;
  vec4 clip = atB ? b : a;
  float bias = atB ? surfaceDepthBias(worldB, normalB, halfWidth + 1.0) : surfaceDepthBias(worldA, normalA, halfWidth + 1.0);
  vec2 pixel = (atB ? pixelB : pixelA) + (side * across + (atB ? along : -along)) * (halfWidth + 1.0);

  vec2 ndc = pixel / viewportSize * 2.0 - 1.0;
  gl_Position = vec4(ndc * clip.w, clip.z + bias * clip.w, clip.w);
  vPixel = pixel;
  vPixelA = pixelA;
  vPixelB = pixelB;
}
