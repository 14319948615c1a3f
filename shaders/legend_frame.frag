// Legend frame: a rounded rectangle from its signed distance, face then edge, premultiplied output
// (blend ONE, ONE_MINUS_SRC_ALPHA).
in vec2 pixel;

uniform vec4 frameRect;
uniform float cornerRadius;
uniform float edgeWidth;
uniform vec4 faceColor;
uniform vec4 edgeColor;

out vec4 fragColor;

void main() {
  vec2 centre = 0.5 * (frameRect.xy + frameRect.zw);
  vec2 halfSize = 0.5 * (frameRect.zw - frameRect.xy);
  float radius = min(cornerRadius, min(halfSize.x, halfSize.y));
  vec2 q = abs(pixel - centre) - (halfSize - radius);
  float distanceOut = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - radius;

  float faceAlpha = faceColor.a * clamp(0.5 - distanceOut, 0.0, 1.0);
  float edgeAlpha = edgeColor.a * clamp(0.5 * edgeWidth + 0.5 - abs(distanceOut), 0.0, 1.0);
  vec3 rgb = edgeColor.rgb * edgeAlpha + faceColor.rgb * faceAlpha * (1.0 - edgeAlpha);
  float alpha = edgeAlpha + faceAlpha * (1.0 - edgeAlpha);
  fragColor = vec4(rgb, alpha);
}
