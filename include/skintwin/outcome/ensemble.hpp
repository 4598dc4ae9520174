#pragma once
// Outcomes of an ensemble of samples of one treated area (2D sections at several y): the
// pooled time series, whose outcomes are the ensemble's answer, and the spread of each outcome
// over the members, so a reader sees how much a single section would have said otherwise.
// Pooling: areal quantities (layer means, erythema components, vessel ratios) are averaged over all
// voxels of all sections; wound-zone quantities over the union of the wound zones (a section
// that cut no channel adds nothing to them); closure over all openings.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "skintwin/outcome/observables.hpp"
#include "skintwin/outcome/session_outcomes.hpp"

namespace skintwin::outcome {

// What one member contributes: its series and what its tracker measured.
struct SectionSeries {
  std::vector<Snapshot> series;
  Snapshot healthy;              // the healthy state, measured by the member's own tracker
  std::size_t wound_voxels = 0;  // size of its wound zone
  std::size_t openings = 0;      // epidermal openings after its injury
};

// The members pooled into one: series sample by sample (every member must have the same sample
// times, std::invalid_argument otherwise, or for no members), healthy likewise, counts summed. The
// erythema index of a pooled sample is computed from its pooled components with `erythema`.
SectionSeries pool_sections(std::span<const SectionSeries> members, const ErythemaParameters& erythema);

// One outcome over the members: the pooled (ensemble) value is in EnsembleOutcomes::pooled; this
// is how far single members stray from each other. Wound-zone outcomes are taken over the members
// with a wound zone, closure over those with openings; `members` says how many counted.
struct OutcomeSpread {
  std::string name;  // as in summary.json's outcomes, flattened: "erythema_index.value"
  std::size_t members = 0;
  double mean = 0.0;  // plain mean of the members' values (not the pooled value)
  double sd = 0.0;    // sample standard deviation (0 for fewer than 2 members)
  double sem = 0.0;   // sd / sqrt(members): the standard error of that mean
  double min = 0.0;
  double max = 0.0;
  // Where the members are one per stratum, in stratum order, and the outcome counts all of them:
  // the standard error of their mean under that design (collapsed strata: each pair of
  // neighbouring strata, the last three together where their number is odd, estimates the
  // within-stratum variance). `sem` above treats the members as independent draws and overstates
  // it by as much as the strata differ from each other.
  std::optional<double> sem_stratified;
};

struct EnsembleOutcomes {
  SessionOutcomes pooled;               // outcomes of the pooled series: the reported answer
  std::vector<SessionOutcomes> sessions;  // of each session of a course (pooled, days from the session)
  std::vector<Snapshot> series;         // the pooled series
  std::vector<SessionOutcomes> members; // each member alone
  std::vector<OutcomeSpread> spread;
};

// Redness downtime against erythema.visible_threshold. `stratified`: the members are one per
// stratum of a stratified sample, in stratum order (then spread carries sem_stratified).
EnsembleOutcomes ensemble_outcomes(std::span<const SectionSeries> members, const ErythemaParameters& erythema,
                                   bool stratified, const ScarGrading& grading);
// The same for a course: members[m][k] is member m's segment of session k (every member has as
// many). Each session is pooled over the members on its own (its wound zones and openings); the
// pooled series is the sessions' pooled segments in order.
EnsembleOutcomes ensemble_outcomes(std::span<const std::vector<SectionSeries>> members, const ErythemaParameters& erythema,
                                   bool stratified, const ScarGrading& grading);

// The outcomes of each session of a series cut into its sessions: each segment's rows with their
// days counted from its first row (the session), against its own healthy snapshot. Segments
// without rows are refused (std::invalid_argument: every session stop is a sample).
std::vector<SessionOutcomes> per_session_outcomes(std::span<const SectionSeries> segments, double redness_threshold,
                                                  const ScarGrading& grading);

// A course's outcomes from its series cut into sessions: those of the whole series for the areal
// quantities (the erythema peak, the layer changes at the end, the baseline); for the wound-zone
// ones each session against its own wound zone: the largest of the sessions' peaks (its day in
// the course), the finals of the last session, the closure and healthy values of the first; and
// the redness downtime is the sum of the sessions' (the days the skin is visibly red over the
// course). One segment: exactly the outcomes of its series. Each session's own outcomes come with
// them (per_session_outcomes), computed once.
struct CourseOutcomes {
  SessionOutcomes course;
  std::vector<SessionOutcomes> sessions;
};
CourseOutcomes course_outcomes(std::span<const SectionSeries> segments, double redness_threshold,
                               const ScarGrading& grading);

// The scalar outcomes by their flattened summary.json names ("redness_downtime_days",
// "erythema_index.value", "closure_time_h", "layer_change.papillary_dermis.collagen_total_pct", ...),
// as spread lists them.
std::vector<std::string> outcome_names();
// One of them; nullopt for an unknown name or an outcome without a value (never closed, a layer
// the grid lacks).
std::optional<double> outcome_value(const SessionOutcomes& outcomes, std::string_view name);

// A member's segments as one series: the healthy snapshot and openings of its first session (a
// course's closure is the first session's), the wound voxels summed (any session's wound zone).
SectionSeries joined(std::span<const SectionSeries> segments);

// The standard error of the mean of one value per stratum (equal strata, in stratum order), by
// collapsed strata; nullopt for fewer than 2 values.
std::optional<double> collapsed_strata_sem(std::span<const double> values);

}  // namespace skintwin::outcome
