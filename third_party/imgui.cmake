# Dear ImGui 1.86 (Debian: libimgui-dev): libimgui.a carries the GLFW and OpenGL3 backends -> gradscape::imgui
find_path(IMGUI_INCLUDE_DIR imgui.h PATH_SUFFIXES imgui REQUIRED)
find_library(IMGUI_LIBRARY imgui REQUIRED)
add_library(gradscape_imgui INTERFACE)
target_include_directories(gradscape_imgui SYSTEM INTERFACE ${IMGUI_INCLUDE_DIR} ${IMGUI_INCLUDE_DIR}/backends)
target_link_libraries(gradscape_imgui INTERFACE ${IMGUI_LIBRARY} gradscape::stb gradscape::glfw ${CMAKE_DL_LIBS})
add_library(gradscape::imgui ALIAS gradscape_imgui)
