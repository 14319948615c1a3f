# Google Benchmark (Debian: libbenchmark-dev) -> gradscape::benchmark
find_package(benchmark REQUIRED)
add_library(gradscape_benchmark INTERFACE)
target_link_libraries(gradscape_benchmark INTERFACE benchmark::benchmark benchmark::benchmark_main)
add_library(gradscape::benchmark ALIAS gradscape_benchmark)
