// The HDF5 results file's errors (writer errors, files that are not results of this version), the
// docs matching the field lists, and reading the file without jimsim (h5py).
#include "results_file_testing.hpp"

using namespace jimsim;
using namespace jimsim::results_file_testing;

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
