#pragma once
// Unit constants: the one place a conversion factor is written down. Names read "A per B": a
// length in mm times kUmPerMm is the same length in µm. Each is exact in double, so multiplying
// by a constant here gives the same bits as multiplying by its literal.

namespace skintwin::units {

// Length and area.
constexpr double kUmPerMm = 1e3;     // µm per mm
constexpr double kUm2PerMm2 = 1e6;   // µm² per mm²
constexpr double kMm2PerCm2 = 100.0; // mm² per cm² (puncture densities are per cm²)
constexpr double kMPerUm = 1e-6;     // m per µm
constexpr double kM2PerMm2 = 1e-6;   // m² per mm²

// Pressure.
constexpr double kPaPerKPa = 1e3;
constexpr double kPaPerMPa = 1e6;

// Time (the course clock counts minutes; schedules and reports count days and hours).
constexpr double kMinutesPerDay = 1440.0;
constexpr double kHoursPerDay = 24.0;

}  // namespace skintwin::units
