// Ensemble particles (see particle_layer.hpp), compiled twice. With PARTICLE_HEADS: one GL point a
// particle (vertex p), its head at the frame's step, a disc. Without: the trails, GL_LINES through an index
// buffer whose vertex p * (trailSegments + 1) + s is particle p's point s * trailSteps / trailSegments
// steps before the head, so each trail point is shaded once and shared by the two segments that meet there.
// The layer writes those trailSegments + 1 points of each particle for the frame (its window).
uniform samplerBuffer points;      // RGBA32F: world xyz, w = 1 on the surface; particle p's window at p * (trailSegments + 1)
uniform usamplerBuffer particles;  // RGBA32UI: 0, point count, RGBA8 colour
uniform sampler2D normals;         // the surface's unit normals over the domain (w = 0 where not finite)
uniform int trailSteps;     // the trail's length in steps
uniform int trailSegments;  // its line segments (trailSteps divides by them)
uniform int frame;          // the head's step
uniform vec2 domainWorldMin, domainWorldMax;

#include "depth_bias.glsl"

#ifdef PARTICLE_HEADS
uniform float headSize;       // pixels across
uniform vec2 viewportOrigin;  // window pixels of the viewport's lower-left corner (gl_FragCoord's origin)
uniform float squareMargin;   // pixels from the disc's rim to the point's square (ParticleLayer::draw)
flat out vec4 vColor;
flat out float vRadius;
flat out vec2 vCentre;  // window pixels, as gl_FragCoord
#else
uniform float trailHalfWidth;  // pixels: half the line's width, for the depth bias
out vec4 vColor;               // alpha falls along the line from 1 at the head to 0 at the trail's end
#endif

// The surface normal under a point in world units (0 off the surface or where the grid is not finite).
vec3 surfaceNormal(vec4 point) {
  if (point.w <= 0.0) return vec3(0.0);
  vec2 t = (point.xy - domainWorldMin) / (domainWorldMax - domainWorldMin);
  vec2 size = vec2(textureSize(normals, 0));
  vec4 sampled = texture(normals, (t * (size - 1.0) + 0.5) / size);
  return sampled.w > 0.999 ? normalize(sampled.xyz) : vec3(0.0);  // all four grid normals finite
}

vec4 unpackColor(uint rgba, float alpha) {
  return vec4(float(rgba & 0xFFu) / 255.0, float((rgba >> 8) & 0xFFu) / 255.0, float((rgba >> 16) & 0xFFu) / 255.0, alpha);
}

void main() {
#ifdef PARTICLE_HEADS
  int particle = gl_VertexID, joint = 0;
#else
  int particle = gl_VertexID / (trailSegments + 1);
  int joint = gl_VertexID - particle * (trailSegments + 1);
#endif
  int age = joint * (trailSteps / trailSegments);
  uvec4 info = texelFetch(particles, particle);
  int headStep = min(frame, int(info.y) - 1);
  vec4 point = texelFetch(points, particle * (trailSegments + 1) + joint);
  vec3 normal = surfaceNormal(point);
  vec3 world = liftOffSurface(point.xyz, normal);
  vec4 clip = clipFromWorld * vec4(world, 1.0);
#ifdef PARTICLE_HEADS
  if (headStep < 0 || clip.w <= 0.0) {  // no point yet, or behind the eye
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
  vRadius = 0.5 * headSize;
  vColor = unpackColor(info.z, 1.0);
  vCentre = viewportOrigin + (clip.xy / clip.w * 0.5 + 0.5) * viewportSize;
  // The depth bias holds the disc and a pixel past it in front of the surface.
  float extent = vRadius + 1.0;
  // The square must hold every sample the disc touches: with a hard rim, the pixels whose centre is within
  // the radius; a smooth rim adds half a pixel, and under MSAA a pixel's samples reach half a pixel past
  // its centre. The 1/32 covers the rasteriser snapping the square to 1/256 pixel. For the fast pass
  // (hard rims, one sample) the square is half the fragments of radius + 1 and lights the same pixels.
  gl_PointSize = 2.0 * (vRadius + squareMargin);
#else
  // A line's ends are clipped by GL (no w test); its depth is biased like the heads', for its own width.
  float extent = trailHalfWidth + 1.0;
  vColor = unpackColor(info.z, 1.0 - float(age) / float(max(trailSteps, 1)));
#endif
  float bias = surfaceDepthBias(world, normal, extent);
  gl_Position = vec4(clip.xy, clip.z + bias * clip.w, clip.w);
}
