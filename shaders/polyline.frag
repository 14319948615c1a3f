// Plot curves: coverage from the pixel centre's distance to the segment, clamp(halfWidth + 0.5 - d, 0, 1)
// (the profile of ImGui's anti-aliased lines: full within halfWidth - 0.5, a one-pixel ramp outside). A
// pixel nearer a neighbouring segment of the same polyline is left to that segment's quad (ties go to
// the earlier one), so consecutive segments meet in a round join without blending a pixel twice.
uniform vec2 framebufferSize;

flat in vec2 previousP;
flat in vec2 startP;
flat in vec2 endP;
flat in vec2 nextP;
flat in vec4 color;
flat in float halfWidth;
flat in int neighbours;

out vec4 fragColor;

// The same expression for a segment in its own quad and in its neighbours': equal inputs, equal results.
float distanceToSegment(vec2 p, vec2 a, vec2 b) {
  vec2 ab = b - a;
  float length2 = dot(ab, ab);
  float t = length2 > 0.0 ? clamp(dot(p - a, ab) / length2, 0.0, 1.0) : 0.0;
  return length(p - (a + ab * t));
}

void main() {
  vec2 p = vec2(gl_FragCoord.x, framebufferSize.y - gl_FragCoord.y);
  float d = distanceToSegment(p, startP, endP);
  // Uncovered pixels first: most of a quad's 4x4 blocks end here, before the neighbours are looked at.
  float coverage = clamp(halfWidth + 0.5 - d, 0.0, 1.0);
  if (coverage <= 0.0) discard;
  if ((neighbours & 1) != 0 && distanceToSegment(p, previousP, startP) <= d) discard;
  if ((neighbours & 2) != 0 && distanceToSegment(p, endP, nextP) < d) discard;
  fragColor = vec4(color.rgb, color.a * coverage);
}
