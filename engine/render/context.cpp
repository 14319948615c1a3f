// EGL surfaceless contexts, the glad loader and the KHR_debug error log (see context.hpp).
#include "render/context.hpp"

#include <glad/gl.h>

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace gradscape::render {

namespace {

std::string eglErrorName(EGLint error) {
  switch (error) {
    case EGL_SUCCESS: return "EGL_SUCCESS";
    case EGL_NOT_INITIALIZED: return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS: return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC: return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE: return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG: return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT: return "EGL_BAD_CONTEXT";
    case EGL_BAD_DISPLAY: return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH: return "EGL_BAD_MATCH";
    case EGL_BAD_PARAMETER: return "EGL_BAD_PARAMETER";
    case EGL_BAD_SURFACE: return "EGL_BAD_SURFACE";
    default: {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "EGL error 0x%04x", static_cast<unsigned>(error));
      return buffer;
    }
  }
}

[[noreturn]] void throwNoContext(const std::string& why) {
  throw Error("no OpenGL 3.3 context: " + why);
}

bool hasExtension(const char* list, const char* name) {
  if (list == nullptr) return false;
  const std::size_t length = std::strlen(name);
  for (const char* p = list; (p = std::strstr(p, name)) != nullptr; p += length) {
    const bool startOk = p == list || p[-1] == ' ';
    const bool endOk = p[length] == ' ' || p[length] == '\0';
    if (startOk && endOk) return true;
  }
  return false;
}

std::string_view glErrorName(GLenum error) {
  switch (error) {
    case GL_INVALID_ENUM: return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE: return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION: return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION: return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY: return "GL_OUT_OF_MEMORY";
    default: return "GL error";
  }
}

void GLAD_API_PTR debugCallback(GLenum source, GLenum type, GLuint id, GLenum severity, GLsizei length,
                                const GLchar* message, const void* userParam) {
  // Errors and undefined behaviour fail tests; performance and portability notes do not. Compile and
  // link failures are not recorded: gl::Shader and gl::Program throw them with the file and line.
  if (source == GL_DEBUG_SOURCE_SHADER_COMPILER) return;
  if (type != GL_DEBUG_TYPE_ERROR && type != GL_DEBUG_TYPE_UNDEFINED_BEHAVIOR && severity != GL_DEBUG_SEVERITY_HIGH)
    return;
  auto* log = static_cast<GlErrorLog*>(const_cast<void*>(userParam));
  log->record("GL debug (id " + std::to_string(id) + "): " +
              std::string(message, length >= 0 ? static_cast<std::size_t>(length) : std::strlen(message)));
}

}  // namespace

void loadGl(GlProcLoader getProcAddress) {
  const int version = gladLoadGL(getProcAddress);
  if (version == 0) throw Error("no OpenGL 3.3 core context: the GL loader found no entry points");
  const int major = GLAD_VERSION_MAJOR(version), minor = GLAD_VERSION_MINOR(version);
  if (major < 3 || (major == 3 && minor < 3))
    throw Error("no OpenGL 3.3 core context: the context offers GL " + std::to_string(major) + "." +
                std::to_string(minor));
}

// ---- GlErrorLog ------------------------------------------------------------------------------------

std::unique_ptr<GlErrorLog> GlErrorLog::install() {
  if (!GLAD_GL_KHR_debug && glDebugMessageCallback == nullptr)
    throw Error("GL_KHR_debug is not available: cannot record GL errors");
  std::unique_ptr<GlErrorLog> log(new GlErrorLog());
  glEnable(GL_DEBUG_OUTPUT);
  glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
  glDebugMessageCallback(debugCallback, log.get());
  glDebugMessageControl(GL_DONT_CARE, GL_DONT_CARE, GL_DONT_CARE, 0, nullptr, GL_TRUE);
  return log;
}

GlErrorLog::~GlErrorLog() { glDebugMessageCallback(nullptr, nullptr); }

std::string GlErrorLog::take() {
  std::string text;
  for (const std::string& message : messages_) text += message + "\n";
  messages_.clear();
  for (GLenum error = glGetError(); error != GL_NO_ERROR; error = glGetError())
    text += "glGetError: " + std::string(glErrorName(error)) + "\n";
  return text;
}

// ---- HeadlessContext -------------------------------------------------------------------------------

struct HeadlessContext::Impl {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
};

std::unique_ptr<HeadlessContext> HeadlessContext::create(bool debugContext) {
  const char* clientExtensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (!hasExtension(clientExtensions, "EGL_MESA_platform_surfaceless"))
    throwNoContext("EGL has no EGL_MESA_platform_surfaceless (is Mesa's libegl-mesa0 installed?)");

  // EGL 1.5's eglGetPlatformDisplay; the surfaceless platform needs no display server.
  const EGLDisplay display = eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
  if (display == EGL_NO_DISPLAY) throwNoContext("eglGetPlatformDisplay failed (" + eglErrorName(eglGetError()) + ")");
  EGLint major = 0, minor = 0;
  if (eglInitialize(display, &major, &minor) != EGL_TRUE)
    throwNoContext("eglInitialize failed (" + eglErrorName(eglGetError()) + ")");

  const char* displayExtensions = eglQueryString(display, EGL_EXTENSIONS);
  if (!hasExtension(displayExtensions, "EGL_KHR_no_config_context") ||
      !hasExtension(displayExtensions, "EGL_KHR_surfaceless_context"))
    throwNoContext("EGL lacks EGL_KHR_no_config_context or EGL_KHR_surfaceless_context");
  if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE)
    throwNoContext("eglBindAPI(EGL_OPENGL_API) failed (" + eglErrorName(eglGetError()) + ")");

  const EGLint attributes[] = {
      EGL_CONTEXT_MAJOR_VERSION, 3,
      EGL_CONTEXT_MINOR_VERSION, 3,
      EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
      EGL_CONTEXT_OPENGL_DEBUG, debugContext ? EGL_TRUE : EGL_FALSE,
      EGL_NONE,
  };
  const EGLContext context = eglCreateContext(display, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attributes);
  if (context == EGL_NO_CONTEXT)
    throwNoContext("eglCreateContext (3.3 core) failed (" + eglErrorName(eglGetError()) + ")");

  std::unique_ptr<HeadlessContext> result(new HeadlessContext());
  result->impl_ = std::make_unique<Impl>();
  result->impl_->display = display;
  result->impl_->context = context;
  result->makeCurrent();
  loadGl(eglGetProcAddress);
  return result;
}

void HeadlessContext::makeCurrent() const {
  if (eglMakeCurrent(impl_->display, EGL_NO_SURFACE, EGL_NO_SURFACE, impl_->context) != EGL_TRUE)
    throwNoContext("eglMakeCurrent without a surface failed (" + eglErrorName(eglGetError()) + ")");
}

HeadlessContext::~HeadlessContext() {
  if (!impl_) return;
  if (eglGetCurrentContext() == impl_->context)
    eglMakeCurrent(impl_->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglDestroyContext(impl_->display, impl_->context);
  // No eglTerminate: the display is shared by every context of the process (EGL displays are singletons).
}

}  // namespace gradscape::render
