# EGL (Debian: libegl-dev, Mesa's libegl-mesa0): headless GL contexts -> gradscape::egl
find_package(OpenGL REQUIRED COMPONENTS EGL)
add_library(gradscape_egl INTERFACE)
target_link_libraries(gradscape_egl INTERFACE OpenGL::EGL)
add_library(gradscape::egl ALIAS gradscape_egl)
