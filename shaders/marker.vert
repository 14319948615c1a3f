// Screen-space markers (one instance each): a square sprite around the projected point. A sprite has one
// depth, so it is moved by the surface's depth slope over its whole radius (depth_bias.glsl).
layout(location = 0) in vec3 worldPosition;
layout(location = 1) in vec4 fillColor;
layout(location = 2) in vec4 edgeColor;
layout(location = 3) in vec3 sizeEdgeShape;  // outline diameter (px), edge width (px), shape id
layout(location = 4) in vec3 surfaceNormal;  // 0 when the point is not on the surface

#include "depth_bias.glsl"

out vec2 vOffset;  // pixels from the marker centre, y up
flat out vec4 vFill;
flat out vec4 vEdge;
flat out vec3 vSizeEdgeShape;

void main() {
  vec3 world = liftOffSurface(worldPosition, surfaceNormal);
  vec4 centre = clipFromWorld * vec4(world, 1.0);
  float extent = 0.5 * sizeEdgeShape.x + 0.5 * sizeEdgeShape.y + 1.5;  // outline + half the stroke + AA
  vec2 corner = vec2((gl_VertexID & 1) != 0 ? 1.0 : -1.0, (gl_VertexID & 2) != 0 ? 1.0 : -1.0);
  vOffset = corner * extent;
  vFill = fillColor;
  vEdge = edgeColor;
  vSizeEdgeShape = sizeEdgeShape;
  if (centre.w <= 0.0) {  // behind the eye
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
  float bias = surfaceDepthBias(world, surfaceNormal, extent);
  vec2 ndcOffset = vOffset / viewportSize * 2.0;
  gl_Position = vec4(centre.xy + ndcOffset * centre.w, centre.z + bias * centre.w, centre.w);
}
