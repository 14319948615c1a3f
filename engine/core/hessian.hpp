// Exact second derivatives of a surface at a point (automatic differentiation, no finite differences), and
// the eigen-decomposition of the 2x2 Hessian that the viewer draws as a cross.
#pragma once

#include <array>

#include "core/surface.hpp"

namespace gradscape::core {

class CompiledExpression;

struct ValueGradientHessian {
  double value = 0;
  double dx = 0, dy = 0;
  double dxx = 0, dxy = 0, dyy = 0;
};

// Second-order forward-mode AD (each value carries its gradient and Hessian) over the compiled program.
// A catalog surface is differentiated through its formula in the expression grammar (catalog().formula),
// the same formula the torch oracle builds, so one differentiator serves both kinds of surface.
ValueGradientHessian exactHessian(const CompiledExpression& expression, double x, double y);
ValueGradientHessian exactHessian(const Surface& surface, double x, double y);

// Eigen-decomposition of [[dxx, dxy], [dxy, dyy]]: eigenvalues with the larger first, unit eigenvectors.
struct HessianEigen {
  std::array<double, 2> values{0, 0};
  std::array<std::array<double, 2>, 2> vectors{{{1, 0}, {0, 1}}};
  // |largest| / |smallest| eigenvalue: infinite when the smaller is 0, NaN when the Hessian is not finite.
  double condition = 0;
};
HessianEigen hessianEigen(double dxx, double dxy, double dyy);

}  // namespace gradscape::core
