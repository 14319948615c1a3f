// Axes lines: coverage from the distance to the centre line (a 1-pixel ramp at each side).
in vec4 lineColor;
noperspective in float acrossPixels;
noperspective in float halfWidthPixels;

out vec4 fragColor;

void main() {
  float coverage = clamp(halfWidthPixels + 0.5 - abs(acrossPixels), 0.0, 1.0);
  if (coverage <= 0.0) discard;
  fragColor = vec4(lineColor.rgb, lineColor.a * coverage);
}
