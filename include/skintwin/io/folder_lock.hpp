#pragma once
// An exclusive lock on an output folder for the whole of a run, so two runs never write into one
// folder at once. It is flock(2) on DIR/.skintwin.lock, which holds the owner's pid and start time
// as text. The kernel drops a flock when its process dies, however it dies, so a lock file left by
// a killed run is stale by construction and the next run simply takes it over; no pid guessing.
// See docs/simulate.md ("One run per folder").
#include <filesystem>
#include <string>

namespace skintwin::io {

class FolderLock {
public:
  // Creates `dir` if missing and locks it. Another live process holding it -> InputError naming
  // the folder and that process's pid (one line; the CLI exits with code 2). `command` ("simulate")
  // is written into the lock file beside the pid so the refusal can say what holds the folder.
  static FolderLock acquire(const std::filesystem::path& dir, const std::string& command);

  FolderLock(FolderLock&& other) noexcept;
  FolderLock& operator=(FolderLock&& other) noexcept;
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  ~FolderLock();  // removes the lock file, then releases the lock

  const std::filesystem::path& dir() const noexcept { return dir_; }
  static std::filesystem::path lock_path(const std::filesystem::path& dir);

private:
  FolderLock(std::filesystem::path dir, int fd) : dir_(std::move(dir)), fd_(fd) {}
  void release() noexcept;
  std::filesystem::path dir_;
  int fd_ = -1;
};

}  // namespace skintwin::io
