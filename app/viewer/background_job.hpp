// One background task at a time (PNG encoding, animation export) with progress the panel can show.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "viewer/viewer_state.hpp"

namespace gradscape::app {

// What the task sees: report progress, check for cancellation.
class JobControl {
 public:
  void progress(float fraction, std::string label) {
    std::lock_guard lock(mutex_);
    fraction_ = fraction;
    label_ = std::move(label);
  }
  bool cancelled() const { return cancelled_.load(); }

 private:
  friend class BackgroundJob;
  mutable std::mutex mutex_;
  float fraction_ = 0;
  std::string label_;
  std::atomic<bool> cancelled_{false};
};

class BackgroundJob {
 public:
  // The task returns the message shown when it succeeds ("wrote out.gif (120 KB)"); an exception's
  // text is shown as the failure.
  using Task = std::function<std::string(JobControl&)>;

  ~BackgroundJob() {
    cancel();
    if (thread_.joinable()) thread_.join();
  }

  bool running() const { return thread_.joinable() && !done_.load(); }
  bool busy() const { return thread_.joinable(); }  // running, or finished but not yet collected by poll()

  // Starts `task` on a new thread; false when one is still running.
  bool start(Task task, const std::string& label) {
    if (thread_.joinable()) return false;
    control_.cancelled_ = false;
    control_.progress(0, label);
    done_ = false;
    thread_ = std::thread([this, task = std::move(task)] {
      std::string result;
      bool failed = false;
      try {
        result = task(control_);
      } catch (const std::exception& error) {
        result = error.what();
        failed = true;
      }
      std::lock_guard lock(resultMutex_);
      result_ = std::move(result);
      failed_ = failed;
      done_ = true;
    });
    return true;
  }

  void cancel() { control_.cancelled_ = true; }

  // Copies progress into `status`; collects the thread once it has finished. True when it just finished.
  bool poll(JobStatus& status) {
    if (!thread_.joinable()) {
      status.running = false;
      return false;
    }
    {
      std::lock_guard lock(control_.mutex_);
      status.fraction = control_.fraction_;
      status.label = control_.label_;
    }
    status.running = true;
    if (!done_.load()) return false;
    thread_.join();
    std::lock_guard lock(resultMutex_);
    status.running = false;
    status.lastResult = result_;
    status.lastFailed = failed_;
    status.label.clear();
    return true;
  }

 private:
  JobControl control_;
  std::thread thread_;
  std::atomic<bool> done_{false};
  std::mutex resultMutex_;
  std::string result_;
  bool failed_ = false;
};

}  // namespace gradscape::app
