// Traces and surfaces from Python: the core's own descent and exact derivatives, into numpy arrays.
#include <pybind11/numpy.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "bindings.hpp"
#include "core/surface.hpp"
#include "core/trace.hpp"

namespace gradscape::python {
namespace {

// Signals are checked this often (points or evaluations): rarely enough to cost nothing measurable.
constexpr std::int64_t kCheckEvery = 1 << 20;

// Hands a vector to numpy without copying it: the array owns it through a capsule.
py::array_t<double> arrayOwning(std::vector<double>&& values, std::size_t rows, std::size_t columns) {
  auto* owned = new std::vector<double>(std::move(values));
  py::capsule owner(owned, [](void* pointer) { delete static_cast<std::vector<double>*>(pointer); });
  const auto r = static_cast<py::ssize_t>(rows), c = static_cast<py::ssize_t>(columns);
  if (columns == 0) return py::array_t<double>(std::vector<py::ssize_t>{r}, owned->data(), owner);
  return py::array_t<double>(std::vector<py::ssize_t>{r, c}, owned->data(), owner);
}

struct RunTrace {
  std::vector<double> xyz;
};

std::vector<RunTrace> traceScene(const core::Scene& scene) {
  core::checkKeptPoints(scene.runs, "trace: runs");
  std::vector<RunTrace> traces(scene.runs.size());
  SignalCheck signals;
  bool interrupted = false;
  struct Interrupted {};
  {
    py::gil_scoped_release release;
    std::int64_t sinceCheck = 0;
    try {
      for (std::size_t i = 0; i < scene.runs.size(); ++i) {
        std::vector<double>& xyz = traces[i].xyz;
        xyz.reserve(static_cast<std::size_t>(core::keptPointCount(scene.runs[i])) * 3);
        core::traceRun(scene.surface.surface, scene.runs[i], [&](const core::TracePoint& point) {
          xyz.insert(xyz.end(), {point.x, point.y, point.z});
          if (++sinceCheck == kCheckEvery) {
            sinceCheck = 0;
            if (signals.interrupted()) throw Interrupted{};
          }
        });
      }
    } catch (const Interrupted&) {
      interrupted = true;
    }
  }
  if (interrupted) throw py::error_already_set();
  return traces;
}

// f (and the gradient) at n points; writes value[i] and, when given, dx[i], dy[i].
void evaluate(const core::Surface& surface, const double* x, const double* y, std::int64_t n, double* value,
              double* dx, double* dy) {
  SignalCheck signals;
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    surface.visit([&](auto at) {
      for (std::int64_t begin = 0; begin < n && !interrupted; begin += kCheckEvery) {
        const std::int64_t end = std::min(n, begin + kCheckEvery);
        for (std::int64_t i = begin; i < end; ++i) {
          const core::ValueAndGradient result = at(x[i], y[i]);
          value[i] = result.value;
          if (dx) {
            dx[i] = result.dx;
            dy[i] = result.dy;
          }
        }
        if (end < n) interrupted = signals.interrupted();
      }
      return 0;
    });
  }
  if (interrupted) throw py::error_already_set();
}

using Contiguous = py::array_t<double, py::array::c_style | py::array::forcecast>;

}  // namespace

void registerTrace(py::module_& module) {
  module.def("trace", [](const SceneHandle& handle) {
    std::vector<RunTrace> traces = traceScene(handle.scene);
    py::list out;
    for (RunTrace& trace : traces) {
      const std::size_t rows = trace.xyz.size() / 3;
      out.append(arrayOwning(std::move(trace.xyz), rows, 3));
    }
    return out;
  }, py::arg("scene"));

  py::class_<core::Surface>(module, "_Surface", "A surface of the catalog or an expression (gradscape.surface wraps it)")
      .def(py::init([](const std::string& text) {
        return core::findCatalogEntry(text) ? core::Surface::fromCatalog(text) : core::Surface::fromExpression(text);
      }), py::arg("name_or_expression"))
      .def_property_readonly("text", &core::Surface::text)
      .def_property_readonly("is_catalog", &core::Surface::isCatalog)
      .def_property_readonly("domain", [](const core::Surface& surface) {
        const core::Domain d = surface.defaultDomain();
        return py::make_tuple(py::make_tuple(d.xMin, d.xMax), py::make_tuple(d.yMin, d.yMax));
      })
      // x, y: flat float64 arrays of one length (the Python side broadcasts and reshapes).
      .def("evaluate", [](const core::Surface& surface, const Contiguous& x, const Contiguous& y, bool gradient) {
        const std::int64_t n = x.size();
        if (y.size() != n) throw Error("x and y must have the same number of points");
        std::vector<double> value(static_cast<std::size_t>(n)), dx, dy;
        if (gradient) {
          dx.resize(static_cast<std::size_t>(n));
          dy.resize(static_cast<std::size_t>(n));
        }
        evaluate(surface, x.data(), y.data(), n, value.data(), gradient ? dx.data() : nullptr, gradient ? dy.data() : nullptr);
        py::tuple out(gradient ? 3 : 1);
        out[0] = arrayOwning(std::move(value), static_cast<std::size_t>(n), 0);
        if (gradient) {
          out[1] = arrayOwning(std::move(dx), static_cast<std::size_t>(n), 0);
          out[2] = arrayOwning(std::move(dy), static_cast<std::size_t>(n), 0);
        }
        return out;
      }, py::arg("x"), py::arg("y"), py::arg("gradient"));
}

}  // namespace gradscape::python
