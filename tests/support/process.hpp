// Runs a command (the built gradscape binary, usually) and captures its exit status, stdout and stderr.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace gradscape::testing {

struct ProcessResult {
  int exitCode = -1;      // -1 when killed by a signal
  int signal = 0;
  long maxRssKiB = 0;     // the child's peak resident set
  std::string out, err;
};

struct ProcessOptions {
  std::string stdinText;
  std::vector<std::string> environment;  // when non-empty, replaces the parent's ("PATH=...")
  bool discardStdout = false;             // send stdout to /dev/null (large outputs)

  static ProcessOptions withStdin(std::string text) {
    ProcessOptions options;
    options.stdinText = std::move(text);
    return options;
  }
  static ProcessOptions withEnvironment(std::vector<std::string> environment) {
    ProcessOptions options;
    options.environment = std::move(environment);
    return options;
  }
  static ProcessOptions discardingStdout() {
    ProcessOptions options;
    options.discardStdout = true;
    return options;
  }
};

// `stdinText` is fed to the child's standard input; `environment` entries ("PATH=...") replace the parent's.
inline ProcessResult runProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {}) {
  const std::string& stdinText = options.stdinText;
  const std::vector<std::string>& environment = options.environment;
  char outPath[] = "/tmp/gradscape-test-out-XXXXXX";
  char errPath[] = "/tmp/gradscape-test-err-XXXXXX";
  char inPath[] = "/tmp/gradscape-test-in-XXXXXX";
  const int outFd = mkstemp(outPath), errFd = mkstemp(errPath), inFd = mkstemp(inPath);
  if (outFd < 0 || errFd < 0 || inFd < 0) throw std::runtime_error("mkstemp failed");
  if (!stdinText.empty() && write(inFd, stdinText.data(), stdinText.size()) != static_cast<ssize_t>(stdinText.size()))
    throw std::runtime_error("write failed");
  lseek(inFd, 0, SEEK_SET);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, inFd, 0);
  if (options.discardStdout)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  else
    posix_spawn_file_actions_adddup2(&actions, outFd, 1);
  posix_spawn_file_actions_adddup2(&actions, errFd, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;
  if (!environment.empty()) {
    for (const auto& e : environment) env.push_back(const_cast<char*>(e.c_str()));
    env.push_back(nullptr);
  }
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environment.empty() ? environ : env.data());
  posix_spawn_file_actions_destroy(&actions);
  ProcessResult result;
  if (spawned == 0) {
    int status = 0;
    struct rusage usage {};
    wait4(pid, &status, 0, &usage);
    result.maxRssKiB = usage.ru_maxrss;
    if (WIFEXITED(status)) result.exitCode = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  }
  auto slurp = [](int fd) {
    std::string text;
    lseek(fd, 0, SEEK_SET);
    char buffer[65536];
    for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    close(fd);
    return text;
  };
  result.out = slurp(outFd);
  result.err = slurp(errFd);
  close(inFd);
  unlink(outPath);
  unlink(errPath);
  unlink(inPath);
  if (spawned != 0) throw std::runtime_error("cannot start " + argv[0]);
  return result;
}

}  // namespace gradscape::testing
