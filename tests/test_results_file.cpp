// The HDF5 results file: round trip (also of the outcomes alone, as the run's summary reads them),
// reproducibility (also across compression threads), and the temporary-file and overwrite rules. Its
// errors, the docs and reading it without jimsim are in test_results_file_errors.cpp.
#include "results_file_testing.hpp"

#include "dimension_scale_checks.hpp"

#include "io/results_build.hpp"
#include "io/unit_journal.hpp"
#include "sim/errors.hpp"
#include "sim/result_fields.hpp"

using namespace jimsim;
using namespace jimsim::results_file_testing;

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

TEST_CASE("a unit the commit cannot read back fails it with the journal's error, in any block, and leaves no file",
          "[results][errors]") {
  // Two points of a long series: more than one block (the commit reads a block from the journal
  // and compresses it on other threads while this one creates the file or writes the block before).
  auto scenarios = make_scenarios();
  scenarios[0].parameters.simulation.time_step_weeks = 0.1;
  scenarios[0].parameters.simulation.horizon_weeks = 250.0;
  const auto run = make_run(130, false);
  for (const bool in_second_block : {false, true}) {
    TempDir dir;
    const fs::path file = dir.path / "out.h5";
    {
      ResultsWriter writer(file, plan_from(run, scenarios), provenance_of(run), {.threads = 2});
      for (const auto& [s, r] : in_order(2, 130)) {
        writer.write_replicate(s, r, make_result(s, r, scenarios[static_cast<std::size_t>(s)].parameters, 0));
      }
      // The journal cut after the first point's units, or before everything: some unit cannot be read.
      const fs::path journal = UnitJournal::path_for(file);
      fs::resize_file(journal, in_second_block ? fs::file_size(journal) - 100 : 64);
      CHECK_THAT(message_of<OutputError>([&] { writer.commit(); }), Catch::Contains("could not read unit") &&
                                                          Catch::Contains("back from the journal"));
    }
    CHECK_FALSE(fs::exists(file));
    for (const auto& entry : dir.entries()) CHECK(entry.find(".partial") == std::string::npos);
  }
}

TEST_CASE("the file builder writes a block only after creating the file, and only with that block's chunks",
          "[results][errors]") {
  TempDir dir;
  const auto scenarios = make_scenarios();
  const auto run = make_run(3, false);
  const RunPlan plan = plan_from(run, scenarios);
  ResultsFileBuilder builder(dir.path / "out.h5", "out.h5", plan, run);
  CHECK(dir.entries().empty());  // the layout alone: nothing written yet
  const ResultBlock block = builder.empty_block(0);
  const CompressedChunks chunks = builder.compress(block);
  CHECK_FALSE(chunks.empty());
  CHECK_THROWS_AS(builder.write(block, chunks), std::logic_error);
  builder.create();
  CHECK_THROWS_AS(builder.create(), std::logic_error);
  CHECK_THROWS_AS(builder.write(block, CompressedChunks(chunks.begin(), chunks.end() - 1)), std::logic_error);
  builder.write(block, chunks);
  builder.finish();
  CHECK(dir.entries() == std::vector<std::string>{"out.h5"});
}

TEST_CASE("the outcomes alone read back as read_results reads them, and only the fields named", "[results]") {
  TempDir dir;
  const auto scenarios = make_scenarios();
  const auto run = make_run(3, true);
  const fs::path file = dir.path / "out.h5";
  {
    // One unit failed, so its status and message must come back too.
    ResultsWriter writer(file, plan_from(run, scenarios), provenance_of(run), {});
    for (const auto& [s, r] : in_order(2, 3)) {
      if (s == 1 && r == 2) {
        writer.write_failure(s, r, "replicate 2 failed");
      } else {
        writer.write_replicate(s, r, make_result(s, r, scenarios[static_cast<std::size_t>(s)].parameters, family_count(s, r)));
      }
    }
    writer.commit();
  }
  // Every group's scales (points, parameters, outcomes, series, resource use, families, failures)
  // attached both ways.
  CHECK(scale_checks::check_every_attachment(file) > 200);
  const ResultsFile full = read_results(file);
  const ResultsFile outcomes = read_results_outcomes(file);
  constexpr std::string_view named[] = {"placed", "cost_total"};
  const ResultsFile some = read_results_outcomes(file, named);
  REQUIRE(full.scenarios.size() == 2);
  for (const ResultsFile* read : {&outcomes, &some}) {
    CHECK(read->run.plan_fingerprint == full.run.plan_fingerprint);
    REQUIRE(read->failures.size() == 1);
    CHECK(read->failures[0].message == "replicate 2 failed");
    REQUIRE(read->scenarios.size() == full.scenarios.size());
    for (std::size_t p = 0; p < full.scenarios.size(); ++p) {
      const auto& s = read->scenarios[p];
      CHECK(s.name == full.scenarios[p].name);
      CHECK(s.unit_status == full.scenarios[p].unit_status);
      CHECK(s.series.empty());
      CHECK(s.by_year.empty());
      CHECK(s.families.empty());
      CHECK_FALSE(full.scenarios[p].series.empty());
    }
  }
  std::size_t compared = 0, nonzero = 0;
  for (std::size_t p = 0; p < full.scenarios.size(); ++p) {
    for (std::size_t r = 0; r < full.scenarios[p].outcomes.size(); ++r) {
      for (std::size_t g = 0; g < subgroup_count; ++g) {
        for (const auto& field : outcome_fields) {
          const double expected = field_value(full.scenarios[p].outcomes[r][g], field);
          CHECK(same(field_value(outcomes.scenarios[p].outcomes[r][g], field), expected));
          const bool kept = field.name == "placed" || field.name == "cost_total";
          CHECK(same(field_value(some.scenarios[p].outcomes[r][g], field), kept ? expected : 0.0));
          ++compared;
          nonzero += expected != 0.0;
        }
      }
    }
  }
  CHECK(compared == 2 * 3 * subgroup_count * outcome_fields.size());
  CHECK(nonzero > compared / 4);  // the comparison is of numbers, not of zeros

  constexpr std::string_view unknown[] = {"placed", "no_such_outcome"};
  CHECK_THROWS_AS(read_results_outcomes(file, unknown), std::invalid_argument);
  CHECK_THROWS_AS(read_results_outcomes(dir.path / "missing.h5"), InputError);
}
