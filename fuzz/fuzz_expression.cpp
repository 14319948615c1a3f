// libFuzzer target: expression source -> compile -> value and exact gradient at probe points (fuzz_checks.hpp).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string fault = gradscape::fuzz::checkExpressionInput({reinterpret_cast<const char*>(data), size});
  if (!fault.empty()) {
    std::fprintf(stderr, "fuzz_expression: %s\n", fault.c_str());
    std::abort();
  }
  return 0;
}
