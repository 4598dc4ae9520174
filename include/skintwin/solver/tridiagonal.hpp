#pragma once
// The scalar Thomas algorithm for one tridiagonal system (see docs/solver.md).
//
// The LOD diffusion solver (src/solver/diffusion_line.cpp, diffusion_per_voxel.cpp) keeps its
// own factor-once, solve-many-lanes form of the same elimination: its multipliers are cached
// across lines and steps and its recurrences run across 16 SIMD lanes at a time; routing it
// through this one-line-at-a-time function would cost that speed (and change its rounding).
#include <span>
#include <vector>

namespace skintwin::solver {

// Solves  lower[i] x[i-1] + diag[i] x[i] + upper[i] x[i+1] = rhs[i],  i = 0..n-1
// (lower[0] and upper[n-1] are ignored) without pivoting: the matrix must be diagonally
// dominant (or otherwise safe to eliminate in order). x may not alias the coefficients.
// scratch holds the eliminated upper diagonal and right-hand side (resized to 2n).
void solve_tridiagonal(std::span<const double> lower, std::span<const double> diag, std::span<const double> upper,
                       std::span<const double> rhs, std::span<double> x, std::vector<double>& scratch);

}  // namespace skintwin::solver
