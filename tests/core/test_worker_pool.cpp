// The kept threads of parallel loops: work shared with the pool's threads (the same ones from call to
// call), every item exactly once, exceptions from any thread, loops inside loops and loops of two threads
// at once (both run, on threads started for them), and a child process after fork (the pool's threads
// stayed in the parent), also one forked the moment a pool was made.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/parallel_for.hpp"
#include "core/worker_pool.hpp"

namespace gradscape::core {
namespace {

// Waits (at most 10 s, so a broken pool fails instead of hanging) until `count` threads have arrived.
bool arriveAndWait(std::atomic<int>& arrived, int count) {
  ++arrived;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (arrived.load() < count)
    if (std::chrono::steady_clock::now() > deadline) return false;
  return true;
}

// Calls of a task made on this thread so far: a kept thread counts up from call to call, a thread started
// for each call (whose id the system may well reuse) starts at 1 every time.
thread_local int tasksOnThisThread = 0;

TEST(WorkerPool, HelpersRunTheTaskBesideTheCallerAndAreKeptFromCallToCall) {
  WorkerPool pool(1);
  for (int call = 1; call <= 3; ++call) {
    std::atomic<int> arrived{0}, helperTasks{0};
    std::atomic<bool> together{true};
    const std::thread::id caller = std::this_thread::get_id();
    auto task = [&] {
      if (!arriveAndWait(arrived, 2)) together = false;  // returns only once the helper runs it too
      if (std::this_thread::get_id() != caller) helperTasks = ++tasksOnThisThread;
    };
    ASSERT_TRUE(pool.tryRun(1, task));
    EXPECT_TRUE(together.load()) << "call " << call << ": the helper never joined";
    EXPECT_EQ(helperTasks.load(), call) << "the helper is not the same thread as in the calls before";
  }
}

TEST(WorkerPool, ExceptionsOfHelperAndCallerReachTheCallerAndThePoolStaysUsable) {
  WorkerPool pool(1);
  std::atomic<int> arrived{0};
  const std::thread::id caller = std::this_thread::get_id();
  auto helperThrows = [&] {
    arriveAndWait(arrived, 2);
    if (std::this_thread::get_id() != caller) throw std::runtime_error("helper");
  };
  EXPECT_THROW(pool.tryRun(1, helperThrows), std::runtime_error);
  auto callerThrows = [&] {
    if (std::this_thread::get_id() == caller) throw std::logic_error("caller");
  };
  EXPECT_THROW(pool.tryRun(1, callerThrows), std::logic_error);
  int calls = 0;
  auto counts = [&] { ++calls; };
  EXPECT_TRUE(pool.tryRun(0, counts));
  EXPECT_EQ(calls, 1);
}

TEST(WorkerPool, ATakenPoolRefusesAndLeavesTheWorkToTheCaller) {
  WorkerPool pool(1);
  bool innerRan = true;
  auto outer = [&] {
    auto nothing = [] {};
    innerRan = !pool.tryRun(1, nothing);  // the outer call holds the pool
  };
  ASSERT_TRUE(pool.tryRun(0, outer));
  EXPECT_TRUE(innerRan);
}

TEST(ParallelFor, EveryItemOnceAtEverySizeWithLoopsInsideLoopsAndTwoCallersAtOnce) {
  const auto check = [](std::size_t count, std::size_t minPerThread) {
    std::vector<std::atomic<int>> visits(count);
    parallelFor(count, minPerThread, [&](std::size_t i) {
      // A loop inside a loop: the pool is taken, the inner one runs on threads of its own.
      std::atomic<int> inner{0};
      parallelFor(3, 1, [&](std::size_t) { ++inner; });
      visits[i] += inner.load() == 3 ? 1 : 100;
    });
    for (std::size_t i = 0; i < count; ++i)
      if (visits[i].load() != 1) return false;
    return true;
  };
  for (const std::size_t count : {0u, 1u, 2u, 7u, 64u, 1000u, 10007u}) EXPECT_TRUE(check(count, 1)) << count;
  bool first = false, second = false;
  std::thread other([&] { first = check(500, 4); });
  second = check(500, 4);
  other.join();
  EXPECT_TRUE(first);
  EXPECT_TRUE(second);
}

TEST(ParallelFor, TheFirstExceptionReachesTheCaller) {
  EXPECT_THROW(parallelFor(100, 1, [](std::size_t i) {
                 if (i == 57) throw std::runtime_error("item 57");
               }),
               std::runtime_error);
  std::atomic<int> after{0};
  parallelFor(10, 1, [&](std::size_t) { ++after; });
  EXPECT_EQ(after.load(), 10);
}

TEST(ParallelFor, AChildAfterForkRunsItsLoopsWithoutThePoolsThreads) {
  parallelFor(64, 1, [](std::size_t) {});  // the pool is started in this process
  const pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    alarm(20);  // a loop that waited for the parent's threads would hang: fail instead
    std::atomic<int> sum{0};
    parallelFor(1000, 1, [&](std::size_t i) { sum += static_cast<int>(i); });
    _exit(sum.load() == 999 * 1000 / 2 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
}

// A pool is whole when its constructor returns: its threads wait for work. A fork right after must leave a
// child that can start threads (a thread still starting held the sanitizer's thread bookkeeping, and the
// child's first loop hung under ASan).
TEST(WorkerPool, AChildForkedRightAfterAPoolIsMadeCanStartThreads) {
  for (int round = 0; round < 20; ++round) {
    WorkerPool pool(3);
    const pid_t child = fork();
    ASSERT_NE(child, -1);
    if (child == 0) {
      alarm(20);  // a hang fails the test instead
      std::atomic<int> count{0};
      auto task = [&] { ++count; };
      runOnThreads(4, task);
      _exit(count.load() == 4 ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "round " << round << ", child status " << status;
  }
}

}  // namespace
}  // namespace gradscape::core
