// One run per output folder: a second lock on a locked folder is refused naming the folder and the
// holder's pid; a lock file left by a dead process does not block (the kernel dropped its flock).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "skintwin/core/error.hpp"
#include "skintwin/io/files.hpp"
#include "skintwin/io/folder_lock.hpp"
#include "scratch_folder.hpp"

namespace skintwin::io {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) { return test::scratch_folder("lock_" + name); }

std::optional<InputError> refusal(const fs::path& dir) {
  try {
    FolderLock lock = FolderLock::acquire(dir, "test");
  } catch (const InputError& e) {
    return e;
  }
  return std::nullopt;
}

TEST(FolderLock, SecondLockOnALockedFolderIsRefusedNamingFolderAndPid) {
  const fs::path dir = fresh_dir("twice");
  const FolderLock held = FolderLock::acquire(dir, "simulate");
  // flock belongs to the open file, so a second open in this process is refused like another run.
  const auto e = refusal(dir);
  ASSERT_TRUE(e.has_value()) << "a second lock on a locked folder was granted";
  EXPECT_EQ(e->value(), dir.string());
  const std::string what = e->what();
  EXPECT_NE(what.find("pid " + std::to_string(::getpid())), std::string::npos) << what;
  EXPECT_NE(what.find("simulate"), std::string::npos) << what;
  EXPECT_EQ(what.find('\n'), std::string::npos) << "one line: " << what;
}

TEST(FolderLock, ReleasedAndRemovedWhenDestroyed) {
  const fs::path dir = fresh_dir("release");
  {
    const FolderLock held = FolderLock::acquire(dir, "simulate");
    EXPECT_TRUE(fs::exists(FolderLock::lock_path(dir)));
    EXPECT_NE(read_text_file(FolderLock::lock_path(dir)).find("pid " + std::to_string(::getpid()) + "\n"),
              std::string::npos);
  }
  EXPECT_FALSE(fs::exists(FolderLock::lock_path(dir)));
  EXPECT_FALSE(refusal(dir).has_value());
  // A moved lock is still one lock, released once.
  FolderLock a = FolderLock::acquire(dir, "simulate");
  FolderLock b = std::move(a);
  EXPECT_TRUE(refusal(dir).has_value());
}

TEST(FolderLock, StaleLockFileOfADeadProcessDoesNotBlock) {
  const fs::path dir = fresh_dir("stale");
  write_file_atomic(FolderLock::lock_path(dir), "pid 999999999\nstarted 2000-01-01T00:00:00Z\ncommand simulate\n");
  {
    const FolderLock lock = FolderLock::acquire(dir, "simulate");
    EXPECT_NE(read_text_file(FolderLock::lock_path(dir)).find("pid " + std::to_string(::getpid())), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(FolderLock::lock_path(dir)));
}

TEST(FolderLock, HeldByAnotherProcessUntilItIsKilled) {
  const fs::path dir = fresh_dir("killed");
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(ready[0]);
    try {
      FolderLock lock = FolderLock::acquire(dir, "simulate");
      const char ok = 1;
      if (::write(ready[1], &ok, 1) != 1) ::_exit(3);
      for (;;) ::pause();  // killed by the parent, lock file left behind
    } catch (...) {
      ::_exit(2);
    }
  }
  ::close(ready[1]);
  char ok = 0;
  ASSERT_EQ(::read(ready[0], &ok, 1), 1);
  ::close(ready[0]);

  const auto e = refusal(dir);
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(std::string(e->what()).find("pid " + std::to_string(child)), std::string::npos) << e->what();

  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  // The killed process could not remove its lock file, but the kernel dropped its lock.
  EXPECT_TRUE(fs::exists(FolderLock::lock_path(dir)));
  EXPECT_FALSE(refusal(dir).has_value());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace skintwin::io
