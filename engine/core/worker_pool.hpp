// Threads started once and kept for the process's parallel loops (parallelFor, the batch core): an edit of
// an ensemble's 10,000 particles ran some seven parallel loops a frame, each starting and joining its own
// threads. No GL: core, render's CPU loops and the app share it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace gradscape::core {

// A callable borrowed for the length of a call (nothing allocated, unlike std::function).
class TaskRef {
 public:
  template <class Fn, class = std::enable_if_t<!std::is_same_v<std::decay_t<Fn>, TaskRef>>>
  TaskRef(Fn& fn)
      : call_([](void* context) { (*static_cast<Fn*>(context))(); }),
        context_(const_cast<void*>(static_cast<const void*>(&fn))) {}
  void operator()() const { call_(context_); }

 private:
  void (*call_)(void*);
  void* context_;
};

class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  std::size_t threads() const { return threads_.size(); }
  // Calls task() on the calling thread and, at the same time, on up to `helpers` of the pool's threads:
  // those that start before the caller's own call has returned (the work is shared through the task's own
  // counter, so a helper that wakes late has nothing left to do and is not waited for). Returns once every
  // call has returned, rethrowing the first exception. Returns false without calling task when the pool is
  // taken (a loop inside a loop, or another thread's loop, e.g. a background map's) or in a child process
  // after fork (the pool's threads did not follow): the caller then runs the work another way.
  bool tryRun(std::size_t helpers, TaskRef task);

  // The process's pool: hardware_concurrency() - 1 threads (the caller is the last core), started at the
  // first use and never stopped (a static's destructor could run a loop after the pool's).
  static WorkerPool& process();

 private:
  void serve();

  std::vector<std::thread> threads_;
  std::atomic<bool> taken_{false};
  std::mutex mutex_;
  std::condition_variable wake_, idle_;
  TaskRef* task_ = nullptr;
  std::size_t tickets_ = 0;  // helpers still allowed to join the current task
  std::size_t running_ = 0;  // helpers inside it
  std::exception_ptr error_;
  std::size_t waiting_ = 0;  // threads that have started serving (the constructor waits for all)
  bool stop_ = false;
  long owner_ = 0;  // the process that started the threads
};

// Calls task() on `threads` threads at once, the calling thread one of them, and returns once all have
// returned (rethrowing the first exception): on the process's pool when it is free and has the threads,
// else on threads started for this call. Either way a task must not depend on how many threads run it.
void runOnThreads(std::size_t threads, TaskRef task);

}  // namespace gradscape::core
