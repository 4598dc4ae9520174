// The CSV outputs read right with a standard CSV reader at its defaults: Python's csv module must
// see the header as the first row and the same number of cells in every row. A leading
// "# notice" line (it has a comma) used to make pandas.read_csv build a two-column table.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_cli.hpp"
#include "skintwin/io/simulation_files.hpp"

namespace skintwin::test {
namespace {

namespace fs = std::filesystem;

inline void use_passive_openmp_waits() { ::setenv("OMP_WAIT_POLICY", "passive", 0); }

// The system Python first (`python3` on PATH may be a separate installation); the csv module is
// in the standard library of either.
std::string python() {
  if (fs::exists("/usr/bin/python3")) return "/usr/bin/python3";
  return std::system("python3 -c pass >/dev/null 2>&1") == 0 ? "python3" : "";
}

// The rows as Python's csv.reader sees them with every default: the first row, the distinct row
// widths and the number of rows.
struct CsvView {
  std::vector<std::string> first_row;
  std::vector<std::size_t> widths;
  std::size_t rows = 0;
};

CsvView read_with_python_csv(const std::string& py, const fs::path& file) {
  const std::string script =
      "import csv, json, sys\n"
      "rows = list(csv.reader(open(sys.argv[1])))\n"
      "print(json.dumps({'first_row': rows[0] if rows else [], 'widths': sorted({len(r) for r in rows}),"
      " 'rows': len(rows)}))\n";
  const std::string cmd = "'" + py + "' -c \"" + script + "\" '" + file.string() + "'";
  std::string out;
  if (FILE* pipe = ::popen(cmd.c_str(), "r")) {
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
    EXPECT_EQ(::pclose(pipe), 0) << cmd;
  }
  const auto j = nlohmann::json::parse(out);
  return {j.at("first_row").get<std::vector<std::string>>(), j.at("widths").get<std::vector<std::size_t>>(),
          j.at("rows").get<std::size_t>()};
}

TEST(CsvReaders, PythonCsvReadsTheTimeSeriesHeaderFirst) {
  const std::string py = python();
  if (py.empty()) GTEST_SKIP() << "no python3";
  use_passive_openmp_waits();
  const auto dir = scratch_dir("csv_timeseries");
  const auto r = run_cli(
      "simulate examples/cheek_pen_1p5mm.toml --set simulate.width_mm=1 --set simulate.spacing_um=40 "
      "--set simulate.duration_days=0.5 --set simulate.fields_every_days=0 --quiet -o '" +
      dir.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CsvView csv = read_with_python_csv(py, dir / "timeseries.csv");
  EXPECT_EQ(csv.first_row, io::timeseries_columns());
  ASSERT_EQ(csv.widths.size(), 1u) << "rows of different widths";
  EXPECT_EQ(csv.widths.front(), io::timeseries_columns().size());
  EXPECT_GE(csv.rows, 3u);  // the header and at least day 0 and day 0.5
  fs::remove_all(dir);
}

TEST(CsvReaders, PythonCsvReadsThePuncturesHeaderFirst) {
  const std::string py = python();
  if (py.empty()) GTEST_SKIP() << "no python3";
  const auto dir = scratch_dir("csv_punctures");
  const auto r = run_cli(
      "punctures examples/pen_12_cheek.toml --set protocol.area_width_mm=5 --set protocol.area_length_mm=5 -o '" +
      dir.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CsvView csv = read_with_python_csv(py, dir / "punctures.csv");
  const std::vector<std::string> expected{"pass",     "needle",          "x_mm",
                                          "y_mm",     "set_depth_um",    "depth_um",
                                          "surface_radius_um", "deepest_layer", "crosses_epidermis",
                                          "crosses_papillary_dermis", "crosses_reticular_dermis",
                                          "crosses_hypodermis"};
  EXPECT_EQ(csv.first_row, expected);
  ASSERT_EQ(csv.widths.size(), 1u) << "rows of different widths";
  EXPECT_EQ(csv.widths.front(), expected.size());
  const auto summary = nlohmann::json::parse(slurp(dir / "summary.json"));
  EXPECT_EQ(csv.rows, summary.at("count").get<std::size_t>() + 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace skintwin::test
