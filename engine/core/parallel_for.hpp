// Runs fn(i) for i in [0, count) on every core (the calling thread included); for independent work items
// such as the traces of an ensemble's particles. Each item runs exactly as it would alone, so results do
// not depend on the thread count. The threads are the process's kept ones (worker_pool.hpp) when free.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>

#include "core/worker_pool.hpp"

namespace gradscape::core {

template <class Fn>
void parallelFor(std::size_t count, std::size_t minPerThread, Fn&& fn) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t threads = std::min(cores, std::max<std::size_t>(1, count / std::max<std::size_t>(1, minPerThread)));
  // Items are handed out a chunk at a time, kChunksPerThread chunks a thread: one shared counter added to
  // an item was a cache line passed between the cores for every item, which cost 10,000 cheap items (an
  // ensemble's particles) more than the items themselves. Enough chunks remain to balance a loaded host.
  constexpr std::size_t kChunksPerThread = 16;
  const std::size_t chunk = std::max<std::size_t>(1, count / (threads * kChunksPerThread));
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::atomic<bool> failed{false};
  auto work = [&] {
    for (std::size_t first; (first = next.fetch_add(chunk)) < count && !failed;) {
      const std::size_t last = std::min(count, first + chunk);
      for (std::size_t i = first; i < last && !failed; ++i) {
        try {
          fn(i);
        } catch (...) {
          if (!failed.exchange(true)) error = std::current_exception();
        }
      }
    }
  };
  runOnThreads(threads, work);
  if (error) std::rethrow_exception(error);
}

}  // namespace gradscape::core
