// Filled contours as marching triangles would cut them (core/contours.hpp): each grid cell split along its
// rising diagonal, f interpolated linearly on the triangle the fragment falls in, and the fragment given the
// colour of the band that value lies in. The band boundaries are then exactly where the contour lines'
// linear-interpolation vertices are, at any zoom, whatever the number of crossings.
uniform sampler2D grid;          // R32F: f at (column, row)
uniform samplerBuffer levels;    // R32F, ascending
uniform samplerBuffer colors;    // RGBA8: band k between levels k and k + 1
uniform int levelCount;          // >= 2

in vec2 gridCoord;
out vec4 fragColor;

void main() {
  ivec2 size = textureSize(grid, 0);
  vec2 g = clamp(gridCoord, vec2(0.0), vec2(size - 1));
  ivec2 cell = min(ivec2(floor(g)), size - 2);
  vec2 t = g - vec2(cell);
  float v00 = texelFetch(grid, cell, 0).r;
  float v10 = texelFetch(grid, cell + ivec2(1, 0), 0).r;
  float v01 = texelFetch(grid, cell + ivec2(0, 1), 0).r;
  float v11 = texelFetch(grid, cell + ivec2(1, 1), 0).r;
  // A cell with a non-finite corner is left out, as the contours leave it out.
  bvec4 bad = bvec4(isnan(v00) || isinf(v00), isnan(v10) || isinf(v10), isnan(v01) || isinf(v01), isnan(v11) || isinf(v11));
  if (any(bad)) discard;
  float value = t.x >= t.y ? v00 + t.x * (v10 - v00) + t.y * (v11 - v10)   // triangle (00, 10, 11)
                           : v00 + t.y * (v01 - v00) + t.x * (v11 - v01);  // triangle (00, 11, 01)
  // Levels at or below the value (upper_bound), then the band: the first band takes everything below
  // level 1 and the last everything from its lower level up, as the contours' bands do.
  int low = 0, high = levelCount;
  while (low < high) {
    int middle = (low + high) / 2;
    if (texelFetch(levels, middle).r <= value) low = middle + 1;
    else high = middle;
  }
  int band = clamp(low - 1, 0, levelCount - 2);
  fragColor = texelFetch(colors, band);
}
