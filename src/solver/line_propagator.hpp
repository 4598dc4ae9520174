#pragma once
// exp(t A) for the one-dimensional generators of weighted diffusion (docs/solver.md, "Weighted
// diffusion", the exponential scheme): the semi-discrete equations du/dt = A u are linear with constant
// coefficients, and their lateral and vertical parts commute, so a step is the product of one
// propagator per axis, each applied line by line. Entries are kept as banded rows: a propagator
// of a diffusion generator is non-negative and falls off super-exponentially away from the
// diagonal, so each row keeps the entries from `drop_below` x its largest one upwards.
#include <cstddef>
#include <vector>

namespace skintwin::solver::detail {

// Row k of a banded matrix: out[k] = sum_q values[offset[k] + q] * in[first[k] + q], q < count[k].
struct BandedRows {
  std::vector<int> first;
  std::vector<int> count;
  std::vector<std::size_t> offset;
  std::vector<double> values;
};

// exp(t D L) of the second-difference operator L on an unbounded line of cells of width h, as its
// kernel K(d) = exp(-x) I_d(x), x = 2 D t / h^2 (modified Bessel functions, by Miller's backward
// recurrence normalised with sum_d K(d) = 1): K[d] for d = 0 ... band (K(-d) = K(d)), trimmed where
// K(d) < drop_below K(0) and renormalised to sum to 1 again. A finite line is the unbounded one
// with ghost cells (ghost_cells): mirrored (no flux) or wrapped (periodic), exact either way.
// Throws std::invalid_argument on h <= 0, D < 0 or t < 0.
std::vector<double> lattice_heat_kernel(double h_um, double D_um2_per_min, double t_min, double drop_below);

// For a line of n cells with `padding` ghost cells on each side: the cell each of the n + 2 padding
// positions reads (position p is cell p - padding of the extended line). Periodic lines (n > 2)
// wrap; others mirror at each end (the image of a no-flux face), as often as the padding needs.
std::vector<int> ghost_cells(int n, int padding, bool periodic);

// The vertical generator of weighted diffusion on one column: du_k/dt = D / h^2 sum over the faces
// of k of f (u_k' / w_k' - u_k / w_k), with face weights f (0 = closed) and row weights w (0 = the
// row does not move). It is similar to a symmetric tridiagonal matrix, which is split at closed
// faces into blocks and diagonalised once (LAPACK dstev); exp(t A) for any t then costs one
// product per block.
class LayeredPropagator {
public:
  // weight_by_z: nz values >= 0; face_weight_z: nz - 1 values >= 0, 0 next to a row of weight 0
  // (WeightedDiffusionOperator checks both for either scheme before building one). Throws
  // std::invalid_argument on wrong sizes, std::runtime_error if LAPACK fails.
  LayeredPropagator(const std::vector<double>& weight_by_z, const std::vector<double>& face_weight_z,
                    double D_um2_per_min, double h_um);
  BandedRows at(double t_min, double drop_below) const;

private:
  struct Block {
    int first = 0, size = 0;
    std::vector<double> eigenvalues;   // per min
    std::vector<double> eigenvectors;  // column-major, size x size
  };
  std::vector<double> sqrt_weight_;  // 1 for rows of weight 0
  std::vector<double> weight_;       // the profile held still (1 for rows of weight 0)
  std::vector<Block> blocks_;
  int nz_ = 0;
};

}  // namespace skintwin::solver::detail
