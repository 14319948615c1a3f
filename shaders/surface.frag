// Flat face colours (one per matplotlib polygon) with the edge lines that cross the
// face; or (borderLines) the border edge lines' single colour. One program for both: llvmpipe compiles
// each program's vertex shader anew in every process.
#include "map_texel.glsl"

flat in vec4 vFaceColor;
in vec2 vGridPosition;

uniform int borderLines;      // 1: drawing the mesh's border edge lines (GL_LINES)
uniform vec4 lineColor;      // edge lines
uniform float edgeStride;     // edge lines on grid indices that are multiples of this, and on lastGridLine;
uniform float lastGridLine;   //   edgeStride 0: no edge lines
uniform int showMap;          // 1: the map overlay's cell colours replace the face colours (edge lines stay)

out vec4 fragColor;

// Distance in pixels, along the screen axis the line crosses faster (as an aliased line is rasterised:
// one pixel per column of an x-major line), from this pixel to the nearest edge line of one grid axis.
float pixelsToEdgeLine(float gridIndex) {
  float nearest = round(gridIndex / edgeStride) * edgeStride;
  float gridDistance = min(abs(gridIndex - nearest), abs(gridIndex - lastGridLine));
  float gridPerPixel = max(abs(dFdx(gridIndex)), abs(dFdy(gridIndex)));
  return gridDistance / max(gridPerPixel, 1e-20);
}

void main() {
  // Derivatives first: they must be computed by every pixel of the 2x2 quad.
  float toEdge = min(pixelsToEdgeLine(vGridPosition.x), pixelsToEdgeLine(vGridPosition.y));
  if (borderLines != 0 || (edgeStride > 0.0 && toEdge < 0.5)) {
    fragColor = lineColor;
  } else {
    fragColor = vec4(showMap != 0 ? mapColor(clamp(vGridPosition / lastGridLine, 0.0, 1.0)) : vFaceColor.rgb, 1.0);
  }
}
