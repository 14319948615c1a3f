// The 2-D view's map: each pixel its cell's colour.
#include "map_texel.glsl"

in vec2 vDomain;

out vec4 fragColor;

void main() { fragColor = vec4(mapColor(clamp(vDomain, 0.0, 1.0)), 1.0); }
