// A plan whose results make one block: the writer fills the block as units arrive, creates the file
// in memory meanwhile and compresses each chunk once its units are in. Whatever arrives when, the
// file has the bytes of one laid out wholly from the journal on disk; a commit that fails leaves no
// file and can be tried again.
#include "results_file_testing.hpp"

#include <map>

#include "io/chunk_compression.hpp"
#include "io/results_build.hpp"
#include "io/results_hdf5.hpp"
#include "io/unit_journal.hpp"
#include "tests/file_limit_testing.hpp"

using namespace jimsim;
using namespace jimsim::results_file_testing;
using jimsim::testing::in_child_with_file_limit;

namespace {

// Two points, the first with a long series (2500 steps): its chunks hold 13 replicates, so 60
// replicates make five chunks of replicates per dataset, all in one block.
std::vector<Scenario> long_series_scenarios() {
  auto scenarios = make_scenarios();
  scenarios[0].parameters.simulation.time_step_weeks = 0.1;
  scenarios[0].parameters.simulation.horizon_weeks = 250.0;
  return scenarios;
}

// As many points as asked, of the usual scenarios (27 and 10 steps) by turns, one replicate each:
// at 1,300 points the chunks hold 1,213 points, so the second chunk of points is short.
RunPlan many_points(const RunInfo& run, std::size_t points) {
  const auto scenarios = make_scenarios();
  RunPlan plan = plan_from(run, scenarios);
  plan.points.clear();
  for (std::size_t i = 0; i < points; ++i) {
    const auto& s = scenarios[i % 2];
    plan.points.push_back({fmt::format("point-{}", i), s.description, s.file.string(), s.source_text, s.parameters});
  }
  return plan;
}

// Every value of one unit changed: which chunks then differ.
std::vector<std::size_t> chunks_changed_by(const ResultsFileBuilder& builder, const ResultBlock& block,
                                           const CompressedChunks& compressed, std::size_t point, std::size_t replicate,
                                           std::size_t replicates) {
  ResultBlock changed = block;
  const std::size_t unit = (point - block.first_point) * replicates + replicate;
  for (auto* group : {&changed.outcomes, &changed.series, &changed.by_year}) {
    for (auto& field : *group) {
      const std::size_t inner = field.size() / (block.points * replicates);
      for (std::size_t i = 0; i < inner; ++i) field[unit * inner + i] += 1000.0;
    }
  }
  const CompressedChunks after = builder.compress(changed);
  std::vector<std::size_t> differ;
  for (std::size_t j = 0; j < after.size(); ++j) {
    if (after[j] != compressed[j]) differ.push_back(j);
  }
  return differ;
}

// A block with a distinct value everywhere, every unit done.
ResultBlock filled_block(const ResultsFileBuilder& builder) {
  ResultBlock block = builder.empty_block(0);
  double value = 0.5;
  for (auto* group : {&block.outcomes, &block.series, &block.by_year}) {
    for (auto& field : *group) {
      for (auto& v : field) v = (value += 0.25);
    }
  }
  std::fill(block.status.begin(), block.status.end(), std::int8_t{1});
  return block;
}

}  // namespace

TEST_CASE("a file made in memory has the bytes of one made on disk", "[results]") {
  TempDir dir;
  const auto scenarios = long_series_scenarios();
  const auto run = make_run(60, false);
  const RunPlan plan = plan_from(run, scenarios);
  std::map<FileStorage, std::string> bytes;
  for (const FileStorage storage : {FileStorage::disk, FileStorage::memory}) {
    const fs::path file = dir.path / (storage == FileStorage::disk ? "disk.h5" : "memory.h5");
    ResultsFileBuilder builder(file, file.filename().string(), plan, run, 1, storage);
    REQUIRE(builder.one_block_within_budget());
    builder.create();
    if (storage == FileStorage::memory) CHECK_FALSE(fs::exists(file));  // nothing on disk before finish()
    const ResultBlock block = filled_block(builder);
    builder.write(block);
    builder.finish();
    bytes[storage] = read_bytes(file);
  }
  REQUIRE(bytes[FileStorage::disk].size() > 100000);
  CHECK(bytes[FileStorage::memory] == bytes[FileStorage::disk]);
}

TEST_CASE("a block's chunks compressed one by one as their units arrive are the chunks compressed together",
          "[results]") {
  TempDir dir;
  const auto scenarios = long_series_scenarios();
  const auto run = make_run(60, false);
  const RunPlan plan = plan_from(run, scenarios);
  const ResultsFileBuilder builder(dir.path / "out.h5", "out.h5", plan, run);
  const ResultBlock block = filled_block(builder);
  const CompressedChunks together = builder.compress(block);
  REQUIRE(builder.chunk_count(block) == together.size());

  // Every unit's chunks: each chunk is named by exactly as many units as it says it holds.
  std::vector<std::size_t> named(together.size(), 0), holds(together.size(), 0);
  std::vector<ChunkOfUnit> chunks;
  for (std::size_t r = 0; r < 60; ++r) {
    for (std::size_t p = 0; p < 2; ++p) {
      chunks.clear();
      builder.chunks_of_unit(block, p, r, chunks);
      // A chunk of each dataset of the outcomes, the series and the resource use by year.
      CHECK(chunks.size() == block.outcomes.size() + block.series.size() + block.by_year.size());
      for (const auto& c : chunks) {
        REQUIRE(c.chunk < together.size());
        ++named[c.chunk];
        CHECK((holds[c.chunk] == 0 || holds[c.chunk] == c.units));
        holds[c.chunk] = c.units;
      }
    }
  }
  CHECK(named == holds);
  // Five chunks of replicates for each series dataset of the long point (13, 13, 13, 13 and 8).
  CHECK(std::count(holds.begin(), holds.end(), std::size_t{8}) >= static_cast<long>(block.series.size()));

  ChunkCompressor compressor(static_cast<int>(results_hdf5::deflate_level));
  CompressedChunks some(together.size());
  for (std::size_t j = 0; j < together.size(); ++j) {
    const auto one = builder.compress_chunk(block, j, compressor);
    CHECK(one == together[j]);
    if (j % 3 == 0) some[j] = one;
  }
  // The rest compressed later, beside those already done: the same chunks.
  CHECK(builder.compress(block, some) == together);

  // The chunks a unit is said to lie in are those its values change, at the edges of the chunks
  // of replicates and of points too (a plan of 1,300 points in two chunks of points, the second short).
  const auto check_units = [&](const ResultsFileBuilder& b, const ResultBlock& filled, std::size_t replicates,
                               const std::vector<std::pair<std::size_t, std::size_t>>& units) {
    const CompressedChunks compressed = b.compress(filled);
    for (const auto& [p, r] : units) {
      INFO("point " << p << ", replicate " << r);
      std::vector<ChunkOfUnit> said;
      b.chunks_of_unit(filled, p, r, said);
      std::vector<std::size_t> indices;
      for (const auto& c : said) indices.push_back(c.chunk);
      std::sort(indices.begin(), indices.end());
      CHECK(indices == chunks_changed_by(b, filled, compressed, p, r, replicates));
    }
  };
  check_units(builder, block, 60, {{0, 0}, {0, 12}, {0, 13}, {0, 59}, {1, 0}, {1, 31}, {1, 59}});
  const auto one_replicate = make_run(1, false);
  const RunPlan wide = many_points(one_replicate, 1300);
  const ResultsFileBuilder wide_builder(dir.path / "wide.h5", "wide.h5", wide, one_replicate);
  REQUIRE(wide_builder.one_block_within_budget());
  const ResultBlock wide_block = filled_block(wide_builder);
  check_units(wide_builder, wide_block, 1, {{0, 0}, {1212, 0}, {1213, 0}, {1299, 0}});
  // A chunk is compressed on its own only when all its units are in the block.
  ResultBlock partial = wide_block;
  partial.status[1250] = std::int8_t{0};
  std::vector<ChunkOfUnit> of_missing;
  wide_builder.chunks_of_unit(partial, 1250, 0, of_missing);
  CHECK_THROWS_AS(wide_builder.compress_chunk(partial, of_missing.front().chunk, compressor), std::logic_error);
  CHECK_NOTHROW(wide_builder.compress_chunk(partial, 0, compressor));
  CHECK_THROWS_AS(builder.compress(block, CompressedChunks(3)), std::logic_error);
  CHECK_THROWS_AS(builder.chunks_of_unit(block, 2, 0, chunks), std::invalid_argument);
  CHECK_THROWS_AS(builder.chunks_of_unit(block, 0, 60, chunks), std::invalid_argument);
  CHECK_THROWS_AS(builder.compress_chunk(block, together.size(), compressor), std::invalid_argument);
}

TEST_CASE("units kept as they arrive and units read back from the journal make the same file", "[results][resume]") {
  // One block (a few points): the writer fills it as units arrive, beside the journal, compresses
  // each chunk once its units are in and creates the file in memory meanwhile. It reads back from
  // the journal only what did not arrive in this run (a resumed run's earlier units) and the
  // failures. Every mix gives the bytes of a file read wholly from the journal.
  TempDir dir;
  const auto scenarios = long_series_scenarios();
  const int replicates = 60;
  const auto run = make_run(replicates, false);
  const RunPlan plan = plan_from(run, scenarios);
  // Scattered, with one failure, as a run on several threads hands them in: some chunks fill early,
  // others only with the last units.
  std::vector<std::pair<int, int>> order;
  for (int k = 0; k < replicates; ++k) {
    order.emplace_back(1, (k * 7) % replicates);
    order.emplace_back(0, (k * 11 + 1) % replicates);
  }
  const auto write_units = [&](ResultsWriter& writer, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      const auto [s, r] = order[i];
      if (s == 0 && r == 3) {
        writer.write_failure(s, r, "replicate 3 failed");
      } else {
        writer.write_replicate(s, r, make_result(s, r, scenarios[static_cast<std::size_t>(s)].parameters, 0));
      }
    }
  };
  // The plan is one block within the budget: the path that keeps units as they arrive.
  CHECK(ResultsFileBuilder(dir.path / "layout.h5", "layout.h5", plan, run).one_block_within_budget());
  // Chunks compressed during a run that gets every unit but the failed one: all but those that hold it.
  const ResultsFileBuilder layout(dir.path / "layout.h5", "layout.h5", plan, run);
  const ResultBlock empty = layout.empty_block(0);
  std::vector<ChunkOfUnit> of_failed;
  layout.chunks_of_unit(empty, 0, 3, of_failed);
  const std::size_t compressed_during_run = layout.chunk_count(empty) - of_failed.size();
  const fs::path arrived = dir.path / "arrived.h5";
  {
    ResultsWriter writer(arrived, plan, provenance_of(run), {.threads = 2, .build_during_run = true});
    write_units(writer, 0, 6);
    // A unit written again before its chunks are complete: the journal keeps its first result, and
    // so do the block and the chunks compressed as they fill.
    writer.write_replicate(order[0].first, order[0].second, make_result(order[0].first, 4, scenarios[static_cast<std::size_t>(order[0].first)].parameters, 0));
    write_units(writer, 6, order.size());
    writer.commit();
    CHECK(writer.chunks_compressed_during_run() == compressed_during_run);
  }
  for (const std::size_t in_earlier_run : {order.size(), std::size_t{37}, std::size_t{4}, std::size_t{0}}) {
    INFO(in_earlier_run << " units from the earlier run's journal");
    const fs::path out = dir.path / fmt::format("resumed-{}.h5", in_earlier_run);
    {
      ResultsWriter writer(out, plan, provenance_of(run), {.build_during_run = in_earlier_run % 2 == 0});
      write_units(writer, 0, in_earlier_run);
    }  // killed before the commit: nothing but the journal on disk
    CHECK(dir.entries() == std::vector<std::string>{"arrived.h5", out.filename().string() + ".journal"});
    ResultsWriter writer(out, plan, provenance_of(run), {.resume = true, .build_during_run = in_earlier_run != 4});
    write_units(writer, in_earlier_run, order.size());
    writer.commit();
    if (in_earlier_run == 0) CHECK(writer.chunks_compressed_during_run() == compressed_during_run);
    if (in_earlier_run == 4) CHECK(writer.chunks_compressed_during_run() == 0);
    CHECK(read_bytes(out) == read_bytes(arrived));
    fs::remove(out);
  }
  const auto results = read_results(arrived);
  REQUIRE(results.failures.size() == 1);
  CHECK(results.failures[0].message == "replicate 3 failed");
}

TEST_CASE("a file made in memory that cannot be written out fails the commit, leaves no file, and a retry writes it",
          "[results][errors]") {
  TempDir dir;
  const auto scenarios = long_series_scenarios();
  const auto run = make_run(20, false);
  const RunPlan plan = plan_from(run, scenarios);
  const fs::path reference = dir.path / "reference.h5";
  write_file(reference, run, scenarios, in_order(2, 20));
  const auto size = fs::file_size(reference);
  const fs::path out = dir.path / "out.h5";
  // The units go to the journal before the limit; the file (beside the journal, which is larger)
  // is larger than the limit the commit meets.
  const std::string report = in_child_with_file_limit(RLIM_INFINITY, [&]() -> std::string {
    ResultsWriter writer(out, plan, provenance_of(run), {.build_during_run = true});
    for (const auto& [s, r] : in_order(2, 20)) {
      writer.write_replicate(s, r, make_result(s, r, scenarios[static_cast<std::size_t>(s)].parameters, family_count(s, r)));
    }
    rlimit limited{};
    if (getrlimit(RLIMIT_FSIZE, &limited) != 0) return "could not read the limit";
    limited.rlim_cur = size / 2;
    if (setrlimit(RLIMIT_FSIZE, &limited) != 0) return "could not lower the limit";
    std::string first;
    try {
      writer.commit();
      return "written in spite of the limit";
    } catch (const OutputError& e) {
      first = e.what();
    }
    if (fs::exists(out)) return "a file after the failed commit";
    const rlimit unlimited{limited.rlim_max, limited.rlim_max};
    if (setrlimit(RLIMIT_FSIZE, &unlimited) != 0) return "could not raise the limit";
    writer.commit();  // tried again: from the journal, on disk
    return "first: " + first;
  });
  INFO(report);
  CHECK_THAT(report, Catch::StartsWith("first: could not write " + out.string()) && Catch::Contains("File too large"));
  // The file made in memory failed as it was written out, not in HDF5's own writes.
  CHECK_THAT(report, !Catch::Contains("(HDF5:"));
  CHECK(read_bytes(out) == read_bytes(reference));
  // No journal and no temporary file left.
  CHECK(dir.entries() == std::vector<std::string>{"out.h5", "reference.h5"});
}
