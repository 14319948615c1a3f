// Elementary functions giving, bit for bit, what torch's CPU kernels give on this machine.
#pragma once

namespace gradscape::core {

// torch evaluates sin, cos, tan, asin, acos, atan, tanh, exp and log on float64 tensors with SLEEF's
// 1-ulp functions when the CPU has AVX2 and FMA (its "AVX2" capability), and with the C library
// otherwise; they differ from the C library in the last bit for a few percent of arguments, which a
// chaotic descent (Rastrigin at lr 0.01) amplifies past 1e-9 within 200 steps. sqrt, pow, atan2, sinh
// and cosh are the C library's everywhere, so they are not here. Chosen once per process, as torch does.
struct TorchMath {
  double (*sin)(double);
  double (*cos)(double);
  double (*tan)(double);
  double (*asin)(double);
  double (*acos)(double);
  double (*atan)(double);
  double (*tanh)(double);
  double (*exp)(double);
  double (*log)(double);
  bool usesSleef;
};

const TorchMath& torchMath();

}  // namespace gradscape::core
