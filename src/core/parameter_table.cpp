#include "skintwin/core/parameter_table.hpp"

#include <fmt/format.h>

#include "skintwin/core/error.hpp"

namespace skintwin {

std::string_view source_tag(SourceKind kind) {
  switch (kind) {
    case SourceKind::Measured: return "R";
    case SourceKind::PublishedModel: return "M";
    case SourceKind::Derived: return "D";
    case SourceKind::Fitted: return "F";
    case SourceKind::Estimate: return "E";
    case SourceKind::Numerical: return "N";
  }
  return "?";
}

std::string_view source_label(SourceKind kind) {
  switch (kind) {
    case SourceKind::Measured: return "measured";
    case SourceKind::PublishedModel: return "published model";
    case SourceKind::Derived: return "derived";
    case SourceKind::Fitted: return "fitted here";
    case SourceKind::Estimate: return "estimate";
    case SourceKind::Numerical: return "numerical setting";
  }
  return "?";
}

bool Range::contains(double v) const {
  if (!std::isfinite(v)) return false;
  if (integer && v != std::round(v)) return false;
  if (min && (min_exclusive ? !(v > *min) : !(v >= *min))) return false;
  if (max && (max_exclusive ? !(v < *max) : !(v <= *max))) return false;
  return true;
}

std::string Range::describe(std::string_view unit) const {
  const std::string_view what = integer ? "a whole number" : "a finite number";
  const std::string_view space = unit.empty() ? "" : " ";
  if (min && max && !min_exclusive && !max_exclusive)
    return fmt::format("{} from {:g} to {:g}{}{}", what, *min, *max, space, unit);
  const std::string lower = min ? fmt::format(" {} {:g}{}{}", min_exclusive ? "above" : "at least", *min, space, unit) : "";
  const std::string upper =
      max ? fmt::format("{} {} {:g}{}{}", min ? " and" : "", max_exclusive ? "below" : "at most", *max, space, unit) : "";
  return fmt::format("{}{}{}", what, lower, upper);
}

void throw_out_of_range(const std::string& key, double value, const Range& range, std::string_view unit) {
  throw InputError(key, fmt::format("{:g}", value), "out of range; allowed: " + range.describe(unit));
}

}  // namespace skintwin
