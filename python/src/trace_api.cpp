// Traces and surfaces from Python: the core's own descent and exact derivatives, into numpy arrays.
#include <pybind11/numpy.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "bindings.hpp"
#include "core/hessian.hpp"
#include "core/surface.hpp"
#include "core/trace.hpp"

namespace gradscape::python {
namespace {

// Signals are checked this often (points or evaluations): rarely enough to cost nothing measurable.
constexpr std::int64_t kCheckEvery = 1 << 20;

// Hands a vector to numpy without copying it: the array owns it through a capsule.
py::array_t<double> arrayOwning(std::vector<double>&& values, std::vector<py::ssize_t> shape) {
  auto* owned = new std::vector<double>(std::move(values));
  py::capsule owner(owned, [](void* pointer) { delete static_cast<std::vector<double>*>(pointer); });
  return py::array_t<double>(std::move(shape), owned->data(), owner);
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

// Runs body(begin, end) over [0, n) in chunks with the GIL released, checking for signals between chunks.
template <class Body>
void inChunks(std::int64_t n, Body&& body) {
  SignalCheck signals;
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    for (std::int64_t begin = 0; begin < n && !interrupted; begin += kCheckEvery) {
      const std::int64_t end = std::min(n, begin + kCheckEvery);
      body(begin, end);
      if (end < n) interrupted = signals.interrupted();
    }
  }
  if (interrupted) throw py::error_already_set();
}

// f (and the gradient) at n points; writes value[i] and, when given, dx[i], dy[i].
void evaluate(const core::Surface& surface, const double* x, const double* y, std::int64_t n, double* value,
              double* dx, double* dy) {
  surface.visit([&](auto at) {
    inChunks(n, [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t i = begin; i < end; ++i) {
        const core::ValueAndGradient result = at(x[i], y[i]);
        value[i] = result.value;
        if (dx) {
          dx[i] = result.dx;
          dy[i] = result.dy;
        }
      }
    });
    return 0;
  });
}

using Contiguous = py::array_t<double, py::array::c_style | py::array::forcecast>;

}  // namespace

void registerTrace(py::module_& module) {
  module.def("trace", [](const SceneHandle& handle) {
    std::vector<RunTrace> traces = traceScene(handle.scene);
    py::list out;
    for (RunTrace& trace : traces) {
      const std::size_t rows = trace.xyz.size() / 3;
      out.append(arrayOwning(std::move(trace.xyz), {static_cast<py::ssize_t>(rows), 3}));
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
        out[0] = arrayOwning(std::move(value), {n});
        if (gradient) {
          out[1] = arrayOwning(std::move(dx), {n});
          out[2] = arrayOwning(std::move(dy), {n});
        }
        return out;
      }, py::arg("x"), py::arg("y"), py::arg("gradient"))
      // The exact Hessian (the core's second-order AD) at n points: an (n, 2, 2) array.
      .def("hessian", [](const core::Surface& surface, const Contiguous& x, const Contiguous& y) {
        const std::int64_t n = x.size();
        if (y.size() != n) throw Error("x and y must have the same number of points");
        std::vector<double> out(static_cast<std::size_t>(n) * 4);
        const double* xs = x.data();
        const double* ys = y.data();
        inChunks(n, [&](std::int64_t begin, std::int64_t end) {
          for (std::int64_t i = begin; i < end; ++i) {
            const core::ValueGradientHessian h = core::exactHessian(surface, xs[i], ys[i]);
            double* m = out.data() + 4 * i;
            m[0] = h.dxx;
            m[1] = h.dxy;
            m[2] = h.dxy;
            m[3] = h.dyy;
          }
        });
        return arrayOwning(std::move(out), {static_cast<py::ssize_t>(n), 2, 2});
      }, py::arg("x"), py::arg("y"));
}

}  // namespace gradscape::python
