// Shards and merge: `--shard i/n` takes a deterministic share of the units, and `jimsim merge`
// joins the shards of one plan into a file equal in content to a single-process run, refusing
// shards of another plan, a missing shard and a shard given twice.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fmt/format.h>

#include "io/results_file.hpp"
#include "tests/cli_testing.hpp"
#include "tests/results_testing.hpp"

namespace fs = std::filesystem;
using namespace jimsim;
using namespace jimsim::testing;

TEST_CASE("three merged shards equal one run, for scenarios and for sweeps", "[merge][cli]") {
  TempDir dir;
  const auto a = dir.write("a.toml", "[intake]\ncohort_size = 30\n[simulation]\nhorizon_weeks = 20.0\n");
  const auto b = dir.write("b.toml", "[scenario]\nbase = \"a.toml\"\n[mentor_search]\nenabled = false\n");
  const std::string run = fmt::format("run -q -r 5 --families {} {}", a.string(), b.string());
  REQUIRE(jimsim_cli(fmt::format("{} -o {}", run, (dir.path / "whole.h5").string())).exit_code == 0);
  std::string shards;
  for (int i = 0; i < 3; ++i) {
    const auto part = dir.path / fmt::format("part-{}.h5", i);
    REQUIRE(jimsim_cli(fmt::format("{} --shard {}/3 -o {}", run, i, part.string())).exit_code == 0);
    const auto info = read_run_info(part);
    CHECK(info.shard.index == static_cast<std::size_t>(i));
    CHECK(info.units_done == (i == 0 ? 4u : 3u));  // units 0..9 by u mod 3
    shards = fmt::format("{} {}", part.string(), shards);  // any order
  }
  const auto merged = dir.path / "merged.h5";
  const auto r = jimsim_cli(fmt::format("merge {} -o {}", shards, merged.string()));
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("3 shards merged: 10 units"));
  check_same_contents(read_results(merged), read_results(dir.path / "whole.h5"));
  // Compressed on three threads (the default is every core; results_file tests compare the bytes).
  const auto threads = dir.path / "merged-threads.h5";
  REQUIRE(jimsim_cli(fmt::format("merge {} -t 3 -o {}", shards, threads.string())).exit_code == 0);
  check_same_contents(read_results(threads), read_results(dir.path / "whole.h5"));

  SECTION("a sweep") {
    const auto sweep = dir.write("s.toml", "[sweep]\nbase = \"a.toml\"\ndesign = \"morris\"\nsamples = 3\nreplicates = 2\n"
                                           "[vary]\ncrisis.base_hazard = { min = 0.02, max = 0.1 }\n"
                                           "professionals.caseload_cap = { min = 5, max = 12 }\n");
    REQUIRE(jimsim_cli(fmt::format("sweep -q {} -o {}", sweep.string(), (dir.path / "sweep.h5").string())).exit_code == 0);
    std::string parts;
    for (int i = 0; i < 3; ++i) {
      const auto part = dir.path / fmt::format("sweep-{}.h5", i);
      REQUIRE(jimsim_cli(fmt::format("sweep -q {} --shard {}/3 -t 1 -o {}", sweep.string(), i, part.string())).exit_code == 0);
      parts = fmt::format("{} {}", parts, part.string());
    }
    REQUIRE(jimsim_cli(fmt::format("merge {} -o {}", parts, (dir.path / "sweep-merged.h5").string())).exit_code == 0);
    check_same_contents(read_results(dir.path / "sweep-merged.h5"), read_results(dir.path / "sweep.h5"));
    const auto plan_a = read_results_plan(dir.path / "sweep-merged.h5").plan;
    const auto plan_b = read_results_plan(dir.path / "sweep.h5").plan;
    REQUIRE(plan_a.points.size() == plan_b.points.size());
    CHECK(plan_a.points[5].unit_coordinates == plan_b.points[5].unit_coordinates);
  }
  SECTION("refusals") {
    const auto bad = [&](const std::string& inputs, const std::string& expected) {
      const auto out = dir.path / "bad.h5";
      const auto result = jimsim_cli(fmt::format("merge {} -o {}", inputs, out.string()));
      CHECK(result.exit_code == 3);
      CHECK_THAT(result.output, Catch::Contains(expected));
      CHECK_FALSE(fs::exists(out));
    };
    const auto p0 = (dir.path / "part-0.h5").string(), p1 = (dir.path / "part-1.h5").string(),
               p2 = (dir.path / "part-2.h5").string();
    bad(fmt::format("{} {}", p0, p2), "1 of the 3 shards are missing: 1");
    bad(fmt::format("{} {} {} {}", p0, p1, p1, p2), "shard 1/3 is given twice");
    const auto other = dir.path / "other.h5";
    REQUIRE(jimsim_cli(fmt::format("{} --seed 9 --shard 1/3 -o {}", run, other.string())).exit_code == 0);
    bad(fmt::format("{} {} {}", p0, other.string(), p2), "is from another plan");
    const auto cut = dir.path / "cut.h5";
    REQUIRE(jimsim_cli(fmt::format("{} --shard 1/2 -o {}", run, cut.string())).exit_code == 0);
    bad(fmt::format("{} {}", p0, cut.string()), "the shards were cut differently");
    // An existing output is left alone without --force.
    const auto result = jimsim_cli(fmt::format("merge {} {} {} -o {}", p0, p1, p2, merged.string()));
    CHECK(result.exit_code == 4);
    CHECK_THAT(result.output, Catch::Contains("exists; use --force"));
  }
}

TEST_CASE("a bad --shard is a usage error", "[merge][cli][errors]") {
  TempDir dir;
  const auto a = dir.write("a.toml", "[intake]\ncohort_size = 10\n");
  for (const char* shard : {"3/3", "1/0", "x", "1/2/3", "-1/2"}) {
    INFO(shard);
    const auto r = jimsim_cli(fmt::format("run -q -r 2 {} --shard {} -o {}", a.string(), shard, (dir.path / "o.h5").string()));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("i/n"));
  }
}
