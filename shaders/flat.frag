// Flat 2-D geometry: the vertex colour, straight alpha.
in vec4 vColor;

out vec4 fragColor;

void main() { fragColor = vColor; }
