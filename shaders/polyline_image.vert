// Plot curves' picture (render/polyline_raster.cpp): the covered parts of it as quads; the viewport is
// exactly the picture.
layout(location = 0) in vec2 picturePixel;  // a corner, in the picture's pixels (rows from the bottom)

uniform vec2 pictureSize;  // pixels
uniform vec2 textureSize;  // pixels: the texture may be larger than the picture

out vec2 textureCoordinate;

void main() {
  textureCoordinate = picturePixel / textureSize;
  gl_Position = vec4(picturePixel / pictureSize * 2.0 - 1.0, 0.0, 1.0);
}
