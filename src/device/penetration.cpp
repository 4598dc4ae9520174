#include "skintwin/device/penetration.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

#include "skintwin/core/units.hpp"
#include "skintwin/tissue/layer_parameters.hpp"

namespace skintwin::device {
namespace {

using tissue::LayerKind;
using tissue::Sex;

tissue::Site hand_built_site(const std::string& name, double epidermis_um, double papillary_um, double reticular_um,
                             double fat_um, const std::string& sources) {
  tissue::Site site;
  site.name = name;
  site.display_name = name;
  site.region = "calibration";
  const std::array<double, tissue::kLayerCount> thickness{epidermis_um, papillary_um, reticular_um, fat_um};
  for (std::size_t i = 0; i < tissue::kLayerCount; ++i) {
    site.layers[i].female = {thickness[i], 0.0};
    site.layers[i].male = {thickness[i], 0.0};
  }
  site.sources = sources;
  return site;
}

Device reference_device(const std::string& name, DeviceType type, Needle needle, double length_mm) {
  Device d;
  d.name = name;
  d.display_name = name;
  d.type = type;
  d.needle = std::move(needle);
  d.layout = grid_layout(1, 1, 1.0);
  d.imprint_length_mm = 1.0;
  d.imprint_width_mm = 1.0;
  if (type == DeviceType::Pen) {
    d.depth_min_mm = 0.25;
    d.depth_max_mm = 2.5;
    d.stroke_frequency_hz = 100.0;
  } else {
    d.lengths_mm = {length_mm};
  }
  return d;
}

double support_area_mm2(const PenetrationModel& model, DriveKind drive) {
  return drive == DriveKind::Pressed ? model.support_area_pressed_mm2 : model.support_area_rolled_mm2;
}

}  // namespace

double vertical_reach_um(const Device& device, double set_depth_mm) {
  return units::kUmPerMm * set_depth_mm * std::cos(device.needle_angle_deg * std::numbers::pi / 180.0);
}

DriveKind drive_of(DeviceType type) { return type == DeviceType::Roller ? DriveKind::Rolled : DriveKind::Pressed; }

double effective_modulus_kPa(const PenetrationModel& model, const tissue::Site& site, Sex sex, double skin_stretch) {
  // Epidermis and dermis carry the dimple; fat lies too deep for a needle-scale load to reach.
  double thickness_um = 0.0;
  double compliance = 0.0;
  for (auto kind : {LayerKind::Epidermis, LayerKind::PapillaryDermis, LayerKind::ReticularDermis}) {
    const double t = site.thickness_um(kind, sex);
    thickness_um += t;
    compliance += t / model.layer_modulus_kPa[static_cast<std::size_t>(kind)];
  }
  if (thickness_um <= 0.0 || compliance <= 0.0) return model.layer_modulus_kPa[0];
  return thickness_um / compliance * std::exp(model.stretch_stiffening * skin_stretch);
}

double puncture_force_N(const PenetrationModel& model, const Needle& needle) {
  return model.puncture_stress_MPa * units::kPaPerMPa * needle.tip_area_um2() * units::kMPerUm * units::kMPerUm;
}

PenetrationResult penetrate(const PenetrationModel& model, const Device& device, double set_depth_mm,
                            const tissue::Site& site, Sex sex, double skin_stretch) {
  PenetrationResult out;
  out.reach_um = vertical_reach_um(device, set_depth_mm);
  const double capacity_N = effective_modulus_kPa(model, site, sex, skin_stretch) * units::kPaPerKPa *
                            support_area_mm2(model, drive_of(device.type)) * units::kM2PerMm2;
  out.deflected_fraction = capacity_N > 0.0 ? std::min(1.0, puncture_force_N(model, device.needle) / capacity_N) : 1.0;
  out.deflection_um = out.deflected_fraction * out.reach_um;
  out.depth_um = out.reach_um - out.deflection_um;
  out.depth_sd_um = model.depth_cv * out.depth_um;
  return out;
}

double channel_radius_um(const PenetrationModel& model, const Needle& needle, double depth_um, double z_um) {
  if (z_um < 0.0 || z_um > depth_um) return 0.0;
  return model.channel_recoil * needle.radius_um(depth_um - z_um);
}

std::vector<PenetrationReference> penetration_references() {
  std::vector<PenetrationReference> refs;
  // Kalluri, Kolli & Banga 2011: 770 um roller needles (base 140 um, tip radius 4 um) in hairless
  // rat, 152.5 +/- 9.6 um. A 150 um taper is assumed so that the needle is at full width where it
  // crosses the surface, which is what the recoil factor (channel mouth / base) presumes.
  refs.push_back({"Kalluri 2011", "Kalluri, Kolli & Banga 2011, AAPS J 13:473",
                  reference_device("kalluri-roller-770", DeviceType::Roller, {140.0, 4.0, 150.0, "stainless steel"}, 0.77),
                  hand_built_site("hairless-rat-dorsal", 30.0, 100.0, 700.0, 300.0, "assumed typical rat dorsal skin"),
                  0.77, 152.5, 2.0 * 9.6, true});
  // Donnelly et al. 2010: 600 um Gantrez polymer microneedles (300 um base), human forearm in
  // vivo, about 460 um by OCT. Tip radius 10 um is assumed for micromoulded polymer tips.
  refs.push_back({"Donnelly 2010", "Donnelly et al. 2010, Pharm Res (PMC3016610)",
                  reference_device("donnelly-array-600", DeviceType::Stamp, {300.0, 10.0, 600.0, "polymer"}, 0.6),
                  hand_built_site("human-volar-forearm", 80.0, 150.0, 1000.0, 3000.0, "assumed typical forearm skin"),
                  0.6, 460.0, 46.0, true});
  // Sasaki 2019: pen at 0.5 and 1.5 mm, human preauricular skin ex vivo, channels close to the
  // settings. Needle as the catalog's steel pen needle. Not used in the fit.
  const Needle pen_needle{250.0, 4.0, 500.0, "stainless steel"};
  const auto preauricular = hand_built_site("human-preauricular", 60.0, 150.0, 1400.0, 3000.0,
                                            "assumed typical preauricular skin");
  for (double set_mm : {0.5, 1.5}) {
    refs.push_back({set_mm < 1.0 ? "Sasaki 2019 (0.5 mm)" : "Sasaki 2019 (1.5 mm)",
                    "Sasaki 2019, Aesthet Surg J Open Forum ojz017",
                    reference_device("sasaki-pen", DeviceType::Pen, pen_needle, set_mm), preauricular, set_mm,
                    units::kUmPerMm * set_mm, 0.15 * units::kUmPerMm * set_mm, false});
  }
  return refs;
}

PenetrationModel calibrate_penetration(const PenetrationModel& base, const std::vector<PenetrationReference>& refs) {
  PenetrationModel model = base;
  bool fitted_pressed = false;
  bool fitted_rolled = false;
  for (const auto& ref : refs) {
    if (!ref.used_for_fit) continue;
    const double fraction = 1.0 - ref.measured_depth_um / vertical_reach_um(ref.device, ref.set_depth_mm);
    if (fraction <= 0.0 || fraction >= 1.0)
      throw std::invalid_argument("calibration: " + ref.name + " has no partial insertion to fit");
    // fraction = F_p / (E_eff x A), so A = F_p / (E_eff x fraction).
    const double modulus_Pa = effective_modulus_kPa(model, ref.site, Sex::Unspecified, 0.0) * units::kPaPerKPa;
    const double area_mm2 = puncture_force_N(model, ref.device.needle) / (modulus_Pa * fraction) / units::kM2PerMm2;
    if (drive_of(ref.device.type) == DriveKind::Pressed) {
      model.support_area_pressed_mm2 = area_mm2;
      fitted_pressed = true;
    } else {
      model.support_area_rolled_mm2 = area_mm2;
      fitted_rolled = true;
    }
  }
  if (!fitted_pressed || !fitted_rolled)
    throw std::invalid_argument("calibration needs one pressed and one rolled reference");
  return model;
}

PenetrationModel resolve_penetration_model(const PenetrationModel& configured) {
  validate(configured);
  if (configured.support_area_pressed_mm2 > 0.0 && configured.support_area_rolled_mm2 > 0.0) return configured;
  // calibrate_penetration fits both areas, each from its own reference and the other parameters
  // only, so putting back a given area leaves the other fit unchanged.
  PenetrationModel model = calibrate_penetration(configured, penetration_references());
  if (configured.support_area_pressed_mm2 > 0.0) model.support_area_pressed_mm2 = configured.support_area_pressed_mm2;
  if (configured.support_area_rolled_mm2 > 0.0) model.support_area_rolled_mm2 = configured.support_area_rolled_mm2;
  return model;
}

const PenetrationModel& default_penetration_model() {
  static const PenetrationModel model = resolve_penetration_model(PenetrationModel{});
  return model;
}

namespace {

ParameterTable<PenetrationModel> make_table() {
  ParameterTable<PenetrationModel> t("penetration", "Needle penetration (`PenetrationModel`)");
  const std::string pailler = "Pailler-Mattei et al. 2008 Med Eng Phys, in vivo indentation, two-layer fit; "
                              "value recalled, not yet read in a source";
  tissue::add_per_layer(
      t,
      {.name = "layer_modulus_kPa", .symbol = "E", .unit = "kPa",
       .meaning = "Young's modulus (the layers under the needle are springs in series)", .range = positive()},
      {tissue::LayerSource{SourceKind::Measured,
                           "Geerligs et al. 2011 J Biomech: epidermis + stratum corneum 1-2 MPa [R]; mid-range"},
       tissue::LayerSource{SourceKind::Estimate, pailler, "no separate papillary value found, same as reticular"},
       tissue::LayerSource{SourceKind::Estimate, pailler},
       tissue::LayerSource{SourceKind::Estimate, pailler,
                           "not used by the penetration model: fat lies too deep for a needle-scale load (kept for "
                           "other stages)"}},
      [](auto& p) -> auto& { return p.layer_modulus_kPa; });
  t.add({.name = "puncture_stress_MPa", .symbol = "σ_p", .unit = "MPa",
         .meaning = "Puncture force per unit tip area: F_p = σ_p π r_tip² (linear in tip area, Davis et al. 2004)",
         .range = positive(), .kind = SourceKind::Derived,
         .source = "Donnelly 2010's >= 0.03 N per polymer needle over π (10 µm)²; consistent in order with Davis et "
                   "al. 2004 (0.1-3 N over their larger tip areas)"},
        [](auto& p) -> auto& { return p.puncture_stress_MPa; });
  t.add({.name = "support_area_pressed_mm2", .symbol = "A_pressed", .unit = "mm²",
         .meaning = "Area of skin that carries one needle's load when a face or base plate presses the skin "
                    "(pens, stamps, patches); 0 = fit to Donnelly 2010 with the other parameters",
         .range = non_negative(), .kind = SourceKind::Fitted,
         .source = "fitted to Donnelly et al. 2010, Pharm Res (PMC3016610): 600 µm polymer microneedles reach about "
                   "460 µm in human forearm in vivo (OCT); 3.42 mm² with the other defaults",
         .note = "the default 0 means fitted when the model is resolved (resolve_penetration_model)"},
        [](auto& p) -> auto& { return p.support_area_pressed_mm2; });
  t.add({.name = "support_area_rolled_mm2", .symbol = "A_rolled", .unit = "mm²",
         .meaning = "Area of skin that carries one needle's load under a rolling drum (rollers); 0 = fit to "
                    "Kalluri 2011 with the other parameters",
         .range = non_negative(), .kind = SourceKind::Fitted,
         .source = "fitted to Kalluri, Kolli & Banga 2011, AAPS J 13:473: 770 µm roller needles reach 152.5 ± 9.6 µm "
                   "in hairless rat; 0.164 mm² with the other defaults",
         .note = "the default 0 means fitted when the model is resolved (resolve_penetration_model)"},
        [](auto& p) -> auto& { return p.support_area_rolled_mm2; });
  t.add({.name = "stretch_stiffening", .symbol = "b", .unit = "",
         .meaning = "Strain stiffening of pre-stretched skin: E_eff grows as exp(b ε) with the operator's stretch ε",
         .range = non_negative(), .kind = SourceKind::Estimate,
         .source = "assumed: order of magnitude of the J-shaped stress-strain curve (about e-fold stiffer at 20 % "
                   "strain)",
         .note = "not fitted, no calibration datum used stretch"},
        [](auto& p) -> auto& { return p.stretch_stiffening; });
  t.add({.name = "depth_cv", .symbol = "c_v", .unit = "",
         .meaning = "Needle-to-needle scatter of the depth reached, as a fraction of the mean depth",
         .range = non_negative(), .kind = SourceKind::Measured,
         .source = "Kalluri, Kolli & Banga 2011, AAPS J 13:473: 9.6 / 152.5 µm (sd over mean depth)"},
        [](auto& p) -> auto& { return p.depth_cv; });
  t.add({.name = "channel_recoil", .symbol = "recoil", .unit = "",
         .meaning = "Channel radius over needle radius at the same depth (elastic recoil of the channel)",
         .range = positive(), .kind = SourceKind::Measured,
         .source = "Kalluri, Kolli & Banga 2011, AAPS J 13:473: mouth diameter 70.7 µm / needle base 140 µm",
         .note = "presumes the needle was at full width where it crossed the surface (taper <= 152 µm); if Kalluri's "
                 "needles were cones over their whole length the factor would not apply to pens. Doubtful, flagged"},
        [](auto& p) -> auto& { return p.channel_recoil; });
  return t;
}

}  // namespace

const ParameterTable<PenetrationModel>& penetration_parameter_table() {
  static const ParameterTable<PenetrationModel> table = make_table();
  return table;
}

void validate(const PenetrationModel& model) { penetration_parameter_table().validate(model); }

}  // namespace skintwin::device
