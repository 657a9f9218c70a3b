// `jimsim merge`: the shards of one plan (`--shard i/n`, e.g. the tasks of a Slurm array) joined
// into one results file, equal in content to a single-process run of the plan.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace jimsim {

struct MergeSummary {
  std::size_t shards = 0;
  std::uint64_t units = 0, failed = 0;
};

// Checks that the inputs are shards of one plan (the same plan fingerprint and shard count), that
// every shard 0..n-1 is there exactly once and holds exactly its units, and writes `output`
// (through a temporary name; an existing file only with `overwrite`). Throws InputError naming the
// file that does not fit, or the shards missing or given twice. The output is compressed on up to
// `threads` threads (the same bytes for any number).
MergeSummary merge_results(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& output,
                           bool overwrite, const std::string& command_line, int threads = 1);

}  // namespace jimsim
