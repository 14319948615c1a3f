// Why the step goes there, in the viewer: which parts of the internals overlay are on, the selected run's
// internals at the playback frame (recomputed only when run, frame, trace or surface changed), the status
// line and the `state` / `set` fields scripts read and write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/step_internals.hpp"
#include "render/internals_layer.hpp"

namespace gradscape::app {

struct ViewerState;
class SceneView;

// The panel's checkboxes (set internals / internals.hessian / internals.quiver).
struct InternalsToggles {
  bool show = false;    // arrows (-grad f, step, state) at the selected run's current point
  bool hessian = true;  // the Hessian's eigen-cross (with show)
  bool quiver = false;  // -grad f over the 2-D view
  friend bool operator==(const InternalsToggles&, const InternalsToggles&) = default;
};

class InternalsView {
 public:
  InternalsToggles toggles;

  // Recomputes what changed and hands the overlay to `view` (which then draws its picture again).
  void update(const ViewerState& state, SceneView& view);
  // The internals shown (nothing while the overlay is off or there is no run).
  const std::optional<core::StepInternals>& current() const { return current_; }

 private:
  struct Key {
    InternalsToggles toggles;
    std::size_t run = 0;
    std::int64_t frame = 0;
    std::uint64_t trace = 0, surface = 0;
    friend bool operator==(const Key&, const Key&) = default;
  };
  std::optional<Key> key_;
  std::optional<core::StepInternals> current_;
};

// "k 12  -grad f (..)  step (..)  velocity (..)  eig .. ..  cond .." lines for the panel (4 significant digits).
std::vector<std::string> internalsStatusLines(const core::StepInternals& at);
// The `state` line's fields: " internals=0|1 hessian_cross=.. quiver=.." and, while shown, the values in
// full precision (internals_grad=gx,gy internals_step=.. internals_lr=.. internals_state=".." internals_state_step=..
// internals_<state value>=.. internals_hessian=dxx,dxy,dyy internals_eigenvalues=.. internals_condition=..).
std::string internalsStateFields(const InternalsView& view);
// `set internals|internals.hessian|internals.quiver BOOL`; throws gradscape::Error naming the path.
void setInternalsField(InternalsToggles& toggles, std::string_view path, const std::vector<std::string>& values);

}  // namespace gradscape::app
