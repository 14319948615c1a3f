// Loss surfaces f(x, y): the 13-surface catalog and user expressions, with exact gradients.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace gradscape::core {

struct Domain {
  double xMin = -1, xMax = 1;
  double yMin = -1, yMax = 1;
  friend bool operator==(const Domain&, const Domain&) = default;
};

// f and its gradient at one point (T = double) or at several at once, one per SIMD lane (the batch core).
template <class T>
struct ValueAndGradientOf {
  T value{};
  T dx{};
  T dy{};
};
using ValueAndGradient = ValueAndGradientOf<double>;

enum class CatalogSurface {
  saddle, monkey_saddle, quadratic, rosenbrock, beale, himmelblau, booth, matyas,
  rastrigin, ackley, goldstein_price, six_hump_camel, styblinski_tang,
};

struct CatalogEntry {
  CatalogSurface id;
  std::string_view name;     // as in scene files: "monkey_saddle"
  std::string_view formula;  // in the expression grammar, as in docs/scene-format.md
  Domain domain;             // the default domain
};

// All 13 entries, in the spec's order.
std::span<const CatalogEntry> catalog();
// nullptr when `name` is not in the catalog.
const CatalogEntry* findCatalogEntry(std::string_view name);

class CompiledExpression;  // expression.hpp

// A surface is cheap to copy (an expression's compiled form is shared and immutable).
class Surface {
 public:
  // Throws gradscape::Error "unknown surface 'foo'" (the caller prefixes file and JSON path).
  static Surface fromCatalog(std::string_view name);
  // Throws gradscape::Error with the column, e.g. "expected ')' at column 14".
  static Surface fromExpression(std::string_view source);

  double value(double x, double y) const;
  // Exact: hand-written for the catalog, automatic differentiation for expressions.
  ValueAndGradient valueAndGradient(double x, double y) const;

  bool isCatalog() const { return expression_ == nullptr; }
  CatalogSurface catalogId() const { return catalogId_; }
  // The catalog name, or the expression's source text.
  const std::string& text() const { return text_; }
  // The catalog's default domain; [-1,1]^2 for expressions.
  Domain defaultDomain() const;

  // Calls fn with a callable `(double x, double y) -> ValueAndGradient` of a concrete type, so hot loops
  // (descent, mesh building) are compiled once per surface kind with no dispatch per call.
  template <class Fn>
  decltype(auto) visit(Fn&& fn) const;

  const CompiledExpression* expression() const { return expression_.get(); }

 private:
  CatalogSurface catalogId_ = CatalogSurface::saddle;
  std::shared_ptr<const CompiledExpression> expression_;
  std::string text_;
};

}  // namespace gradscape::core

#include "core/surface_visit.hpp"
