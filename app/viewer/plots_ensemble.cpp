// The plots' ensembles: which runs are particles of one ensemble, and each ensemble's band, computed
// again only when one of its particles' traces (or visibility) changes.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/run_expansion.hpp"
#include "viewer/plots.hpp"

namespace gradscape::app {

void PlotsWindow::collectEnsembles(const Session& session) {
  // Nothing in the runs changed (a playing or orbiting frame): the spans and signatures stand.
  if (ensemblesSession_ == &session && ensemblesVersion_ == session.contentVersion()) return;
  ensemblesSession_ = &session;
  ensemblesVersion_ = session.contentVersion();
  ensembles_.clear();
  for (std::size_t i = 0; i < session.runCount(); ++i) {
    if (!isParticle(session.run(i))) continue;
    const auto& group = session.run(i).group;
    if (ensembles_.empty() || ensembles_.back().group != group || ensembles_.back().end != i)
      ensembles_.push_back({group, i, i, 0xcbf29ce484222325ull});
    EnsembleSpan& span = ensembles_.back();
    span.end = i + 1;
    for (const std::uint64_t part : {session.traceVersion(i), static_cast<std::uint64_t>(session.trace(i).points().size()),
                                     static_cast<std::uint64_t>(session.visible(i))})
      span.signature = (span.signature ^ part) * 0x100000001b3ull;
  }
  for (auto& bands : bands_) bands.resize(ensembles_.size());
}

const PlotsWindow::BandCache& PlotsWindow::bandOf(const Session& session, std::size_t ensemble, PlotQuantity quantity) {
  const EnsembleSpan& span = ensembles_[ensemble];
  BandCache& cache = bands_[static_cast<std::size_t>(quantity)][ensemble];
  if (cache.group == span.group && cache.signature == span.signature) return cache;
  const auto store = [&](PlotQuantity q, EnsembleBand band) {
    BandCache& stored = bands_[static_cast<std::size_t>(q)][ensemble];
    stored.band = std::move(band);
    stored.extent = RunExtent{};
    for (std::size_t t = 0; t < stored.band.mean.size(); ++t)
      for (const double value : {stored.band.mean[t], stored.band.low[t], stored.band.high[t]})
        stored.extent.include(static_cast<int>(q), value);
    stored.group = span.group;
    stored.signature = span.signature;
  };
  // x, y and loss read the same points: one pass gives all three (an edit changes them together), in order
  // from the batch's columns when the session has them for exactly these particles, all visible. The batch's
  // particles share their iterations, so the columns' rows give the band's last iteration and no particle's
  // trace is visited.
  bool allVisible = true;
  for (std::size_t i = span.first; i < span.end && allVisible; ++i) allVisible = session.visible(i);
  const core::TraceColumns* columns =
      quantity != PlotQuantity::lr && allVisible ? session.columns(span.first, span.end) : nullptr;
  if (columns) {
    auto bands = ensembleBandsOfColumns(*columns, static_cast<std::int64_t>(columns->rows) - 1);
    for (const PlotQuantity q : {PlotQuantity::x, PlotQuantity::y, PlotQuantity::loss})
      store(q, std::move(bands[static_cast<std::size_t>(q)]));
    return cache;
  }
  std::vector<BandMember> members;
  std::int64_t last = 0;
  for (std::size_t i = span.first; i < span.end; ++i) {
    if (!session.visible(i)) continue;
    const RunTrace& trace = session.trace(i);
    const core::TracePointsView points = plotSeries(trace, quantity);
    members.push_back({points, trace.outcome.reason == core::StopReason::diverged});
    // A particle's own last iteration: one that stopped early holds its value up to the ensemble's end.
    last = std::max(last, std::max(session.run(i).iterations, points.empty() ? 0 : points.back().iteration));
  }
  const std::span<const BandMember> all(members);
  if (quantity == PlotQuantity::lr) {
    store(quantity, ensembleBand(all, last, [](const core::TracePoint& point) { return plotValue(point, PlotQuantity::lr); }));
    return cache;
  }
  auto bands = ensembleBands<3>(all, last, [](const core::TracePoint& point) {
    return std::array<double, 3>{plotValue(point, PlotQuantity::x), plotValue(point, PlotQuantity::y),
                                 plotValue(point, PlotQuantity::loss)};
  });
  for (const PlotQuantity q : {PlotQuantity::x, PlotQuantity::y, PlotQuantity::loss})
    store(q, std::move(bands[static_cast<std::size_t>(q)]));
  return cache;
}

void PlotsWindow::drawBand(ImDrawList& draw, const EnsembleBand& band, core::Rgb color, std::int64_t frame,
                           int columns, const PlotMapping& toScreen) {
  const std::int64_t last = band.last();
  if (last < 0) return;
  const std::int64_t stride = std::max<std::int64_t>(1, last / std::max(1, columns));
  std::vector<std::int64_t> samples;
  for (std::int64_t t = 0; t < last; t += stride) samples.push_back(t);
  samples.push_back(last);
  // Quads between neighbouring samples; without anti-aliased fill their shared edges leave no seams.
  const ImDrawListFlags flags = draw.Flags;
  draw.Flags &= ~ImDrawListFlags_AntiAliasedFill;
  const ImU32 fill = IM_COL32(color.r, color.g, color.b, 60);
  for (std::size_t k = 0; k + 1 < samples.size(); ++k) {
    const auto a = static_cast<std::size_t>(samples[k]), b = static_cast<std::size_t>(samples[k + 1]);
    if (band.count[a] == 0 || band.count[b] == 0) continue;
    draw.AddQuadFilled(toScreen(samples[k], band.low[a]), toScreen(samples[k], band.high[a]),
                       toScreen(samples[k + 1], band.high[b]), toScreen(samples[k + 1], band.low[b]), fill);
  }
  draw.Flags = flags;
  for (const bool before : {true, false}) {
    line_.clear();
    for (const std::int64_t t : samples) {
      if ((before && t > frame) || (!before && t < frame)) continue;
      if (band.count[static_cast<std::size_t>(t)] > 0) line_.push_back(toScreen(t, band.mean[static_cast<std::size_t>(t)]));
    }
    // The exact mean at the frame joins the two parts.
    if (frame >= 0 && frame <= last && band.count[static_cast<std::size_t>(frame)] > 0) {
      const ImVec2 at = toScreen(frame, band.mean[static_cast<std::size_t>(frame)]);
      if (before) line_.push_back(at);
      else line_.insert(line_.begin(), at);
    }
    if (line_.size() >= 2)
      draw.AddPolyline(line_.data(), static_cast<int>(line_.size()), IM_COL32(color.r, color.g, color.b, before ? 255 : 90),
                       0, before ? 1.8f : 1.0f);
  }
}

PlotHover PlotsWindow::hoverAt(const Session& session, PlotQuantity quantity, std::int64_t iteration, float mouseY,
                               const PlotMapping& toScreen) {
  PlotHover best;
  float bestDistance = std::numeric_limits<float>::infinity();
  const auto consider = [&](std::size_t run, const std::string& label, double value) {
    if (!std::isfinite(value)) return;
    const float distance = std::abs(toScreen(iteration, value).y - mouseY);
    if (distance >= bestDistance) return;
    bestDistance = distance;
    best = {true, iteration, static_cast<std::int64_t>(run), label, value};
  };
  for (const std::size_t i : session.plainRuns()) {
    if (!session.visible(i)) continue;
    if (const auto value = seriesValueAt(plainSeries(session.trace(i), quantity), quantity, iteration))
      consider(i, session.style(i).label, *value);
  }
  for (std::size_t e = 0; e < ensembles_.size(); ++e) {
    const EnsembleBand& band = bandOf(session, e, quantity).band;
    const auto t = static_cast<std::size_t>(iteration);
    if (t >= band.mean.size() || band.count[t] == 0) continue;
    const core::RunSpec& source = ensembles_[e].group->source;
    consider(ensembles_[e].first, (source.label ? *source.label : core::defaultLabel(source)) + " mean", band.mean[t]);
  }
  return best;
}

}  // namespace gradscape::app
