#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>

#include "skintwin/grid/boundary.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"

namespace skintwin::grid {
namespace {

TEST(Grid, StorageOrderIsXFastestThenYThenZ) {
  const auto g = Grid::make_3d(4, 3, 5, 10.0, 20.0, 5.0);
  EXPECT_EQ(g.voxels(), 60u);
  EXPECT_EQ(g.index(1, 0, 0), 1u);
  EXPECT_EQ(g.index(0, 1, 0), 4u);
  EXPECT_EQ(g.index(0, 0, 1), 12u);
  EXPECT_EQ(g.index(3, 2, 4), 59u);
  EXPECT_EQ(g.stride(Axis::X), 1u);
  EXPECT_EQ(g.stride(Axis::Y), 4u);
  EXPECT_EQ(g.stride(Axis::Z), 12u);
}

TEST(Grid, CellCentresAndExtents) {
  const auto g = Grid::make_3d(4, 3, 5, 10.0, 20.0, 5.0);
  EXPECT_DOUBLE_EQ(g.center_um(Axis::X, 0), 5.0);
  EXPECT_DOUBLE_EQ(g.center_um(Axis::Z, 4), 22.5);
  EXPECT_DOUBLE_EQ(g.extent_um(Axis::Y), 60.0);
  EXPECT_DOUBLE_EQ(g.voxel_volume_um3(), 1000.0);
}

TEST(Grid, TwoDimensionalGridIsXZ) {
  const auto g = Grid::make_2d(7, 9, 10.0, 15.0);
  EXPECT_TRUE(g.is_2d());
  EXPECT_EQ(g.dimensions(), 2);
  EXPECT_EQ(g.ny(), 1);
  EXPECT_EQ(g.n(Axis::Z), 9);
  EXPECT_EQ(g.stride(Axis::Z), 7u);
  EXPECT_DOUBLE_EQ(g.voxel_volume_um3(), 150.0);
}

TEST(Grid, RejectsEmptyAxesAndBadSpacing) {
  EXPECT_THROW(Grid::make_2d(0, 3, 10.0, 10.0), std::invalid_argument);
  EXPECT_THROW(Grid::make_3d(3, 3, 3, 10.0, -1.0, 10.0), std::invalid_argument);
}

TEST(Boundary, OppositeFaces) {
  EXPECT_EQ(opposite(Face::XMin), Face::XMax);
  EXPECT_EQ(opposite(Face::YMax), Face::YMin);
  EXPECT_EQ(opposite(Face::ZMin), Face::ZMax);
}

TEST(Boundary, DefaultsToNoFluxAndSetsPerSpeciesAndFace) {
  BoundarySet bcs(2);
  EXPECT_EQ(bcs.get(1, Face::ZMax).kind, BoundaryKind::NoFlux);
  bcs.set(1, Face::ZMin, {BoundaryKind::FixedValue, 0.25});
  EXPECT_EQ(bcs.get(1, Face::ZMin).kind, BoundaryKind::FixedValue);
  EXPECT_DOUBLE_EQ(bcs.get(1, Face::ZMin).value, 0.25);
  EXPECT_EQ(bcs.get(0, Face::ZMin).kind, BoundaryKind::NoFlux);
  bcs.set_all_species(Face::XMax, {BoundaryKind::FixedValue, 1.0});
  EXPECT_EQ(bcs.get(0, Face::XMax).kind, BoundaryKind::FixedValue);
  EXPECT_NO_THROW(bcs.validate());
}

TEST(Boundary, PeriodicNeedsBothFacesOfTheAxis) {
  BoundarySet bcs(2);
  bcs.set_periodic(Face::YMax);
  EXPECT_EQ(bcs.get(0, Face::YMin).kind, BoundaryKind::Periodic);
  EXPECT_EQ(bcs.get(1, Face::YMax).kind, BoundaryKind::Periodic);
  EXPECT_NO_THROW(bcs.validate());
  bcs.set(1, Face::YMin, {BoundaryKind::NoFlux, 0.0});
  EXPECT_THROW(bcs.validate(), std::invalid_argument);
}

TEST(FieldSet, FieldsAreAlignedAndNamed) {
  const auto g = Grid::make_3d(5, 3, 2, 10.0, 10.0, 10.0);
  FieldSet f(g, {"a", "b", "c"}, Real{2});
  EXPECT_EQ(f.count(), 3u);
  EXPECT_EQ(f.index_of("c"), 2u);
  EXPECT_EQ(f.field("b").size(), 30u);
  EXPECT_EQ(f.field(1)[29], Real{2});
  EXPECT_EQ(f.bytes(), 3u * 30u * sizeof(Real));
  for (std::size_t s = 0; s < 3; ++s) EXPECT_EQ(reinterpret_cast<std::uintptr_t>(f.field(s).data()) % 64, 0u);
  EXPECT_THROW((void)f.index_of("d"), std::out_of_range);
  EXPECT_THROW(FieldSet(g, {"a", "a"}), std::invalid_argument);
}

}  // namespace
}  // namespace skintwin::grid
