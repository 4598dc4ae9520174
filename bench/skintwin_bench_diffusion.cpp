// Whole-run throughput of the diffusion solver on the reference problem (see
// docs/performance.md). Prints voxel-species-steps per second, ms per step, bytes per
// voxel-species and the fraction of the machine's memory-bandwidth limit.
#include <fmt/core.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "reference_problem.hpp"

namespace {

struct Options {
  int threads = 2;
  int steps = 100;
  int species = 10;
  int repeats = 1;
  int nx = 0, ny = 0, nz = 0;  // > 0: this grid instead of the reference one (ny ignored in 2D)
  double spacing_um = 10.0;
  bool two_d = false;
  bool bandwidth = false;
  skintwin::bench::Multiplier multiplier = skintwin::bench::Multiplier::None;
};

[[noreturn]] void usage(const char* bad) {
  fmt::print(stderr, "skintwin_bench_diffusion: bad argument '{}'\n"
             "usage: skintwin_bench_diffusion [--threads N] [--steps N] [--species N] [--repeats N] [--2d]\n"
             "                                [--nx N --nz N [--ny N]] [--spacing-um H]\n"
             "                                [--layered | --per-voxel] [--bandwidth]\n", bad);
  std::exit(2);
}

int positive(const char* text) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v < 1 || v > 1'000'000) usage(text);
  return static_cast<int>(v);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int a = 1; a < argc; ++a) {
    const std::string_view arg = argv[a];
    const bool has_value = a + 1 < argc;
    if (arg == "--2d") o.two_d = true;
    else if (arg == "--bandwidth") o.bandwidth = true;
    else if (arg == "--layered") o.multiplier = skintwin::bench::Multiplier::Layered;
    else if (arg == "--per-voxel") o.multiplier = skintwin::bench::Multiplier::PerVoxel;
    else if (arg == "--threads" && has_value) o.threads = positive(argv[++a]);
    else if (arg == "--steps" && has_value) o.steps = positive(argv[++a]);
    else if (arg == "--species" && has_value) o.species = positive(argv[++a]);
    else if (arg == "--repeats" && has_value) o.repeats = positive(argv[++a]);
    else if (arg == "--nx" && has_value) o.nx = positive(argv[++a]);
    else if (arg == "--ny" && has_value) o.ny = positive(argv[++a]);
    else if (arg == "--nz" && has_value) o.nz = positive(argv[++a]);
    else if (arg == "--spacing-um" && has_value) o.spacing_um = positive(argv[++a]);
    else usage(argv[a]);
  }
  return o;
}

// Best of five in-place scaling passes (one read and one write of every value) over `bytes` of
// floats: the memory rate that bounds a solver step making one such pass per sweep group.
double scale_pass_gb_per_s(std::size_t bytes, int threads) {
  std::vector<float> data(bytes / sizeof(float), 1.0f);
  const auto n = static_cast<std::ptrdiff_t>(data.size());
  double best = 0.0;
  for (int r = 0; r < 5; ++r) {
    const auto start = std::chrono::steady_clock::now();
#pragma omp parallel for simd schedule(static) num_threads(threads)
    for (std::ptrdiff_t i = 0; i < n; ++i) data[static_cast<std::size_t>(i)] *= 0.999f;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::max(best, 2.0 * static_cast<double>(bytes) / s / 1e9);
  }
  return best + 0.0 * data[0];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace skintwin;
  const Options o = parse(argc, argv);
  if (o.bandwidth) {
    for (const std::size_t mb : {40, 2048})
      fmt::print("read+write pass over {} MB, {} thread(s): {:.1f} GB/s\n", mb, o.threads,
                 scale_pass_gb_per_s(mb << 20, o.threads));
    return 0;
  }
  omp_set_num_threads(o.threads);
  if ((o.nx > 0) != (o.nz > 0) || (o.ny > 0 && (o.two_d || o.nx == 0))) usage("--nx/--ny/--nz");
  const double h = o.spacing_um;
  const grid::Grid g = o.nx == 0 ? bench::reference_grid(o.two_d)
                       : o.two_d ? grid::Grid::make_2d(o.nx, o.nz, h, h)
                                 : grid::Grid::make_3d(o.nx, o.ny > 0 ? o.ny : o.nx, o.nz, h, h, h);
  grid::FieldSet fields(g, bench::species_names(o.species));
  bench::fill_reference(fields);
  solver::DiffusionSolver solver(g, bench::reference_species(o.species, g, o.multiplier),
                                 grid::BoundarySet(fields.count()));
  solver.step(fields, bench::kReferenceDt_min);  // warm-up: factorisation, scratch, page faults

  std::vector<double> seconds;
  for (int r = 0; r < o.repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (int s = 0; s < o.steps; ++s) solver.step(fields, bench::kReferenceDt_min);
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  const double best = seconds.front(), median = seconds[seconds.size() / 2];
  const double work = static_cast<double>(g.voxels()) * static_cast<double>(o.species) * o.steps;
  const bool is_double = sizeof(grid::Real) == 8;
  const double limit = is_double ? bench::kBandwidthLimitDouble : bench::kBandwidthLimitFloat;
  const double bytes_per_vs = static_cast<double>(fields.bytes()) / (static_cast<double>(g.voxels()) * o.species);

  fmt::print("grid {}x{}x{} ({}), {} species, {} steps x {} repeats, {} thread(s), {}, D multiplier: {}\n", g.nx(),
             g.ny(), g.nz(), o.two_d ? "2D" : "3D", o.species, o.steps, o.repeats, o.threads,
             is_double ? "double" : "float", bench::multiplier_name(o.multiplier));
  fmt::print("throughput best   {:.1f} M voxel-species-steps/s ({:.3f} ms/step)\n", work / best / 1e6,
             1e3 * best / o.steps);
  fmt::print("throughput median {:.1f} M voxel-species-steps/s ({:.3f} ms/step)\n", work / median / 1e6,
             1e3 * median / o.steps);
  fmt::print("field storage {:.0f} bytes per voxel-species; bandwidth limit {:.1f} G/s -> best is {:.0f}% of it\n",
             bytes_per_vs, limit / 1e9, 100.0 * work / best / limit);
  // Keeps the result observable so the solve cannot be optimised away.
  double checksum = 0.0;
  for (std::size_t s = 0; s < fields.count(); ++s) checksum += static_cast<double>(fields.field(s)[g.voxels() / 2]);
  fmt::print("checksum {:.6g}\n", checksum);
  return 0;
}
