#include "skintwin/outcome/lesion_gauge.hpp"

#include <cmath>
#include <cstdlib>
#include <numbers>
#include <stdexcept>
#include <utility>

#include "skintwin/model/species.hpp"
#include "skintwin/core/units.hpp"
#include "collagen_rows.hpp"

namespace skintwin::outcome {
namespace {

using detail::collagen_at;
using model::Species;

// Normalised Gaussian weights for offsets 0..3σ (in columns); {1} for σ = 0.
std::vector<double> gaussian_weights(double sigma_um, double spacing_um) {
  if (!(sigma_um > 0.0)) return {1.0};
  const double sigma = sigma_um / spacing_um;
  const auto reach = static_cast<std::size_t>(std::ceil(3.0 * sigma));
  std::vector<double> w(reach + 1);
  double total = 0.0;
  for (std::size_t d = 0; d <= reach; ++d) {
    w[d] = std::exp(-0.5 * (static_cast<double>(d) / sigma) * (static_cast<double>(d) / sigma));
    total += d == 0 ? w[d] : 2.0 * w[d];
  }
  for (double& x : w) x /= total;
  return w;
}

// Index i + offset folded back into [0, n): mirrored about the ends, or wrapped.
int folded(int i, int n, bool periodic) {
  if (periodic) return ((i % n) + n) % n;
  const int period = 2 * n;
  int m = ((i % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

}  // namespace

LesionGauge::LesionGauge(const tissue::LayerMap& layers, LesionColumns columns, const grid::FieldSet& before,
                     double spread_um)
    : dz_um_(before.grid().spacing_um(grid::Axis::Z)),
      dx_mm_(before.grid().spacing_um(grid::Axis::X) / units::kUmPerMm),
      dy_mm_(before.grid().is_2d() ? 0.0 : before.grid().spacing_um(grid::Axis::Y) / units::kUmPerMm),
      section_(before.grid().is_2d()),
      plane_(layers.plane_size()),
      nx_(before.grid().nx()),
      ny_(before.grid().ny()),
      periodic_(!before.grid().is_2d()),
      kernel_x_(gaussian_weights(spread_um, before.grid().spacing_um(grid::Axis::X))),
      kernel_y_(before.grid().is_2d() ? std::vector<double>{1.0}
                                      : gaussian_weights(spread_um, before.grid().spacing_um(grid::Axis::Y))),
      columns_(std::move(columns)) {
  if (columns_.lesion.empty() || columns_.reference.empty())
    throw std::invalid_argument("LesionGauge: the lesion and the reference need at least one column each");
  if (columns_.floor.empty()) throw std::invalid_argument("LesionGauge: the lesion needs a floor");
  for (int k = 0; k < layers.nz(); ++k) {
    if (layers.layer_of_z(k) == tissue::LayerKind::Epidermis) epidermis_rows_.push_back(k);
    if (layers.layer_of_z(k) == tissue::LayerKind::PapillaryDermis) papillary_rows_.push_back(k);
    if (!tissue::is_dermis(layers.layer_of_z(k))) continue;
    const double c = detail::row_collagen(before, plane_, k, columns_.reference);
    if (!(c > 0.0)) throw std::invalid_argument("LesionGauge: a dermis row of the reference holds no collagen");
    dermis_rows_.push_back(k);
    healthy_collagen_.push_back(c);
  }
  if (dermis_rows_.empty()) throw std::invalid_argument("LesionGauge: the grid has no dermis");
  matrix_before_um_ = column_matrix_um(before);
  double reference_um = 0.0;
  for (const std::size_t c : columns_.reference) reference_um += matrix_before_um_[c];
  reference_um /= static_cast<double>(columns_.reference.size());
  depth_before_um_.resize(matrix_before_um_.size());
  for (std::size_t c = 0; c < matrix_before_um_.size(); ++c) depth_before_um_[c] = reference_um - matrix_before_um_[c];
  double floor_um = 0.0;
  for (const std::size_t c : columns_.floor) floor_um += depth_before_um_[c];
  half_floor_depth_um_ = 0.5 * floor_um / static_cast<double>(columns_.floor.size());
}

std::vector<double> LesionGauge::column_matrix_um(const grid::FieldSet& fields) const {
  std::vector<double> matrix(plane_, 0.0);
  for (std::size_t r = 0; r < dermis_rows_.size(); ++r) {
    const std::size_t row_start = static_cast<std::size_t>(dermis_rows_[r]) * plane_;
    for (std::size_t c = 0; c < plane_; ++c) matrix[c] += collagen_at(fields, row_start + c) / healthy_collagen_[r];
  }
  for (double& m : matrix) m *= dz_um_;
  return matrix;
}

std::vector<double> LesionGauge::spread(std::vector<double> v) const {
  const auto pass = [&](const std::vector<double>& in, const std::vector<double>& w, bool along_x) {
    std::vector<double> out(in.size(), 0.0);
    const int reach = static_cast<int>(w.size()) - 1;
    for (int j = 0; j < ny_; ++j)
      for (int i = 0; i < nx_; ++i) {
        double sum = 0.0;
        for (int d = -reach; d <= reach; ++d) {
          const int ii = along_x ? folded(i + d, nx_, periodic_) : i;
          const int jj = along_x ? j : folded(j + d, ny_, periodic_);
          sum += w[static_cast<std::size_t>(std::abs(d))] *
                 in[static_cast<std::size_t>(jj) * static_cast<std::size_t>(nx_) + static_cast<std::size_t>(ii)];
        }
        out[static_cast<std::size_t>(j) * static_cast<std::size_t>(nx_) + static_cast<std::size_t>(i)] = sum;
      }
    return out;
  };
  if (kernel_x_.size() > 1) v = pass(v, kernel_x_, true);
  if (kernel_y_.size() > 1) v = pass(v, kernel_y_, false);
  return v;
}

LesionReading LesionGauge::read(const grid::FieldSet& fields) const {
  std::vector<double> gain = column_matrix_um(fields);
  for (std::size_t c = 0; c < gain.size(); ++c) gain[c] -= matrix_before_um_[c];
  const std::vector<double> lift = spread(std::move(gain));
  double reference_lift = 0.0;
  for (const std::size_t c : columns_.reference) reference_lift += lift[c];
  reference_lift /= static_cast<double>(columns_.reference.size());
  const auto depth = [&](std::size_t c) { return depth_before_um_[c] - (lift[c] - reference_lift); };
  const auto mean_depth = [&](const std::vector<std::size_t>& columns) {
    double sum = 0.0;
    for (const std::size_t c : columns) sum += depth(c);
    return sum / static_cast<double>(columns.size());
  };
  std::size_t deep = 0;
  for (const std::size_t c : columns_.lesion)
    if (depth(c) >= half_floor_depth_um_) ++deep;
  const double reference_melanin = epidermal_melanin(fields, columns_.reference);
  const auto vessels = fields.field(model::index(Species::Vessels));
  const double reference_vessels = mean_over_rows(vessels, papillary_rows_, columns_.reference);
  LesionReading reading{
      .depth_um = mean_depth(columns_.floor),
      .mean_depth_um = mean_depth(columns_.lesion),
      .melanin_ratio = reference_melanin > 0.0 ? epidermal_melanin(fields, columns_.lesion) / reference_melanin : 0.0,
      .vessel_ratio = reference_vessels > 0.0
                          ? mean_over_rows(vessels, papillary_rows_, columns_.lesion) / reference_vessels
                          : std::numeric_limits<double>::quiet_NaN()};  // no papillary plexus to compare
  if (!(half_floor_depth_um_ > 0.0)) return reading;  // a flat lesion (pigment only) has no depth to halve
  if (section_) {
    reading.width_mm = static_cast<double>(deep) * dx_mm_;  // a 2D section cuts across the centre
  } else {
    reading.area_mm2 = static_cast<double>(deep) * dx_mm_ * dy_mm_;
    reading.width_mm = columns_.line ? reading.area_mm2 / (static_cast<double>(ny_) * dy_mm_)
                                     : 2.0 * std::sqrt(reading.area_mm2 / std::numbers::pi);
  }
  return reading;
}

double LesionGauge::epidermal_melanin(const grid::FieldSet& fields, const std::vector<std::size_t>& columns) const {
  const auto melanin = fields.field(model::index(Species::Melanin));
  double sum = 0.0;  // per column, summed over the epidermis' rows (its content), not their mean
  for (const int k : epidermis_rows_)
    for (const std::size_t c : columns) sum += static_cast<double>(melanin[static_cast<std::size_t>(k) * plane_ + c]);
  return sum / static_cast<double>(columns.size());
}

double LesionGauge::mean_over_rows(std::span<const grid::Real> field, const std::vector<int>& rows,
                                   const std::vector<std::size_t>& columns) const {
  if (rows.empty()) return 0.0;
  double sum = 0.0;
  for (const int k : rows)
    for (const std::size_t c : columns) sum += static_cast<double>(field[static_cast<std::size_t>(k) * plane_ + c]);
  return sum / static_cast<double>(columns.size() * rows.size());
}

}  // namespace skintwin::outcome
