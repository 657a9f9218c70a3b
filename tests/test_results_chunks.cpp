// The results file's chunking (io/results_chunks.hpp), worked out from the plan alone: the chunks of
// a block tile its values exactly once, no chunk is larger than its bound unless a single unit's
// values are, the chunks that hold a unit are the ones the writer's order says, and a plan within
// the block budget has every group's chunks fill at the pace of the series'.
#include "results_file_testing.hpp"

#include <fmt/format.h>

#include <set>
#include <tuple>

#include "io/results_chunks.hpp"

using namespace jimsim;
using namespace jimsim::results_file_testing;

namespace {

// The usual two scenarios (27 and 10 steps), the first with `steps` steps instead when given, each
// as many times as asked.
RunPlan plan_of(int replicates, std::size_t copies, int steps = 0) {
  auto scenarios = make_scenarios();
  if (steps > 0) {
    scenarios[0].parameters.simulation.time_step_weeks = 0.5;
    scenarios[0].parameters.simulation.horizon_weeks = 0.5 * steps;
  }
  RunPlan plan = plan_from(make_run(replicates, false), scenarios);
  const auto both = plan.points;
  plan.points.clear();
  for (std::size_t i = 0; i < copies; ++i) {
    for (auto point : both) {
      point.name = fmt::format("{}-{}", point.name, i);
      plan.points.push_back(point);
    }
  }
  return plan;
}

// Units (point in the block, replicate) a chunk holds.
std::size_t units_of(const ResultsChunking& c, const ResultBlock& b, const ChunkJob& job) {
  return std::min(c.chunk_points, b.points - job.point) * std::min(job.chunk_replicates, c.replicates - job.replicate);
}

void check_chunking(const RunPlan& plan) {
  const ResultsChunking c = plan_chunking(plan);
  INFO(plan.points.size() << " points x " << c.replicates << " replicates, " << c.steps << " steps");
  CHECK(c.points == plan.points.size());
  CHECK(c.block_points <= c.points);
  CHECK((c.block_points % c.chunk_points == 0 || c.block_points == c.points));
  if (c.one_block_within_budget()) {
    // Units arrive in replicate order: no group's chunk may wait for more replicates than a series'.
    CHECK(c.outcome_chunk_replicates <= c.series_chunk_replicates);
    CHECK(c.year_chunk_replicates <= c.series_chunk_replicates);
  }
  for (std::size_t first = 0; first < c.points; first += c.block_points) {
    const ResultBlock block = make_empty_block(c, first);
    CHECK(block.first_point == first);
    const auto jobs = chunk_jobs(c, block);
    // Each (group, dataset, point, replicate) in exactly one chunk, and no chunk above 32,768
    // values unless it is one point and replicate.
    std::set<std::tuple<int, std::size_t, std::size_t, std::size_t>> covered;
    std::size_t expected = 0;
    for (const auto* group : {&block.outcomes, &block.series, &block.by_year}) {
      for (const auto& values : *group) {
        if (!values.empty()) expected += block.points * c.replicates;
      }
    }
    // Each (group, dataset, point, replicate) in exactly one chunk. A chunk holds at most 32,768
    // values, unless it is one point (its replicates: all of them in a plan over the block budget,
    // whose chunks are laid out after the run) or, within the budget, one point and replicate.
    bool bounded = true, once = true;
    for (const auto& job : jobs) {
      const std::size_t values = c.chunk_points * job.chunk_replicates * job.inner;
      bounded = bounded && (values <= 32768 || (c.chunk_points == 1 && (!c.one_block_within_budget() ||
                                                                        job.chunk_replicates == 1)));
      for (std::size_t p = job.point; p < std::min(job.point + c.chunk_points, block.points); ++p) {
        for (std::size_t r = job.replicate; r < std::min(job.replicate + job.chunk_replicates, c.replicates); ++r) {
          once = covered.emplace(static_cast<int>(job.group), job.dataset, p, r).second && once;
        }
      }
    }
    CHECK(bounded);
    CHECK(once);
    CHECK(covered.size() == expected);
    // The chunks a unit lies in, by their place in the write order: each holds it, and says how
    // many units it holds; together, one per dataset.
    std::size_t datasets = 0;
    for (const auto* group : {&block.outcomes, &block.series, &block.by_year}) {
      for (const auto& values : *group) datasets += values.empty() ? 0 : 1;
    }
    bool one_per_dataset = true, in_order = true, holds_unit = true, counts_units = true;
    for (std::size_t p = 0; p < block.points; ++p) {
      for (std::size_t r = 0; r < c.replicates; ++r) {
        std::vector<ChunkOfUnit> chunks;
        find_chunks_of_unit(c, block, first + p, r, chunks);
        one_per_dataset = one_per_dataset && chunks.size() == datasets;
        for (const auto& chunk : chunks) {
          in_order = in_order && chunk.chunk < jobs.size();
          if (chunk.chunk >= jobs.size()) continue;
          const ChunkJob& job = jobs[chunk.chunk];
          holds_unit = holds_unit && p >= job.point && p < job.point + c.chunk_points && r >= job.replicate &&
                       r < job.replicate + job.chunk_replicates;
          counts_units = counts_units && chunk.units == units_of(c, block, job);
        }
      }
    }
    CHECK(one_per_dataset);
    CHECK(in_order);
    CHECK(holds_unit);
    CHECK(counts_units);
  }
}

}  // namespace

TEST_CASE("a block's chunks hold each unit's values once and are the chunks its units are said to lie in",
          "[results][chunks]") {
  SECTION("two points, a few replicates") { check_chunking(plan_of(7, 1)); }
  SECTION("a long series: chunks of replicates") { check_chunking(plan_of(60, 1, 2500)); }
  SECTION("many points: chunks of points, the last one short") { check_chunking(plan_of(1, 650)); }
  SECTION("over the block budget: several blocks") { check_chunking(plan_of(600, 8)); }
}

TEST_CASE("a plan's chunking: over the block budget it makes several blocks, within it one", "[results][chunks]") {
  const ResultsChunking small = plan_chunking(plan_of(7, 1));
  CHECK(small.one_block_within_budget());
  CHECK(small.block_points == small.points);
  const ResultsChunking large = plan_chunking(plan_of(600, 8));
  CHECK_FALSE(large.one_block_within_budget());
  CHECK(large.block_points < large.points);
  // Without series, no steps or years and no chunks for them.
  RunPlan plan = plan_of(7, 1);
  plan.outputs.series = false;
  const ResultsChunking bare = plan_chunking(plan);
  CHECK(bare.steps == 0);
  CHECK(bare.years == 0);
  const ResultBlock block = make_empty_block(bare, 0);
  CHECK(block.series.empty());
  CHECK(block.by_year.empty());
  for (const auto& job : chunk_jobs(bare, block)) CHECK(job.group == ChunkedGroup::outcomes);
}
