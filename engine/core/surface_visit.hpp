// Surface::visit and the concretely-typed evaluators it hands to hot loops: one functor per catalog surface
// (hand-written value and gradient) and one that runs a compiled expression. Included by surface.hpp.
#pragma once

#include <cmath>
#include <numbers>
#include <type_traits>

namespace gradscape::core {

// Runs a compiled expression's program (expression_evaluator.cpp): one call, no dispatch on the surface kind.
struct ExpressionEvaluator {
  const CompiledExpression* expression;
  ValueAndGradient operator()(double x, double y) const;
};

// The C library's functions, for one double or lane by lane for a GCC vector of doubles (the batch core's
// SIMD lanes): every lane gets exactly the glibc result the scalar core gets, so batch and scalar agree.
namespace surface_math {
template <class T, class Fn>
inline T lanewise(T v, Fn fn) {
  if constexpr (std::is_floating_point_v<T>) {
    return fn(v);
  } else {
    T result{};  // every lane is written below; initialised so GCC 12 at -O3 sees no maybe-uninitialized read
    for (int lane = 0; lane < int(sizeof(T) / sizeof(double)); ++lane) result[lane] = fn(v[lane]);
    return result;
  }
}
template <class T> T sin(T v) { return lanewise(v, [](double a) { return std::sin(a); }); }
template <class T> T cos(T v) { return lanewise(v, [](double a) { return std::cos(a); }); }
template <class T> T exp(T v) { return lanewise(v, [](double a) { return std::exp(a); }); }
template <class T> T sqrt(T v) { return lanewise(v, [](double a) { return std::sqrt(a); }); }
template <class T> T pow(T v, double exponent) { return lanewise(v, [exponent](double a) { return std::pow(a, exponent); }); }
}  // namespace surface_math

// The catalog's formulas (docs/scene-format.md). Each value and gradient is spelled with the operations, in
// the order, that torch autograd performs for the spec's formula written in Python (x**2 is x*x, `2*x`
// is x*2, gradients accumulate into x and y in the order autograd's engine delivers them), so traces
// agree with the torch oracle to the last bit (its portable kernels take sin, cos, exp from the C library).
// Tests check each against the expression autodiff of the formula and against torch's own numbers.
// Each functor is a template on T: double for the scalar core, a vector of doubles for the batch core,
// with the same operations in the same order either way.
namespace catalog_surfaces {

struct Saddle {  // x^2 - y^2
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const { return {x * x - y * y, 2 * x, -(2 * y)}; }
};

struct MonkeySaddle {  // x^3 - 3*x*y^2
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const {
    const T threeX = x * 3, y2 = y * y;
    return {x * x * x - threeX * y2, -y2 * 3 + 3 * (x * x), -threeX * (2 * y)};
  }
};

struct Quadratic {  // x^2 + 10*y^2
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const {
    return {x * x + y * y * 10, 2 * x, 10 * (2 * y)};
  }
};

struct Rosenbrock {  // (1-x)^2 + 100*(y-x^2)^2
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const {
    const T u = 1 - x, w = y - x * x;
    const T gradW = 100 * (2 * w);
    return {u * u + w * w * 100, -(2 * u) + -gradW * (2 * x), gradW};
  }
};

struct Beale {  // (1.5-x+x*y)^2 + (2.25-x+x*y^2)^2 + (2.625-x+x*y^3)^2
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const {
    const T y2 = y * y, y3 = y * y * y;
    const T a1 = (1.5 - x) + x * y, a2 = (2.25 - x) + x * y2, a3 = (2.625 - x) + x * y3;
    const T g1 = 2 * a1, g2 = 2 * a2, g3 = 2 * a3;
    const T dx = g3 * y3 + -g3 + g2 * y2 + -g2 + g1 * y + -g1;
    const T dy = g3 * x * (3 * (y * y)) + g2 * x * (2 * y) + g1 * x;
    return {a1 * a1 + a2 * a2 + a3 * a3, dx, dy};
  }
};

struct Himmelblau {  // (x^2+y-11)^2 + (x+y^2-7)^2
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const {
    const T a = x * x + y - 11, b = x + y * y - 7;
    const T ga = 2 * a, gb = 2 * b;
    return {a * a + b * b, gb + ga * (2 * x), gb * (2 * y) + ga};
  }
};

struct Booth {  // (x+2*y-7)^2 + (2*x+y-5)^2
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const {
    const T a = x + y * 2 - 7, b = x * 2 + y - 5;
    const T ga = 2 * a, gb = 2 * b;
    return {a * a + b * b, gb * 2 + ga, gb + ga * 2};
  }
};

struct Matyas {  // 0.26*(x^2+y^2) - 0.48*x*y
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const {
    const T x048 = x * 0.48;
    return {(x * x + y * y) * 0.26 - x048 * y, -y * 0.48 + 0.26 * (2 * x), -x048 + 0.26 * (2 * y)};
  }
};

struct Rastrigin {  // 20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const {
    constexpr double twoPi = 2 * std::numbers::pi;
    const T ux = x * twoPi, uy = y * twoPi;
    const T value = x * x + 20 - surface_math::cos(ux) * 10 + y * y - surface_math::cos(uy) * 10;
    return {value, -10 * -surface_math::sin(ux) * twoPi + 2 * x, -10 * -surface_math::sin(uy) * twoPi + 2 * y};
  }
};

struct Ackley {  // -20*exp(-0.2*sqrt(0.5*(x^2+y^2))) - exp(0.5*(cos(2*pi*x)+cos(2*pi*y))) + e + 20
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const {
    constexpr double twoPi = 2 * std::numbers::pi;
    const T s = surface_math::sqrt((x * x + y * y) * 0.5);
    const T e1 = surface_math::exp(s * -0.2);
    const T ux = x * twoPi, uy = y * twoPi;
    const T e2 = surface_math::exp((surface_math::cos(ux) + surface_math::cos(uy)) * 0.5);
    const T value = e1 * -20 - e2 + std::numbers::e + 20;
    // sqrt'(0) is infinite, so at the origin the gradient is NaN, as torch's is.
    const T gradR2 = -20 * e1 * -0.2 / (2 * s) * 0.5;
    const T gradC = -e2 * 0.5;
    return {value, gradC * -surface_math::sin(ux) * twoPi + gradR2 * (2 * x),
            gradC * -surface_math::sin(uy) * twoPi + gradR2 * (2 * y)};
  }
};

struct GoldsteinPrice {
  // (1+(x+y+1)^2*(19-14*x+3*x^2-14*y+6*x*y+3*y^2))*(30+(2*x-3*y)^2*(18-32*x+12*x^2+48*y-36*x*y+27*y^2))
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const {
    const T s1 = x + y + 1, square1 = s1 * s1;
    const T q1 = 19 - x * 14 + x * x * 3 - y * 14 + x * 6 * y + y * y * 3;
    const T left = square1 * q1 + 1;
    const T s2 = x * 2 - y * 3, square2 = s2 * s2;
    const T q2 = 18 - x * 32 + x * x * 12 + y * 48 - x * 36 * y + y * y * 27;
    const T right = square2 * q2 + 30;
    // Autograd walks the right factor first, then the left, each from its last term back.
    const T h = left * square2, k = left * q2 * (2 * s2);
    const T g = right * square1, j = right * q1 * (2 * s1);
    const T dx = -h * y * 36 + h * 12 * (2 * x) + -h * 32 + k * 2 + g * y * 6 + g * 3 * (2 * x) + -g * 14 + j;
    const T dy = h * 27 * (2 * y) + -h * (x * 36) + h * 48 + -k * 3 + g * 3 * (2 * y) + g * (x * 6) +
                      -g * 14 + j;
    return {left * right, dx, dy};
  }
};

struct SixHumpCamel {  // (4-2.1*x^2+x^4/3)*x^2 + x*y + (-4+4*y^2)*y^2
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const {
    const T x2 = x * x, y2 = y * y;
    const T p = 4 - x2 * 2.1 + surface_math::pow(x, 4.0) / 3;
    const T q = y2 * 4 + -4;
    const T dx = y + p * (2 * x) + x2 / 3 * (4 * (x * x * x)) + -x2 * 2.1 * (2 * x);
    const T dy = q * (2 * y) + y2 * 4 * (2 * y) + x;
    return {p * x2 + x * y + q * y2, dx, dy};
  }
};

struct StyblinskiTang {  // 0.5*(x^4-16*x^2+5*x + y^4-16*y^2+5*y)
  template <class T>
  ValueAndGradientOf<T> operator()(T x, T y) const {
    const T sum = surface_math::pow(x, 4.0) - x * x * 16 + x * 5 + surface_math::pow(y, 4.0) - y * y * 16 + y * 5;
    return {sum * 0.5, 2.5 + -8 * (2 * x) + 0.5 * (4 * (x * x * x)), 2.5 + -8 * (2 * y) + 0.5 * (4 * (y * y * y))};
  }
};

}  // namespace catalog_surfaces

template <class Fn>
decltype(auto) Surface::visit(Fn&& fn) const {
  if (expression_) return fn(ExpressionEvaluator{expression_.get()});
  namespace cs = catalog_surfaces;
  switch (catalogId_) {
    case CatalogSurface::saddle: return fn(cs::Saddle{});
    case CatalogSurface::monkey_saddle: return fn(cs::MonkeySaddle{});
    case CatalogSurface::quadratic: return fn(cs::Quadratic{});
    case CatalogSurface::rosenbrock: return fn(cs::Rosenbrock{});
    case CatalogSurface::beale: return fn(cs::Beale{});
    case CatalogSurface::himmelblau: return fn(cs::Himmelblau{});
    case CatalogSurface::booth: return fn(cs::Booth{});
    case CatalogSurface::matyas: return fn(cs::Matyas{});
    case CatalogSurface::rastrigin: return fn(cs::Rastrigin{});
    case CatalogSurface::ackley: return fn(cs::Ackley{});
    case CatalogSurface::goldstein_price: return fn(cs::GoldsteinPrice{});
    case CatalogSurface::six_hump_camel: return fn(cs::SixHumpCamel{});
    case CatalogSurface::styblinski_tang: break;
  }
  return fn(cs::StyblinskiTang{});
}

}  // namespace gradscape::core
