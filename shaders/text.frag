// Text: the atlas holds glyph coverage; it scales the colour's alpha (blended with SRC_ALPHA).
in vec2 uv;
in vec4 textColor;

uniform sampler2D atlas;

out vec4 fragColor;

void main() {
  float coverage = texture(atlas, uv).r;
  fragColor = vec4(textColor.rgb, textColor.a * coverage);
}
