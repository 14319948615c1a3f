// A run's points read where they are kept, without copying them: an array of TracePoints (a run traced on
// its own), or one lane of a batch's columns (an ensemble's particle: x, y and f each a strided column,
// point k at row k). 10,000 particles x 200 steps copied out of the columns into arrays of their own were
// 64 MB written on every edit, more than a third of the recompute (docs/performance.md, "Session 17").
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <stdexcept>
#include <vector>

#include "core/trace.hpp"

namespace gradscape::core {

class TracePointsView {
 public:
  TracePointsView() = default;
  // The points of an array (implicit: a vector or a span passes as a view of itself).
  TracePointsView(std::span<const TracePoint> points) : points_(points.data()), size_(points.size()) {}
  TracePointsView(const std::vector<TracePoint>& points) : TracePointsView(std::span<const TracePoint>(points)) {}
  // `count` points whose x, y and f at iteration k are x[k * stride], y[k * stride] and f[k * stride].
  static TracePointsView strided(const double* x, const double* y, const double* f, std::size_t stride, std::size_t count) {
    TracePointsView view;
    view.x_ = x;
    view.y_ = y;
    view.f_ = f;
    view.stride_ = stride;
    view.size_ = count;
    return view;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  TracePoint operator[](std::size_t k) const {
    if (points_) return points_[k];
    const std::size_t at = k * stride_;
    return {static_cast<std::int64_t>(k), x_[at], y_[at], f_[at]};
  }
  TracePoint at(std::size_t k) const {
    if (k >= size_) throw std::out_of_range("TracePointsView::at");
    return (*this)[k];
  }
  TracePoint front() const { return (*this)[0]; }
  TracePoint back() const { return (*this)[size_ - 1]; }
  // The points as one array when they are one (empty for a strided view).
  std::span<const TracePoint> contiguous() const {
    return points_ ? std::span<const TracePoint>(points_, size_) : std::span<const TracePoint>();
  }
  std::vector<TracePoint> toVector() const {
    std::vector<TracePoint> out;
    out.reserve(size_);
    for (std::size_t k = 0; k < size_; ++k) out.push_back((*this)[k]);
    return out;
  }

  // Points by value, in order (range-for, std algorithms that read).
  class Iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = TracePoint;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = TracePoint;
    Iterator() = default;
    Iterator(const TracePointsView* view, std::size_t k) : view_(view), k_(k) {}
    TracePoint operator*() const { return (*view_)[k_]; }
    TracePoint operator[](difference_type n) const { return (*view_)[std::size_t(difference_type(k_) + n)]; }
    Iterator& operator++() { return ++k_, *this; }
    Iterator operator++(int) { Iterator old = *this; ++k_; return old; }
    Iterator& operator--() { return --k_, *this; }
    Iterator operator--(int) { Iterator old = *this; --k_; return old; }
    Iterator& operator+=(difference_type n) { return k_ = std::size_t(difference_type(k_) + n), *this; }
    Iterator& operator-=(difference_type n) { return *this += -n; }
    friend Iterator operator+(Iterator it, difference_type n) { return it += n; }
    friend Iterator operator+(difference_type n, Iterator it) { return it += n; }
    friend Iterator operator-(Iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const Iterator& a, const Iterator& b) { return difference_type(a.k_) - difference_type(b.k_); }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.k_ == b.k_; }
    friend bool operator<(const Iterator& a, const Iterator& b) { return a.k_ < b.k_; }
    friend bool operator>(const Iterator& a, const Iterator& b) { return a.k_ > b.k_; }
    friend bool operator<=(const Iterator& a, const Iterator& b) { return a.k_ <= b.k_; }
    friend bool operator>=(const Iterator& a, const Iterator& b) { return a.k_ >= b.k_; }

   private:
    const TracePointsView* view_ = nullptr;
    std::size_t k_ = 0;
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size_}; }

 private:
  const TracePoint* points_ = nullptr;
  const double *x_ = nullptr, *y_ = nullptr, *f_ = nullptr;
  std::size_t stride_ = 0;
  std::size_t size_ = 0;
};

}  // namespace gradscape::core
