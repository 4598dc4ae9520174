#include "skintwin/io/config.hpp"

namespace skintwin::io {

// Keys of `skintwin simulate`: the grid (placed in the treated area of the protocol), the
// simulated span, the output cadences and the step schedule (defaults: the schedule the model was
// calibrated with, model::recommended_dt_schedule(); a test keeps them equal). See docs/simulate.md.
void add_simulation_keys(Schema& schema) {
  schema.add({.key = "simulate.dimensions", .type = KeyType::Integer, .default_value = std::int64_t{2}, .unit = "",
              .meaning = "2: an (x, z) cross-section through the treated area; 3: an (x, y, z) patch with periodic sides",
              .min = 2.0, .max = 3.0});
  schema.add({.key = "simulate.width_mm", .type = KeyType::Real, .default_value = 4.0, .unit = "mm",
              .meaning = "Extent (x) of the simulated section or patch; must fit inside protocol.area_width_mm",
              .min = 0.1, .max = 100.0});
  schema.add({.key = "simulate.length_mm", .type = KeyType::Real, .default_value = 2.0, .unit = "mm",
              .meaning = "Extent (y) of a 3D patch; must fit inside protocol.area_length_mm (ignored in 2D)",
              .min = 0.1, .max = 100.0});
  schema.add({.key = "simulate.depth_mm", .type = KeyType::Real, .default_value = 0.0, .unit = "mm",
              .meaning = "Depth (z) of the grid below the surface; 0 = the deeper of the dermis bottom and the "
                         "deepest channel, plus 0.5 mm of fat",
              .min = 0.0, .max = 20.0});
  schema.add({.key = "simulate.spacing_um", .type = KeyType::Real, .default_value = 20.0, .unit = "um",
              .meaning = "Grid spacing, the same along every axis (20 um resolves a channel with 3-10 voxels)",
              .min = 2.0, .max = 200.0});
  schema.add({.key = "simulate.duration_days", .type = KeyType::Real, .default_value = 28.0, .unit = "days",
              .meaning = "Simulated time after the session (after the last session of a course: its follow-up)",
              .min = 0.001, .max = 3650.0});
  schema.add({.key = "course.sessions", .type = KeyType::Integer, .default_value = std::int64_t{1}, .unit = "",
              .meaning = "Sessions in the treatment course, each with the configured device, depth and passes (or its "
                         "own: the course.* lists below) on the tissue as the earlier ones left it (new punctures from "
                         "a seed of their own)",
              .min = 1.0, .max = 24.0});
  schema.add({.key = "course.interval_days", .type = KeyType::Real, .default_value = 28.0, .unit = "days",
              .meaning = "Days between the sessions of a course (practice: 4-6 weeks; trials also 2 weeks)",
              .min = 1.0, .max = 730.0});
  // Per session (one item per session of course.sessions, or [] for the scalar key's value in all).
  schema.add({.key = "course.session_days", .type = KeyType::RealList, .default_value = RealList{}, .unit = "days",
              .meaning = "Day of each session, the first on day 0, increasing (instead of course.interval_days); "
                         "[]: every course.interval_days",
              .min = 0.0, .max = 3650.0});
  schema.add({.key = "course.devices", .type = KeyType::TextList, .default_value = TextList{}, .unit = "",
              .meaning = "Device of each session (see `skintwin devices`); []: device.name in every session"});
  schema.add({.key = "course.set_depth_mm", .type = KeyType::RealList, .default_value = RealList{}, .unit = "mm",
              .meaning = "Needle length set in each session (the device's range applies); []: device.set_depth_mm "
                         "in every session",
              .min = 0.05, .max = 5.0});
  schema.add({.key = "course.passes", .type = KeyType::IntegerList, .default_value = IntegerList{}, .unit = "",
              .meaning = "Passes in each session; []: protocol.passes in every session", .min = 1.0, .max = 100.0});
  schema.add({.key = "course.lesion_set_depth_mm", .type = KeyType::RealList, .default_value = RealList{},
              .unit = "mm",
              .meaning = "Needle length set over the lesion in each session (a deeper setting over the scar; needles "
                         "landing within half the lesion's width of its centre); []: the session's depth everywhere",
              .min = 0.05, .max = 5.0});
  schema.add({.key = "simulate.output_every_days", .type = KeyType::Real, .default_value = 0.25, .unit = "days",
              .meaning = "Cadence of the rows of timeseries.csv (the observables are sampled at these times)",
              .min = 0.001, .max = 365.0});
  schema.add({.key = "simulate.early_output_every_h", .type = KeyType::Real, .default_value = 1.0, .unit = "h",
              .meaning = "Denser rows in the first hours, where the channels close (0 = none)", .min = 0.0,
              .max = 240.0});
  schema.add({.key = "simulate.early_output_until_days", .type = KeyType::Real, .default_value = 2.0, .unit = "days",
              .meaning = "End of the denser early rows", .min = 0.0, .max = 3650.0});
  schema.add({.key = "simulate.fields_every_days", .type = KeyType::Real, .default_value = 1.0, .unit = "days",
              .meaning = "Cadence of the HDF5 field snapshots (fields.xdmf); 0 = no snapshots", .min = 0.0,
              .max = 3650.0});
  schema.add({.key = "simulate.fields_gzip_level", .type = KeyType::Integer, .default_value = std::int64_t{0},
              .unit = "", .meaning = "HDF5 deflate level of the field snapshots (0 = uncompressed, fastest)",
              .min = 0.0, .max = 9.0});
  schema.add({.key = "simulate.dt_initial_min", .type = KeyType::Real, .default_value = 0.5, .unit = "min",
              .meaning = "Time step right after the session (the platelet growth-factor spike lasts about an hour)",
              .min = 1e-4, .max = 1440.0});
  schema.add({.key = "simulate.dt_max_min", .type = KeyType::Real, .default_value = 60.0, .unit = "min",
              .meaning = "Largest time step (reached about 10 h after the session with the default growth)",
              .min = 1e-4, .max = 1440.0});
  schema.add({.key = "simulate.dt_growth", .type = KeyType::Real, .default_value = 0.1, .unit = "min/min",
              .meaning = "Growth of the step with time since the session: dt = dt_initial + growth x t, capped at dt_max",
              .min = 0.0, .max = 10.0});
  schema.add({.key = "simulate.dt_settled_after_days", .type = KeyType::Real, .default_value = 8.0, .unit = "days",
              .meaning = "Time after the session from which the wound counts as settled and the step may grow past "
                         "dt_max again (at dt_growth, up to dt_settled_max_min)",
              .min = 0.0, .max = 36500.0});
  schema.add({.key = "simulate.dt_settled_max_min", .type = KeyType::Real, .default_value = 1440.0, .unit = "min",
              .meaning = "Largest time step once the wound has settled (output stops still cap it: 6 h with the "
                         "default 6-hourly samples, a day with daily ones); at most dt_max_min turns the settled "
                         "phase off",
              .min = 1e-4, .max = 14400.0});
  schema.add({.key = "simulate.implicit_reactions_from_min", .type = KeyType::Real, .default_value = 1440.0,
              .unit = "min",
              .meaning = "Steps at least this long integrate the reactions with a linearly implicit Rosenbrock "
                         "method (stable through the stiff, slowly moving kinetics of quiet months) instead of the "
                         "explicit adaptive Runge-Kutta, which such steps hold to its stability limit "
                         "(docs/solver.md, \"Long steps\"); above dt_settled_max_min it is never used",
              .min = 0.0, .max = 1e9});
  schema.add({.key = "simulate.section_offset_x_mm", .type = KeyType::Real, .default_value = 0.0, .unit = "mm",
              .meaning = "Shift (x) of the grid's centre from the centre of the treated area (2D: with the sections in "
                         "a band or on a channel; over the whole area it must stay 0)",
              .min = -150.0,
              .max = 150.0});
  schema.add({.key = "simulate.sections", .type = KeyType::Integer, .default_value = std::int64_t{8}, .unit = "",
              .meaning = "2D: sections in the ensemble, spread over the treated area (candidates as a Latin hypercube "
                         "over its length and width, one section per stratum of their damage: "
                         "simulate.section_candidates); the outcomes are those of all sections pooled, with their "
                         "spread. 3D: ignored (a patch is one sample)",
              .min = 1.0, .max = 64.0});
  schema.add({.key = "simulate.section_candidates", .type = KeyType::Integer, .default_value = std::int64_t{8},
              .unit = "",
              .meaning = "2D ensembles: candidate planes per section. N x K candidates are placed as the sections "
                         "would be, ranked by the damage the session leaves in each, and one section is drawn from "
                         "each of N equal strata of the ranks (stratified on the injury: unbiased, and far less "
                         "spread than N planes at random). 1: the N planes themselves",
              .min = 1.0, .max = 32.0});
  schema.add({.key = "simulate.sections_band_mm", .type = KeyType::Real, .default_value = 0.0, .unit = "mm",
              .meaning = "2D: 0 spreads the sections over the whole treated area; a length > 0 keeps them in a band "
                         "that long (centred on the area + section_offset_y_mm), all at the configured x (centre + "
                         "section_offset_x_mm)",
              .min = 0.0, .max = 300.0});
  schema.add({.key = "simulate.section_on_channel", .type = KeyType::Boolean, .default_value = false, .unit = "",
              .meaning = "2D, one section only: move it (in y) onto the axis of the channel nearest to the band's "
                         "centre. A study of one channel, biased for areal outcomes (it runs along a needle lane); "
                         "needs simulate.sections = 1"});
  schema.add({.key = "simulate.section_offset_y_mm", .type = KeyType::Real, .default_value = 0.0, .unit = "mm",
              .meaning = "Shift (y) of the band or on-channel section (2D) or the patch centre (3D) from the centre of "
                         "the treated area (2D over the whole area: must stay 0)",
              .min = -150.0, .max = 150.0});
}

}  // namespace skintwin::io
