// The exclusive lock on an output folder (flock on DIR/.skintwin.lock).
#include "skintwin/io/folder_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <string_view>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"
#include "skintwin/io/files.hpp"

namespace skintwin::io {
namespace {

namespace fs = std::filesystem;

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string read_all(int fd) {
  std::string text;
  char buffer[512];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(fd, buffer, sizeof buffer, at);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    at += n;
    if (text.size() > 4096) break;
  }
  return text;
}

// "pid 123\nstarted ...\ncommand simulate\n" -> the value of `key`, or "unknown".
std::string field_of(const std::string& text, std::string_view key) {
  const std::string prefix = std::string(key) + " ";
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line(text.data() + at, end - at);
    if (line.starts_with(prefix)) return std::string(line.substr(prefix.size()));
    at = end + 1;
  }
  return "unknown";
}

void write_owner(int fd, const std::string& command) {
  const std::string text = fmt::format("pid {}\nstarted {}\ncommand {}\n", ::getpid(), utc_now(), command);
  if (::ftruncate(fd, 0) != 0) return;  // the lock holds without the text; it only helps the message
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::pwrite(fd, text.data() + done, text.size() - done, static_cast<off_t>(done));
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// The file we locked is still the one at `path` (an owner that was releasing may have removed it
// between our open and our flock; a lock on that orphaned inode would guard nothing).
bool still_linked(int fd, const fs::path& path) {
  struct stat held {};
  struct stat named {};
  if (::fstat(fd, &held) != 0 || ::stat(path.c_str(), &named) != 0) return false;
  return held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

}  // namespace

fs::path FolderLock::lock_path(const fs::path& dir) { return dir / ".skintwin.lock"; }

FolderLock FolderLock::acquire(const fs::path& dir, const std::string& command) {
  ensure_directory(dir);
  const fs::path path = lock_path(dir);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    // Not being able to write into the folder is an output failure (exit 3), like any other write.
    if (fd < 0) throw OutputError("create the lock file", path.string(), describe_write_error(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string owner = read_all(fd);
      ::close(fd);
      if (error == EWOULDBLOCK)
        throw InputError("output folder", dir.string(),
                         fmt::format("a folder no other run is writing to; `skintwin {}` (pid {}, started {}) holds "
                                     "its lock {} until it ends: wait for it, or choose another folder",
                                     field_of(owner, "command"), field_of(owner, "pid"), field_of(owner, "started"),
                                     path.string()));
      throw OutputError("lock", path.string(), describe_write_error(error));
    }
    if (still_linked(fd, path)) {
      write_owner(fd, command);
      return FolderLock(dir, fd);
    }
    ::close(fd);  // lost a race with a releasing owner: lock the new file instead
  }
  throw InputError("output folder", dir.string(), "a folder whose lock file " + path.string() + " stays put");
}

FolderLock::FolderLock(FolderLock&& other) noexcept : dir_(std::move(other.dir_)), fd_(std::exchange(other.fd_, -1)) {}

FolderLock& FolderLock::operator=(FolderLock&& other) noexcept {
  if (this != &other) {
    release();
    dir_ = std::move(other.dir_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

FolderLock::~FolderLock() { release(); }

void FolderLock::release() noexcept {
  if (fd_ < 0) return;
  // Unlink while still holding the lock, so no one can lock this inode after we let go of it.
  std::error_code ec;
  fs::remove(lock_path(dir_), ec);
  ::close(fd_);
  fd_ = -1;
}

}  // namespace skintwin::io
