// An ensemble particle (see particle.vert): with PARTICLE_HEADS its head, a disc in the run's colour;
// without, its trail, a line whose alpha the vertices interpolate.
uniform float alphaScale;  // 1; render.hidden_paths "faint" draws hidden particles again with less

out vec4 fragColor;

#ifdef PARTICLE_HEADS
flat in vec4 vColor;
flat in float vRadius;
flat in vec2 vCentre;  // window pixels
uniform int smoothRim;  // 0: hard edges (FrameOptions::antialias off)

void main() {
  // From the true centre, not gl_PointCoord: a rasteriser may snap a point's square to the pixel grid.
  float d = length(gl_FragCoord.xy - vCentre) - vRadius;
  float coverage = smoothRim != 0 ? clamp(0.5 - d, 0.0, 1.0) : (d <= 0.0 ? 1.0 : 0.0);
  if (coverage <= 0.0) discard;
  fragColor = vec4(vColor.rgb, vColor.a * coverage * alphaScale);
}
#else
in vec4 vColor;

void main() { fragColor = vec4(vColor.rgb, vColor.a * alphaScale); }
#endif
