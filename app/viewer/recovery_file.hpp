// The session recovery file: what a person edited (the scene as edited, the camera, the playback
// position) kept under $XDG_STATE_HOME/gradscape (default ~/.local/state/gradscape), one file per
// running viewer, written a moment after each edit, atomically, on a worker thread. A viewer that ends
// normally with nothing unsaved removes its file; one that crashed or was killed leaves it, and the next
// viewer offers to restore the newest (`--restore` restores it without asking, for scripts).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/scene.hpp"
#include "render/camera.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {

// Seconds after the last edit before the file is written (edits in a burst write once).
inline constexpr double kRecoveryDelaySeconds = 0.5;

std::filesystem::path recoveryDirectory();

struct RecoveredSession {
  core::Scene scene;  // with the camera as it was
  std::int64_t frame = 0;
  std::optional<std::string> scenePath;
  std::filesystem::path file;
};

// The newest file left by a viewer that is no longer running, if any.
std::optional<std::filesystem::path> newestLeftoverSession(const std::filesystem::path& directory);
// Throws gradscape::Error naming the file.
RecoveredSession readRecoveredSession(const std::filesystem::path& file);

class RecoveryWriter {
 public:
  explicit RecoveryWriter(std::filesystem::path directory);  // this process's file in `directory`
  ~RecoveryWriter();  // finishes a pending write
  RecoveryWriter(const RecoveryWriter&) = delete;
  RecoveryWriter& operator=(const RecoveryWriter&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Once a frame: notices edits; kRecoveryDelaySeconds after the last one, hands a snapshot to the worker.
  void update(const ViewerState& state, double now);
  // What the session is now is on disk as the scene file (opened or saved): nothing to recover.
  void markSaved(const ViewerState& state);
  // Writes the session now, on this thread, as unsaved (a restored session: the file it came from can go).
  void writeNow(const ViewerState& state);
  // The viewer is closing: the file stays when there are unsaved edits, else it goes.
  void close(const ViewerState& state);

 private:
  std::string keyOf(const ViewerState& state) const;
  void writeLoop();

  std::filesystem::path directory_, path_;
  std::string lastKey_, savedKey_, writtenKey_;
  std::optional<double> changedAt_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<std::string> pending_;  // text to write
  bool removeRequested_ = false;
  bool closing_ = false;
  std::thread worker_;
};

}  // namespace gradscape::app
