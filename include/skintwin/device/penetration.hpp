#pragma once
// How deep a needle really goes. The skin dimples under the tip until the contact force reaches
// the puncture force; only then does the tip cut in. The patch of skin that carries the load is
// compressed to the strain F_p / (E_eff x A_support) before the tip pierces, and the dimple is that
// strain times the free span, which is the needle's standoff (its reach). Depth = reach x (1 -
// strain). See docs/model.md, "Needle penetration".
#include <array>
#include <string>
#include <vector>

#include "skintwin/core/parameter_table.hpp"
#include "skintwin/device/device.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::device {

// Vertical reach of the needle tip below the surface at a set depth (mm) if the skin did not
// deflect: the set length tilted by the needle angle, µm. The worst case for what a setting can
// reach (the dermis check) and the free span of the dimple in penetrate().
double vertical_reach_um(const Device& device, double set_depth_mm);

// How the needle is driven: perpendicular with a face or base plate pressing the skin around it
// (pens, stamps, microneedle patches) or carried in by a rolling drum.
enum class DriveKind { Pressed, Rolled };
DriveKind drive_of(DeviceType type);

struct PenetrationModel {
  // Young's modulus of each layer (indexed by LayerKind), kPa.
  std::array<double, tissue::kLayerCount> layer_modulus_kPa{1500.0, 35.0, 35.0, 2.0};
  // Puncture force per unit tip area (F_p = stress x pi r_tip^2, linear in tip area as found by
  // Davis et al. 2004), MPa.
  double puncture_stress_MPa = 95.0;
  // Area of skin that carries one needle's load, per drive kind, mm^2. Fitted (see
  // calibrate_penetration); 0 means "fit to the references with the other parameters", which
  // resolve_penetration_model does.
  double support_area_pressed_mm2 = 0.0;
  double support_area_rolled_mm2 = 0.0;
  // Strain stiffening of pre-stretched skin: E(stretch) = E x exp(coefficient x stretch).
  double stretch_stiffening = 5.0;
  // Needle-to-needle scatter of the depth reached, as a fraction of the mean (Kalluri 2011).
  double depth_cv = 9.6 / 152.5;
  // Channel radius / needle radius at the same depth (elastic recoil; Kalluri 2011).
  double channel_recoil = 70.7 / 140.0;
};

// Effective modulus of epidermis + dermis under a needle, layers taken as springs in series
// (thickness-weighted harmonic mean), stiffened by pre-stretch. kPa.
double effective_modulus_kPa(const PenetrationModel& model, const tissue::Site& site, tissue::Sex sex,
                             double skin_stretch);
double puncture_force_N(const PenetrationModel& model, const Needle& needle);

struct PenetrationResult {
  double reach_um = 0.0;       // vertical reach of the needle if nothing deflected
  double deflected_fraction = 0.0;  // strain of the supporting skin at puncture, clamped to [0, 1]
  double deflection_um = 0.0;       // dimple depth lost: deflected fraction x reach
  double depth_um = 0.0;       // mean depth reached, clamped to [0, reach]
  double depth_sd_um = 0.0;    // needle-to-needle scatter
};

PenetrationResult penetrate(const PenetrationModel& model, const Device& device, double set_depth_mm,
                            const tissue::Site& site, tissue::Sex sex, double skin_stretch);

// Channel radius at depth z below the surface for a channel whose bottom is at depth_um.
double channel_radius_um(const PenetrationModel& model, const Needle& needle, double depth_um, double z_um);

// One literature measurement used to fit or test the model.
struct PenetrationReference {
  std::string name;        // "Kalluri 2011"
  std::string citation;
  Device device;           // the device as described in the paper
  tissue::Site site;       // the skin it was measured in (see docs/model.md for the numbers)
  double set_depth_mm = 0.0;
  double measured_depth_um = 0.0;
  double tolerance_um = 0.0;  // acceptance band, justified in docs/model.md
  bool used_for_fit = false;
};

// Kalluri 2011 (rolled, fit), Donnelly 2010 (pressed, fit), Sasaki 2019 at 0.5 and 1.5 mm
// (pen, prediction only).
std::vector<PenetrationReference> penetration_references();

// Solves the two support areas so that the model reproduces the two fitting references
// exactly; every other parameter is kept from `base`.
PenetrationModel calibrate_penetration(const PenetrationModel& base, const std::vector<PenetrationReference>& refs);

// The model as configured, with each support area that is 0 fitted to penetration_references()
// (calibrate_penetration, with the configured values of every other parameter) and each positive
// one kept as given. The two fits are independent (each area depends only on its own reference and
// the other parameters), so fitting both and putting back a given one equals fitting just the other.
// Throws InputError (validate) for a value outside its range.
PenetrationModel resolve_penetration_model(const PenetrationModel& configured);

// The model with its literature parameters, calibrated on penetration_references():
// resolve_penetration_model(PenetrationModel{}).
const PenetrationModel& default_penetration_model();

// The descriptor table (prefix "penetration"); the per-layer moduli are
// layer_modulus_kPa.<tissue::layer_name>.
const ParameterTable<PenetrationModel>& penetration_parameter_table();

// Throws InputError naming penetration.<member> for a value outside its range.
void validate(const PenetrationModel& model);

}  // namespace skintwin::device
