#pragma once
// Errors that reach the user. An InputError names what was wrong (the key or argument), the
// value given and what is allowed; the CLI prints it on one line and exits with code 2.
#include <stdexcept>
#include <string>

namespace skintwin {

inline constexpr int kExitInputError = 2;

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

private:
  std::string key_;
  std::string value_;
  std::string allowed_;
};

}  // namespace skintwin
