// `gradscape trace --summary`: one CSV row per run instead of one per point.
#pragma once

#include <cstdio>

#include "core/scene.hpp"

namespace gradscape::app {

// Header run,label,end_x,end_y,end_loss,best_loss,steps,status,last_lr; returns false when writing failed.
bool writeTraceSummary(const core::Scene& scene, std::FILE* out);

}  // namespace gradscape::app
