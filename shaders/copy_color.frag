// Copies an offscreen target's colour pixel for pixel into the bound framebuffer; with MULTISAMPLE, the
// mean of each pixel's samples (what glBlitFramebuffer's resolve computes). Our own pass because
// llvmpipe's blit is a generic texture-sampling shader: compiled anew in every process for a resolve
// (~37 ms), and ~3 ms per 1200x848 copy into the window, several times this one.
#ifdef MULTISAMPLE
uniform sampler2DMS color;
uniform int samples;
#else
uniform sampler2D color;
#endif
uniform ivec2 destinationOrigin;  // where the source's lower-left pixel lands, in window pixels

out vec4 fragColor;

void main() {
  ivec2 pixel = ivec2(gl_FragCoord.xy) - destinationOrigin;
#ifdef MULTISAMPLE
  vec4 sum = vec4(0.0);
  for (int i = 0; i < samples; ++i) sum += texelFetch(color, pixel, i);
  fragColor = sum / float(samples);
#else
  fragColor = texelFetch(color, pixel, 0);
#endif
}
