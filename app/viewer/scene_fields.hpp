// `set PATH VALUE...` for scene fields (runs[i].lr, surface.expression, render.grid ...), shared by scripts
// and anything else that edits a scene by name. Goes through Session's edits, so dirty tracking holds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/scene.hpp"
#include "viewer/session.hpp"

namespace gradscape::app {

// True when `path` names a scene field this function handles (runs[..], surface, render.*).
bool isSceneFieldPath(std::string_view path);
// Throws gradscape::Error naming the path, e.g. "runs[0].lr: expected 1 number".
void setSceneField(Session& session, std::string_view path, const std::vector<std::string>& values);

}  // namespace gradscape::app
