// The surface catalog (names, formulas, default domains of docs/scene-format.md) and Surface's constructors.
#include "core/surface.hpp"

#include <array>
#include <string>

#include "core/error.hpp"
#include "core/expression.hpp"

namespace gradscape::core {
namespace {

constexpr Domain square(double half) { return {-half, half, -half, half}; }

// In the spec's order, which is also CatalogSurface's order.
constexpr std::array<CatalogEntry, 13> kCatalog{{
    {CatalogSurface::saddle, "saddle", "x^2 - y^2", square(1)},
    {CatalogSurface::monkey_saddle, "monkey_saddle", "x^3 - 3*x*y^2", square(1)},
    {CatalogSurface::quadratic, "quadratic", "x^2 + 10*y^2", square(1)},
    {CatalogSurface::rosenbrock, "rosenbrock", "(1-x)^2 + 100*(y-x^2)^2", {-2, 2, -1, 3}},
    {CatalogSurface::beale, "beale", "(1.5-x+x*y)^2 + (2.25-x+x*y^2)^2 + (2.625-x+x*y^3)^2", square(4.5)},
    {CatalogSurface::himmelblau, "himmelblau", "(x^2+y-11)^2 + (x+y^2-7)^2", square(5)},
    {CatalogSurface::booth, "booth", "(x+2*y-7)^2 + (2*x+y-5)^2", square(10)},
    {CatalogSurface::matyas, "matyas", "0.26*(x^2+y^2) - 0.48*x*y", square(10)},
    {CatalogSurface::rastrigin, "rastrigin", "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)", square(5.12)},
    {CatalogSurface::ackley, "ackley",
     "-20*exp(-0.2*sqrt(0.5*(x^2+y^2))) - exp(0.5*(cos(2*pi*x)+cos(2*pi*y))) + e + 20", square(5)},
    {CatalogSurface::goldstein_price, "goldstein_price",
     "(1+(x+y+1)^2*(19-14*x+3*x^2-14*y+6*x*y+3*y^2))*(30+(2*x-3*y)^2*(18-32*x+12*x^2+48*y-36*x*y+27*y^2))",
     square(2)},
    {CatalogSurface::six_hump_camel, "six_hump_camel", "(4-2.1*x^2+x^4/3)*x^2 + x*y + (-4+4*y^2)*y^2",
     {-3, 3, -2, 2}},
    {CatalogSurface::styblinski_tang, "styblinski_tang", "0.5*(x^4-16*x^2+5*x + y^4-16*y^2+5*y)", square(5)},
}};

constexpr bool catalogFollowsEnumOrder() {
  for (std::size_t i = 0; i < kCatalog.size(); ++i)
    if (static_cast<std::size_t>(kCatalog[i].id) != i) return false;
  return true;
}
static_assert(catalogFollowsEnumOrder(), "kCatalog[i].id must be CatalogSurface(i)");

}  // namespace

std::span<const CatalogEntry> catalog() { return kCatalog; }

const CatalogEntry* findCatalogEntry(std::string_view name) {
  for (const CatalogEntry& entry : kCatalog)
    if (entry.name == name) return &entry;
  return nullptr;
}

Surface Surface::fromCatalog(std::string_view name) {
  const CatalogEntry* entry = findCatalogEntry(name);
  if (!entry) {
    std::string names;
    for (const CatalogEntry& candidate : kCatalog) names += (names.empty() ? "" : ", ") + std::string(candidate.name);
    throw Error("unknown surface '" + std::string(name) + "' (known: " + names + ")");
  }
  Surface surface;
  surface.catalogId_ = entry->id;
  surface.text_ = entry->name;
  return surface;
}

Surface Surface::fromExpression(std::string_view source) {
  Surface surface;
  surface.expression_ = std::make_shared<const CompiledExpression>(CompiledExpression::compile(source));
  surface.text_ = source;
  return surface;
}

double Surface::value(double x, double y) const {
  return visit([&](auto evaluate) { return evaluate(x, y).value; });
}

ValueAndGradient Surface::valueAndGradient(double x, double y) const {
  return visit([&](auto evaluate) { return evaluate(x, y); });
}

Domain Surface::defaultDomain() const {
  return isCatalog() ? kCatalog[static_cast<std::size_t>(catalogId_)].domain : Domain{};
}

ValueAndGradient ExpressionEvaluator::operator()(double x, double y) const {
  return expression->valueAndGradient(x, y);
}

}  // namespace gradscape::core
