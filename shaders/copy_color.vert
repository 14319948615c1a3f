// One triangle over the whole viewport for colour copies and MSAA resolves (render/offscreen_target.cpp);
// no vertex buffer.
void main() {
  vec2 corner = vec2((gl_VertexID & 1) != 0 ? 3.0 : -1.0, (gl_VertexID & 2) != 0 ? 3.0 : -1.0);
  gl_Position = vec4(corner, 0.0, 1.0);
}
