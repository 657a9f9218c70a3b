// Nothing lost: units reach the journal as they finish, a run killed at any moment resumes without
// recomputing or duplicating a unit, and the resumed file equals an uninterrupted run's. Also the
// journal's refusals: another plan, another process, a journal left without --resume.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "io/results_file.hpp"
#include "io/unit_journal.hpp"
#include "io/unit_record.hpp"
#include "sim/errors.hpp"
#include "sim/replicate.hpp"
#include "tests/cli_testing.hpp"
#include "tests/file_limit_testing.hpp"
#include "tests/results_testing.hpp"

namespace fs = std::filesystem;
using namespace jimsim;
using namespace jimsim::testing;

namespace {

RunPlan small_plan(int replicates = 6) {
  Parameters a, b;
  a.intake.cohort_size = b.intake.cohort_size = 30;
  a.simulation.horizon_weeks = b.simulation.horizon_weeks = 20.0;
  a.mentor_search.enabled = false;
  RunPlan plan = plan_of({a, b}, replicates, 11);
  plan.points[0].name = "care-as-usual";
  plan.points[1].name = "jim";
  return plan;
}

ReplicateResult unit_result(const RunPlan& plan, std::size_t u) {
  const WorkUnit unit = work_unit(u, plan.points.size());
  return simulate_replicate(plan.points[static_cast<std::size_t>(unit.point)].parameters, plan.seed,
                            static_cast<std::uint32_t>(unit.replicate), plan.family_records);
}

void write_all(const fs::path& file, const RunPlan& plan) {
  ResultsWriter writer(file, plan, {"test", ""});
  for (std::size_t u = 0; u < plan.unit_count(); ++u) {
    const WorkUnit unit = work_unit(u, plan.points.size());
    writer.write_replicate(unit.point, unit.replicate, unit_result(plan, u));
  }
  writer.commit();
}

}  // namespace

TEST_CASE("a journal cut at any byte resumes to the file of an uninterrupted run", "[resume]") {
  TempDir dir;
  const RunPlan plan = small_plan(3);
  write_all(dir.path / "whole.h5", plan);
  const auto whole = read_results(dir.path / "whole.h5");

  // A complete journal: every unit written, never committed (the process was killed at the end).
  const fs::path out = dir.path / "out.h5";
  {
    ResultsWriter writer(out, plan, {"test", ""});
    for (std::size_t u = 0; u < plan.unit_count(); ++u) {
      const WorkUnit unit = work_unit(u, plan.points.size());
      writer.write_replicate(unit.point, unit.replicate, unit_result(plan, u));
    }
  }
  const fs::path journal = UnitJournal::path_for(out);
  const auto full_size = fs::file_size(journal);
  std::string bytes(full_size, '\0');
  std::ifstream(journal, std::ios::binary).read(bytes.data(), static_cast<std::streamsize>(full_size));

  // A kill can stop a write at any byte: cut the journal at many places, in the header, in a
  // record's head, in its payload and exactly between records.
  for (std::size_t cut = 0; cut <= full_size; cut += std::max<std::size_t>(1, full_size / 37)) {
    INFO("journal cut at byte " << cut << " of " << full_size);
    std::ofstream(journal, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(cut));
    ResultsWriter writer(out, plan, {"test", ""}, {.resume = true});
    const auto missing = writer.missing_units();
    CHECK(writer.units_recovered() + missing.size() == plan.unit_count());
    for (const auto u : missing) {
      const WorkUnit unit = work_unit(u, plan.points.size());
      writer.write_replicate(unit.point, unit.replicate, unit_result(plan, u));
    }
    writer.commit();
    CHECK_FALSE(fs::exists(journal));
    check_same_contents(read_results(out), whole);
    fs::remove(out);
    std::ofstream(journal, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(full_size));
  }
}

TEST_CASE("a unit written twice is kept once", "[resume]") {
  TempDir dir;
  const RunPlan plan = small_plan(2);
  write_all(dir.path / "whole.h5", plan);
  ResultsWriter writer(dir.path / "out.h5", plan, {"test", ""});
  for (int round = 0; round < 2; ++round) {
    for (std::size_t u = 0; u < plan.unit_count(); ++u) {
      const WorkUnit unit = work_unit(u, plan.points.size());
      writer.write_replicate(unit.point, unit.replicate, unit_result(plan, u));
    }
  }
  writer.commit();
  check_same_contents(read_results(dir.path / "out.h5"), read_results(dir.path / "whole.h5"));
}

TEST_CASE("the journal refuses another plan, another process and a restart without --resume", "[resume][errors]") {
  TempDir dir;
  const RunPlan plan = small_plan(2);
  const fs::path out = dir.path / "out.h5";
  {
    ResultsWriter writer(out, plan, {"test", ""});
    writer.write_replicate(0, 0, unit_result(plan, 0));
  }
  SECTION("resuming with another seed") {
    RunPlan other = plan;
    other.seed = 12;
    try {
      ResultsWriter writer(out, other, {"test", ""}, {.resume = true});
      FAIL("no error");
    } catch (const InputError& e) {
      CHECK_THAT(e.what(), Catch::Contains("out.h5.journal: --resume refused: the journal belongs to another plan"));
    }
  }
  SECTION("resuming with another program version") {
    CHECK_THROWS_AS(ResultsWriter(out, plan, {"test-2", ""}, {.resume = true}), InputError);
  }
  SECTION("starting again without --resume") {
    try {
      ResultsWriter writer(out, plan, {"test", ""});
      FAIL("no error");
    } catch (const OutputError& e) {
      CHECK_THAT(e.what(), Catch::Contains("out.h5.journal exists") && Catch::Contains("--resume") &&
                               Catch::Contains("--force"));
    }
    // --force starts over.
    ResultsWriter writer(out, plan, {"test", ""}, {.overwrite = true});
    CHECK(writer.missing_units().size() == plan.unit_count());
  }
  SECTION("a second process writing the same output") {
    ResultsWriter first(out, plan, {"test", ""}, {.resume = true});
    try {
      ResultsWriter second(out, plan, {"test", ""}, {.resume = true});
      FAIL("no error");
    } catch (const OutputError& e) {
      CHECK_THAT(e.what(), Catch::Contains("another jimsim process is writing these results"));
    }
  }
  // None of these touched what the journal holds.
  ResultsWriter writer(out, plan, {"test", ""}, {.resume = true});
  CHECK(writer.units_recovered() <= 1);
}

TEST_CASE("a results file that appears during a run is not replaced", "[resume][errors]") {
  TempDir dir;
  const RunPlan plan = small_plan(1);
  const fs::path out = dir.path / "out.h5";
  ResultsWriter writer(out, plan, {"test", ""});
  for (std::size_t u = 0; u < plan.unit_count(); ++u) {
    const WorkUnit unit = work_unit(u, plan.points.size());
    writer.write_replicate(unit.point, unit.replicate, unit_result(plan, u));
  }
  std::ofstream(out) << "another process's results";
  CHECK_THROWS_AS(writer.commit(), OutputError);
  std::ifstream in(out);
  std::string text;
  std::getline(in, text);
  CHECK(text == "another process's results");
}

TEST_CASE("a run killed at several moments resumes to the same file", "[resume][cli]") {
  TempDir dir;
  const auto scenario = dir.write("s.toml", "[intake]\ncohort_size = 150\n[simulation]\nhorizon_weeks = 52.0\n");
  const auto whole = dir.path / "whole.h5";
  // About a second here (Release): the kills below land early, midway and late.
  const std::string run = fmt::format("run -q -r 1500 -t 2 {}", scenario.string());
  REQUIRE(jimsim_cli(fmt::format("{} -o {}", run, whole.string())).exit_code == 0);
  const auto expected = read_results(whole);
  for (const char* delay : {"0.05", "0.3", "0.7"}) {
    INFO("killed after " << delay << " s");
    const auto out = dir.path / "killed.h5";
    jimsim_cli(fmt::format("{} -o {} & pid=$!; sleep {}; kill -KILL $pid; wait $pid", run, out.string(), delay));
    const auto r = jimsim_cli(fmt::format("{} -o {} --resume", run, out.string()));
    REQUIRE(r.exit_code == 0);
    CHECK_FALSE(fs::exists(out.string() + ".journal"));
    check_same_contents(read_results(out), expected);
    fs::remove(out);
    for (const auto& entry : fs::directory_iterator(dir.path)) {
      // A kill during the final write can leave the hidden temporary file: it is incomplete.
      if (entry.path().filename().string().starts_with(".killed.h5.partial-")) fs::remove(entry.path());
    }
  }
}

TEST_CASE("resuming a finished run does nothing, and refuses a file of another plan", "[resume][cli]") {
  TempDir dir;
  const auto scenario = dir.write("s.toml", "[intake]\ncohort_size = 20\n[simulation]\nhorizon_weeks = 10.0\n");
  const auto out = dir.path / "out.h5";
  REQUIRE(jimsim_cli(fmt::format("run -q -r 3 {} -o {}", scenario.string(), out.string())).exit_code == 0);
  const auto before = fs::last_write_time(out);
  const auto again = jimsim_cli(fmt::format("run -r 3 {} -o {} --resume", scenario.string(), out.string()));
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.output, Catch::Contains("is complete: nothing to resume"));
  CHECK(fs::last_write_time(out) == before);
  const auto other = jimsim_cli(fmt::format("run -q -r 4 {} -o {} --resume", scenario.string(), out.string()));
  CHECK(other.exit_code == 4);
  CHECK_THAT(other.output, Catch::Contains("holds the results of another plan"));
  CHECK(fs::last_write_time(out) == before);
}

TEST_CASE("a journal of another shard is refused, and one left beside a finished file is cleared", "[resume][cli]") {
  TempDir dir;
  const auto scenario = dir.write("s.toml", "[intake]\ncohort_size = 20\n[simulation]\nhorizon_weeks = 10.0\n");
  const auto out = dir.path / "out.h5";
  const RunPlan plan = small_plan(2);
  {
    ResultsWriter writer(out, plan, {"test", ""}, {.shard = {0, 2}});
    writer.write_replicate(0, 0, unit_result(plan, 0));
  }
  CHECK_THROWS_WITH(ResultsWriter(out, plan, {"test", ""}, {.resume = true, .shard = {1, 2}}),
                    Catch::Contains("another plan or shard"));
  fs::remove(UnitJournal::path_for(out));

  // A kill between writing the results file and removing its journal: --resume finds the file
  // complete, says so and clears the journal.
  const auto done = dir.path / "done.h5";
  REQUIRE(jimsim_cli(fmt::format("run -q -r 3 {} -o {}", scenario.string(), done.string())).exit_code == 0);
  std::ofstream(UnitJournal::path_for(done)) << "a journal the kill left";
  const auto r = jimsim_cli(fmt::format("run -r 3 {} -o {} --resume", scenario.string(), done.string()));
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("is complete: nothing to resume"));
  CHECK_FALSE(fs::exists(UnitJournal::path_for(done)));
}

TEST_CASE("a unit that failed is tried again on --resume, and its result replaces the failure", "[resume]") {
  TempDir dir;
  const RunPlan plan = small_plan(2);
  const fs::path out = dir.path / "out.h5";
  {
    ResultsWriter writer(out, plan, {"test", ""});
    writer.write_failure(0, 1, "std::bad_alloc");  // the machine ran out of memory for a moment
    for (std::size_t u = 0; u < plan.unit_count(); ++u) {
      const WorkUnit unit = work_unit(u, plan.points.size());
      if (!(unit.point == 0 && unit.replicate == 1)) writer.write_replicate(unit.point, unit.replicate, unit_result(plan, u));
    }
  }
  ResultsWriter writer(out, plan, {"test", ""}, {.resume = true});
  CHECK(writer.missing_units() == std::vector<std::size_t>{2});  // point 0, replicate 1
  CHECK(writer.units_recovered() == plan.unit_count() - 1);
  writer.write_replicate(0, 1, unit_result(plan, 2));
  writer.commit();
  const auto results = read_results(out);
  CHECK(results.run.units_failed == 0);
  CHECK(results.failures.empty());
  CHECK(results.scenarios[0].outcomes[1] == unit_result(plan, 2).outcomes);
}

TEST_CASE("a unit's record is made in one piece of its exact size and reads back as the result", "[resume]") {
  // encode_result works out the record's size first and takes its memory at once (mapped in one
  // call), so a record never grows by doubling: megabytes a unit with the families' records.
  for (const bool families : {false, true}) {
    RunPlan plan = small_plan(1);
    plan.family_records = families;
    const ReplicateResult result = unit_result(plan, 1);
    REQUIRE(result.families.size() == (families ? 30u : 0u));
    const std::vector<std::byte> bytes = encode_result(result, plan);
    CHECK(bytes.capacity() == bytes.size());
    const ReplicateResult back = decode_result(bytes, plan);
    CHECK(encode_result(back, plan) == bytes);
    REQUIRE(back.families.size() == result.families.size());
    for (std::size_t k = 0; k < back.families.size(); ++k) {
      CHECK(back.families[k].crises == result.families[k].crises);
      CHECK(back.families[k].residential_days == result.families[k].residential_days);
    }
  }
}

TEST_CASE("a journal at a file-size limit keeps its whole records, wherever the limit cuts the next", "[resume][errors]") {
  // The header and the payload go out in one call from where they are (UnitJournal::append): a
  // limit inside either writes part of the record, the next call fails, and the journal is cut back
  // to its last whole record, which reads back.
  TempDir dir;
  std::vector<std::byte> first(3000), second(5000);
  for (std::size_t i = 0; i < first.size(); ++i) first[i] = static_cast<std::byte>(i * 7);
  for (std::size_t i = 0; i < second.size(); ++i) second[i] = static_cast<std::byte>(i * 13);
  const fs::path path = dir.path / "limited.journal";
  std::uintmax_t after_first = 0;
  {
    UnitJournal journal(path, "plan", 2, false, false);
    journal.append(0, unit_done, first);
    after_first = fs::file_size(path);
  }
  constexpr std::uintmax_t header = 28;  // the record's header (io/unit_journal.cpp)
  for (const std::uintmax_t room : {std::uintmax_t{10}, header + 1000}) {  // inside the header, inside the payload
    INFO("room for " << room << " bytes of the second record");
    const std::string report = in_child_with_file_limit(after_first + room, [&]() -> std::string {
      UnitJournal journal(path, "plan", 2, true, false);
      try {
        journal.append(1, unit_done, second);
        return "written in spite of the limit";
      } catch (const OutputError& e) {
        if (std::string(e.what()).find("limited.journal") == std::string::npos) return std::string("no journal named: ") + e.what();
      }
      if (fs::file_size(path) != after_first) return fmt::format("journal left at {} bytes, not {}", fs::file_size(path), after_first);
      return journal.read(0) == first && !journal.has(1) ? "kept" : "the first record changed";
    });
    CHECK(report == "kept");
  }
  UnitJournal journal(path, "plan", 2, true, false);
  CHECK(journal.count() == 1);
  journal.append(1, unit_done, second);
  CHECK(journal.read(1) == second);
}
