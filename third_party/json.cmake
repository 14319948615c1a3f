# nlohmann-json (Debian: nlohmann-json3-dev) -> gradscape::json
find_package(nlohmann_json 3.10 REQUIRED)
add_library(gradscape_json INTERFACE)
target_link_libraries(gradscape_json INTERFACE nlohmann_json::nlohmann_json)
add_library(gradscape::json ALIAS gradscape_json)
