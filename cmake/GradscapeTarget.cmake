# Warning and sanitizer flags shared by every target of our own (never by third-party code).
function(gradscape_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 at -O3 (the Release build of README's first command) reports -Wrestrict inside libstdc++'s
    # own std::string operator+ ("accessing 9223372036854775809 or more bytes"), a known false positive
    # (GCC bug 105329); with -Werror it stopped that build.
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(GRADSCAPE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    # Every sanitized executable gets the runtime options it needs and keeps the GL driver libraries loaded
    # until exit, so LeakSanitizer can attribute their memory (tests/sanitizer_support.c says why).
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE")
      set(support ${PROJECT_SOURCE_DIR}/tests/sanitizer_support.c)
      target_sources(${target} PRIVATE ${support})
      set_source_files_properties(${support} TARGET_DIRECTORY ${target} PROPERTIES COMPILE_DEFINITIONS
        "GRADSCAPE_DRI_DIR=\"/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/dri\";GRADSCAPE_LSAN_SUPPRESSIONS=\"${PROJECT_SOURCE_DIR}/tests/sanitizer.supp\"")
    endif()
  endif()
endfunction()

# A static library from every .cpp in a folder, its headers included as <folder/file.hpp> from engine/.
function(gradscape_library target dir)
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  add_library(${target} STATIC ${sources})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/engine)
  gradscape_target_defaults(${target})
endfunction()
