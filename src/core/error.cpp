#include "skintwin/core/error.hpp"

#include <utility>

namespace skintwin {

InputError::InputError(std::string key, std::string value, std::string allowed)
    : std::runtime_error(key + " = " + value + ": " + allowed),
      key_(std::move(key)),
      value_(std::move(value)),
      allowed_(std::move(allowed)) {}

InputError::InputError(std::string message) : std::runtime_error(std::move(message)) {}

}  // namespace skintwin
