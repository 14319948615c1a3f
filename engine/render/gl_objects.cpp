// Move-only RAII owners of GL objects (see gl_objects.hpp).
#include "render/gl_objects.hpp"

#include <utility>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include <glm/gtc/type_ptr.hpp>

#include "core/error.hpp"

namespace gradscape::resources {
std::string_view renderResource(std::string_view name);
}

namespace gradscape::render::gl {

void BufferDeleter::destroy(GLuint id) { glDeleteBuffers(1, &id); }
void VertexArrayDeleter::destroy(GLuint id) { glDeleteVertexArrays(1, &id); }
void ShaderDeleter::destroy(GLuint id) { glDeleteShader(id); }
void ProgramDeleter::destroy(GLuint id) { glDeleteProgram(id); }
void TextureDeleter::destroy(GLuint id) { glDeleteTextures(1, &id); }
void RenderbufferDeleter::destroy(GLuint id) { glDeleteRenderbuffers(1, &id); }
void FramebufferDeleter::destroy(GLuint id) { glDeleteFramebuffers(1, &id); }

namespace {

template <void (*Generate)(GLsizei, GLuint*)>
GLuint generateName() {
  GLuint id = 0;
  Generate(1, &id);
  return id;
}

// glad's entry points are function-pointer variables, so wrap the generators in plain functions.
void genBuffers(GLsizei n, GLuint* ids) { glGenBuffers(n, ids); }
void genVertexArrays(GLsizei n, GLuint* ids) { glGenVertexArrays(n, ids); }
void genTextures(GLsizei n, GLuint* ids) { glGenTextures(n, ids); }
void genRenderbuffers(GLsizei n, GLuint* ids) { glGenRenderbuffers(n, ids); }
void genFramebuffers(GLsizei n, GLuint* ids) { glGenFramebuffers(n, ids); }

std::string_view stageName(GLenum stage) {
  switch (stage) {
    case GL_VERTEX_SHADER: return "vertex";
    case GL_GEOMETRY_SHADER: return "geometry";
    case GL_FRAGMENT_SHADER: return "fragment";
    default: return "unknown-stage";
  }
}

// Mesa writes "0:12(5): error: ..." where 0 is the source string number (#line N S); name the file:
// "surface.frag:12(5): error: ...".
std::string nameLogLines(std::string_view log, const std::vector<std::string>& fileNames) {
  std::string out;
  std::size_t begin = 0;
  while (begin < log.size()) {
    std::size_t end = log.find('\n', begin);
    if (end == std::string_view::npos) end = log.size();
    std::string_view line = log.substr(begin, end - begin);
    const std::size_t colon = line.find(':');
    std::size_t sourceNumber = 0;
    bool numbered = colon != std::string_view::npos && colon > 0;
    for (std::size_t i = 0; numbered && i < colon; ++i) {
      if (line[i] < '0' || line[i] > '9') numbered = false;
      else sourceNumber = sourceNumber * 10 + static_cast<std::size_t>(line[i] - '0');
    }
    if (numbered && sourceNumber < fileNames.size()) {
      out += fileNames[sourceNumber];
      out += line.substr(colon);
    } else {
      out += line;
    }
    out += '\n';
    begin = end + 1;
  }
  return out;
}

std::string_view framebufferStatusName(GLenum status) {
  switch (status) {
    case GL_FRAMEBUFFER_UNDEFINED: return "GL_FRAMEBUFFER_UNDEFINED";
    case GL_FRAMEBUFFER_INCOMPLETE_ATTACHMENT: return "GL_FRAMEBUFFER_INCOMPLETE_ATTACHMENT";
    case GL_FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT: return "GL_FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT";
    case GL_FRAMEBUFFER_INCOMPLETE_DRAW_BUFFER: return "GL_FRAMEBUFFER_INCOMPLETE_DRAW_BUFFER";
    case GL_FRAMEBUFFER_INCOMPLETE_READ_BUFFER: return "GL_FRAMEBUFFER_INCOMPLETE_READ_BUFFER";
    case GL_FRAMEBUFFER_UNSUPPORTED: return "GL_FRAMEBUFFER_UNSUPPORTED";
    case GL_FRAMEBUFFER_INCOMPLETE_MULTISAMPLE: return "GL_FRAMEBUFFER_INCOMPLETE_MULTISAMPLE";
    case GL_FRAMEBUFFER_INCOMPLETE_LAYER_TARGETS: return "GL_FRAMEBUFFER_INCOMPLETE_LAYER_TARGETS";
    default: return "unknown status";
  }
}

std::string_view resourceOrThrow(std::string_view fileName) {
  std::string_view source = resources::renderResource(fileName);
  if (source.empty()) throw Error("shader file '" + std::string(fileName) + "' is not embedded (shaders/)");
  return source;
}

// Expands `#include "name"` lines (one level) from `load`, with #line directives giving each included
// file its own source number so compile errors name it. fileNames[0] is the including file.
std::string expandIncludes(std::string_view source, std::vector<std::string>& fileNames,
                           std::string_view (*load)(std::string_view)) {
  std::string out;
  std::size_t begin = 0;
  int lineNumber = 1;
  while (begin < source.size()) {
    std::size_t end = source.find('\n', begin);
    if (end == std::string_view::npos) end = source.size();
    const std::string_view line = source.substr(begin, end - begin);
    const std::size_t hash = line.find_first_not_of(" \t");
    if (hash != std::string_view::npos && line.substr(hash).starts_with("#include")) {
      const std::size_t open = line.find('"'), close = line.rfind('"');
      if (open == std::string_view::npos || close <= open)
        throw Error("shader " + fileNames[0] + ":" + std::to_string(lineNumber) + ": malformed #include");
      const std::string name(line.substr(open + 1, close - open - 1));
      fileNames.push_back(name);
      out += "#line 1 " + std::to_string(fileNames.size() - 1) + "\n";
      out += load(name);
      out += "\n#line " + std::to_string(lineNumber + 1) + " 0\n";
    } else {
      out += line;
      out += '\n';
    }
    begin = end + 1;
    ++lineNumber;
  }
  return out;
}

}  // namespace

// ---- Buffer ----------------------------------------------------------------------------------------

Buffer::Buffer(GLenum target) : name_(generateName<genBuffers>()), target_(target) {}

void Buffer::bind() const { glBindBuffer(target_, id()); }

void Buffer::allocate(std::size_t bytes, GLenum usage) {
  bind();
  glBufferData(target_, static_cast<GLsizeiptr>(bytes), nullptr, usage);
  size_ = bytes;
}

void Buffer::setData(std::span<const std::byte> bytes, GLenum usage) {
  bind();
  glBufferData(target_, static_cast<GLsizeiptr>(bytes.size()), bytes.data(), usage);
  size_ = bytes.size();
}

void Buffer::setSubData(std::size_t offset, std::span<const std::byte> bytes) {
  if (offset + bytes.size() > size_)
    throw Error("Buffer::setSubData: range [" + std::to_string(offset) + ", " +
                std::to_string(offset + bytes.size()) + ") past the end of a " + std::to_string(size_) +
                "-byte buffer");
  if (bytes.empty()) return;
  bind();
  glBufferSubData(target_, static_cast<GLintptr>(offset), static_cast<GLsizeiptr>(bytes.size()), bytes.data());
}

Buffer::Mapping Buffer::mapForWrite(std::size_t offset, std::size_t bytes) {
  if (offset + bytes > size_)
    throw Error("Buffer::mapForWrite: range [" + std::to_string(offset) + ", " + std::to_string(offset + bytes) +
                ") past the end of a " + std::to_string(size_) + "-byte buffer");
  if (bytes == 0) return Mapping(nullptr, {});
  bind();
  // Not GL_MAP_INVALIDATE_*: llvmpipe answers those with a new store, whose pages the first writes fault in.
  void* const data = glMapBufferRange(target_, static_cast<GLintptr>(offset), static_cast<GLsizeiptr>(bytes), GL_MAP_WRITE_BIT);
  if (!data) throw Error("Buffer::mapForWrite: GL could not map " + std::to_string(bytes) + " bytes");
  return Mapping(this, std::span<std::byte>(static_cast<std::byte*>(data), bytes));
}

Buffer::Mapping::Mapping(Mapping&& other) noexcept : buffer_(std::exchange(other.buffer_, nullptr)), bytes_(other.bytes_) {}

Buffer::Mapping::~Mapping() { finish(); }

bool Buffer::Mapping::finish() {
  if (!buffer_) return true;
  buffer_->bind();
  const bool kept = glUnmapBuffer(buffer_->target()) == GL_TRUE;
  buffer_ = nullptr;
  return kept;
}

// ---- VertexArray -----------------------------------------------------------------------------------

VertexArray::VertexArray() : name_(generateName<genVertexArrays>()) {}

void VertexArray::bind() const { glBindVertexArray(id()); }

void VertexArray::setAttribute(GLuint index, const Buffer& buffer, GLint components, GLenum type,
                               bool normalized, GLsizei stride, std::size_t offset, GLuint divisor) {
  bind();
  glBindBuffer(GL_ARRAY_BUFFER, buffer.id());
  glEnableVertexAttribArray(index);
  glVertexAttribPointer(index, components, type, normalized ? GL_TRUE : GL_FALSE, stride,
                        reinterpret_cast<const void*>(offset));
  glVertexAttribDivisor(index, divisor);
}

void VertexArray::setElementBuffer(const Buffer& buffer) {
  bind();
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, buffer.id());
}

// ---- Shader and Program ----------------------------------------------------------------------------

Shader::Shader(GLenum stage, std::string_view fileName, std::string_view source,
               std::span<const std::string> defines)
    : name_(glCreateShader(stage)), fileName_(fileName) {
  std::vector<std::string> fileNames{fileName_};
  const std::string body = expandIncludes(source, fileNames, &resourceOrThrow);
  std::string header = "#version 330 core\n";
  for (const std::string& define : defines) header += "#define " + define + "\n";
  header += "#line 1 0\n";
  const std::array<const GLchar*, 2> parts{header.c_str(), body.data()};
  const std::array<GLint, 2> lengths{static_cast<GLint>(header.size()), static_cast<GLint>(body.size())};
  glShaderSource(id(), 2, parts.data(), lengths.data());
  glCompileShader(id());

  GLint ok = GL_FALSE, logLength = 0;
  glGetShaderiv(id(), GL_COMPILE_STATUS, &ok);
  glGetShaderiv(id(), GL_INFO_LOG_LENGTH, &logLength);
  if (ok != GL_TRUE) {
    std::string log(static_cast<std::size_t>(std::max(logLength, 1)), '\0');
    glGetShaderInfoLog(id(), logLength, nullptr, log.data());
    log.resize(std::char_traits<char>::length(log.c_str()));
    throw Error("shader " + fileName_ + " (" + std::string(stageName(stage)) + ") failed to compile:\n" +
                nameLogLines(log, fileNames));
  }
}

Program::Program(std::span<const Shader* const> stages) : name_(glCreateProgram()) {
  std::string files;
  for (const Shader* shader : stages) {
    glAttachShader(id(), shader->id());
    files += (files.empty() ? "" : " + ") + shader->fileName();
  }
  glLinkProgram(id());
  for (const Shader* shader : stages) glDetachShader(id(), shader->id());

  GLint ok = GL_FALSE, logLength = 0;
  glGetProgramiv(id(), GL_LINK_STATUS, &ok);
  glGetProgramiv(id(), GL_INFO_LOG_LENGTH, &logLength);
  if (ok != GL_TRUE) {
    std::string log(static_cast<std::size_t>(std::max(logLength, 1)), '\0');
    glGetProgramInfoLog(id(), logLength, nullptr, log.data());
    log.resize(std::char_traits<char>::length(log.c_str()));
    throw Error("program " + files + " failed to link:\n" + log);
  }
}

Program Program::fromFiles(std::string_view vertexFile, std::string_view fragmentFile,
                           std::span<const std::string> defines) {
  const Shader vertex(GL_VERTEX_SHADER, vertexFile, resourceOrThrow(vertexFile), defines);
  const Shader fragment(GL_FRAGMENT_SHADER, fragmentFile, resourceOrThrow(fragmentFile), defines);
  const std::array<const Shader*, 2> stages{&vertex, &fragment};
  return Program(stages);
}

Program Program::fromFiles(std::string_view vertexFile, std::string_view geometryFile,
                           std::string_view fragmentFile, std::span<const std::string> defines) {
  const Shader vertex(GL_VERTEX_SHADER, vertexFile, resourceOrThrow(vertexFile), defines);
  const Shader geometry(GL_GEOMETRY_SHADER, geometryFile, resourceOrThrow(geometryFile), defines);
  const Shader fragment(GL_FRAGMENT_SHADER, fragmentFile, resourceOrThrow(fragmentFile), defines);
  const std::array<const Shader*, 3> stages{&vertex, &geometry, &fragment};
  return Program(stages);
}

void Program::use() const { glUseProgram(id()); }

GLint Program::uniformLocation(const char* name) const { return glGetUniformLocation(id(), name); }

void Program::setUniform(const char* name, int value) const { glUniform1i(uniformLocation(name), value); }
void Program::setUniform(const char* name, float value) const { glUniform1f(uniformLocation(name), value); }
void Program::setUniform(const char* name, const glm::ivec2& value) const {
  glUniform2iv(uniformLocation(name), 1, glm::value_ptr(value));
}
void Program::setUniform(const char* name, const glm::vec2& value) const {
  glUniform2fv(uniformLocation(name), 1, glm::value_ptr(value));
}
void Program::setUniform(const char* name, const glm::vec3& value) const {
  glUniform3fv(uniformLocation(name), 1, glm::value_ptr(value));
}
void Program::setUniform(const char* name, const glm::vec4& value) const {
  glUniform4fv(uniformLocation(name), 1, glm::value_ptr(value));
}
void Program::setUniform(const char* name, const glm::mat4& value) const {
  glUniformMatrix4fv(uniformLocation(name), 1, GL_FALSE, glm::value_ptr(value));
}

// ---- Textures, renderbuffers, framebuffers ---------------------------------------------------------

Texture2D::Texture2D(int width, int height, GLenum internalFormat, GLenum format, GLenum type,
                     const void* pixels)
    : name_(generateName<genTextures>()), width_(width), height_(height) {
  glBindTexture(GL_TEXTURE_2D, id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, static_cast<GLint>(internalFormat), width, height, 0, format, type, pixels);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

void Texture2D::bind(GLuint unit) const {
  glActiveTexture(GL_TEXTURE0 + unit);
  glBindTexture(GL_TEXTURE_2D, id());
}

void Texture2D::setSubImage(int x, int y, int width, int height, GLenum format, GLenum type,
                            const void* pixels) {
  glBindTexture(GL_TEXTURE_2D, id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, x, y, width, height, format, type, pixels);
}

void Texture2D::setFilter(GLenum minFilter, GLenum magFilter) {
  glBindTexture(GL_TEXTURE_2D, id());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, static_cast<GLint>(minFilter));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, static_cast<GLint>(magFilter));
}

void Texture2D::setWrap(GLenum wrap) {
  glBindTexture(GL_TEXTURE_2D, id());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, static_cast<GLint>(wrap));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, static_cast<GLint>(wrap));
}

BufferTexture::BufferTexture(GLenum texelFormat)
    : buffer_(GL_TEXTURE_BUFFER), texture_(generateName<genTextures>()), texelFormat_(texelFormat) {}

void BufferTexture::allocate(std::size_t bytes) {
  buffer_.allocate(bytes, GL_DYNAMIC_DRAW);
  attachStore();
}

void BufferTexture::setData(std::span<const std::byte> bytes) {
  buffer_.setData(bytes, GL_STREAM_DRAW);
  attachStore();
}

void BufferTexture::attachStore() {
  // The texture refers to the buffer object, whose store was just replaced: attach it again.
  glBindTexture(GL_TEXTURE_BUFFER, id());
  glTexBuffer(GL_TEXTURE_BUFFER, texelFormat_, buffer_.id());
}

void BufferTexture::bind(GLuint unit) const {
  glActiveTexture(GL_TEXTURE0 + unit);
  glBindTexture(GL_TEXTURE_BUFFER, id());
}

std::size_t BufferTexture::maxTexels() {
  GLint texels = 0;
  glGetIntegerv(GL_MAX_TEXTURE_BUFFER_SIZE, &texels);
  return static_cast<std::size_t>(std::max(texels, 0));
}

Renderbuffer::Renderbuffer(GLenum internalFormat, int width, int height, int samples)
    : name_(generateName<genRenderbuffers>()), samples_(samples) {
  glBindRenderbuffer(GL_RENDERBUFFER, id());
  if (samples > 1)
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, internalFormat, width, height);
  else
    glRenderbufferStorage(GL_RENDERBUFFER, internalFormat, width, height);
}

MultisampleTexture::MultisampleTexture(GLenum internalFormat, int width, int height, int samples)
    : name_(generateName<genTextures>()), samples_(samples) {
  glBindTexture(GL_TEXTURE_2D_MULTISAMPLE, id());
  glTexImage2DMultisample(GL_TEXTURE_2D_MULTISAMPLE, samples, internalFormat, width, height, GL_TRUE);
}

void MultisampleTexture::bind(GLuint unit) const {
  glActiveTexture(GL_TEXTURE0 + unit);
  glBindTexture(GL_TEXTURE_2D_MULTISAMPLE, id());
}

Framebuffer::Framebuffer() : name_(generateName<genFramebuffers>()) {}

void Framebuffer::bind(GLenum target) const { glBindFramebuffer(target, id()); }

void Framebuffer::attach(GLenum attachment, const Renderbuffer& renderbuffer) {
  bind();
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, attachment, GL_RENDERBUFFER, renderbuffer.id());
}

void Framebuffer::attach(GLenum attachment, const Texture2D& texture) {
  bind();
  glFramebufferTexture2D(GL_FRAMEBUFFER, attachment, GL_TEXTURE_2D, texture.id(), 0);
}

void Framebuffer::attach(GLenum attachment, const MultisampleTexture& texture) {
  bind();
  glFramebufferTexture2D(GL_FRAMEBUFFER, attachment, GL_TEXTURE_2D_MULTISAMPLE, texture.id(), 0);
}

void Framebuffer::checkStatus(std::string_view what) const {
  bind();
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE)
    throw Error(std::string(what) + ": framebuffer incomplete: " + std::string(framebufferStatusName(status)));
}

}  // namespace gradscape::render::gl
