// MSAA resolve: the mean of a pixel's samples, what glBlitFramebuffer's resolve computes. Our own pass
// because llvmpipe builds and compiles the blit's resolve shader anew in every process (~37 ms, a tenth of
// a GIF export), while this one comes from Mesa's shader cache.
uniform sampler2DMS colour;
uniform int samples;

out vec4 fragColour;

void main() {
  ivec2 pixel = ivec2(gl_FragCoord.xy);
  vec4 sum = vec4(0.0);
  for (int i = 0; i < samples; ++i) sum += texelFetch(colour, pixel, i);
  fragColour = sum / float(samples);
}
