// Depth for things lying ON the surface (trajectory points, markers), shared by trajectory.vert and
// marker.vert. A point on the surface is lifted a little along +z (the true surface sinks below the flat
// triangles of a convex patch), then its depth is moved by the surface's own depth slope times the
// sprite's radius: toward the viewer when the eye is on the side of the surface the point lies on (the
// whole line width or marker stays in front of the surface around it), away from the viewer otherwise
// (seen from underneath, a path on the surface is hidden by it; the fill's polygon offset of one pixel
// of slope is added). Points off the surface (normal 0: outside the domain) keep their true depth.
uniform mat4 clipFromWorld;
uniform vec2 viewportSize;    // pixels
uniform vec3 eyeWorld;        // perspective eye, world-box units
uniform vec3 towardEyeWorld;  // orthographic view direction (unit, toward the eye)
uniform int orthographic;
uniform float surfaceLift;    // world units along +z
uniform float baseDepthBias;  // NDC
uniform float maxDepthBias;   // NDC, toward the viewer
uniform float maxAwayBias;    // NDC, away from the viewer

vec3 liftOffSurface(vec3 world, vec3 normal) {
  return dot(normal, normal) > 0.0 ? world + vec3(0.0, 0.0, surfaceLift) : world;
}

vec3 toScreen(vec4 clip) {  // pixels and NDC depth
  return vec3((clip.xy / clip.w * 0.5 + 0.5) * viewportSize, clip.z / clip.w);
}

// Signed NDC offset to add to the depth of `world` (already lifted) drawn `radiusPixels` wide.
float surfaceDepthBias(vec3 world, vec3 normal, float radiusPixels) {
  if (dot(normal, normal) == 0.0) return 0.0;
  vec3 toEye = orthographic != 0 ? towardEyeWorld : eyeWorld - world;
  float direction = dot(toEye, normal) >= 0.0 ? -1.0 : 1.0;  // -1: toward the viewer

  // The tangent plane's depth gradient in NDC per pixel, from two tangent directions.
  vec3 tangent1 = normalize(cross(normal, abs(normal.x) < 0.9 ? vec3(1.0, 0.0, 0.0) : vec3(0.0, 1.0, 0.0)));
  vec3 tangent2 = cross(normal, tangent1);
  const float h = 1e-3;
  vec4 c0 = clipFromWorld * vec4(world, 1.0);
  vec4 c1 = clipFromWorld * vec4(world + h * tangent1, 1.0);
  vec4 c2 = clipFromWorld * vec4(world + h * tangent2, 1.0);
  if (c0.w <= 0.0 || c1.w <= 0.0 || c2.w <= 0.0) return 0.0;
  vec3 s0 = toScreen(c0), s1 = toScreen(c1), s2 = toScreen(c2);
  vec2 d1 = s1.xy - s0.xy, d2 = s2.xy - s0.xy;
  float z1 = s1.z - s0.z, z2 = s2.z - s0.z;
  float det = d1.x * d2.y - d1.y * d2.x;
  float slope = maxDepthBias;  // seen edge-on: as much as allowed
  if (abs(det) > 1e-12) slope = length(vec2(z1 * d2.y - z2 * d1.y, d1.x * z2 - d2.x * z1)) / abs(det);
  if (direction < 0.0) return -min(baseDepthBias + slope * (radiusPixels + 2.0), maxDepthBias);
  return min(baseDepthBias + slope * (radiusPixels + 2.0), maxAwayBias);
}
