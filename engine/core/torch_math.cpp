// Picks torch's elementary functions for this CPU: SLEEF's scalar FMA variants (bit-identical to the
// AVX2 vector kernels torch runs) or the C library.
#include "core/torch_math.hpp"

#include <cmath>

// sleef.h declares its FMA variants only when the whole file is compiled for FMA (FP_FAST_FMA); we call
// them only after checking the CPU at run time, so we ask for the declarations alone.
#ifndef FP_FAST_FMA
#define FP_FAST_FMA 1
#define GRADSCAPE_UNDEFINE_FP_FAST_FMA
#endif
#include <sleef.h>
#ifdef GRADSCAPE_UNDEFINE_FP_FAST_FMA
#undef FP_FAST_FMA
#undef GRADSCAPE_UNDEFINE_FP_FAST_FMA
#endif

namespace gradscape::core {
namespace {

TorchMath chooseTorchMath() {
  __builtin_cpu_init();
  // torch's own test (ATen's compute_cpu_capability): AVX2 kernels need AVX2 and FMA3. SLEEF's purecfma
  // functions need FMA, so the test also keeps them off CPUs that would fault on them.
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    // Lambdas, because sleef.h declares these as returning `const double` (a different pointer type).
    return {[](double x) { return Sleef_sind1_u10purecfma(x); },  [](double x) { return Sleef_cosd1_u10purecfma(x); },
            [](double x) { return Sleef_tand1_u10purecfma(x); },  [](double x) { return Sleef_asind1_u10purecfma(x); },
            [](double x) { return Sleef_acosd1_u10purecfma(x); }, [](double x) { return Sleef_atand1_u10purecfma(x); },
            [](double x) { return Sleef_tanhd1_u10purecfma(x); }, [](double x) { return Sleef_expd1_u10purecfma(x); },
            [](double x) { return Sleef_logd1_u10purecfma(x); },  true};
  }
  return {[](double x) { return std::sin(x); },  [](double x) { return std::cos(x); },
          [](double x) { return std::tan(x); },  [](double x) { return std::asin(x); },
          [](double x) { return std::acos(x); }, [](double x) { return std::atan(x); },
          [](double x) { return std::tanh(x); }, [](double x) { return std::exp(x); },
          [](double x) { return std::log(x); },  false};
}

}  // namespace

const TorchMath& torchMath() {
  static const TorchMath math = chooseTorchMath();
  return math;
}

}  // namespace gradscape::core
