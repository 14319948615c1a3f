// Ensemble particles: sprite s of particleCount x (trailSteps + 1), one point each (see particle_layer.hpp).
// Sprites are ordered oldest trail dot first: age a = trailSteps - s / particleCount
// (0 = the head), particle p = s % particleCount. The point is fetched by frame index from the buffer of
// every particle's points, so a frame uploads nothing.
uniform samplerBuffer points;      // RGBA32F: world xyz, w = 1 on the surface
uniform usamplerBuffer particles;  // RGBA32UI: first point, point count, RGBA8 colour
uniform sampler2D normals;         // the surface's unit normals over the domain (w = 0 where not finite)
uniform int particleCount;
uniform int trailSteps;
uniform int frame;          // the head's step
uniform float headSize;     // pixels across
uniform vec2 domainWorldMin, domainWorldMax;
uniform vec2 viewportOrigin;  // window pixels of the viewport's lower-left corner (gl_FragCoord's origin)

#include "depth_bias.glsl"

flat out vec4 vColor;
flat out float vRadius;
flat out vec2 vCentre;  // window pixels, as gl_FragCoord

void main() {
  int sprite = gl_VertexID;
  int age = trailSteps - sprite / particleCount;
  uvec4 info = texelFetch(particles, sprite % particleCount);
  int count = int(info.y);
  int step = min(frame - age, count - 1);
  int headStep = min(frame, count - 1);
  if (step < 0 || (age > 0 && step == headStep)) {  // before the start, or a stopped particle's trail under its head
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
  vec4 point = texelFetch(points, int(info.x) + step);
  vec3 normal = vec3(0.0);
  if (point.w > 0.0) {
    vec2 t = (point.xy - domainWorldMin) / (domainWorldMax - domainWorldMin);
    vec2 size = vec2(textureSize(normals, 0));
    vec4 sampled = texture(normals, (t * (size - 1.0) + 0.5) / size);
    if (sampled.w > 0.999) normal = normalize(sampled.xyz);  // all four grid normals finite
  }
  vec3 world = liftOffSurface(point.xyz, normal);
  vec4 centre = clipFromWorld * vec4(world, 1.0);
  if (centre.w <= 0.0) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
  float fade = float(age) / float(trailSteps + 1);
  vRadius = 0.5 * headSize * (1.0 - 0.5 * float(age) / float(max(trailSteps, 1)));
  uint rgba = info.z;
  vColor = vec4(float(rgba & 0xFFu), float((rgba >> 8) & 0xFFu), float((rgba >> 16) & 0xFFu), 255.0 * (1.0 - fade)) / 255.0;
  float extent = vRadius + 1.0;
  vCentre = viewportOrigin + (centre.xy / centre.w * 0.5 + 0.5) * viewportSize;
  // A pixel of room past the radius: llvmpipe moves a point's square by a fraction of a pixel, and half
  // a pixel (where coverage ends) cut the rim.
  gl_PointSize = 2.0 * extent;
  float bias = surfaceDepthBias(world, normal, extent);
  gl_Position = vec4(centre.xy, centre.z + bias * centre.w, centre.w);
}
