#pragma once
// Scratch folders for tests that write files: made empty, under gtest's temporary folder, and
// removed when the test program ends if every test in it passed. A failing program keeps them for
// inspection and says where they are. Without this, every run of the suite left about 8 MB in /tmp.
// A test that forks must end its child with _exit or exec: a child that returns through main
// would run the destructor below and remove the parent's folders.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include <gtest/gtest.h>

namespace skintwin::test {

class ScratchFolders {
public:
  static ScratchFolders& instance() {
    // Made on first use, inside a test, so it is destroyed before gtest's own singleton.
    static ScratchFolders folders;
    return folders;
  }
  ScratchFolders(const ScratchFolders&) = delete;
  ScratchFolders& operator=(const ScratchFolders&) = delete;

  // "<temp>/skintwin_<name>_<pid>", emptied; created unless `create` is false.
  std::filesystem::path make(const std::string& name, bool create) {
    const std::filesystem::path dir =
        std::filesystem::path(::testing::TempDir()) / ("skintwin_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    if (create) std::filesystem::create_directories(dir);
    const std::lock_guard<std::mutex> lock(mutex_);
    if (std::find(folders_.begin(), folders_.end(), dir) == folders_.end()) folders_.push_back(dir);
    return dir;
  }

  ~ScratchFolders() {
    if (folders_.empty()) return;
    if (!::testing::UnitTest::GetInstance()->Passed()) {
      for (const auto& dir : folders_)
        if (std::filesystem::exists(dir)) std::fprintf(stderr, "scratch folder kept for inspection: %s\n", dir.c_str());
      return;
    }
    for (const auto& dir : folders_) {
      std::error_code ignored;  // a folder a test removed itself is fine
      std::filesystem::remove_all(dir, ignored);
    }
  }

private:
  ScratchFolders() = default;
  std::mutex mutex_;
  std::vector<std::filesystem::path> folders_;
};

inline std::filesystem::path scratch_folder(const std::string& name, bool create = true) {
  return ScratchFolders::instance().make(name, create);
}

}  // namespace skintwin::test
