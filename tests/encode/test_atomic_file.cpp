// Atomic output files: commit renames, failure keeps an existing OUT, no temporary is ever left behind,
// ulimit -f gives a one-line error, and SIGTERM / SIGINT remove live temporaries.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "encode/atomic_file.hpp"
#include "encode/test_support.hpp"

namespace gradscape::encode {
namespace {

using gradscape::testing::freshOutputDirectory;
using gradscape::testing::listDirectory;
using gradscape::testing::readFile;
using gradscape::testing::writeFile;

TEST(AtomicFile, CommitRenamesAndReportsTheSize) {
  const auto directory = freshOutputDirectory();
  const std::string path = directory / "out.bin";
  {
    AtomicFile file(path);
    EXPECT_NE(file.temporaryPath(), path);
    EXPECT_EQ(file.temporaryPath().rfind(directory.string(), 0), 0u) << "the temporary lives beside OUT";
    EXPECT_FALSE(std::filesystem::exists(path)) << "OUT appears only at commit";
    std::string big(200000, 'x');  // larger than the buffer
    file.write("head", 4);
    file.write(big.data(), big.size());
    file.write("tail", 4);
    file.commit();
    EXPECT_EQ(file.size(), 200008u);
  }
  const std::string contents = readFile(path);
  ASSERT_EQ(contents.size(), 200008u);
  EXPECT_EQ(contents.substr(0, 5), "headx");
  EXPECT_EQ(contents.substr(contents.size() - 5), "xtail");
  EXPECT_EQ(listDirectory(directory), std::vector<std::string>{"out.bin"});
}

TEST(AtomicFile, AbandonedFileKeepsTheExistingOutput) {
  const auto directory = freshOutputDirectory();
  const std::string path = directory / "out.gif";
  writeFile(path, "old");
  {
    AtomicFile file(path);
    file.write("new contents", 12);
  }
  EXPECT_EQ(readFile(path), "old");
  EXPECT_EQ(listDirectory(directory), std::vector<std::string>{"out.gif"});
}

TEST(AtomicFile, MissingDirectoryAndDirectoryTargetsAreOneLineErrors) {
  const auto directory = freshOutputDirectory();
  try {
    AtomicFile file((directory / "missing" / "out.png").string());
    FAIL();
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
  try {
    AtomicFile file(directory.string());
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("is a directory"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(listDirectory(directory).empty());
}

TEST(AtomicFile, UnwritableDirectoryIsAnError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes anywhere";
  const auto directory = freshOutputDirectory();
  std::filesystem::permissions(directory, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  EXPECT_THROW(AtomicFile((directory / "out.png").string()), Error);
  std::filesystem::permissions(directory, std::filesystem::perms::owner_all);
}

// Runs `body` in a child process and returns its wait status.
template <class Body>
int inChild(Body body) {
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    body();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

TEST(AtomicFile, FileSizeLimitIsReportedAndOutputKept) {
  const auto directory = freshOutputDirectory();
  const std::string path = directory / "big.bin";
  writeFile(path, "old");
  const std::string messagePath = directory / "message.txt";
  const int status = inChild([&] {
    installInterruptCleanup();  // ignores SIGXFSZ, as the export command does
    rlimit limit{100000, 100000};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    try {
      AtomicFile file(path);
      std::string chunk(50000, 'y');
      for (int i = 0; i < 10; ++i) file.write(chunk.data(), chunk.size());
      file.commit();
      ::_exit(2);
    } catch (const Error& error) {
      rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
      ::setrlimit(RLIMIT_FSIZE, &unlimited);
      writeFile(messagePath, error.what());
      ::_exit(1);
    }
  });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(readFile(messagePath).find("file size limit"), std::string::npos) << readFile(messagePath);
  EXPECT_EQ(readFile(path), "old");
  EXPECT_EQ(listDirectory(directory), (std::vector<std::string>{"big.bin", "message.txt"}));
}

void expectSignalRemovesTemporaries(int signo) {
  const auto directory = freshOutputDirectory();
  const std::string kept = directory / "kept.gif", fresh = directory / "fresh.gif";
  writeFile(kept, "old");
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    installInterruptCleanup();
    AtomicFile a(kept), b(fresh);
    a.write("partial", 7);
    b.write("partial", 7);
    const char byte = 1;
    ssize_t ignored = ::write(ready[1], &byte, 1);
    (void)ignored;
    for (;;) ::pause();
  }
  char byte;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  EXPECT_EQ(listDirectory(directory).size(), 3u) << "two temporaries while the child works";
  ::kill(pid, signo);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(ready[0]);
  ::close(ready[1]);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + signo);
  EXPECT_EQ(readFile(kept), "old");
  EXPECT_EQ(listDirectory(directory), std::vector<std::string>{"kept.gif"});
}

TEST(AtomicFile, SigtermRemovesLiveTemporaries) { expectSignalRemovesTemporaries(SIGTERM); }
TEST(AtomicFile, SigintRemovesLiveTemporaries) { expectSignalRemovesTemporaries(SIGINT); }

TEST(AtomicFile, WriteErrorsNameTheCause) {
  EXPECT_NE(describeWriteError(ENOSPC).find("disk full"), std::string::npos);
  EXPECT_NE(describeWriteError(EFBIG).find("ulimit -f"), std::string::npos);
  EXPECT_EQ(describeWriteError(EACCES), std::strerror(EACCES));
}

}  // namespace
}  // namespace gradscape::encode
