// Axes panes: their colour, blended.
in vec4 paneColor;

out vec4 fragColor;

void main() { fragColor = paneColor; }
