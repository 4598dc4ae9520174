#pragma once
// Unit constants: the one place a conversion factor is written down. Names read "A per B": a
// length in mm times kUmPerMm is the same length in µm. Each is exact in double, so multiplying
// by a constant here gives the same bits as multiplying by its literal. Internal units: µm, min,
// normalised densities (docs/model.md).

namespace skintwin::units {

// Length and area.
inline constexpr double kUmPerMm = 1e3;     // µm per mm
inline constexpr double kUm2PerMm2 = 1e6;   // µm² per mm²
inline constexpr double kMm2PerCm2 = 100.0; // mm² per cm² (puncture densities are per cm²)
inline constexpr double kMPerUm = 1e-6;     // m per µm
inline constexpr double kM2PerMm2 = 1e-6;   // m² per mm²

// Pressure.
inline constexpr double kPaPerKPa = 1e3;
inline constexpr double kPaPerMPa = 1e6;

// Time (the course clock counts minutes; schedules and reports count days and hours).
inline constexpr double kMinutesPerDay = 1440.0;
inline constexpr double kHoursPerDay = 24.0;

inline constexpr double minutes(double t_days) { return t_days * kMinutesPerDay; }
inline constexpr double days(double t_min) { return t_min / kMinutesPerDay; }

}  // namespace skintwin::units
