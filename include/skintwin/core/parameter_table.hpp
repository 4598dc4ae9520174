#pragma once
// Parameters as data: one descriptor table per parameter struct (healing model, injury,
// penetration, observables). Each row names one member of the struct, its unit, allowed range,
// the kind of source and the citation. Config keys, validation, `skintwin config --defaults`, the
// generated tables of docs/model.md and the resolved config that checkpoints carry all come from
// these tables; code itself reads the struct members. Defaults are the struct's own member
// initialisers, read through the table, so a default is written once.
#include <cmath>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace skintwin {

// Where a value comes from (the tags of docs/model.md).
enum class SourceKind {
  Measured,        // [R]  read in the cited measurement
  PublishedModel,  // [M]  taken from a published model
  Derived,         // [D]  computed from other sourced values
  Fitted,          // [F]  fitted here to a calibration target (docs/validation.md)
  Estimate,        // [E]  estimated; includes values recalled but not yet read in a source
  Numerical,       // [N]  a numerical setting, not a property of skin
};
std::string_view source_tag(SourceKind kind);   // "R", "M", "D", "F", "E", "N"
std::string_view source_label(SourceKind kind); // "measured", "published model", ...

// The allowed interval of a value; bounds are inclusive unless marked exclusive.
struct Range {
  std::optional<double> min;
  std::optional<double> max;
  bool min_exclusive = false;
  bool max_exclusive = false;
  bool integer = false;  // the member is an integer

  bool contains(double v) const;
  // "a finite number above 0", "a whole number from 1 to 16", "a finite number at least 0 mm"
  std::string describe(std::string_view unit = {}) const;
};

// Common ranges.
inline Range non_negative() { return {.min = 0.0}; }
inline Range positive() { return {.min = 0.0, .min_exclusive = true}; }
inline Range fraction() { return {.min = 0.0, .max = 1.0}; }
inline Range between(double lo, double hi) { return {.min = lo, .max = hi}; }

// One row as written in a table (the member accessor is given separately).
struct ParameterInfo {
  std::string name;     // key below the table's prefix, e.g. "rates.r_F_per_min"
  std::string symbol;   // the symbol of docs/model.md's equations, e.g. "r_F" ("" if none)
  std::string unit;     // "/min", "µm²/min", "" for dimensionless
  std::string meaning;  // one short sentence: what the parameter does
  Range range;
  SourceKind kind = SourceKind::Estimate;
  std::string source;   // citation or reasoning behind the value
  std::string note = {};  // why it differs from an earlier value, caveats ("" if none)
};

template <class Params>
struct ParameterRow {
  ParameterInfo info;
  double default_value = 0.0;
  std::function<double(const Params&)> get;
  std::function<void(Params&, double)> set;  // integers are rounded (the range says integer)
};

// The descriptor table of one parameter struct. `prefix` is the config table ("model", ...).
template <class Params>
class ParameterTable {
public:
  ParameterTable(std::string prefix, std::string title) : prefix_(std::move(prefix)), title_(std::move(title)) {}

  // member: a generic lambda giving the member of a Params (const or not), e.g.
  //   [](auto& p) -> auto& { return p.rates.r_F_per_min; }
  template <class Member>
  void add(ParameterInfo info, Member member) {
    using Value = std::remove_cvref_t<decltype(member(std::declval<Params&>()))>;
    static_assert(std::is_arithmetic_v<Value>, "a parameter is a number");
    for (const auto& r : rows_)
      if (r.info.name == info.name) throw std::logic_error("parameter '" + info.name + "' declared twice");
    info.range.integer = std::is_integral_v<Value>;
    const Params defaults{};
    ParameterRow<Params> row{.info = std::move(info),
                             .default_value = static_cast<double>(member(defaults)),
                             .get = [member](const Params& p) { return static_cast<double>(member(p)); },
                             .set = [member](Params& p, double v) {
                               if constexpr (std::is_integral_v<Value>) member(p) = static_cast<Value>(std::lround(v));
                               else member(p) = static_cast<Value>(v);
                             }};
    if (!row.info.range.contains(row.default_value))
      throw std::logic_error("parameter '" + row.info.name + "': default outside its own range");
    rows_.push_back(std::move(row));
  }

  const std::string& prefix() const noexcept { return prefix_; }
  const std::string& title() const noexcept { return title_; }
  const std::vector<ParameterRow<Params>>& rows() const noexcept { return rows_; }
  std::string key(const ParameterRow<Params>& row) const { return prefix_ + "." + row.info.name; }

  // Throws InputError naming the first value outside its range (key, value, allowed range).
  void validate(const Params& p) const;

private:
  std::string prefix_;
  std::string title_;
  std::vector<ParameterRow<Params>> rows_;
};

// Throws InputError(key, value, "out of range; allowed: ...").
[[noreturn]] void throw_out_of_range(const std::string& key, double value, const Range& range, std::string_view unit);

template <class Params>
void ParameterTable<Params>::validate(const Params& p) const {
  for (const auto& row : rows_) {
    const double v = row.get(p);
    if (!row.info.range.contains(v)) throw_out_of_range(key(row), v, row.info.range, row.info.unit);
  }
}

}  // namespace skintwin
