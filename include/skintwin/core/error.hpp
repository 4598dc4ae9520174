#pragma once
// Errors that reach the user. An InputError names what was wrong (the key or argument), the
// value given and what is allowed; the CLI prints it on one line and exits with code 2. An
// OutputError says which file or folder could not be written and why; exit code 3.
// Exit codes of `skintwin` (docs/simulate.md, "Exit codes and what a failure leaves on disk"):
// 0 done, 1 internal error (a bug), 2 bad input, 3 an output could not be written.
#include <stdexcept>
#include <string>

namespace skintwin {

inline constexpr int kExitInternalError = 1;
inline constexpr int kExitInputError = 2;
inline constexpr int kExitOutputError = 3;

class InputError : public std::runtime_error {
public:
  // key: the config key or argument ("device.set_depth_mm"); value: what was given, as text;
  // allowed: what would have been accepted ("0.25 to 3.0 mm").
  InputError(std::string key, std::string value, std::string allowed);
  // For errors that are not about one key (malformed TOML with its line and column).
  explicit InputError(std::string message);

  const std::string& key() const noexcept { return key_; }
  const std::string& value() const noexcept { return value_; }
  const std::string& allowed() const noexcept { return allowed_; }

protected:
  // For subclasses with a message of their own; key, value and allowed as above.
  InputError(std::string key, std::string value, std::string allowed, std::string message);

private:
  std::string key_;
  std::string value_;
  std::string allowed_;
};

// A file or folder that could not be written, created, renamed or removed (disk full, no
// permission, read-only file system). what() is "could not write <path>: <reason>". It is an
// InputError (key "output", value the path, allowed the reason) so that code catching those
// still reports it; the CLI catches it first and exits with kExitOutputError.
class OutputError : public InputError {
public:
  OutputError(const std::string& path, const std::string& reason);
  // verb: what was tried ("write", "create the folder", "remove").
  OutputError(const std::string& verb, const std::string& path, const std::string& reason);

  const std::string& path() const noexcept { return value(); }
  const std::string& reason() const noexcept { return allowed(); }
};

}  // namespace skintwin
