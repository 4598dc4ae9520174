#pragma once
// Runs the built `skintwin` executable as a user would and captures stdout, stderr and exit code.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scratch_folder.hpp"

namespace skintwin::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// An empty folder for one test's files, removed when the program ends if every test passed.
inline std::filesystem::path scratch_dir(const std::string& name) { return scratch_folder("cli_" + name); }

// `args` is appended verbatim to the command line (quote it yourself); runs in the source tree.
inline CliResult run_cli(const std::string& args) {
  const auto dir = scratch_dir("io");
  const std::string cmd = std::string("cd '") + SKINTWIN_SOURCE_DIR + "' && '" + SKINTWIN_CLI_PATH + "' " + args + " >'" +
                          (dir / "out").string() + "' 2>'" + (dir / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  std::filesystem::remove_all(dir);
  return r;
}

inline int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// Starts `skintwin ARGS...` in the source tree without waiting, stdout and stderr to `log`;
// returns its pid (for tests that kill it or run another beside it).
inline pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(SKINTWIN_SOURCE_DIR) != 0) ::_exit(127);
    if (!std::freopen(log.c_str(), "w", stdout) || !std::freopen(log.c_str(), "a", stderr)) ::_exit(127);
    std::vector<char*> argv;
    std::string exe = SKINTWIN_CLI_PATH;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace skintwin::test
