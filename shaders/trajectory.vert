// One trajectory segment per instance, expanded in screen space to a quad `lineWidth` pixels wide with
// room for round caps (GL core has no wide lines). The depth is biased toward the viewer so a path lying
// on the surface is never cut by the flat triangles above it.
layout(location = 0) in vec3 pointA;  // per instance: point i
layout(location = 1) in vec3 pointB;  // per instance: point i + 1

uniform mat4 clipFromWorld;
uniform vec2 viewportSize;  // pixels
uniform float halfWidth;    // pixels
uniform float depthBias;    // NDC units toward the viewer

noperspective out vec2 vPixel;  // this fragment's position, viewport pixels
flat out vec2 vPixelA;
flat out vec2 vPixelB;

const float kMinW = 1e-5;

void main() {
  vec4 a = clipFromWorld * vec4(pointA, 1.0);
  vec4 b = clipFromWorld * vec4(pointB, 1.0);
  if (a.w < kMinW && b.w < kMinW) {  // entirely behind the eye
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    vPixel = vPixelA = vPixelB = vec2(0.0);
    return;
  }
  // Cut the part behind the eye so the perspective divide stays meaningful.
  if (a.w < kMinW) a = mix(a, b, (kMinW - a.w) / (b.w - a.w));
  if (b.w < kMinW) b = mix(b, a, (kMinW - b.w) / (a.w - b.w));

  vec2 pixelA = (a.xy / a.w * 0.5 + 0.5) * viewportSize;
  vec2 pixelB = (b.xy / b.w * 0.5 + 0.5) * viewportSize;
  vec2 along = pixelB - pixelA;
  float len = length(along);
  along = len > 1e-4 ? along / len : vec2(1.0, 0.0);
  vec2 across = vec2(-along.y, along.x);

  // Triangle strip corners: 0 = A right, 1 = A left, 2 = B right, 3 = B left.
  bool atB = gl_VertexID >= 2;
  float side = (gl_VertexID % 2 == 0) ? -1.0 : 1.0;
  vec4 clip = atB ? b : a;
  vec2 pixel = (atB ? pixelB : pixelA) + (side * across + (atB ? along : -along)) * (halfWidth + 1.0);

  vec2 ndc = pixel / viewportSize * 2.0 - 1.0;
  gl_Position = vec4(ndc * clip.w, clip.z - depthBias * clip.w, clip.w);
  vPixel = pixel;
  vPixelA = pixelA;
  vPixelB = pixelB;
}
