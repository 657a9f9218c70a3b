// The HDF5 results file: round trip, reproducibility, the temporary-file and overwrite rules, the
// errors for files that are not results files, the docs matching the field lists, and reading the
// file without jimsim (h5py).
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sim/errors.hpp"
#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"
#include "sim/replicate.hpp"
#include "io/results_file.hpp"
#include "io/scenario.hpp"

namespace fs = std::filesystem;
using namespace jimsim;

namespace {

fs::path source_dir() {
#ifdef JIMSIM_SOURCE_DIR
  return fs::path(JIMSIM_SOURCE_DIR);
#else
  return fs::absolute(fs::path(__FILE__)).parent_path().parent_path();
#endif
}

// A fresh directory for one test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() / fmt::format("jimsim-test-results-{}-{}", ::getpid(), counter++);
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

// Equal including NaN (family records use NaN for "never").
bool same(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

int steps_of(const Parameters& p) {
  return static_cast<int>(std::ceil(p.simulation.horizon_weeks / p.simulation.time_step_weeks - 1e-9));
}

// Two scenarios with non-default parameters; their names sort the other way round from run order.
std::vector<Scenario> make_scenarios() {
  std::vector<Scenario> scenarios(2);
  auto& care = scenarios[0];
  care.name = "zeta-care-as-usual";
  care.description = "care as usual: no mentor (ü for UTF-8)";
  care.file = "scenarios/care-as-usual.toml";
  care.inheritance = {care.file};
  care.source_text = "# file: scenarios/care-as-usual.toml\n[mentor_search]\nenabled = false\n";
  care.parameters.mentor_search.enabled = false;
  care.parameters.simulation.time_step_weeks = 2.0;
  care.parameters.simulation.horizon_weeks = 53.0;  // 27 steps, the last one partial
  care.parameters.intake.cohort_size = 7;
  care.parameters.costs.basic_hour = 12.345678901234567;
  care.parameters.crisis.base_hazard = 0.1 + 0.2;  // not a short decimal

  auto& jim = scenarios[1];
  jim.name = "alpha-jim";
  jim.description = "";
  jim.file = "scenarios/jim.toml";
  jim.inheritance = {"scenarios/base.toml", jim.file};
  jim.source_text = "# file: scenarios/base.toml\n[intake]\ncohort_size = 5\n# file: scenarios/jim.toml\n"
                    "[scenario]\nbase = \"base.toml\"\n[mentor_dynamics]\nrole_clarity_start_meeting = true\n";
  jim.parameters.intake.cohort_size = 5;
  jim.parameters.mentor_dynamics.role_clarity_start_meeting = true;
  jim.parameters.professionals.caseload_cap = 12;
  jim.parameters.simulation.horizon_weeks = 10.0;
  return scenarios;
}

// A replicate result whose every number says where it belongs.
ReplicateResult make_result(int scenario, int replicate, const Parameters& p, int families) {
  const int steps = steps_of(p);
  ReplicateResult result;
  for (int g = 0; g < subgroup_count; ++g) {
    auto& o = result.outcomes[static_cast<std::size_t>(g)];
    double k = 0.0;
    const double base = scenario * 1e6 + replicate * 1e4 + g * 100;
#define JIMSIM_TEST_SET(name, unit, meaning) o.name = base + (k += 1.0) + 0.125;
    JIMSIM_OUTCOME_FIELDS(JIMSIM_TEST_SET)
#undef JIMSIM_TEST_SET
  }
  double s = 0.0;
#define JIMSIM_TEST_SERIES(name, unit, meaning)                                         \
  s += 1.0;                                                                             \
  for (int t = 0; t < steps; ++t) {                                                     \
    result.series.name.push_back(scenario * 1e6 + replicate * 1e4 + s * 1000 + t / 7.0); \
  }
  JIMSIM_SERIES_FIELDS(JIMSIM_TEST_SERIES)
#undef JIMSIM_TEST_SERIES
  result.by_year.resize(static_cast<std::size_t>(year_count(p)));
  for (std::size_t y = 0; y < result.by_year.size(); ++y) {
    double k = 0.0;
    const double base = scenario * 1e6 + replicate * 1e4 + static_cast<double>(y) * 100;
#define JIMSIM_TEST_SET(name, unit, meaning) result.by_year[y].name = base + (k += 1.0) + 0.25;
    JIMSIM_RESOURCE_USE_FIELDS(JIMSIM_TEST_SET)
#undef JIMSIM_TEST_SET
  }
  for (int f = 0; f < families; ++f) {
    FamilyRecord record;
    double k = 0.0;
    const double base = scenario * 1e6 + replicate * 1e4 + f * 100;
#define JIMSIM_TEST_SET(name, unit, meaning) record.name = base + (k += 1.0) + 0.5;
    JIMSIM_FAMILY_FIELDS(JIMSIM_TEST_SET)
#undef JIMSIM_TEST_SET
    if (f % 2 == 0) record.first_placement_week = std::numeric_limits<double>::quiet_NaN();
    result.families.push_back(record);
  }
  return result;
}

// Families per replicate: differs between replicates, and replicate 1 of scenario 0 has none.
int family_count(int scenario, int replicate) { return scenario == 0 && replicate == 1 ? 0 : 3 + replicate + scenario; }

RunInfo make_run(int replicates, bool family_records) {
  RunInfo run;
  run.program_version = "0.1.0+test";
  run.command_line = "jimsim run --seed 18446744073709551615 scenarios/care-as-usual.toml scenarios/jim.toml";
  run.seed = std::numeric_limits<std::uint64_t>::max();
  run.replicates = replicates;
  run.family_records = family_records;
  return run;
}

// The plan and provenance a run of these scenarios would have.
RunPlan plan_from(const RunInfo& run, const std::vector<Scenario>& scenarios) {
  RunPlan plan;
  plan.seed = run.seed;
  plan.replicates = run.replicates;
  plan.family_records = run.family_records;
  for (const auto& s : scenarios) {
    plan.points.push_back({s.name, s.description, s.file.string(), s.source_text, s.parameters});
  }
  return plan;
}
Provenance provenance_of(const RunInfo& run) { return {run.program_version, run.command_line}; }

// Writes a complete file, units in the order given (scenario, replicate pairs).
void write_file(const fs::path& file, const RunInfo& run, const std::vector<Scenario>& scenarios,
                const std::vector<std::pair<int, int>>& order, bool overwrite = false, int threads = 1) {
  ResultsWriter writer(file, plan_from(run, scenarios), provenance_of(run), {.overwrite = overwrite, .threads = threads});
  for (const auto& [s, r] : order) {
    writer.write_replicate(s, r, make_result(s, r, scenarios[static_cast<std::size_t>(s)].parameters, family_count(s, r)));
  }
  writer.commit();
}

std::vector<std::pair<int, int>> in_order(int scenarios, int replicates) {
  std::vector<std::pair<int, int>> order;
  for (int s = 0; s < scenarios; ++s) {
    for (int r = 0; r < replicates; ++r) order.emplace_back(s, r);
  }
  return order;
}

// The first field in which two family records differ, or "" when they are the same.
std::string first_difference(const FamilyRecord& a, const FamilyRecord& b) {
#define JIMSIM_TEST_COMPARE(name, unit, meaning) \
  if (!same(a.name, b.name)) return fmt::format("{}: {} != {}", #name, a.name, b.name);
  JIMSIM_FAMILY_FIELDS(JIMSIM_TEST_COMPARE)
#undef JIMSIM_TEST_COMPARE
  return {};
}

// Everything written comes back.
void check_round_trip(const ResultsFile& results, const RunInfo& run, const std::vector<Scenario>& scenarios) {
  CHECK(results.format_version == results_format_version);
  CHECK(results.run.program_version == run.program_version);
  CHECK(results.run.command_line == run.command_line);
  CHECK(results.run.seed == run.seed);
  CHECK(results.run.replicates == run.replicates);
  CHECK(results.run.family_records == run.family_records);
  REQUIRE(results.scenarios.size() == scenarios.size());
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const auto& in = scenarios[s];
    const auto& out = results.scenarios[s];
    INFO("scenario " << in.name);
    CHECK(out.name == in.name);
    CHECK(out.description == in.description);
    CHECK(out.source_text == in.source_text);
    CHECK(out.resolved_parameters == parameters_to_toml(in.parameters));
    CHECK(out.parameters == in.parameters);
    REQUIRE(out.outcomes.size() == static_cast<std::size_t>(run.replicates));
    REQUIRE(out.series.size() == static_cast<std::size_t>(run.replicates));
    REQUIRE(out.by_year.size() == static_cast<std::size_t>(run.replicates));
    REQUIRE(out.families.size() == (run.family_records ? static_cast<std::size_t>(run.replicates) : 0));
    for (int r = 0; r < run.replicates; ++r) {
      INFO("replicate " << r);
      const auto expected = make_result(static_cast<int>(s), r, in.parameters, family_count(static_cast<int>(s), r));
      const auto ri = static_cast<std::size_t>(r);
      CHECK(out.outcomes[ri] == expected.outcomes);
#define JIMSIM_TEST_CHECK(name, unit, meaning) \
  INFO(#name);                                 \
  CHECK(out.series[ri].name == expected.series.name);
      JIMSIM_SERIES_FIELDS(JIMSIM_TEST_CHECK)
#undef JIMSIM_TEST_CHECK
      CHECK(out.by_year[ri] == expected.by_year);
      if (run.family_records) {
        REQUIRE(out.families[ri].size() == expected.families.size());
        for (std::size_t f = 0; f < expected.families.size(); ++f) {
          INFO("family " << f);
          CHECK(first_difference(out.families[ri][f], expected.families[f]).empty());
        }
      }
    }
  }
}

template <class Exception>
std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Exception& error) {
    return error.what();
  }
  FAIL("no exception thrown");
  return {};
}

// The body of one docs section: from its heading to the next heading.
std::string docs_section(const std::string& docs, const std::string& heading) {
  const auto start = docs.find("\n" + heading + "\n");
  if (start == std::string::npos) return {};
  const auto end = docs.find("\n#", start + heading.size() + 2);
  return docs.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The field rows of a markdown table: lines starting with "| `".
std::vector<std::string> field_rows(const std::string& section) {
  std::vector<std::string> rows;
  std::istringstream lines(section);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("| `")) rows.push_back(line);
  }
  return rows;
}

}  // namespace

TEST_CASE("results file round trip with family records, units written out of order", "[results]") {
  TempDir dir;
  const auto scenarios = make_scenarios();
  const auto run = make_run(3, true);
  const fs::path file = dir.path / "out.h5";
  // Interleaved and reversed, as a multi-threaded run might finish them.
  write_file(file, run, scenarios, {{1, 2}, {0, 1}, {0, 2}, {1, 0}, {0, 0}, {1, 1}});
  CHECK(dir.entries() == std::vector<std::string>{"out.h5"});
  check_round_trip(read_results(file), run, scenarios);
}

TEST_CASE("results file round trip across many chunks, units in scattered order", "[results]") {
  TempDir dir;
  auto scenarios = make_scenarios();
  // A long series (2500 steps), so its chunks hold fewer replicates than the usual 64.
  scenarios[0].parameters.simulation.time_step_weeks = 0.1;
  scenarios[0].parameters.simulation.horizon_weeks = 250.0;
  const int replicates = 130;  // more than one chunk of every table
  const auto run = make_run(replicates, true);
  std::vector<std::pair<int, int>> order;
  for (int k = 0; k < replicates; ++k) {
    order.emplace_back(1, (k * 37) % replicates);
    order.emplace_back(0, (k * 53 + 11) % replicates);
  }
  write_file(dir.path / "out.h5", run, scenarios, order);
  check_round_trip(read_results(dir.path / "out.h5"), run, scenarios);
  // Its chunks compressed on three threads: the same bytes.
  write_file(dir.path / "threads.h5", run, scenarios, order, false, 3);
  CHECK(read_bytes(dir.path / "threads.h5") == read_bytes(dir.path / "out.h5"));
}

TEST_CASE("results file round trip without family records", "[results]") {
  TempDir dir;
  const auto scenarios = make_scenarios();
  const auto run = make_run(2, false);
  const fs::path file = dir.path / "out.h5";
  // The engine may hand over family records even when they are not recorded: they are left out.
  write_file(file, run, scenarios, in_order(2, 2));
  const auto results = read_results(file);
  check_round_trip(results, run, scenarios);
  for (const auto& scenario : results.scenarios) CHECK(scenario.families.empty());
}

TEST_CASE("a plan without points or replicates is refused before any file is written", "[results]") {
  TempDir dir;
  const auto scenarios = make_scenarios();
  CHECK_THROWS_AS(ResultsWriter(dir.path / "zero.h5", plan_from(make_run(0, true), scenarios), {}), std::invalid_argument);
  CHECK_THROWS_AS(ResultsWriter(dir.path / "none.h5", plan_from(make_run(4, false), {}), {}), std::invalid_argument);
  CHECK(dir.entries().empty());
}

TEST_CASE("the same inputs give a byte-identical results file", "[results]") {
  TempDir dir;
  const auto scenarios = make_scenarios();
  const auto run = make_run(3, true);
  write_file(dir.path / "a.h5", run, scenarios, in_order(2, 3));
  // Past a second boundary, so a stored timestamp would show.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  write_file(dir.path / "b.h5", run, scenarios, in_order(2, 3));
  const auto a = read_bytes(dir.path / "a.h5");
  const auto b = read_bytes(dir.path / "b.h5");
  REQUIRE(!a.empty());
  CHECK(a == b);

  auto other_run = run;
  other_run.seed = 7;
  write_file(dir.path / "c.h5", other_run, scenarios, in_order(2, 3));
  CHECK(read_bytes(dir.path / "c.h5") != a);
}

TEST_CASE("an existing results file is replaced only with overwrite", "[results]") {
  TempDir dir;
  const auto scenarios = make_scenarios();
  const auto run = make_run(1, false);
  const fs::path file = dir.path / "out.h5";
  write_text(file, "precious");

  const auto message =
      message_of<OutputError>([&] { ResultsWriter writer(file, plan_from(run, scenarios), provenance_of(run), {.overwrite = false}); });
  CHECK(message == file.string() + " exists; use --force to overwrite");
  CHECK(read_bytes(file) == "precious");
  CHECK(dir.entries() == std::vector<std::string>{"out.h5"});

  write_file(file, run, scenarios, in_order(2, 1), /*overwrite=*/true);
  CHECK(dir.entries() == std::vector<std::string>{"out.h5"});
  check_round_trip(read_results(file), run, scenarios);
}

TEST_CASE("a writer destroyed without commit leaves its journal and no results file", "[results]") {
  TempDir dir;
  const auto scenarios = make_scenarios();
  const auto run = make_run(2, true);
  {
    ResultsWriter writer(dir.path / "out.h5", plan_from(run, scenarios), provenance_of(run), {});
    writer.write_replicate(0, 0, make_result(0, 0, scenarios[0].parameters, 4));
  }
  CHECK(dir.entries() == std::vector<std::string>{"out.h5.journal"});

  // An existing file that was to be overwritten stays as it was.
  fs::remove(dir.path / "out.h5.journal");
  write_text(dir.path / "out.h5", "old results");
  { ResultsWriter writer(dir.path / "out.h5", plan_from(run, scenarios), provenance_of(run), {.overwrite = true}); }
  CHECK(read_bytes(dir.path / "out.h5") == "old results");
}

TEST_CASE("results writer errors", "[results]") {
  TempDir dir;
  const auto scenarios = make_scenarios();
  const auto run = make_run(2, false);
  const Parameters& params = scenarios[0].parameters;

  SECTION("the output directory does not exist") {
    const fs::path file = dir.path / "missing" / "out.h5";
    const auto message = message_of<OutputError>([&] { ResultsWriter writer(file, plan_from(run, scenarios), provenance_of(run), {.overwrite = true}); });
    CHECK(message.find(file.string()) != std::string::npos);
    CHECK(message.find("directory " + (dir.path / "missing").string() + " does not exist") != std::string::npos);
    CHECK(!fs::exists(dir.path / "missing"));
  }
  SECTION("the target is a directory") {
    fs::create_directory(dir.path / "out.h5");
    CHECK_THROWS_AS(ResultsWriter(dir.path / "out.h5", plan_from(run, scenarios), provenance_of(run), {.overwrite = true}), OutputError);
  }
  SECTION("two scenarios with one name") {
    auto twins = scenarios;
    twins[1].name = twins[0].name;
    CHECK_THROWS_AS(ResultsWriter(dir.path / "out.h5", plan_from(run, twins), provenance_of(run), {}), InputError);
    CHECK(dir.entries().empty());
  }
  SECTION("misuse by the engine") {
    ResultsWriter writer(dir.path / "out.h5", plan_from(run, scenarios), provenance_of(run), {});
    auto result = make_result(0, 0, params, 0);
    result.series.placement_free_survival.pop_back();
    CHECK_THROWS_AS(writer.write_replicate(0, 0, result), std::invalid_argument);
    auto short_years = make_result(0, 0, params, 0);
    short_years.by_year.pop_back();
    CHECK_THROWS_AS(writer.write_replicate(0, 0, short_years), std::invalid_argument);
    CHECK_THROWS_AS(writer.write_replicate(2, 0, make_result(0, 0, params, 0)), std::invalid_argument);
    CHECK_THROWS_AS(writer.write_replicate(0, 2, make_result(0, 0, params, 0)), std::invalid_argument);
    writer.write_replicate(0, 0, make_result(0, 0, params, 0));
    CHECK_THROWS_AS(writer.commit(), std::logic_error);  // three units missing
    CHECK(!fs::exists(dir.path / "out.h5"));
  }
}

TEST_CASE("read_results rejects files that are not jimsim results of this version", "[results]") {
  TempDir dir;

  SECTION("missing file") {
    const fs::path file = dir.path / "nothing.h5";
    CHECK(message_of<InputError>([&] { read_results(file); }) == file.string() + ": no such file");
  }
  SECTION("text file") {
    const fs::path file = dir.path / "notes.h5";
    write_text(file, "these are not results\n");
    CHECK(message_of<InputError>([&] { read_results(file); }) == file.string() + " is not an HDF5 file");
  }
  SECTION("HDF5 file without the format attribute") {
    const fs::path file = dir.path / "other.h5";
    const hid_t id = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    REQUIRE(id >= 0);
    H5Fclose(id);
    CHECK(message_of<InputError>([&] { read_results(file); }) ==
          file.string() + " is not a jimsim results file (it has no 'format' attribute)");
  }
  SECTION("another format version") {
    const fs::path file = dir.path / "future.h5";
    write_file(file, make_run(1, false), make_scenarios(), in_order(2, 1));
    const hid_t id = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(id >= 0);
    const hid_t attribute = H5Aopen(id, "format_version", H5P_DEFAULT);
    REQUIRE(attribute >= 0);
    const int version = 99;
    CHECK(H5Awrite(attribute, H5T_NATIVE_INT, &version) >= 0);
    H5Aclose(attribute);
    H5Fclose(id);
    CHECK(message_of<InputError>([&] { read_results(file); }) ==
          file.string() + " has results format version 99; this jimsim reads version 4 (the file was written by a newer jimsim)");
  }
  SECTION("a results file with a dataset missing") {
    const fs::path file = dir.path / "damaged.h5";
    const auto scenarios = make_scenarios();
    write_file(file, make_run(1, false), scenarios, in_order(2, 1));
    const hid_t id = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(id >= 0);
    CHECK(H5Ldelete(id, "series/in_respite", H5P_DEFAULT) >= 0);
    H5Fclose(id);
    const auto message = message_of<InputError>([&] { read_results(file); });
    CHECK(message.starts_with(file.string() + ": "));
    CHECK(message.find("/series has no 'in_respite'") != std::string::npos);
  }
}

TEST_CASE("docs/results-format.md lists exactly the fields of the X-macro lists", "[results]") {
  const fs::path path = source_dir() / "docs" / "results-format.md";
  const std::string docs = read_bytes(path);
  REQUIRE_FALSE(docs.empty());
  const auto row = [](std::string_view name, std::string_view unit, std::string_view meaning) {
    return fmt::format("| `{}` | {} | {} |", name, unit, meaning);
  };

  std::vector<std::string> outcomes, series, by_year, families;
#define JIMSIM_TEST_ROW(name, unit, meaning) outcomes.push_back(row(#name, unit, meaning));
  JIMSIM_OUTCOME_FIELDS(JIMSIM_TEST_ROW)
#undef JIMSIM_TEST_ROW
#define JIMSIM_TEST_ROW(name, unit, meaning) series.push_back(row(#name, unit, meaning));
  JIMSIM_SERIES_FIELDS(JIMSIM_TEST_ROW)
#undef JIMSIM_TEST_ROW
#define JIMSIM_TEST_ROW(name, unit, meaning) by_year.push_back(row(#name, unit, meaning));
  JIMSIM_RESOURCE_USE_FIELDS(JIMSIM_TEST_ROW)
#undef JIMSIM_TEST_ROW
  families.push_back(row("point", "index", "point of the plan, from 0 (the order of /points/point)"));
  families.push_back(row("replicate", "index", "replicate number, from 0"));
  families.push_back(row("family", "index", "family number within the replicate, from 0"));
#define JIMSIM_TEST_ROW(name, unit, meaning) families.push_back(row(#name, unit, meaning));
  JIMSIM_FAMILY_FIELDS(JIMSIM_TEST_ROW)
#undef JIMSIM_TEST_ROW

  // A failure here means the docs drifted from sim/outcomes.hpp: copy the expected rows printed
  // below into the table.
  const auto check_table = [&](const std::string& heading, const std::vector<std::string>& expected) {
    INFO("docs section " << heading << "; expected rows:\n" << fmt::format("{}", fmt::join(expected, "\n")));
    CHECK(field_rows(docs_section(docs, heading)) == expected);
  };
  check_table("### Outcome fields", outcomes);
  check_table("### Time series", series);
  check_table("### Resource use by year", by_year);
  check_table("### Family record fields", families);
  CHECK(docs.find(fmt::format("Format version {}", results_format_version)) != std::string::npos);
}

TEST_CASE("a results file reads with h5py and numpy alone", "[results]") {
  if (!fs::exists("/usr/bin/python3") || std::system("/usr/bin/python3 -c 'import h5py, numpy' 2>/dev/null") != 0) {
    WARN("skipped: /usr/bin/python3 with h5py and numpy is not available");
    return;
  }
  TempDir dir;
  const fs::path file = dir.path / "out.h5";
  write_file(file, make_run(3, true), make_scenarios(), in_order(2, 3));
  const fs::path script = source_dir() / "tests" / "read_results_with_h5py.py";
  REQUIRE(fs::exists(script));
  const std::string command = fmt::format("/usr/bin/python3 '{}' '{}'", script.string(), file.string());
  INFO(command);
  CHECK(std::system(command.c_str()) == 0);
}
