// Surface::visit: hands a hot loop a concretely-typed evaluator. Included by surface.hpp.
#pragma once

namespace gradscape::core {

template <class Fn>
decltype(auto) Surface::visit(Fn&& fn) const {
  return fn([this](double x, double y) { return valueAndGradient(x, y); });
}

}  // namespace gradscape::core
