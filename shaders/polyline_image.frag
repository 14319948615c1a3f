// Plot curves: the premultiplied picture render/polyline_raster.cpp drew on the CPU, pixel for pixel.
uniform sampler2D image;

in vec2 textureCoordinate;
out vec4 fragColor;

void main() { fragColor = texture(image, textureCoordinate); }
