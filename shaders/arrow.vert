// The internals overlay's segments (arrows, the Hessian cross, the quiver): each segment is six vertices
// carrying both ends, expanded in screen space to a round-capped quad as trajectory.vert does, lifted and
// depth-biased onto the surface by depth_bias.glsl so an arrow lying on the surface is not lost in it.
layout(location = 0) in vec3 worldA;
layout(location = 1) in vec3 normalA;  // 0: the end is not on the surface
layout(location = 2) in vec3 worldB;
layout(location = 3) in vec3 normalB;
layout(location = 4) in vec4 segmentColor;
layout(location = 5) in float segmentHalfWidth;  // pixels

#include "depth_bias.glsl"

noperspective out vec2 vPixel;
flat out vec2 vPixelA;
flat out vec2 vPixelB;
flat out vec4 vColor;
flat out float vHalfWidth;

const float kMinW = 1e-5;

void main() {
  int vertex = gl_VertexID % 6;
  int corner = vertex < 3 ? vertex : (vertex == 5 ? 3 : 5 - vertex);
  vec3 liftedA = liftOffSurface(worldA, normalA), liftedB = liftOffSurface(worldB, normalB);
  vec4 a = clipFromWorld * vec4(liftedA, 1.0);
  vec4 b = clipFromWorld * vec4(liftedB, 1.0);
  vColor = segmentColor;
  vHalfWidth = segmentHalfWidth;
  if (a.w < kMinW || b.w < kMinW) {  // short segments: drop one that reaches behind the eye
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    vPixel = vPixelA = vPixelB = vec2(0.0);
    return;
  }
  vec2 pixelA = (a.xy / a.w * 0.5 + 0.5) * viewportSize;
  vec2 pixelB = (b.xy / b.w * 0.5 + 0.5) * viewportSize;
  vec2 along = pixelB - pixelA;
  float len = length(along);
  along = len > 1e-4 ? along / len : vec2(1.0, 0.0);
  vec2 across = vec2(-along.y, along.x);
  bool atB = corner >= 2;
  float side = (corner % 2 == 0) ? -1.0 : 1.0;
  float reach = segmentHalfWidth + 1.0;
  vec4 clip = atB ? b : a;
  float bias = atB ? surfaceDepthBias(liftedB, normalB, reach) : surfaceDepthBias(liftedA, normalA, reach);
  vec2 pixel = (atB ? pixelB : pixelA) + (side * across + (atB ? along : -along)) * reach;
  vec2 ndc = pixel / viewportSize * 2.0 - 1.0;
  gl_Position = vec4(ndc * clip.w, clip.z + bias * clip.w, clip.w);
  vPixel = pixel;
  vPixelA = pixelA;
  vPixelB = pixelB;
}
