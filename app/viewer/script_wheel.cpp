// The `wheel X Y NOTCHES` script verb: the mouse wheel turned at a point of the window (the 2-D view
// zooms about the cursor, so where it turns matters; `zoom N` turns it at the scene's centre).
#include "viewer/script_driver.hpp"

namespace gradscape::app {

ScriptDriver::StepResult ScriptDriver::wheel(const ScriptCommand& command) {
  const ImVec2 where(static_cast<float>(command.number(0)), static_cast<float>(command.number(1)));
  ScriptedInput frame{where};
  frame.wheel = static_cast<float>(command.number(2));
  input_.push_back(ScriptedInput{where});
  input_.push_back(frame);
  input_.push_back(ScriptedInput{where});
  return StepResult::yield;
}

}  // namespace gradscape::app
