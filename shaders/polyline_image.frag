// Plot curves: the premultiplied picture render/polyline_raster.cpp drew on the CPU, pixel for pixel (the
// viewport is exactly the picture; copy_color.vert's triangle covers it).
uniform sampler2D image;
uniform ivec2 origin;  // the picture's lower-left pixel in the framebuffer

out vec4 fragColor;

void main() { fragColor = texelFetch(image, ivec2(gl_FragCoord.xy) - origin, 0); }
