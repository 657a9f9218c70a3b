// Internal to io/: builds a results file (layout version 4, docs/results-format.md) block by block.
// The writer fills blocks from a run's journal, merge from shard files; both hand them here, so the
// two cannot lay a file out differently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "io/results_file.hpp"
#include "plan/run_plan.hpp"

namespace jimsim {

struct FamilyRowOfUnit {
  std::int32_t point = 0;
  std::int32_t replicate = 0;
  std::int32_t family = 0;
  FamilyRecord record;
};

// The results of points [first_point, first_point + points) for every replicate.
struct ResultBlock {
  std::size_t first_point = 0, points = 0;
  std::vector<std::vector<double>> outcomes;  // [kept field] -> [point][replicate][kept subgroup]
  std::vector<std::vector<double>> series;    // [series field] -> [point][replicate][step], NaN padded
  std::vector<std::vector<double>> by_year;   // [resource use field] -> [point][replicate][year], NaN padded
  std::vector<std::int8_t> status;            // [point][replicate]
  std::vector<FamilyRowOfUnit> families;      // ordered by point, replicate, family
  std::vector<UnitFailure> failures;          // ordered by point, replicate
};

// A block's outcomes, series and resource use by year, compressed chunk by chunk in the order the
// builder writes them.
using CompressedChunks = std::vector<std::vector<std::byte>>;

class ChunkCompressor;

// Where the builder makes the file: on disk at its path from create() on, or in memory (HDF5's core
// driver), written to its path whole by finish(). A file made in memory while a run goes on leaves
// nothing on disk when the run is killed; it has the same bytes as one made on disk.
enum class FileStorage { disk, memory };

// One chunk of a block, by its place in the order the builder writes them, and how many units
// (point and replicate) it holds.
struct ChunkOfUnit {
  std::size_t chunk = 0, units = 0;
};

class ResultsFileBuilder {
 public:
  // Works out the layout of the plan's file at `path` (a temporary name; the caller renames it):
  // nothing is written until create(). The outcomes, series and resource use by year are compressed
  // on up to `threads` threads; the file has the same bytes for any number.
  ResultsFileBuilder(std::filesystem::path path, const std::string& display_name, const RunPlan& plan,
                     const RunInfo& run, int threads = 1, FileStorage storage = FileStorage::disk);
  ~ResultsFileBuilder();

  // Creates the file with the plan's header, point tables, parameters and design. Throws
  // OutputError when it cannot be written.
  void create();

  // Points per block the builder wants: whole chunks, a few tens of megabytes of memory at most.
  std::size_t block_points() const;
  // Whether the whole plan makes one block within the memory budget (a block is at least one chunk
  // of points, so a large plan of one point makes one block over it).
  bool one_block_within_budget() const;
  int max_steps() const;
  int max_years() const;  // 0 when series (and with them the resource use by year) are not kept

  // A block with every value missing (NaN, status missing), ready to fill.
  ResultBlock empty_block(std::size_t first_point) const;
  // The block's chunks, compressed. Like empty_block, it reads only the layout and makes no HDF5
  // call, so another thread may run it while this one creates the file or writes the block before.
  // Chunks already compressed (compress_chunk) are given in `already`, in write order, the others
  // left empty; an empty `already` stands for none.
  CompressedChunks compress(const ResultBlock& block, CompressedChunks already = {}) const;

  // For compressing a block's chunks as the units they hold arrive: how many chunks the block has,
  // the chunks unit (point, replicate) lies in (appended to `out`), and one chunk compressed. Like
  // compress, no HDF5 call: another thread may run them while this one creates the file.
  std::size_t chunk_count(const ResultBlock& block) const;
  void chunks_of_unit(const ResultBlock& block, std::size_t point, std::size_t replicate,
                      std::vector<ChunkOfUnit>& out) const;
  // compress_chunk refuses (std::logic_error) a chunk with a unit whose status is not done.
  std::vector<std::byte> compress_chunk(const ResultBlock& block, std::size_t chunk, ChunkCompressor& compressor) const;
  // Writes the block (after create()), compressing it first, or with its chunks from compress().
  void write(const ResultBlock& block);
  void write(const ResultBlock& block, const CompressedChunks& chunks);

  // Writes the unit counts and failures, closes the file and checks the close (a file made in
  // memory is written to its path here).
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jimsim
