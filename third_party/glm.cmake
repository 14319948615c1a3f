# GLM (Debian: libglm-dev), header-only -> gradscape::glm
find_path(GLM_INCLUDE_DIR glm/glm.hpp REQUIRED)
add_library(gradscape_glm INTERFACE)
target_include_directories(gradscape_glm SYSTEM INTERFACE ${GLM_INCLUDE_DIR})
target_compile_definitions(gradscape_glm INTERFACE GLM_FORCE_CXX17 GLM_ENABLE_EXPERIMENTAL)
add_library(gradscape::glm ALIAS gradscape_glm)
