# SLEEF (Debian: libsleef-dev, Boost licence) -> gradscape::sleef: the vector libm torch's CPU kernels use,
# so sin, cos, exp, ... round exactly as the torch oracle's do.
find_path(SLEEF_INCLUDE_DIR sleef.h REQUIRED)
find_library(SLEEF_LIBRARY sleef REQUIRED)
add_library(gradscape_sleef INTERFACE)
target_include_directories(gradscape_sleef SYSTEM INTERFACE ${SLEEF_INCLUDE_DIR})
target_link_libraries(gradscape_sleef INTERFACE ${SLEEF_LIBRARY})
add_library(gradscape::sleef ALIAS gradscape_sleef)
