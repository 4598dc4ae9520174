#pragma once
// Boundary conditions: one small API per face and per species, used by every operator
// (diffusion, taxis). Values are imposed at the face itself (cell-centred grid: the face lies
// half a cell outside the first cell centre).
#include <array>
#include <cstddef>
#include <vector>

namespace skintwin::grid {

enum class Face { XMin = 0, XMax = 1, YMin = 2, YMax = 3, ZMin = 4, ZMax = 5 };
inline constexpr std::size_t kFaceCount = 6;

enum class BoundaryKind {
  NoFlux,      // zero normal flux (homogeneous Neumann)
  FixedValue,  // Dirichlet: the species equals `value` at the face
  Periodic,    // leaves through this face, re-enters through the opposite one
};

struct BoundaryCondition {
  BoundaryKind kind = BoundaryKind::NoFlux;
  double value = 0.0;  // used by FixedValue only
};

class BoundarySet {
public:
  explicit BoundarySet(std::size_t species_count);  // all faces no-flux

  void set(std::size_t species, Face face, BoundaryCondition bc);
  void set_all_species(Face face, BoundaryCondition bc);
  // Periodic on both faces of the axis for every species (the lateral sides of a 3D patch).
  void set_periodic(Face either_face_of_axis);

  const BoundaryCondition& get(std::size_t species, Face face) const { return bcs_.at(species)[static_cast<std::size_t>(face)]; }
  std::size_t species_count() const noexcept { return bcs_.size(); }
  // Throws std::invalid_argument if a face is periodic and its opposite face is not.
  void validate() const;

private:
  std::vector<std::array<BoundaryCondition, kFaceCount>> bcs_;
};

Face opposite(Face face) noexcept;

}  // namespace skintwin::grid
