#include "skintwin/solver/tridiagonal.hpp"

#include <stdexcept>

namespace skintwin::solver {

void solve_tridiagonal(std::span<const double> lower, std::span<const double> diag, std::span<const double> upper,
                       std::span<const double> rhs, std::span<double> x, std::vector<double>& scratch) {
  const std::size_t n = diag.size();
  if (lower.size() != n || upper.size() != n || rhs.size() != n || x.size() != n)
    throw std::invalid_argument("solve_tridiagonal: lower, diag, upper, rhs and x must have the same length");
  scratch.assign(2 * n, 0.0);
  double* const c_prime = scratch.data();
  double* const d_prime = scratch.data() + n;
  for (std::size_t k = 0; k < n; ++k) {
    const double a = k > 0 ? lower[k] : 0.0;
    const double c = k + 1 < n ? upper[k] : 0.0;
    const double denominator = diag[k] - (k > 0 ? a * c_prime[k - 1] : 0.0);
    c_prime[k] = c / denominator;
    d_prime[k] = (rhs[k] - (k > 0 ? a * d_prime[k - 1] : 0.0)) / denominator;
  }
  for (std::size_t k = n; k-- > 0;) x[k] = d_prime[k] - (k + 1 < n ? c_prime[k] * x[k + 1] : 0.0);
}

}  // namespace skintwin::solver
