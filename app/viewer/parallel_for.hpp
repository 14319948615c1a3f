// The viewer uses the engine's parallelFor (core/parallel_for.hpp): one implementation for the session's
// traces, the plots' curves and the path layer's uploads.
#pragma once

#include "core/parallel_for.hpp"

namespace gradscape::app {
using core::parallelFor;
}  // namespace gradscape::app
