// Names of the stop reasons, as `gradscape trace --summary` and `gradscape map` print them.
#include "core/run_summary.hpp"

namespace gradscape::core {

std::string_view stopReasonName(StopReason reason) {
  switch (reason) {
    case StopReason::iterations: return "iterations";
    case StopReason::tolerance: return "tolerance";
    case StopReason::diverged: return "diverged";
  }
  return "unknown";
}

}  // namespace gradscape::core
