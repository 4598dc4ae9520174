#include "skintwin/core/error.hpp"

#include <utility>

namespace skintwin {

InputError::InputError(std::string key, std::string value, std::string allowed)
    : std::runtime_error(key + " = " + value + ": " + allowed),
      key_(std::move(key)),
      value_(std::move(value)),
      allowed_(std::move(allowed)) {}

InputError::InputError(std::string message) : std::runtime_error(std::move(message)) {}

InputError::InputError(std::string key, std::string value, std::string allowed, std::string message)
    : std::runtime_error(std::move(message)),
      key_(std::move(key)),
      value_(std::move(value)),
      allowed_(std::move(allowed)) {}

OutputError::OutputError(const std::string& path, const std::string& reason) : OutputError("write", path, reason) {}

OutputError::OutputError(const std::string& verb, const std::string& path, const std::string& reason)
    : InputError("output", path, reason, "could not " + verb + " " + path + ": " + reason) {}

}  // namespace skintwin
