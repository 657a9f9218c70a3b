#include "io/results_chunks.hpp"

#include <algorithm>
#include <limits>
#include <span>
#include <stdexcept>
#include <utility>

#include "io/chunk_compression.hpp"
#include "sim/mapped_pages.hpp"
#include "sim/replicate.hpp"
#include "sim/result_fields.hpp"

namespace jimsim {

namespace {

constexpr std::size_t chunk_elements = 32768;  // 256 KB of doubles
constexpr std::size_t block_bytes_budget = std::size_t{32} << 20;

}  // namespace

bool ResultsChunking::one_block_within_budget() const {
  return block_points >= points && points * point_bytes <= block_bytes_budget;
}

ResultsChunking plan_chunking(const RunPlan& plan) {
  ResultsChunking c;
  c.points = plan.points.size();
  c.replicates = static_cast<std::size_t>(plan.replicates);
  c.kept_subgroups = plan.outputs.subgroups.size();
  c.kept_outcome_fields = plan.outputs.fields.size();
  for (const auto& point : plan.points) {
    c.steps = std::max<std::size_t>(c.steps, static_cast<std::size_t>(step_count(point.parameters)));
    c.years = std::max<std::size_t>(c.years, static_cast<std::size_t>(year_count(point.parameters)));
  }
  if (!plan.outputs.series) c.steps = c.years = 0;
  const std::size_t R = c.replicates, G = c.kept_subgroups, S = c.steps, Y = c.years;

  c.point_bytes =
      R * (c.kept_outcome_fields * G + series_fields.size() * S + resource_use_fields.size() * Y) * sizeof(double) + R;
  // In a plan whose results fit the block budget, a chunk of outcomes or of resource use spans no
  // more replicates than one of the series, so that, as units arrive in replicate order, every
  // group's chunks fill at the same pace and are compressed while the run goes on
  // (ResultsWriter). Larger plans keep the larger chunks: they are laid out after the run.
  const bool fits_budget = c.points * c.point_bytes <= block_bytes_budget;
  const std::size_t replicates_cap = S > 0 && fits_budget ? std::max<std::size_t>(1, chunk_elements / S) : R;
  c.outcome_chunk_replicates =
      std::min({R, replicates_cap, std::max<std::size_t>(1, chunk_elements / std::max<std::size_t>(G, 1))});
  c.chunk_points = std::clamp<std::size_t>(chunk_elements / (c.outcome_chunk_replicates * std::max<std::size_t>(G, 1)), 1,
                                           c.points);
  if (S > 0) {
    c.series_chunk_replicates = std::min(R, replicates_cap);
    c.chunk_points =
        std::min(c.chunk_points, std::clamp<std::size_t>(chunk_elements / (c.series_chunk_replicates * S), 1, c.points));
  }
  if (Y > 0) {
    c.year_chunk_replicates = std::min({R, replicates_cap, std::max<std::size_t>(1, chunk_elements / (c.chunk_points * Y))});
  }
  c.block_points = c.chunk_points * std::max<std::size_t>(1, block_bytes_budget / (c.chunk_points * c.point_bytes));
  c.block_points = std::min(c.block_points, c.points);
  return c;
}

ResultBlock make_empty_block(const ResultsChunking& c, std::size_t first_point) {
  ResultBlock b;
  b.first_point = first_point;
  b.points = std::min(c.block_points, c.points - first_point);
  // Each field's values in memory mapped in one call (a block is megabytes of fresh memory).
  const auto missing = [](std::size_t fields, std::size_t values) {
    std::vector<std::vector<double>> out(fields);
    for (auto& field : out) assign_mapped(field, values, std::numeric_limits<double>::quiet_NaN());
    return out;
  };
  b.outcomes = missing(c.kept_outcome_fields, b.points * c.replicates * c.kept_subgroups);
  b.series = missing(c.steps > 0 ? series_fields.size() : 0, b.points * c.replicates * c.steps);
  b.by_year = missing(c.years > 0 ? resource_use_fields.size() : 0, b.points * c.replicates * c.years);
  b.status.assign(b.points * c.replicates, unit_status_missing);
  return b;
}

std::vector<ChunkJob> chunk_jobs(const ResultsChunking& c, const ResultBlock& b) {
  std::vector<ChunkJob> jobs;
  const auto add = [&](ChunkedGroup group, const std::vector<std::vector<double>>& data, std::size_t inner,
                       std::size_t chunk_replicates) {
    if (b.points == 0 || c.replicates == 0 || inner == 0) return;  // an empty dataset has no chunks
    for (std::size_t i = 0; i < data.size(); ++i) {
      for (std::size_t p = 0; p < b.points; p += c.chunk_points) {
        for (std::size_t r = 0; r < c.replicates; r += chunk_replicates) {
          jobs.push_back({group, i, &data[i], inner, chunk_replicates, p, r});
        }
      }
    }
  };
  add(ChunkedGroup::outcomes, b.outcomes, c.kept_subgroups, c.outcome_chunk_replicates);
  add(ChunkedGroup::series, b.series, c.steps, c.series_chunk_replicates);
  add(ChunkedGroup::resource_use_by_year, b.by_year, c.years, c.year_chunk_replicates);
  return jobs;
}

void find_chunks_of_unit(const ResultsChunking& c, const ResultBlock& b, std::size_t point, std::size_t replicate,
                         std::vector<ChunkOfUnit>& out) {
  const std::size_t R = c.replicates;
  if (point < b.first_point || point >= b.first_point + b.points || replicate >= R) {
    throw std::invalid_argument("ResultsFileBuilder::chunks_of_unit: a unit outside the block");
  }
  const std::size_t point_chunk = (point - b.first_point) / c.chunk_points;
  const std::size_t point_chunks = (b.points + c.chunk_points - 1) / c.chunk_points;
  const std::size_t points_in_chunk = std::min(c.chunk_points, b.points - point_chunk * c.chunk_points);
  std::size_t first = 0;
  const auto group = [&](std::size_t datasets, std::size_t inner, std::size_t chunk_replicates) {
    if (inner == 0) return;  // as chunk_jobs: an empty dataset has no chunks
    const std::size_t replicate_chunks = (R + chunk_replicates - 1) / chunk_replicates;
    const std::size_t replicate_chunk = replicate / chunk_replicates;
    const std::size_t units = points_in_chunk * std::min(chunk_replicates, R - replicate_chunk * chunk_replicates);
    for (std::size_t i = 0; i < datasets; ++i) {
      out.push_back({first + (i * point_chunks + point_chunk) * replicate_chunks + replicate_chunk, units});
    }
    first += datasets * point_chunks * replicate_chunks;
  };
  group(b.outcomes.size(), c.kept_subgroups, c.outcome_chunk_replicates);
  group(b.series.size(), c.steps, c.series_chunk_replicates);
  group(b.by_year.size(), c.years, c.year_chunk_replicates);
}

std::vector<std::byte> compress_chunk_job(const ResultsChunking& c, const ChunkJob& job, std::size_t points_in_block,
                                          ChunkCompressor& compressor) {
  std::vector<double> chunk(c.chunk_points * job.chunk_replicates * job.inner, 0.0);
  const std::size_t points = std::min(c.chunk_points, points_in_block - job.point);
  const std::size_t replicates = std::min(job.chunk_replicates, c.replicates - job.replicate);
  for (std::size_t p = 0; p < points; ++p) {
    for (std::size_t r = 0; r < replicates; ++r) {
      const double* from = job.data->data() + ((job.point + p) * c.replicates + job.replicate + r) * job.inner;
      std::copy_n(from, job.inner, chunk.data() + (p * job.chunk_replicates + r) * job.inner);
    }
  }
  return compressor.shuffle_and_deflate(std::as_bytes(std::span(chunk)), sizeof(double));
}

CompressedChunks compress_block(const ResultsChunking& c, const ResultBlock& b, CompressedChunks chunks, int level,
                                int threads) {
  const std::vector<ChunkJob> jobs = chunk_jobs(c, b);
  if (chunks.empty()) chunks.resize(jobs.size());
  if (chunks.size() != jobs.size()) throw std::logic_error("ResultsFileBuilder::compress: chunks of another block");
  std::vector<std::size_t> left;  // a compressed chunk is never empty: a deflate stream has a header
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (chunks[j].empty()) left.push_back(j);
  }
  auto made = compress_in_parallel(left.size(), threads, level, [&](std::size_t i, ChunkCompressor& compressor) {
    return compress_chunk_job(c, jobs[left[i]], b.points, compressor);
  });
  for (std::size_t i = 0; i < left.size(); ++i) chunks[left[i]] = std::move(made[i]);
  return chunks;
}

}  // namespace jimsim
