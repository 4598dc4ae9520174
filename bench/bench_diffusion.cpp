// Google Benchmark of one diffusion step on the reference problem (3D 100^3 and 2D 1000x300,
// 10 species; 3D also with a per-plane and a per-voxel D multiplier); items processed are
// voxel-species-steps. Threads: OMP_NUM_THREADS.
#include <benchmark/benchmark.h>

#include "reference_problem.hpp"

namespace {

using namespace skintwin;

void run_steps(benchmark::State& state, bool two_d, bench::Multiplier multiplier = bench::Multiplier::None) {
  const int species = static_cast<int>(state.range(0));
  const grid::Grid g = bench::reference_grid(two_d);
  grid::FieldSet fields(g, bench::species_names(species));
  bench::fill_reference(fields);
  solver::DiffusionSolver solver(g, bench::reference_species(species, g, multiplier), grid::BoundarySet(fields.count()));
  solver.step(fields, bench::kReferenceDt_min);
  for (auto _ : state) {
    solver.step(fields, bench::kReferenceDt_min);
    benchmark::DoNotOptimize(fields.field(0).data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(g.voxels()) * species);
}

void BM_DiffusionStep3D(benchmark::State& state) { run_steps(state, false); }
void BM_DiffusionStep2D(benchmark::State& state) { run_steps(state, true); }
void BM_DiffusionStep3DLayered(benchmark::State& state) { run_steps(state, false, bench::Multiplier::Layered); }
void BM_DiffusionStep3DPerVoxel(benchmark::State& state) { run_steps(state, false, bench::Multiplier::PerVoxel); }

BENCHMARK(BM_DiffusionStep3D)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DiffusionStep2D)->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DiffusionStep3DLayered)->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DiffusionStep3DPerVoxel)->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
