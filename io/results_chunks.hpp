// Internal to io/: how a results file's arrays of doubles indexed [point][replicate][inner] (the
// outcomes, the weekly series, the resource use by year) are cut into blocks of points and into
// chunks, worked out from the plan alone, and each chunk's compressed bytes. No HDF5 call, so
// another thread may compress a block's chunks while one creates the file or writes the block
// before (io/results_build.cpp lays the file out and writes the chunks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "io/results_build.hpp"
#include "plan/run_plan.hpp"

namespace jimsim {

class ChunkCompressor;

// What the file holds and how it is chunked. Each chunk holds whole points' worth of its inner
// axis (every subgroup, step or year), so a chunk is `chunk_points` points x its group's chunk of
// replicates.
struct ResultsChunking {
  std::size_t points = 0, replicates = 0;
  std::size_t kept_subgroups = 0, kept_outcome_fields = 0;  // by the plan (outputs.subgroups, outputs.fields)
  std::size_t steps = 0, years = 0;               // the longest point's; 0 when series are not kept
  std::size_t chunk_points = 1, block_points = 1;  // a chunk and a block hold whole points
  std::size_t point_bytes = 0;                     // a point's values in a block
  std::size_t outcome_chunk_replicates = 1, series_chunk_replicates = 1, year_chunk_replicates = 1;

  // Whether the whole plan makes one block within the memory budget (a block is at least one chunk
  // of points, so a large plan of one point makes one block over it).
  bool one_block_within_budget() const;
};

ResultsChunking plan_chunking(const RunPlan& plan);

// A block with every value missing (NaN, status missing), ready to fill.
ResultBlock make_empty_block(const ResultsChunking& chunking, std::size_t first_point);

// The groups of [point][replicate][inner] datasets, in the order their chunks are written.
enum class ChunkedGroup : std::uint8_t { outcomes, series, resource_use_by_year };

// One chunk of a block: which dataset (its group and the index among the group's datasets), its
// data in the block, and the chunk's first point (within the block) and replicate.
struct ChunkJob {
  ChunkedGroup group;
  std::size_t dataset;
  const std::vector<double>* data;
  std::size_t inner, chunk_replicates, point, replicate;
};

// The chunks of a block in the order they are written, which fixes the file's bytes: each group's
// datasets, each dataset's chunks of points, each of those its chunks of replicates.
std::vector<ChunkJob> chunk_jobs(const ResultsChunking& chunking, const ResultBlock& block);

// The chunks that unit (point, replicate) lies in, by their place in chunk_jobs' order, appended
// to `out`.
void find_chunks_of_unit(const ResultsChunking& chunking, const ResultBlock& block, std::size_t point,
                         std::size_t replicate, std::vector<ChunkOfUnit>& out);

// One chunk's values in its own layout, whole (the part past the dataset's edge holds HDF5's fill
// value, 0, as HDF5 would store it), shuffled and deflated as HDF5's filters would.
std::vector<std::byte> compress_chunk_job(const ResultsChunking& chunking, const ChunkJob& job, std::size_t points_in_block,
                                          ChunkCompressor& compressor);

// Every chunk of the block, compressed at libdeflate's `level` on `threads` threads; those in
// `already` (in write order, the others empty; an empty `already` stands for none) are kept as they
// are.
CompressedChunks compress_block(const ResultsChunking& chunking, const ResultBlock& block, CompressedChunks already,
                                int level, int threads);

}  // namespace jimsim
