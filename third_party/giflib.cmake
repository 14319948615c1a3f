# giflib (Debian: libgif-dev, MIT) -> gradscape::giflib
find_package(GIF 5 REQUIRED)
add_library(gradscape_giflib INTERFACE)
target_link_libraries(gradscape_giflib INTERFACE GIF::GIF)
add_library(gradscape::giflib ALIAS gradscape_giflib)
