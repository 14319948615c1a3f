// The surface catalog against the spec, its hand-written gradients against the autodiff of each formula,
// and Surface's constructors, errors and visit().
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "core/error.hpp"
#include "core/expression.hpp"
#include "core/surface.hpp"

namespace gradscape::core {
namespace {

TEST(SurfaceCatalog, HasTheSpecsThirteenSurfacesInOrder) {
  const std::vector<std::string_view> names = {
      "saddle", "monkey_saddle", "quadratic", "rosenbrock", "beale", "himmelblau", "booth",
      "matyas", "rastrigin", "ackley", "goldstein_price", "six_hump_camel", "styblinski_tang"};
  ASSERT_EQ(catalog().size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(catalog()[i].name, names[i]);
    EXPECT_EQ(static_cast<std::size_t>(catalog()[i].id), i);
    EXPECT_EQ(findCatalogEntry(names[i]), &catalog()[i]);
  }
  EXPECT_EQ(findCatalogEntry("Saddle"), nullptr);
  EXPECT_EQ(findCatalogEntry(""), nullptr);
}

TEST(SurfaceCatalog, FormulasAndDomainsAreTheSpecs) {
  EXPECT_EQ(findCatalogEntry("rosenbrock")->formula, "(1-x)^2 + 100*(y-x^2)^2");
  EXPECT_EQ(findCatalogEntry("ackley")->formula,
            "-20*exp(-0.2*sqrt(0.5*(x^2+y^2))) - exp(0.5*(cos(2*pi*x)+cos(2*pi*y))) + e + 20");
  EXPECT_EQ(findCatalogEntry("saddle")->domain, (Domain{-1, 1, -1, 1}));
  EXPECT_EQ(findCatalogEntry("rosenbrock")->domain, (Domain{-2, 2, -1, 3}));
  EXPECT_EQ(findCatalogEntry("beale")->domain, (Domain{-4.5, 4.5, -4.5, 4.5}));
  EXPECT_EQ(findCatalogEntry("booth")->domain, (Domain{-10, 10, -10, 10}));
  EXPECT_EQ(findCatalogEntry("rastrigin")->domain, (Domain{-5.12, 5.12, -5.12, 5.12}));
  EXPECT_EQ(findCatalogEntry("goldstein_price")->domain, (Domain{-2, 2, -2, 2}));
  EXPECT_EQ(findCatalogEntry("six_hump_camel")->domain, (Domain{-3, 3, -2, 2}));
  EXPECT_EQ(findCatalogEntry("styblinski_tang")->domain, (Domain{-5, 5, -5, 5}));
  for (const CatalogEntry& entry : catalog()) {
    EXPECT_EQ(Surface::fromCatalog(entry.name).defaultDomain(), entry.domain) << entry.name;
    EXPECT_NO_THROW(CompiledExpression::compile(entry.formula)) << entry.name;
  }
}

TEST(SurfaceCatalog, ValuesAtKnownPoints) {
  auto at = [](std::string_view name, double x, double y) { return Surface::fromCatalog(name).valueAndGradient(x, y); };
  EXPECT_EQ(at("saddle", 1, 0.25).value, 0.9375);
  EXPECT_EQ(at("monkey_saddle", 2, 1).value, 2);
  EXPECT_EQ(at("quadratic", 1, 1).value, 11);
  EXPECT_EQ(at("booth", 0, 0).value, 74);
  EXPECT_EQ(at("goldstein_price", 0, -1).value, 3);
  EXPECT_EQ(at("rastrigin", 0, 0).value, 0);
  EXPECT_NEAR(at("matyas", 1, 1).value, 0.04, 1e-15);
  EXPECT_NEAR(at("six_hump_camel", 0.0898, -0.7126).value, -1.0316, 1e-4);
  EXPECT_NEAR(at("styblinski_tang", -2.903534, -2.903534).value, -78.33233, 1e-5);
  EXPECT_NEAR(at("ackley", 0, 0).value, 0, 1e-15);
  // Global minima: value and gradient vanish.
  const std::pair<std::string_view, std::array<double, 2>> minima[] = {
      {"rosenbrock", {1, 1}}, {"beale", {3, 0.5}}, {"himmelblau", {3, 2}}, {"booth", {1, 3}}, {"matyas", {0, 0}}};
  for (const auto& [name, point] : minima) {
    const ValueAndGradient minimum = at(name, point[0], point[1]);
    EXPECT_EQ(minimum.value, 0) << name;
    EXPECT_EQ(minimum.dx, 0) << name;
    EXPECT_EQ(minimum.dy, 0) << name;
  }
  // sqrt'(0) = inf makes Ackley's gradient at the origin NaN in torch; the trace then stops, as torch's would.
  EXPECT_TRUE(std::isnan(at("ackley", 0, 0).dx));
  EXPECT_TRUE(std::isnan(at("ackley", 0, 0).dy));
}

bool sameValue(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Each hand-written value and gradient against the expression autodiff of the entry's own formula string.
// Both replay torch autograd's arithmetic for that formula (the same operations in the same order), so
// they must agree exactly, not just closely: any difference means one of them left torch's order.
TEST(SurfaceCatalog, HandWrittenGradientsEqualAutodiffOfTheFormula) {
  std::mt19937_64 random(20240607);
  for (const CatalogEntry& entry : catalog()) {
    const Surface handWritten = Surface::fromCatalog(entry.name);
    const Surface autodiff = Surface::fromExpression(entry.formula);
    const Domain& d = entry.domain;
    // The domain, a margin around it, and the integer lattice (minima, zeros of the factors, the origin).
    std::uniform_real_distribution<double> xs(d.xMin - 1, d.xMax + 1), ys(d.yMin - 1, d.yMax + 1);
    std::vector<std::array<double, 2>> points;
    for (int i = 0; i < 2000; ++i) points.push_back({xs(random), ys(random)});
    for (double x = std::floor(d.xMin); x <= d.xMax; ++x)
      for (double y = std::floor(d.yMin); y <= d.yMax; ++y) points.push_back({x, y});
    int differing = 0;
    for (const auto& [x, y] : points) {
      const ValueAndGradient a = handWritten.valueAndGradient(x, y), b = autodiff.valueAndGradient(x, y);
      const bool same = sameValue(a.value, b.value) && sameValue(a.dx, b.dx) && sameValue(a.dy, b.dy);
      if (!same && ++differing <= 3)
        ADD_FAILURE() << entry.name << " at (" << x << ", " << y << "): hand-written " << a.value << ", " << a.dx
                      << ", " << a.dy << " vs autodiff " << b.value << ", " << b.dx << ", " << b.dy;
      EXPECT_EQ(handWritten.value(x, y), a.value);
    }
    EXPECT_EQ(differing, 0) << entry.name << " differs at " << differing << " of " << points.size() << " points";
  }
}

TEST(SurfaceCatalog, UnknownNameListsTheKnownOnes) {
  try {
    Surface::fromCatalog("rosenbrok");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()),
              "unknown surface 'rosenbrok' (known: saddle, monkey_saddle, quadratic, rosenbrock, beale, "
              "himmelblau, booth, matyas, rastrigin, ackley, goldstein_price, six_hump_camel, styblinski_tang)");
  }
}

TEST(SurfaceExpression, KeepsTheSourceAndDefaultsToTheUnitSquare) {
  const Surface surface = Surface::fromExpression("sin(x)*cos(y)");
  EXPECT_FALSE(surface.isCatalog());
  EXPECT_EQ(surface.text(), "sin(x)*cos(y)");
  EXPECT_EQ(surface.defaultDomain(), (Domain{-1, 1, -1, 1}));
  ASSERT_NE(surface.expression(), nullptr);
  const ValueAndGradient at = surface.valueAndGradient(0.5, 0.25);
  EXPECT_EQ(at.value, std::sin(0.5) * std::cos(0.25));
  EXPECT_EQ(at.dx, std::cos(0.5) * std::cos(0.25));
  EXPECT_EQ(at.dy, std::sin(0.5) * -std::sin(0.25));
  EXPECT_EQ(surface.value(0.5, 0.25), at.value);

  const Surface copy = surface;  // shares the compiled program
  EXPECT_EQ(copy.expression(), surface.expression());
  EXPECT_EQ(copy.value(0.5, 0.25), at.value);
}

TEST(SurfaceExpression, ErrorsNameTheColumn) {
  try {
    Surface::fromExpression("x + foo");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), "unknown name 'foo' at column 5");
  }
}

TEST(SurfaceVisit, HandsEachSurfaceKindItsOwnConcreteEvaluator) {
  const bool saddleIsConcrete = Surface::fromCatalog("saddle").visit(
      [](auto evaluate) { return std::is_same_v<decltype(evaluate), catalog_surfaces::Saddle>; });
  EXPECT_TRUE(saddleIsConcrete);
  const bool ackleyIsConcrete = Surface::fromCatalog("ackley").visit(
      [](auto evaluate) { return std::is_same_v<decltype(evaluate), catalog_surfaces::Ackley>; });
  EXPECT_TRUE(ackleyIsConcrete);
  const bool expressionIsConcrete = Surface::fromExpression("x*y").visit(
      [](auto evaluate) { return std::is_same_v<decltype(evaluate), ExpressionEvaluator>; });
  EXPECT_TRUE(expressionIsConcrete);

  // Every catalog id reaches its own evaluator: the visited value is the catalog surface's value.
  for (const CatalogEntry& entry : catalog()) {
    const Surface surface = Surface::fromCatalog(entry.name);
    const double visited = surface.visit([](auto evaluate) { return evaluate(0.3, -0.2).value; });
    EXPECT_NEAR(visited, Surface::fromExpression(entry.formula).value(0.3, -0.2), 1e-12) << entry.name;
  }
}

}  // namespace
}  // namespace gradscape::core
