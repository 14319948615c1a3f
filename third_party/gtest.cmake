# GoogleTest (Debian: libgtest-dev, googletest) -> gradscape::gtest
find_package(GTest REQUIRED)
include(GoogleTest)
add_library(gradscape_gtest INTERFACE)
target_link_libraries(gradscape_gtest INTERFACE GTest::gtest GTest::gtest_main)
add_library(gradscape::gtest ALIAS gradscape_gtest)
