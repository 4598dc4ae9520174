#pragma once
// Unit constants: the internal units are µm, min, and normalised densities (docs/model.md).
namespace skintwin::units {

inline constexpr double kMinutesPerDay = 1440.0;
inline constexpr double kHoursPerDay = 24.0;
inline constexpr double kMinutesPerHour = 60.0;
inline constexpr double kUmPerMm = 1e3;
inline constexpr double kMm2PerCm2 = 100.0;

inline constexpr double minutes(double t_days) { return t_days * kMinutesPerDay; }
inline constexpr double days(double t_min) { return t_min / kMinutesPerDay; }

}  // namespace skintwin::units
