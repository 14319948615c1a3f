// Marker shapes as signed distances in pixels: filled, stroked with the edge colour centred on the
// outline (as matplotlib strokes marker paths), with a one-pixel antialiased rim.
in vec2 vOffset;
flat in vec4 vFill;
flat in vec4 vEdge;
flat in vec3 vSizeEdgeShape;

uniform float alphaScale;  // 1; render.hidden_paths "faint" draws hidden parts again with less
uniform int smoothRim;  // 0: hard edges (FrameOptions::antialias off)

out vec4 fragColor;

const int kCircle = 0, kSquare = 1, kTriangle = 2, kDiamond = 3, kCross = 4, kDiverged = 5;

float boxDistance(vec2 p, vec2 halfSize) {
  vec2 d = abs(p) - halfSize;
  return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0);
}

// matplotlib's 'X' (filled x): two bars of a third of the size, crossed at 45 degrees.
float crossDistance(vec2 p, float r) {
  vec2 q = abs(mat2(0.70710678, -0.70710678, 0.70710678, 0.70710678) * p);
  return min(boxDistance(q, vec2(r, r / 3.0)), boxDistance(q, vec2(r / 3.0, r)));
}

// matplotlib's '^': vertices (0, r), (-r, -r), (r, -r).
float triangleDistance(vec2 p, float r) {
  vec2 q = vec2(abs(p.x), p.y);
  vec2 edgeNormal = normalize(vec2(2.0, 1.0));  // outward normal of the edge (0, r)-(r, -r)
  return max(dot(q - vec2(0.0, r), edgeNormal), -r - p.y);
}

float shapeDistance(int shape, vec2 p, float r) {
  if (shape == kSquare) return boxDistance(p, vec2(r));
  if (shape == kTriangle) return triangleDistance(p, r);
  if (shape == kDiamond) return (abs(p.x) + abs(p.y) - r) * 0.70710678;
  if (shape == kCross) return crossDistance(p, r);
  return length(p) - r;  // circle, and the diverged marker's disc
}

void main() {
  float r = 0.5 * vSizeEdgeShape.x;
  float halfEdge = 0.5 * vSizeEdgeShape.y;
  int shape = int(vSizeEdgeShape.z + 0.5);
  float d = shapeDistance(shape, vOffset, r);
  float coverage = smoothRim != 0 ? clamp(0.5 - (d - halfEdge), 0.0, 1.0) : (d - halfEdge <= 0.0 ? 1.0 : 0.0);
  if (coverage <= 0.0) discard;
  float edgeAmount = halfEdge <= 0.0 ? 0.0 : smoothRim != 0 ? clamp(0.5 + (d + halfEdge), 0.0, 1.0) : (d + halfEdge >= 0.0 ? 1.0 : 0.0);
  vec4 inner = vFill;
  if (shape == kDiverged) {
    // A black x across the disc: "this run left the surface here".
    float cross = crossDistance(vOffset, 0.75 * r) + 0.12 * r;
    inner = mix(vEdge, vFill, clamp(0.5 + cross, 0.0, 1.0));
  }
  vec4 color = mix(inner, vEdge, edgeAmount);
  fragColor = vec4(color.rgb, color.a * coverage * alphaScale);
}
