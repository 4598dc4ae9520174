#pragma once
// The terminal report of `skintwin punctures`.
#include <string>

#include "skintwin/course/punctures.hpp"

namespace skintwin::cli {

std::string puncture_summary_text(const course::PunctureSession& run);

}  // namespace skintwin::cli
