# GLFW 3.3 (Debian: libglfw3-dev) -> gradscape::glfw
find_package(glfw3 3.3 REQUIRED)
add_library(gradscape_glfw INTERFACE)
target_link_libraries(gradscape_glfw INTERFACE glfw)
add_library(gradscape::glfw ALIAS gradscape_glfw)
