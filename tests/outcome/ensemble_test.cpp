// Pooling an ensemble of sections: areal means over all voxels, wound-zone means over the union of
// the wound zones, closure over all openings, and the spread of each outcome over the members.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "skintwin/outcome/ensemble.hpp"

namespace {

using skintwin::model::Species;
using skintwin::model::index;
using skintwin::outcome::OutcomeSpread;
using skintwin::outcome::SectionSeries;
using skintwin::outcome::Snapshot;
const skintwin::outcome::ErythemaParameters kErythema{};
constexpr std::size_t kPapillary = static_cast<std::size_t>(skintwin::tissue::LayerKind::PapillaryDermis);

// A member whose wound (if any) and papillary dermis hold `level` of everything at every sample.
SectionSeries member(double level, std::size_t wound_voxels, std::size_t openings, double erythema, double closed) {
  SectionSeries m;
  m.wound_voxels = wound_voxels;
  m.openings = openings;
  m.healthy.layer_voxels[kPapillary] = 100;
  m.healthy.layer_means[kPapillary].fill(1.0);
  m.healthy.wound_means.fill(wound_voxels > 0 ? 1.0 : 0.0);
  m.healthy.closure_fraction = 1.0;
  m.healthy.vessel_ratio[kPapillary] = 1.0;
  for (const double t : {0.0, 1.0, 2.0}) {
    Snapshot s = m.healthy;
    s.t_days = t;
    s.layer_means[kPapillary].fill(1.0 + (level - 1.0) / (1.0 + t));
    s.vessel_ratio[kPapillary] = s.layer_means[kPapillary][index(Species::Vessels)];
    if (wound_voxels > 0) s.wound_means.fill(level / (1.0 + t));
    s.fibroblast_ratio_wound = wound_voxels > 0 ? level / (1.0 + t) : 0.0;
    // Through the new-vessel term, which is linear: ΔEI = κ φ new_vessel_blood.
    s.erythema.new_vessel_blood = erythema / (1.0 + t) / (kErythema.index_scale * kErythema.new_vessel_perfusion);
    s.erythema_index = skintwin::outcome::erythema_index(s.erythema, kErythema);
    s.closure_fraction = t == 0.0 ? 0.0 : closed;
    m.series.push_back(s);
  }
  return m;
}

skintwin::outcome::ErythemaParameters with_threshold(double threshold) {
  skintwin::outcome::ErythemaParameters p = kErythema;
  p.visible_threshold = threshold;
  return p;
}

const OutcomeSpread& spread_named(const std::vector<OutcomeSpread>& spread, const std::string& name) {
  for (const auto& s : spread)
    if (s.name == name) return s;
  throw std::runtime_error("no spread for " + name);
}

}  // namespace

TEST(EnsemblePooling, AreaWoundAndOpeningWeights) {
  // Member A: a wound of 30 voxels at level 4, 3 openings all closed by day 1.
  // Member B: a wound of 10 voxels at level 2, 1 opening never closed.
  // Member C: cut no channel (its wound means are 0; it must not dilute the wound zone).
  const std::vector<SectionSeries> members = {member(4.0, 30, 3, 40.0, 1.0), member(2.0, 10, 1, 20.0, 0.0),
                                              member(1.0, 0, 0, 0.0, 1.0)};
  const SectionSeries pooled = skintwin::outcome::pool_sections(members, kErythema);
  ASSERT_EQ(pooled.series.size(), 3u);
  EXPECT_EQ(pooled.wound_voxels, 40u);
  EXPECT_EQ(pooled.openings, 4u);
  const Snapshot& t0 = pooled.series[0];
  // Areal: every section's 100 papillary voxels count alike.
  EXPECT_DOUBLE_EQ(t0.layer_means[kPapillary][index(Species::CollagenI)], (4.0 + 2.0 + 1.0) / 3.0);
  EXPECT_EQ(t0.layer_voxels[kPapillary], 300u);
  EXPECT_NEAR(t0.erythema_index, 20.0, 1e-12);
  // Wound zone: 30 voxels at 4 and 10 at 2.
  EXPECT_DOUBLE_EQ(t0.wound_means[index(Species::Fibroblasts)], (30.0 * 4.0 + 10.0 * 2.0) / 40.0);
  EXPECT_DOUBLE_EQ(t0.fibroblast_ratio_wound, 3.5);
  EXPECT_DOUBLE_EQ(t0.collagen_iii_fraction_wound, 0.5);
  // Openings: 3 of 4 closed from day 1.
  EXPECT_DOUBLE_EQ(t0.closure_fraction, 0.0);
  EXPECT_DOUBLE_EQ(pooled.series[1].closure_fraction, 0.75);
  EXPECT_DOUBLE_EQ(pooled.healthy.closure_fraction, 1.0);
}

// Sections of different sizes weigh by their voxels: a section with three times the papillary voxels
// counts three times in the layer mean and in the erythema components.
TEST(EnsemblePooling, LargerSectionsWeighMore) {
  std::vector<SectionSeries> members = {member(2.0, 10, 1, 10.0, 1.0), member(4.0, 10, 1, 30.0, 1.0)};
  for (Snapshot& s : members[1].series) s.layer_voxels[kPapillary] = 300;
  members[1].healthy.layer_voxels[kPapillary] = 300;
  const auto pooled = skintwin::outcome::pool_sections(members, kErythema);
  const Snapshot& t0 = pooled.series[0];
  EXPECT_NEAR(t0.layer_means[kPapillary][index(Species::Elastin)], (100.0 * 2.0 + 300.0 * 4.0) / 400.0, 1e-12);
  EXPECT_NEAR(t0.erythema_index, (100.0 * 10.0 + 300.0 * 30.0) / 400.0, 1e-9);
  // The wound zones are as large in both: their means weigh equally.
  EXPECT_NEAR(t0.wound_means[index(Species::Fibroblasts)], 3.0, 1e-12);
}

TEST(EnsemblePooling, OutcomesOfThePoolAndTheirSpread) {
  const std::vector<SectionSeries> members = {member(4.0, 30, 3, 40.0, 1.0), member(2.0, 10, 1, 20.0, 0.0),
                                              member(1.0, 0, 0, 0.0, 1.0)};
  const auto e = skintwin::outcome::ensemble_outcomes(members, with_threshold(10.0), false, {});
  ASSERT_EQ(e.members.size(), 3u);
  EXPECT_DOUBLE_EQ(e.pooled.fibroblast_ratio_wound.value, 3.5);
  EXPECT_NEAR(e.pooled.erythema_index.value, 20.0, 1e-12);
  // ΔEI 20 / (1 + t) falls to 10 at day 1: the pooled area is red for a day.
  EXPECT_NEAR(e.pooled.redness_downtime_days, 1.0, 1e-12);
  // Spread over all three members for areal outcomes ...
  const auto& erythema = spread_named(e.spread, "erythema_index.value");
  EXPECT_EQ(erythema.members, 3u);
  EXPECT_NEAR(erythema.mean, 20.0, 1e-12);
  EXPECT_NEAR(erythema.sd, 20.0, 1e-12);
  EXPECT_NEAR(erythema.sem, 20.0 / std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(erythema.min, 0.0, 1e-12);
  EXPECT_NEAR(erythema.max, 40.0, 1e-12);
  // ... over the two wounded ones for wound-zone outcomes ...
  const auto& fibroblasts = spread_named(e.spread, "fibroblast_ratio_wound.value");
  EXPECT_EQ(fibroblasts.members, 2u);
  EXPECT_DOUBLE_EQ(fibroblasts.mean, 3.0);
  // ... and over those with openings for closure (the one never closed has none to give).
  const auto& closure = spread_named(e.spread, "closure_time_h");
  EXPECT_EQ(closure.members, 1u);
  EXPECT_DOUBLE_EQ(closure.sd, 0.0);
  // Per-layer change at the last sample (day 2): collagen 1 + (level - 1) / 3 against 1.
  const auto change = e.pooled.final_change[kPapillary];
  ASSERT_TRUE(change && change->collagen_total_pct);
  EXPECT_NEAR(*change->collagen_total_pct, 100.0 * (1.0 + (7.0 / 3.0 - 1.0) / 3.0 - 1.0), 1e-9);
  EXPECT_FALSE(e.pooled.final_change[static_cast<std::size_t>(skintwin::tissue::LayerKind::Epidermis)]);
}

// The dilation saturates in the load of the whole area, so the pooled index is that of the pooled
// load, not the mean of the sections' indices: one section with load 2, one with none, pool to
// load 1 (half-maximal dilation: 100 x 1.5 / 2 = 75), where the mean index would be 50.
TEST(EnsemblePooling, ErythemaOfThePoolIsThatOfThePooledLoad) {
  std::vector<SectionSeries> members = {member(1.0, 0, 0, 0.0, 1.0), member(1.0, 0, 0, 0.0, 1.0)};
  members[0].series[0].erythema.column_damage_um = 2.0 * kErythema.load_length_um;
  members[0].series[0].erythema_index = skintwin::outcome::erythema_index(members[0].series[0].erythema, kErythema);
  EXPECT_NEAR(members[0].series[0].erythema_index, 100.0, 1e-9);
  const auto pooled = skintwin::outcome::pool_sections(members, kErythema);
  EXPECT_NEAR(pooled.series[0].erythema.column_damage_um, kErythema.load_length_um, 1e-12);
  EXPECT_NEAR(pooled.series[0].erythema_index, 75.0, 1e-9);
}

// One value per stratum, in order: neighbouring strata are paired (the last three together where
// their number is odd) and the spread within the pairs estimates the standard error.
TEST(EnsemblePooling, CollapsedStrataStandardError) {
  using skintwin::outcome::collapsed_strata_sem;
  // Pairs (1, 3) and (10, 12): 2 x ((1 - 2)^2 + (3 - 2)^2) + 2 x (1 + 1) = 8; sqrt(8) / 4.
  EXPECT_NEAR(*collapsed_strata_sem(std::vector<double>{1.0, 3.0, 10.0, 12.0}), std::sqrt(8.0) / 4.0, 1e-12);
  // Five: a pair (0, 2) and a triple (4, 5, 6): 2 x 2 + 3/2 x 2 = 7; sqrt(7) / 5.
  EXPECT_NEAR(*collapsed_strata_sem(std::vector<double>{0.0, 2.0, 4.0, 5.0, 6.0}), std::sqrt(7.0) / 5.0, 1e-12);
  // Strata far apart with little spread inside them: far below the sd / sqrt(n) of independent draws.
  const std::vector<double> steps = {0.0, 0.1, 10.0, 10.1, 20.0, 20.1, 30.0, 30.1};
  EXPECT_LT(*collapsed_strata_sem(steps), 0.1);
  EXPECT_FALSE(collapsed_strata_sem(std::vector<double>{1.0}));
  // In an ensemble: only for the outcomes that count every member, and only when asked.
  const std::vector<SectionSeries> members = {member(4.0, 30, 3, 40.0, 1.0), member(2.0, 10, 1, 20.0, 0.0),
                                              member(1.0, 0, 0, 0.0, 1.0)};
  const auto plain = skintwin::outcome::ensemble_outcomes(members, with_threshold(10.0), false, {});
  EXPECT_FALSE(spread_named(plain.spread, "erythema_index.value").sem_stratified);
  const auto stratified = skintwin::outcome::ensemble_outcomes(members, with_threshold(10.0), true, {});
  const auto& erythema = spread_named(stratified.spread, "erythema_index.value");
  ASSERT_TRUE(erythema.sem_stratified);
  EXPECT_NEAR(*erythema.sem_stratified, std::sqrt(1.5 * 800.0) / 3.0, 1e-9);  // one triple: 40, 20, 0
  EXPECT_FALSE(spread_named(stratified.spread, "fibroblast_ratio_wound.value").sem_stratified);
}

// A course's outcomes: wound-zone peaks are each session's against its own wound zone, the largest
// wins (its day in the course), closure is the first session's, redness the sum of the sessions'.
// A first session that missed the section (no wound zone, no openings) does not zero them.
TEST(EnsemblePooling, CourseOutcomesTakeEachSessionAgainstItsOwnWound) {
  SectionSeries missed = member(1.0, 0, 0, 20.0, 1.0);
  SectionSeries hit = member(3.0, 12, 2, 30.0, 1.0);
  for (Snapshot& row : hit.series) row.t_days += 28.0;  // the second session, on day 28
  const std::vector<SectionSeries> segments = {missed, hit};
  const auto both = skintwin::outcome::course_outcomes(segments, 10.0, {});
  const auto& course = both.course;
  EXPECT_DOUBLE_EQ(course.fibroblast_ratio_wound.value, 3.0);
  EXPECT_DOUBLE_EQ(course.fibroblast_ratio_wound.t_days, 28.0);
  const auto sessions = skintwin::outcome::per_session_outcomes(segments, 10.0, {});
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_DOUBLE_EQ(sessions[1].final_day, 2.0);
  ASSERT_EQ(both.sessions.size(), 2u);  // the same per-session outcomes come with the course's
  EXPECT_EQ(both.sessions[1].redness_downtime_days, sessions[1].redness_downtime_days);
  // ΔEI 20 / (1 + t) and 30 / (1 + t) over the threshold 10: 1 and 2 days.
  EXPECT_NEAR(course.redness_downtime_days, 1.0 + 2.0, 1e-12);
  EXPECT_EQ(course.closure_time_h, sessions[0].closure_time_h);
  // The course's healthy wound baselines are the first session's; its finals the last's.
  EXPECT_EQ(course.vessel_ratio_wound_final, sessions[1].vessel_ratio_wound_final);
  // In an ensemble, a member whose first session opened nothing gives no closure to the spread.
  const std::vector<std::vector<SectionSeries>> members = {segments, {member(3.0, 12, 2, 30.0, 1.0), hit}};
  const auto e = skintwin::outcome::ensemble_outcomes(members, with_threshold(10.0), false, {});
  ASSERT_EQ(e.sessions.size(), 2u);
  EXPECT_EQ(spread_named(e.spread, "closure_time_h").members, 1u);
  EXPECT_EQ(spread_named(e.spread, "fibroblast_ratio_wound.value").members, 2u);
  EXPECT_THROW(skintwin::outcome::per_session_outcomes(std::vector<SectionSeries>{SectionSeries{}}, 10.0, {}),
               std::invalid_argument);
}

TEST(EnsemblePooling, OneMemberIsItsOwnPool) {
  const std::vector<SectionSeries> one = {member(3.0, 12, 2, 30.0, 1.0)};
  const auto e = skintwin::outcome::ensemble_outcomes(one, with_threshold(10.0), false, {});
  const auto alone = skintwin::outcome::session_outcomes(one[0].series, one[0].healthy, 10.0, {});
  EXPECT_EQ(e.pooled.fibroblast_ratio_wound.value, alone.fibroblast_ratio_wound.value);
  EXPECT_EQ(e.pooled.redness_downtime_days, alone.redness_downtime_days);
  EXPECT_EQ(e.pooled.closure_time_h, alone.closure_time_h);
  EXPECT_DOUBLE_EQ(spread_named(e.spread, "erythema_index.value").sd, 0.0);
}

TEST(EnsemblePooling, RefusesNoMembersOrMismatchedSamples) {
  EXPECT_THROW(skintwin::outcome::pool_sections({}, kErythema), std::invalid_argument);
  std::vector<SectionSeries> members = {member(2.0, 5, 1, 10.0, 1.0), member(2.0, 5, 1, 10.0, 1.0)};
  members[1].series[2].t_days = 2.5;
  EXPECT_THROW(skintwin::outcome::pool_sections(members, kErythema), std::invalid_argument);
  members[1].series.pop_back();
  EXPECT_THROW(skintwin::outcome::pool_sections(members, kErythema), std::invalid_argument);
}

namespace {

// A lesion's extent and colour are named outcomes (spread over an ensemble, targets of
// `skintwin sensitivity`); a run without a lesion has none of them.
TEST(NamedOutcomes, ALesionsWidthAreaAndColourAreNamed) {
  skintwin::outcome::SessionOutcomes o;
  EXPECT_FALSE(skintwin::outcome::outcome_value(o, "scar.width_mm").has_value());
  EXPECT_FALSE(skintwin::outcome::outcome_value(o, "lesion_colour.vessel_ratio").has_value());
  o.scar = skintwin::outcome::ScarOutcome{.width_mm = 1.25, .area_mm2 = 1.5};
  o.colour = skintwin::outcome::LesionColour{.vessel_ratio = 1.1};
  EXPECT_EQ(skintwin::outcome::outcome_value(o, "scar.width_mm"), 1.25);
  EXPECT_EQ(skintwin::outcome::outcome_value(o, "scar.area_mm2"), 1.5);
  EXPECT_EQ(skintwin::outcome::outcome_value(o, "lesion_colour.vessel_ratio"), 1.1);
}

}  // namespace
