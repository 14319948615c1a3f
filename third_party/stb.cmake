# stb (Debian: libstb-dev): stb_image_write, stb_truetype -> gradscape::stb
# Debian ships the implementations compiled in libstb.a, so we include the headers without *_IMPLEMENTATION.
find_path(STB_INCLUDE_DIR stb_image_write.h PATH_SUFFIXES stb REQUIRED)
find_library(STB_LIBRARY stb REQUIRED)
add_library(gradscape_stb INTERFACE)
target_include_directories(gradscape_stb SYSTEM INTERFACE ${STB_INCLUDE_DIR})
target_link_libraries(gradscape_stb INTERFACE ${STB_LIBRARY} m)
add_library(gradscape::stb ALIAS gradscape_stb)
