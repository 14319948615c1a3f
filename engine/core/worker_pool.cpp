// The kept threads of parallel loops (see worker_pool.hpp).
#include "core/worker_pool.hpp"

#include <unistd.h>

#include <algorithm>

namespace gradscape::core {

WorkerPool::WorkerPool(std::size_t threads) : owner_(static_cast<long>(getpid())) {
  threads_.reserve(threads);
  for (std::size_t t = 0; t < threads; ++t) threads_.emplace_back([this] { serve(); });
  // Returns once every thread waits for work. A thread still starting holds the C library's (or a
  // sanitizer's) thread bookkeeping; a fork() at that moment left the child unable to start threads of its
  // own (seen under ASan: the child's first parallel loop hung).
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return waiting_ == threads; });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void WorkerPool::serve() {
  std::unique_lock lock(mutex_);
  ++waiting_;
  idle_.notify_all();  // the constructor counts the threads in
  for (;;) {
    wake_.wait(lock, [this] { return stop_ || tickets_ > 0; });
    if (stop_) return;
    --tickets_;
    ++running_;
    TaskRef& task = *task_;
    lock.unlock();
    std::exception_ptr error;
    try {
      task();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error && !error_) error_ = error;
    if (--running_ == 0) idle_.notify_all();
  }
}

bool WorkerPool::tryRun(std::size_t helpers, TaskRef task) {
  if (static_cast<long>(getpid()) != owner_) return false;
  bool expected = false;
  if (!taken_.compare_exchange_strong(expected, true, std::memory_order_acquire)) return false;
  helpers = std::min(helpers, threads_.size());
  {
    std::lock_guard lock(mutex_);
    task_ = &task;
    tickets_ = helpers;
    error_ = nullptr;
  }
  if (helpers == 1) wake_.notify_one();
  else if (helpers > 1) wake_.notify_all();
  std::exception_ptr error;
  try {
    task();
  } catch (...) {
    error = std::current_exception();
  }
  std::unique_lock lock(mutex_);
  // The caller's call returns when the shared work is taken: helpers not started by now would find none.
  tickets_ = 0;
  idle_.wait(lock, [this] { return running_ == 0; });
  if (!error) error = error_;
  task_ = nullptr;
  lock.unlock();
  taken_.store(false, std::memory_order_release);
  if (error) std::rethrow_exception(error);
  return true;
}

WorkerPool& WorkerPool::process() {
  static WorkerPool* const pool = new WorkerPool(std::max(1u, std::thread::hardware_concurrency()) - 1);
  return *pool;
}

void runOnThreads(std::size_t threads, TaskRef task) {
  const std::size_t helpers = threads > 0 ? threads - 1 : 0;
  if (helpers == 0) {
    task();
    return;
  }
  // More threads than the pool has (tests ask for 8 to check results do not depend on the count): those
  // are started, as is every thread when the pool is taken.
  WorkerPool& pool = WorkerPool::process();
  if (helpers <= pool.threads() && pool.tryRun(helpers, task)) return;
  std::exception_ptr error;
  std::mutex errorMutex;
  auto guarded = [&] {
    try {
      task();
    } catch (...) {
      std::lock_guard lock(errorMutex);
      if (!error) error = std::current_exception();
    }
  };
  std::vector<std::thread> started;
  started.reserve(helpers);
  for (std::size_t t = 0; t < helpers; ++t) started.emplace_back(guarded);
  guarded();
  for (std::thread& thread : started) thread.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace gradscape::core
