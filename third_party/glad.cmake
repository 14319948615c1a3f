# glad2 (Debian: python3-glad): the GL 3.3 core loader with KHR_debug and the flag for
# ARB_shader_stencil_export (path_segments.hpp), generated into the build tree.
# --reproducible keeps glad from downloading the Khronos XML (it uses the copy it ships).
find_program(GLAD_EXECUTABLE glad REQUIRED)
set(GLAD_OUT ${CMAKE_BINARY_DIR}/glad)
add_custom_command(
  OUTPUT ${GLAD_OUT}/src/gl.c ${GLAD_OUT}/include/glad/gl.h
  COMMAND ${GLAD_EXECUTABLE} --quiet --reproducible --api gl:core=3.3 --extensions GL_KHR_debug,GL_ARB_shader_stencil_export
          --out-path ${GLAD_OUT} c
  COMMENT "Generating the GL 3.3 core loader with glad" VERBATIM)
add_library(gradscape_glad STATIC ${GLAD_OUT}/src/gl.c)
target_include_directories(gradscape_glad SYSTEM PUBLIC ${GLAD_OUT}/include)
set_target_properties(gradscape_glad PROPERTIES POSITION_INDEPENDENT_CODE ON)
target_link_libraries(gradscape_glad PUBLIC ${CMAKE_DL_LIBS})
add_library(gradscape::glad ALIAS gradscape_glad)
