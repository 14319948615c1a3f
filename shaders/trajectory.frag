// Round-capped segment: keep fragments within halfWidth of the segment (matplotlib's round joins). With
// STENCIL_EXPORT the fragment carries its run's stencil id (path_segments.hpp), so one draw of many runs
// still lets each run blend at most once per sample.
#ifdef STENCIL_EXPORT
#extension GL_ARB_shader_stencil_export : require
#endif

noperspective in vec2 vPixel;
flat in vec2 vPixelA;
flat in vec2 vPixelB;
flat in vec4 vRun;  // the run's colour and stencil id

uniform float halfWidth;
uniform float alpha;  // straight alpha of every run the draw covers

out vec4 fragColor;

void main() {
  vec2 ab = vPixelB - vPixelA;
  float lengthSquared = dot(ab, ab);
  float t = lengthSquared > 0.0 ? clamp(dot(vPixel - vPixelA, ab) / lengthSquared, 0.0, 1.0) : 0.0;
  if (distance(vPixel, vPixelA + t * ab) > halfWidth) discard;
  fragColor = vec4(vRun.rgb, alpha);
#ifdef STENCIL_EXPORT
  gl_FragStencilRefARB = int(vRun.a);
#endif
}
