// Screen-space markers (one instance each): a square sprite around the projected point, at the point's
// depth biased toward the viewer (a sprite has one depth, so it needs more bias than a line).
layout(location = 0) in vec3 worldPosition;
layout(location = 1) in vec4 fillColour;
layout(location = 2) in vec4 edgeColour;
layout(location = 3) in vec3 sizeEdgeShape;  // outline diameter (px), edge width (px), shape id

uniform mat4 clipFromWorld;
uniform vec2 viewportSize;
uniform float depthBias;

out vec2 vOffset;  // pixels from the marker centre, y up
flat out vec4 vFill;
flat out vec4 vEdge;
flat out vec3 vSizeEdgeShape;

void main() {
  vec4 centre = clipFromWorld * vec4(worldPosition, 1.0);
  float extent = 0.5 * sizeEdgeShape.x + 0.5 * sizeEdgeShape.y + 1.5;  // outline + half the stroke + AA
  vec2 corner = vec2((gl_VertexID & 1) != 0 ? 1.0 : -1.0, (gl_VertexID & 2) != 0 ? 1.0 : -1.0);
  vOffset = corner * extent;
  vFill = fillColour;
  vEdge = edgeColour;
  vSizeEdgeShape = sizeEdgeShape;
  if (centre.w <= 0.0) {  // behind the eye
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
  vec2 ndcOffset = vOffset / viewportSize * 2.0;
  gl_Position = vec4(centre.xy + ndcOffset * centre.w, centre.z - depthBias * centre.w, centre.w);
}
