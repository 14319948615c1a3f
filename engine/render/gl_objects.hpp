// Move-only RAII owners of GL objects: buffers, vertex arrays, shaders and programs, textures (buffer textures
// among them), framebuffers.
// No raw GLuint is owned anywhere else. A moved-from object holds id 0 and its destructor does nothing.
// Every constructor that creates a GL object needs a current context with the loader initialised.
#pragma once

#include <glad/gl.h>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <glm/glm.hpp>

namespace gradscape::render::gl {

// Owns one GL name; `Deleter::destroy(id)` releases it. The shared move-only plumbing of every type below.
template <class Deleter>
class UniqueName {
 public:
  UniqueName() = default;
  explicit UniqueName(GLuint id) : id_(id) {}
  ~UniqueName() { reset(); }
  UniqueName(const UniqueName&) = delete;
  UniqueName& operator=(const UniqueName&) = delete;
  UniqueName(UniqueName&& other) noexcept : id_(std::exchange(other.id_, 0)) {}
  UniqueName& operator=(UniqueName&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, 0);
    }
    return *this;
  }
  GLuint get() const { return id_; }
  void reset() {
    if (id_ != 0) Deleter::destroy(id_);
    id_ = 0;
  }

 private:
  GLuint id_ = 0;
};

struct BufferDeleter { static void destroy(GLuint id); };
struct VertexArrayDeleter { static void destroy(GLuint id); };
struct ShaderDeleter { static void destroy(GLuint id); };
struct ProgramDeleter { static void destroy(GLuint id); };
struct TextureDeleter { static void destroy(GLuint id); };
struct RenderbufferDeleter { static void destroy(GLuint id); };
struct FramebufferDeleter { static void destroy(GLuint id); };

// A buffer object with a fixed target (GL_ARRAY_BUFFER, GL_ELEMENT_ARRAY_BUFFER, ...).
class Buffer {
 public:
  explicit Buffer(GLenum target = GL_ARRAY_BUFFER);
  GLuint id() const { return name_.get(); }
  GLenum target() const { return target_; }
  std::size_t size() const { return size_; }  // bytes allocated by the last allocate/setData
  void bind() const;

  // Reallocates the store (contents undefined) with `bytes` bytes.
  void allocate(std::size_t bytes, GLenum usage = GL_DYNAMIC_DRAW);
  // Reallocates the store and fills it.
  void setData(std::span<const std::byte> bytes, GLenum usage = GL_STATIC_DRAW);
  // Overwrites [offset, offset + bytes.size()) of the existing store; throws gradscape::Error past the end.
  void setSubData(std::size_t offset, std::span<const std::byte> bytes);

  template <class T>
  void setData(std::span<const T> items, GLenum usage = GL_STATIC_DRAW) {
    setData(std::as_bytes(items), usage);
  }
  template <class T>
  void setSubData(std::size_t offset, std::span<const T> items) {
    setSubData(offset, std::as_bytes(items));
  }

  // [offset, offset + bytes) of the store mapped for writing, unmapped by finish() or the destructor. What
  // is written there is what the range holds then: filled in place (on any thread: it is plain memory),
  // data that would otherwise be staged in a vector of its own and copied by setSubData. GL must not use
  // the buffer while it is mapped.
  class Mapping {
   public:
    Mapping(Mapping&& other) noexcept;
    Mapping& operator=(Mapping&&) = delete;
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping();
    std::span<std::byte> bytes() const { return bytes_; }
    // Unmaps; false when GL lost the contents meanwhile (glUnmapBuffer's GL_FALSE): write them again.
    bool finish();

   private:
    friend class Buffer;
    Mapping(const Buffer* buffer, std::span<std::byte> bytes) : buffer_(buffer), bytes_(bytes) {}
    const Buffer* buffer_;
    std::span<std::byte> bytes_;
  };
  // Throws gradscape::Error past the end of the store, or when GL cannot map it.
  Mapping mapForWrite(std::size_t offset, std::size_t bytes);

 private:
  UniqueName<BufferDeleter> name_;
  GLenum target_;
  std::size_t size_ = 0;
};

// A vertex array object: which buffers feed which attributes.
class VertexArray {
 public:
  VertexArray();
  GLuint id() const { return name_.get(); }
  void bind() const;
  // Float attribute (normalised when `type` is an integer type and `normalized`), from `buffer` at
  // `offset` bytes with `stride` bytes between vertices. `divisor` > 0 makes it per instance.
  void setAttribute(GLuint index, const Buffer& buffer, GLint components, GLenum type, bool normalized,
                    GLsizei stride, std::size_t offset, GLuint divisor = 0);
  void setElementBuffer(const Buffer& buffer);

 private:
  UniqueName<VertexArrayDeleter> name_;
};

// One compiled shader stage. `fileName` only names the source in error messages.
class Shader {
 public:
  // Compiles `#version 330 core`, one `#define` line per entry of `defines` ("NAME" or "NAME VALUE"),
  // `#line 1` and `source`, so driver line numbers are the file's. `#include "x.glsl"` lines pull in
  // embedded shader files (one level), each with its own #line source number. Throws gradscape::Error
  // with the file name and line and the driver's log on failure.
  Shader(GLenum stage, std::string_view fileName, std::string_view source,
         std::span<const std::string> defines = {});
  GLuint id() const { return name_.get(); }
  const std::string& fileName() const { return fileName_; }

 private:
  UniqueName<ShaderDeleter> name_;
  std::string fileName_;
};

// A linked program. Set uniforms after use().
class Program {
 public:
  // Links the given stages. Throws gradscape::Error naming the files and the link log.
  explicit Program(std::span<const Shader* const> stages);
  // Compiles the embedded shader files (gradscape::resources::renderResource) with `defines`.
  static Program fromFiles(std::string_view vertexFile, std::string_view fragmentFile,
                           std::span<const std::string> defines = {});
  static Program fromFiles(std::string_view vertexFile, std::string_view geometryFile,
                           std::string_view fragmentFile, std::span<const std::string> defines);

  GLuint id() const { return name_.get(); }
  void use() const;
  // -1 when the uniform does not exist or was optimised away (setting it is then a no-op, as in GL).
  GLint uniformLocation(const char* name) const;
  // The program must be in use.
  void setUniform(const char* name, int value) const;
  void setUniform(const char* name, float value) const;
  void setUniform(const char* name, const glm::ivec2& value) const;
  void setUniform(const char* name, const glm::vec2& value) const;
  void setUniform(const char* name, const glm::vec3& value) const;
  void setUniform(const char* name, const glm::vec4& value) const;
  void setUniform(const char* name, const glm::mat4& value) const;

 private:
  UniqueName<ProgramDeleter> name_;
};

// A 2-D texture with immutable size and format.
class Texture2D {
 public:
  // `internalFormat` e.g. GL_RGBA8 / GL_R8; `pixels` (may be null) in `format`/`type`, rows bottom-up,
  // tightly packed (GL_UNPACK_ALIGNMENT is set to 1 here).
  Texture2D(int width, int height, GLenum internalFormat, GLenum format, GLenum type,
            const void* pixels = nullptr);
  GLuint id() const { return name_.get(); }
  int width() const { return width_; }
  int height() const { return height_; }
  void bind(GLuint unit) const;
  void setSubImage(int x, int y, int width, int height, GLenum format, GLenum type, const void* pixels);
  void setFilter(GLenum minFilter, GLenum magFilter);
  void setWrap(GLenum wrap);

 private:
  UniqueName<TextureDeleter> name_;
  int width_, height_;
};

// A multisampled 2-D texture (glTexImage2DMultisample, fixed sample locations): a colour buffer that a
// shader can read sample by sample (texelFetch on a sampler2DMS).
class MultisampleTexture {
 public:
  MultisampleTexture(GLenum internalFormat, int width, int height, int samples);
  GLuint id() const { return name_.get(); }
  int samples() const { return samples_; }
  void bind(GLuint unit) const;

 private:
  UniqueName<TextureDeleter> name_;
  int samples_;
};

// A buffer texture (GL_TEXTURE_BUFFER): a buffer object that shaders read with texelFetch as texels of
// one `texelFormat` (GL_RG32F, GL_R32I, ...). For data too long or too irregular for vertex attributes.
class BufferTexture {
 public:
  explicit BufferTexture(GLenum texelFormat);
  GLuint id() const { return texture_.get(); }
  std::size_t size() const { return buffer_.size(); }  // bytes of the store
  // Reallocates the store (contents undefined) with `bytes` bytes and points the texture at it.
  void allocate(std::size_t bytes);
  // A new store holding `items` (draws still pending read the old one), the texture pointed at it.
  template <class T>
  void setData(std::span<const T> items) {
    setData(std::as_bytes(items));
  }
  void setData(std::span<const std::byte> bytes);
  // Overwrites [offset, offset + items' bytes) of the store; throws gradscape::Error past the end.
  template <class T>
  void setSubData(std::size_t offset, std::span<const T> items) {
    buffer_.setSubData(offset, std::as_bytes(items));
  }
  Buffer::Mapping mapForWrite(std::size_t offset, std::size_t bytes) { return buffer_.mapForWrite(offset, bytes); }
  void bind(GLuint unit) const;
  // GL_MAX_TEXTURE_BUFFER_SIZE: the most texels one buffer texture may address.
  static std::size_t maxTexels();

 private:
  void attachStore();

  Buffer buffer_;
  UniqueName<TextureDeleter> texture_;
  GLenum texelFormat_;
};

// A renderbuffer, multisampled when samples > 1.
class Renderbuffer {
 public:
  Renderbuffer(GLenum internalFormat, int width, int height, int samples = 1);
  GLuint id() const { return name_.get(); }
  int samples() const { return samples_; }

 private:
  UniqueName<RenderbufferDeleter> name_;
  int samples_;
};

class Framebuffer {
 public:
  Framebuffer();
  GLuint id() const { return name_.get(); }
  // Binds to `target` (GL_FRAMEBUFFER, GL_READ_FRAMEBUFFER or GL_DRAW_FRAMEBUFFER).
  void bind(GLenum target = GL_FRAMEBUFFER) const;
  // Attachment points: GL_COLOR_ATTACHMENT0, GL_DEPTH_ATTACHMENT, GL_DEPTH_STENCIL_ATTACHMENT, ...
  // These bind the framebuffer to GL_FRAMEBUFFER.
  void attach(GLenum attachment, const Renderbuffer& renderbuffer);
  void attach(GLenum attachment, const Texture2D& texture);
  void attach(GLenum attachment, const MultisampleTexture& texture);
  // Throws gradscape::Error "framebuffer incomplete: GL_FRAMEBUFFER_INCOMPLETE_..." (`what` prefixes it).
  void checkStatus(std::string_view what) const;

 private:
  UniqueName<FramebufferDeleter> name_;
};

}  // namespace gradscape::render::gl
