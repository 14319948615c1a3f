// Draw-list, draw-command and triangle comparison for partial window redraws.
#include "viewer/ui_damage.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <string_view>

#include "viewer/callback_drawing.hpp"

namespace gradscape::app {

namespace {

float mergeCost(const UiRect& a, const UiRect& b) { return a.united(b).area() - a.area() - b.area(); }

// Merges the pair that wastes the least area; with `onlyIf`, only a pair that satisfies it. True if merged.
template <class Condition>
bool mergeCheapestPair(std::vector<UiRect>& rects, Condition onlyIf) {
  std::size_t bestA = 0, bestB = 0;
  float bestCost = 0;
  bool found = false;
  for (std::size_t a = 0; a < rects.size(); ++a)
    for (std::size_t b = a + 1; b < rects.size(); ++b) {
      const float waste = mergeCost(rects[a], rects[b]);
      if (onlyIf(rects[a], rects[b], waste) && (!found || waste < bestCost)) bestA = a, bestB = b, bestCost = waste, found = true;
    }
  if (!found) return false;
  rects[bestA] = rects[bestA].united(rects[bestB]);
  rects.erase(rects.begin() + static_cast<std::ptrdiff_t>(bestB));
  return true;
}

}  // namespace

std::vector<UiRect> mergeRects(std::vector<UiRect> rects, std::size_t maxCount, float slack) {
  // Phase 1, linear in the number of rectangles (a changed plot has hundreds of triangles): each joins the
  // first cluster it overlaps or nearly touches, else starts one; too many clusters merge pairwise.
  std::vector<UiRect> clusters;
  const auto any = [](const UiRect&, const UiRect&, float) { return true; };
  for (const UiRect& rect : rects) {
    if (rect.empty()) continue;
    bool joined = false;
    for (UiRect& cluster : clusters)
      if (cluster.overlaps(rect) || mergeCost(cluster, rect) <= slack) {
        cluster = cluster.united(rect);
        joined = true;
        break;
      }
    if (!joined) clusters.push_back(rect);
    if (clusters.size() > 4 * maxCount) mergeCheapestPair(clusters, any);
  }
  // Phase 2, on a handful: merge while any overlap (a merge can create new overlaps), while there are too
  // many, and while a merge wastes little.
  while (mergeCheapestPair(clusters, [&](const UiRect& a, const UiRect& b, float waste) {
    return a.overlaps(b) || clusters.size() > maxCount || waste <= slack;
  })) {
  }
  return clusters;
}

std::size_t hashBytes(const void* data, std::size_t size, std::size_t seed) {
  const std::size_t h = std::hash<std::string_view>{}(std::string_view(static_cast<const char*>(data), size));
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

namespace {

UiRect clipOf(const ImDrawCmd& command) {
  return {command.ClipRect.x, command.ClipRect.y, command.ClipRect.z, command.ClipRect.w};
}

// Pieces in increasing hash order: a least-significant-digit radix sort, a byte a pass. An edit of every
// plotted run changes a few thousand pieces a frame; std::sort's unpredictable comparisons took a third
// of the tracker's time.
void sortByHash(std::vector<UiPiece>& pieces) {
  if (pieces.size() < 2) return;
  std::vector<UiPiece> spare(pieces.size());
  for (unsigned shift = 0; shift < 8 * sizeof(std::size_t); shift += 8) {
    const auto digit = [&](const UiPiece& piece) { return (piece.hash >> shift) & 0xFF; };
    std::size_t starts[257] = {};
    for (const UiPiece& piece : pieces) ++starts[digit(piece) + 1];
    if (starts[digit(pieces[0]) + 1] == pieces.size()) continue;  // one digit for all: nothing moves
    for (int d = 0; d < 256; ++d) starts[d + 1] += starts[d];
    for (const UiPiece& piece : pieces) spare[starts[digit(piece)]++] = piece;
    pieces.swap(spare);
  }
}

}  // namespace

void UiDamageTracker::collectTriangles(const ImDrawList& list, std::vector<Piece>& out) {
  out.clear();
  for (const ImDrawCmd& command : list.CmdBuffer) {
    if (CallbackDrawing::isCallbackDrawing(command)) {
      const std::size_t first = out.size();
      CallbackDrawing::of(command).collectPieces(out);
      const UiRect clip = clipOf(command);
      for (std::size_t k = first; k < out.size(); ++k) {
        out[k].hash = hashBytes(&command.ClipRect, sizeof command.ClipRect, out[k].hash);
        out[k].box = out[k].box.intersected(clip);
      }
      out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                               [](const Piece& piece) { return piece.box.empty(); }),
                out.end());
      continue;
    }
    if (command.UserCallback || command.ElemCount == 0) continue;
    const UiRect clip = clipOf(command);
    const ImDrawIdx* indices = list.IdxBuffer.Data + command.IdxOffset;
    const ImDrawVert* vertices = list.VtxBuffer.Data + command.VtxOffset;
    for (unsigned i = 0; i + 2 < command.ElemCount; i += 3) {
      // A triangle is its three vertices (position, uv, colour), its texture and its clip rectangle.
      unsigned char key[3 * sizeof(ImDrawVert) + sizeof(ImVec4) + sizeof(ImTextureID)];
      UiRect box{1e30f, 1e30f, -1e30f, -1e30f};
      for (int corner = 0; corner < 3; ++corner) {
        const ImDrawVert& vertex = vertices[indices[i + static_cast<unsigned>(corner)]];
        std::memcpy(key + corner * sizeof(ImDrawVert), &vertex, sizeof(ImDrawVert));
        box = {std::min(box.x0, vertex.pos.x), std::min(box.y0, vertex.pos.y), std::max(box.x1, vertex.pos.x),
               std::max(box.y1, vertex.pos.y)};
      }
      std::memcpy(key + 3 * sizeof(ImDrawVert), &command.ClipRect, sizeof(ImVec4));
      std::memcpy(key + 3 * sizeof(ImDrawVert) + sizeof(ImVec4), &command.TextureId, sizeof(ImTextureID));
      // One pixel of margin: anti-aliased edges and pixel coverage reach past the exact vertices.
      box = UiRect{box.x0 - 1, box.y0 - 1, box.x1 + 1, box.y1 + 1}.intersected(clip);
      if (!box.empty()) out.push_back({hashBytes(key, sizeof key, 0), box});
    }
  }
  sortByHash(out);
}

void UiDamageTracker::collectCommands(const ImDrawList& list, std::vector<Piece>& out) {
  out.clear();
  std::vector<ImDrawIdx> relative;
  for (const ImDrawCmd& command : list.CmdBuffer) {
    if (CallbackDrawing::isCallbackDrawing(command)) {  // one piece: all it draws, inside its clip rectangle
      const std::size_t hash = hashBytes(&command.ClipRect, sizeof command.ClipRect, CallbackDrawing::of(command).contentHash());
      out.push_back({hash, clipOf(command)});
      continue;
    }
    if (command.UserCallback || command.ElemCount == 0) continue;
    const ImDrawIdx* indices = list.IdxBuffer.Data + command.IdxOffset;
    const ImDrawVert* vertices = list.VtxBuffer.Data + command.VtxOffset;
    const auto [lowest, highest] = std::minmax_element(indices, indices + command.ElemCount);
    // What the command draws, wherever it sits in the buffers: its vertices and its indices counted from
    // its first vertex (content before it in the list may grow or shrink without damaging it).
    relative.resize(command.ElemCount);
    for (unsigned i = 0; i < command.ElemCount; ++i) relative[i] = static_cast<ImDrawIdx>(indices[i] - *lowest);
    const std::size_t vertexCount = static_cast<std::size_t>(*highest - *lowest) + 1;
    std::size_t hash = hashBytes(vertices + *lowest, vertexCount * sizeof(ImDrawVert), 0);
    hash = hashBytes(relative.data(), relative.size() * sizeof(ImDrawIdx), hash);
    hash = hashBytes(&command.ClipRect, sizeof command.ClipRect, hash);
    hash = hashBytes(&command.TextureId, sizeof command.TextureId, hash);
    UiRect box{1e30f, 1e30f, -1e30f, -1e30f};
    for (std::size_t v = 0; v < vertexCount; ++v) {
      const ImVec2 position = vertices[*lowest + v].pos;
      box = {std::min(box.x0, position.x), std::min(box.y0, position.y), std::max(box.x1, position.x),
             std::max(box.y1, position.y)};
    }
    box = UiRect{box.x0 - 1, box.y0 - 1, box.x1 + 1, box.y1 + 1}.intersected(clipOf(command));
    if (!box.empty()) out.push_back({hash, box});
  }
  sortByHash(out);
}

std::vector<UiRect> UiDamageTracker::update(const ImDrawData& data) {
  std::vector<ListRecord> current(static_cast<std::size_t>(std::max(0, data.CmdListsCount)));
  std::vector<UiRect> damage;
  for (int i = 0; i < data.CmdListsCount; ++i) {
    const ImDrawList& list = *data.CmdLists[i];
    ListRecord& record = current[static_cast<std::size_t>(i)];
    record.owner = list._OwnerName ? list._OwnerName : "";
    std::size_t hash = 0, pieceCount = static_cast<std::size_t>(list.IdxBuffer.Size) / 3;
    hash = hashBytes(list.VtxBuffer.Data, static_cast<std::size_t>(list.VtxBuffer.Size) * sizeof(ImDrawVert), hash);
    hash = hashBytes(list.IdxBuffer.Data, static_cast<std::size_t>(list.IdxBuffer.Size) * sizeof(ImDrawIdx), hash);
    for (const ImDrawCmd& command : list.CmdBuffer) {
      const unsigned offsets[3] = {command.VtxOffset, command.IdxOffset, command.ElemCount};
      hash = hashBytes(&command.ClipRect, sizeof command.ClipRect, hash);
      hash = hashBytes(&command.TextureId, sizeof command.TextureId, hash);
      hash = hashBytes(offsets, sizeof offsets, hash);
      if (command.ElemCount > 0) record.rect = record.rect.united(clipOf(command));
      if (CallbackDrawing::isCallbackDrawing(command)) {
        const CallbackDrawing& drawing = CallbackDrawing::of(command);
        const std::size_t content = drawing.contentHash();
        hash = hashBytes(&content, sizeof content, hash);
        pieceCount += drawing.pieceCount();
        record.rect = record.rect.united(clipOf(command));
      }
    }
    record.hash = hash;

    // Same list at the same place in the stacking order?
    ListRecord* before = static_cast<std::size_t>(i) < previous_.size() && previous_[static_cast<std::size_t>(i)].owner == record.owner
                             ? &previous_[static_cast<std::size_t>(i)]
                             : nullptr;
    if (!before) {
      damage.push_back(record.rect);
      for (const auto& old : previous_)
        if (old.owner == record.owner) damage.push_back(old.rect);  // it moved in the stacking order
      continue;
    }
    if (before->hash == record.hash) {
      record.pieces = std::move(before->pieces);
      record.granularity = before->granularity;
      continue;
    }
    // Changed: the triangles (or, in a big list, the draw commands) in one frame and not the other (as
    // multisets) are what moved or changed.
    if (pieceCount <= maxTrianglesCompared_) {
      collectTriangles(list, record.pieces);
      record.granularity = Granularity::triangles;
    } else {
      collectCommands(list, record.pieces);
      record.granularity = Granularity::commands;
    }
    if (before->granularity != record.granularity) {
      damage.push_back(record.rect.united(before->rect));
      continue;
    }
    std::vector<UiRect> boxes;
    const auto& a = before->pieces;
    const auto& b = record.pieces;
    std::size_t ia = 0, ib = 0;
    while (ia < a.size() || ib < b.size()) {
      if (ib == b.size() || (ia < a.size() && a[ia].hash < b[ib].hash)) boxes.push_back(a[ia++].box);
      else if (ia == a.size() || b[ib].hash < a[ia].hash) boxes.push_back(b[ib++].box);
      else ++ia, ++ib;
    }
    for (const UiRect& rect : mergeRects(std::move(boxes), 4, 2048.0f)) damage.push_back(rect);
  }
  for (const auto& record : previous_) {
    const bool stillThere = std::any_of(current.begin(), current.end(), [&](const ListRecord& c) { return c.owner == record.owner; });
    if (!stillThere) damage.push_back(record.rect);
  }
  previous_ = std::move(current);
  return mergeRects(std::move(damage));
}

std::vector<ImVec4> saveClipRects(const ImDrawData& data) {
  std::vector<ImVec4> rects;
  for (int i = 0; i < data.CmdListsCount; ++i)
    for (const ImDrawCmd& command : data.CmdLists[i]->CmdBuffer) rects.push_back(command.ClipRect);
  return rects;
}

void clipDrawData(ImDrawData& data, const std::vector<ImVec4>& original, const UiRect& region) {
  std::size_t next = 0;
  for (int i = 0; i < data.CmdListsCount; ++i) {
    for (ImDrawCmd& command : data.CmdLists[i]->CmdBuffer) {
      const ImVec4& clip = original[next++];
      const UiRect clipped = UiRect{clip.x, clip.y, clip.z, clip.w}.intersected(region);
      command.ClipRect = clipped.empty() ? ImVec4(0, 0, 0, 0) : ImVec4(clipped.x0, clipped.y0, clipped.x1, clipped.y1);
    }
  }
}

}  // namespace gradscape::app
