// The kept static layer (see static_layer_cache.hpp).
#include "render/static_layer_cache.hpp"

namespace gradscape::render {

const OffscreenTarget* StaticLayerCache::layerFor(const StaticLayerKey& key, const OffscreenTarget& target,
                                                  const std::function<void(const OffscreenTarget& layer)>& drawLayer) {
  if (keptKey_ == key) return layer_.get();
  if (previousKey_ != key) {
    previousKey_ = key;
    return nullptr;
  }
  if (!layer_ || layer_->width() != target.width() || layer_->height() != target.height() ||
      layer_->samples() != target.samples())
    layer_ = std::make_unique<OffscreenTarget>(target.width(), target.height(), target.samples());
  drawLayer(*layer_);
  keptKey_ = key;
  return layer_.get();
}

}  // namespace gradscape::render
