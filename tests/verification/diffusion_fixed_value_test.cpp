// Accuracy of the fixed-value (Dirichlet) face, which sits half a cell outside the first cell
// centre: the sine mode between two faces held at 0 decays as exp(-D (pi / L)^2 t). The
// boundary cell's local truncation error is O(h), but the global error of this cell-centred
// scheme is expected to stay O(h^2); the observed order is asserted.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "skintwin/grid/boundary.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/solver/diffusion.hpp"

namespace skintwin {
namespace {

using grid::Axis;
using grid::BoundaryKind;
using grid::Face;
using grid::Real;

// Largest error, relative to the amplitude, of the sine mode at t_run on n cells.
double sine_mode_error(int n, int steps) {
  const double depth_um = 200.0, D = 100.0, t_run = 10.0;
  const double h = depth_um / n;
  const auto g = grid::Grid::make_2d(2, n, h, h);
  grid::BoundarySet bcs(1);
  bcs.set(0, Face::ZMin, {BoundaryKind::FixedValue, 0.0});
  bcs.set(0, Face::ZMax, {BoundaryKind::FixedValue, 0.0});
  grid::FieldSet fields(g, {"u"});
  const double k = std::numbers::pi / depth_um;
  for (int z = 0; z < n; ++z)
    for (int x = 0; x < 2; ++x) fields.field(0)[g.index(x, 0, z)] = static_cast<Real>(std::sin(k * g.center_um(Axis::Z, z)));
  solver::DiffusionSolver solver(g, {{D, 0.0, {}}}, bcs);
  for (int s = 0; s < steps; ++s) solver.step(fields, t_run / steps);
  const double amplitude = std::exp(-D * k * k * t_run);
  double err = 0.0;
  for (int z = 0; z < n; ++z)
    err = std::max(err, std::abs(fields.field(0)[g.index(1, 0, z)] - amplitude * std::sin(k * g.center_um(Axis::Z, z))));
  return err / amplitude;
}

TEST(DiffusionFixedValueAccuracy, SecondOrderInSpaceWithFacesHalfACellAway) {
  // dt tied to h^2 (D dt / h^2 = 0.1 throughout), so the O(dt) error shrinks as h^2 as well.
  const double e1 = sine_mode_error(10, 25), e2 = sine_mode_error(20, 100), e3 = sine_mode_error(40, 400);
  for (const double order : {std::log2(e1 / e2), std::log2(e2 / e3)}) {
    EXPECT_GT(order, 1.8);
    EXPECT_LT(order, 2.2);
  }
}

}  // namespace
}  // namespace skintwin
