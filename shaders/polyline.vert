// Plot curves: one quad per segment (four vertices, each with the whole segment and its corner), the
// segment's capsule of radius halfWidth + 0.5 px in its bounding rectangle. Positions are framebuffer
// pixels, top-left origin.
layout(location = 0) in vec2 previousPoint;
layout(location = 1) in vec2 startPoint;
layout(location = 2) in vec2 endPoint;
layout(location = 3) in vec2 nextPoint;
layout(location = 4) in vec4 lineColor;   // straight alpha
layout(location = 5) in vec2 widthFlags;  // half width in pixels; neighbours: 1 previous, 2 next, 3 both
layout(location = 6) in float cornerIndex;  // bit 0: start or end; bit 1: the side

uniform vec2 framebufferSize;

flat out vec2 previousP;
flat out vec2 startP;
flat out vec2 endP;
flat out vec2 nextP;
flat out vec4 color;
flat out float halfWidth;
flat out int neighbours;

void main() {
  vec2 along = endPoint - startPoint;
  float length2 = dot(along, along);
  vec2 direction = length2 > 0.0 ? along * inversesqrt(length2) : vec2(1.0, 0.0);
  vec2 normal = vec2(-direction.y, direction.x);
  // Coverage ends half a pixel past the half width: a quad that reaches just that far holds every covered
  // pixel centre and rasterises the fewest blocks (the 1/64 px only absorbs rounding).
  float reach = widthFlags.x + 0.5 + 1.0 / 64.0;
  int corner = int(cornerIndex + 0.5);
  vec2 base = (corner & 1) == 0 ? startPoint - direction * reach : endPoint + direction * reach;
  vec2 pixel = base + normal * ((corner & 2) == 0 ? -reach : reach);
  gl_Position = vec4(pixel.x / framebufferSize.x * 2.0 - 1.0, 1.0 - pixel.y / framebufferSize.y * 2.0, 0.0, 1.0);

  previousP = previousPoint;
  startP = startPoint;
  endP = endPoint;
  nextP = nextPoint;
  color = lineColor;
  halfWidth = widthFlags.x;
  neighbours = int(widthFlags.y + 0.5);
}
