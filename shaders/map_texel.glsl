// The map overlay's texel for a domain fraction u in [0, 1]: the cell of the nearest grid vertex
// (render/map_overlay.hpp); nearest filtering returns its colour exactly.
uniform sampler2D mapTexture;
uniform float mapGrid;

vec3 mapColor(vec2 u) { return texture(mapTexture, (u * (mapGrid - 1.0) + 0.5) / mapGrid).rgb; }
