#pragma once
// The outputs of `skintwin punctures`: summary.json and punctures.csv of one session's punctures.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "skintwin/course/punctures.hpp"

namespace skintwin::io {

nlohmann::json puncture_summary_json(const course::PunctureSession& session);
std::string punctures_csv(const course::PunctureSession& session);

}  // namespace skintwin::io
