// Flat face colours (one per matplotlib polygon), optionally shaded; or the edge lines' single colour.
flat in vec4 vFaceColour;

uniform int shading;      // 1: multiply by the face's shade factor (matplotlib's _shade_colors)
uniform vec4 lineColour;  // EDGE_LINES only

out vec4 fragColour;

void main() {
#ifdef EDGE_LINES
  fragColour = lineColour;
#else
  fragColour = vec4(shading != 0 ? vFaceColour.rgb * vFaceColour.a : vFaceColour.rgb, 1.0);
#endif
}
