#pragma once
// Contract violations of the solver's API (a caller passed arguments the operator cannot take).
// These are programming errors, thrown as std::invalid_argument: the solver knows no config
// keys. What a user typed is checked, under its config key, before it reaches the solver (and
// only that is a skintwin::InputError, core/error.hpp).
#include <stdexcept>
#include <string>

namespace skintwin::solver {

// "<what> = <value>: <allowed>", e.g. "taxis: courant = 0.7: 0 < courant <= 0.5".
inline std::invalid_argument contract_error(const std::string& what, const std::string& value,
                                            const std::string& allowed) {
  return std::invalid_argument(what + " = " + value + ": " + allowed);
}

}  // namespace skintwin::solver
