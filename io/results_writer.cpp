// The results writer: units go to the journal as they arrive; commit() lays the results file out
// from the journal, a block of points at a time, so memory stays flat however many units there are.
// A plan whose results make one block keeps that block filled as units arrive (Impl::keep), creates
// its file in memory meanwhile and compresses the block's chunks as they fill.
#include <csignal>

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <future>
#include <mutex>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "io/atomic_file.hpp"
#include "io/chunk_compression.hpp"
#include "io/results_build.hpp"
#include "io/results_file.hpp"
#include "io/results_hdf5.hpp"
#include "io/unit_journal.hpp"
#include "io/unit_record.hpp"
#include "sim/errors.hpp"
#include "sim/mapped_pages.hpp"
#include "sim/replicate.hpp"
#include "sim/result_fields.hpp"

namespace jimsim {

namespace {

RunInfo run_info(const RunPlan& plan, const Provenance& provenance, const Shard& shard) {
  RunInfo run;
  run.program_version = provenance.program_version;
  run.command_line = provenance.command_line;
  run.plan_fingerprint = plan_fingerprint(plan, provenance.program_version);
  run.seed = plan.seed;
  run.replicates = plan.replicates;
  run.family_records = plan.family_records;
  for (const auto& o : plan.overrides) run.overrides.push_back(o.text);
  run.design = plan.design.kind;
  run.shard = shard;
  run.units = plan.unit_count();
  if (plan.posterior) run.posterior = plan.posterior->source;
  return run;
}

// Copies one decoded unit into its place in the block.
void fill_unit(ResultBlock& block, const RunPlan& plan, std::size_t point, std::size_t replicate, int max_steps,
               int max_years, const ReplicateResult& result) {
  const std::size_t R = static_cast<std::size_t>(plan.replicates);
  const std::size_t G = plan.outputs.subgroups.size();
  const std::size_t p = point - block.first_point;
  for (std::size_t f = 0; f < plan.outputs.fields.size(); ++f) {
    const auto& field = outcome_fields[static_cast<std::size_t>(plan.outputs.fields[f])];
    for (std::size_t g = 0; g < G; ++g) {
      block.outcomes[f][(p * R + replicate) * G + g] =
          field_value(result.outcomes[static_cast<std::size_t>(plan.outputs.subgroups[g])], field);
    }
  }
  const auto S = static_cast<std::size_t>(max_steps);
  for (std::size_t s = 0; s < block.series.size(); ++s) {
    const auto& values = result.series.*series_fields[s].member;
    std::copy_n(values.begin(), std::min(values.size(), S), block.series[s].begin() + static_cast<std::ptrdiff_t>((p * R + replicate) * S));
  }
  const auto Y = static_cast<std::size_t>(max_years);
  for (std::size_t f = 0; f < block.by_year.size(); ++f) {
    for (std::size_t y = 0; y < std::min(result.by_year.size(), Y); ++y) {
      block.by_year[f][(p * R + replicate) * Y + y] = field_value(result.by_year[y], resource_use_fields[f]);
    }
  }
  // Family rows of a block are hundreds of megabytes at a region's size: grown with their fresh
  // memory mapped in one call (grow_mapped), not a page fault per 4 kB.
  if (plan.family_records) grow_mapped(block.families, result.families.size());
  for (std::size_t k = 0; plan.family_records && k < result.families.size(); ++k) {
    block.families.push_back({static_cast<std::int32_t>(point), static_cast<std::int32_t>(replicate),
                              static_cast<std::int32_t>(k), result.families[k]});
  }
  block.status[p * R + replicate] = unit_status_done;
}

// A block of the results filled from the journal, and its chunks compressed.
struct PreparedBlock {
  ResultBlock block;
  CompressedChunks chunks;
};

// Before any file is touched: a plan the file cannot hold.
void check_plan(const RunPlan& plan, const WriterOptions& options) {
  if (options.shard.count == 0 || options.shard.index >= options.shard.count) {
    throw std::invalid_argument("ResultsWriter: bad shard");
  }
  if (plan.points.empty() || plan.replicates <= 0) throw std::invalid_argument("ResultsWriter: an empty plan");
  std::unordered_map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    const auto& name = plan.points[i].name;
    if (name.empty()) throw InputError(fmt::format("{}: a point has no name", plan.points[i].origin));
    const auto [at, inserted] = seen.emplace(name, i);
    if (!inserted) {
      throw InputError(fmt::format("two points of one run are named \"{}\" ({} and {}); give one of them another "
                                   "name in [scenario]",
                                   name, plan.points[at->second].origin, plan.points[i].origin));
    }
  }
}

}  // namespace

void prepare_for_writing_files() {
  H5dont_atexit();
  std::signal(SIGXFSZ, SIG_IGN);
}

struct ResultsWriter::Impl {
  const RunPlan plan;  // a copy, so the caller's plan may go away first
  RunInfo run;
  WriterOptions options;
  AtomicFile output;
  UnitJournal journal;
  ResultsFileBuilder layout;  // the file's layout from the start (no HDF5 call); the file is made at commit
  // When the whole plan's results make one block (a run of a few points), the block is filled as
  // the units arrive, beside the journal, rather than read back from it after the last unit: the
  // commit then starts compressing at once, beside the file's creation. At 500 families x 1000
  // that reading was as long as creating the file. Failures and family records still come from
  // the journal (their order in the block is by point, not by arrival), and so do the units of an
  // earlier run that a resumed one recovers.
  const bool fill_as_units_arrive;
  std::optional<ResultBlock> arrived;  // made at the first unit, on the thread that hands units in
  // Such a plan's file is also created while the units run, in memory (so a kill leaves nothing on
  // disk), and each chunk of the block is compressed on another thread once its units are all in
  // it: at 500 families x 1000 the commit after the last unit was these two, side by side, then
  // the writes. A commit that fails after taking them reads the journal again, on disk.
  std::unique_ptr<ResultsFileBuilder> early;
  std::future<void> early_created;  // after `early`: destroyed, so waited for, first
  std::vector<std::uint32_t> units_in_chunk;  // [chunk] arrived so far
  CompressedChunks early_chunks;              // [chunk], empty until compressed
  std::vector<std::future<void>> compressing;  // chunks being compressed into early_chunks
  std::mutex compressor_mutex;
  std::optional<ChunkCompressor> compressor;  // kept between them: a fresh one is fresh pages
  std::vector<ChunkOfUnit> chunks_of_unit;     // scratch
  std::size_t compressed_early = 0;            // of the last commit
  std::mutex mutex;
  bool committed = false;

  Impl(std::filesystem::path target, const RunPlan& p, const Provenance& provenance, const WriterOptions& o)
      : plan(p),
        run(run_info(p, provenance, o.shard)),
        options(o),
        output(target, o.overwrite),
        journal(UnitJournal::path_for(target), fmt::format("{} shard {}/{}", run.plan_fingerprint, o.shard.index, o.shard.count),
                p.unit_count(), o.resume, o.overwrite),
        layout(output.temporary(), output.target().string(), plan, run, o.threads),
        fill_as_units_arrive(layout.one_block_within_budget() && !plan.family_records) {
    if (!fill_as_units_arrive || !o.build_during_run) return;
    early = std::make_unique<ResultsFileBuilder>(output.temporary(), output.target().string(), plan, run, options.threads,
                                                 FileStorage::memory);
    try {
      early_created = std::async(std::launch::async, [builder = early.get()] { builder->create(); });
    } catch (const std::system_error&) {
      early.reset();  // no thread to be had: the file is made at the commit
    }
  }

  ~Impl() { wait_for_compressions(); }

  // Waits for the chunks in compression (all, or those done already). A chunk whose compression
  // failed stays empty, and the commit compresses it with the rest.
  void wait_for_compressions(bool only_done = false) {
    std::erase_if(compressing, [&](std::future<void>& task) {
      if (only_done && task.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
      try {
        task.get();
      } catch (...) {
      }
      return true;
    });
  }

  // A unit just written to the journal (`fresh`: not there as done before, so the journal took
  // this result), into the block that will be written at commit.
  void keep(std::size_t unit, bool fresh, const ReplicateResult& result) {
    if (!fill_as_units_arrive || !fresh || committed) return;
    if (!arrived) {
      // Made together, so that a failure leaves none of them.
      ResultBlock block = layout.empty_block(0);
      std::vector<std::uint32_t> counts(layout.chunk_count(block), 0);
      CompressedChunks chunks(counts.size());
      arrived = std::move(block);
      units_in_chunk = std::move(counts);
      early_chunks = std::move(chunks);
    }
    const std::size_t P = plan.points.size();
    fill_unit(*arrived, plan, unit % P, unit / P, layout.max_steps(), layout.max_years(), result);
    if (!early) return;
    // The chunks this unit completes, compressed on another thread: this one hands units on to the
    // journal. No later unit writes into a complete chunk.
    wait_for_compressions(true);  // those finished, so that their threads end
    chunks_of_unit.clear();
    layout.chunks_of_unit(*arrived, unit % P, unit / P, chunks_of_unit);
    std::vector<std::size_t> complete;
    for (const auto& c : chunks_of_unit) {
      if (++units_in_chunk[c.chunk] == c.units) complete.push_back(c.chunk);
    }
    if (complete.empty()) return;
    try {
      compressing.push_back(std::async(std::launch::async, [this, complete = std::move(complete)] {
        const std::lock_guard lock(compressor_mutex);
        if (!compressor) compressor.emplace(static_cast<int>(results_hdf5::deflate_level));
        for (const std::size_t c : complete) early_chunks[c] = layout.compress_chunk(*arrived, c, *compressor);
      }));
    } catch (const std::system_error&) {
      // No thread to be had: the commit compresses these chunks with the rest.
    }
  }

  std::size_t unit_of(int point, int replicate) const {
    if (point < 0 || static_cast<std::size_t>(point) >= plan.points.size() || replicate < 0 ||
        replicate >= plan.replicates) {
      throw std::invalid_argument(fmt::format("ResultsWriter: unit (point {}, replicate {}) is not in the plan", point, replicate));
    }
    const std::size_t unit = static_cast<std::size_t>(replicate) * plan.points.size() + static_cast<std::size_t>(point);
    if (!options.shard.takes(unit)) {
      throw std::invalid_argument(fmt::format("ResultsWriter: unit {} is not in shard {}/{}", unit, options.shard.index, options.shard.count));
    }
    return unit;
  }

  void commit() {
    if (committed) throw std::logic_error("ResultsWriter::commit() called twice");
    for (std::size_t u = 0; u < plan.unit_count(); ++u) {
      if (options.shard.takes(u) && !journal.has(u)) {
        throw std::logic_error(fmt::format("ResultsWriter::commit(): unit {} (point {}, replicate {}) is missing", u,
                                           u % plan.points.size(), u / plan.points.size()));
      }
    }
    // The journal made durable while the file is laid out rather than before it, after the last
    // unit (its fdatasync took 22 ms of a 0.8 s two-thread run of 500 families x 1000 here); it
    // still ends before the file takes the target's name and the journal goes.
    std::future<void> journal_on_disk = std::async(std::launch::async, [this] { journal.sync(); });
    output.check_target();
    // Taken, so that a commit tried again after a failure reads every unit from the journal and
    // makes its file on disk.
    wait_for_compressions();
    std::optional<ResultBlock> kept = std::exchange(arrived, std::nullopt);
    CompressedChunks compressed = std::exchange(early_chunks, {});
    compressed_early = static_cast<std::size_t>(
        std::count_if(compressed.begin(), compressed.end(), [](const auto& chunk) { return !chunk.empty(); }));
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // per thread: the file may have been made on another
    {
      std::unique_ptr<ResultsFileBuilder> builder = std::exchange(early, nullptr);
      std::future<void> created = std::exchange(early_created, {});  // after the builder it makes
      if (!builder) {
        builder = std::make_unique<ResultsFileBuilder>(output.temporary(), output.target().string(), plan, run, options.threads);
      }
      const std::size_t P = plan.points.size();
      // Each block is read from the journal and compressed on other threads while this one creates
      // the file or writes the block before: the HDF5 calls stay on this thread, in the same order,
      // so the file has the same bytes. At 500 families x 1000 creating the file was a quarter of
      // the commit, and the commit 12% of a one-thread run, all of it after the last unit.
      const auto prepare = [&](std::size_t first) {
        PreparedBlock prepared{kept && first == 0 ? std::move(*kept) : builder->empty_block(first), {}};
        ResultBlock& block = prepared.block;
        for (std::size_t p = first; p < first + block.points; ++p) {
          for (std::size_t r = 0; r < static_cast<std::size_t>(plan.replicates); ++r) {
            const std::size_t u = r * P + p;
            // Units that arrived in this run are in the block already.
            if (!journal.has(u) || block.status[(p - first) * static_cast<std::size_t>(plan.replicates) + r] != unit_status_missing) {
              continue;
            }
            const auto bytes = journal.read(u);
            if (journal.entry(u).status == unit_failed) {
              block.status[(p - first) * static_cast<std::size_t>(plan.replicates) + r] = unit_status_failed;
              block.failures.push_back({static_cast<int>(p), static_cast<int>(r),
                                        std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size())});
              continue;
            }
            fill_unit(block, plan, p, r, builder->max_steps(), builder->max_years(), decode_result(bytes, plan));
          }
        }
        prepared.chunks = builder->compress(block, first == 0 ? std::move(compressed) : CompressedChunks{});
        return prepared;
      };
      // Declared after the builder, so an error here waits for the block in preparation to finish
      // before the builder it reads goes away.
      std::future<PreparedBlock> next = std::async(std::launch::async, prepare, std::size_t{0});
      if (created.valid()) {
        created.get();
      } else {
        builder->create();
      }
      for (std::size_t first = 0; first < P; first += builder->block_points()) {
        PreparedBlock current = next.get();
        if (first + builder->block_points() < P) next = std::async(std::launch::async, prepare, first + builder->block_points());
        builder->write(current.block, current.chunks);
      }
      builder->finish();
    }
    journal_on_disk.get();
    output.commit();
    journal.remove();
    committed = true;
  }
};

ResultsWriter::ResultsWriter(std::filesystem::path target, const RunPlan& plan, const Provenance& provenance,
                             const WriterOptions& options)
    : impl_((check_plan(plan, options), std::make_unique<Impl>(std::move(target), plan, provenance, options))) {}

ResultsWriter::~ResultsWriter() = default;

std::vector<std::size_t> ResultsWriter::missing_units() const {
  std::vector<std::size_t> units;
  for (std::size_t u = 0; u < impl_->plan.unit_count(); ++u) {
    if (!impl_->options.shard.takes(u)) continue;
    // A unit that failed in an interrupted run is tried again (its failure may have been the machine's).
    if (!impl_->journal.has(u) || impl_->journal.entry(u).status == unit_failed) units.push_back(u);
  }
  return units;
}

std::size_t ResultsWriter::units_recovered() const {
  std::size_t done = 0;
  for (std::size_t u = 0; u < impl_->plan.unit_count(); ++u) {
    done += impl_->options.shard.takes(u) && impl_->journal.has(u) && impl_->journal.entry(u).status == unit_done;
  }
  return done;
}

void ResultsWriter::write_replicate(int point, int replicate, const ReplicateResult& result) {
  const std::size_t unit = impl_->unit_of(point, replicate);
  const int steps = step_count(impl_->plan.points[static_cast<std::size_t>(point)].parameters);
  if (impl_->plan.outputs.series) {
    for (const auto& field : series_fields) {
      if ((result.series.*field.member).size() != static_cast<std::size_t>(steps)) {
        throw std::invalid_argument(fmt::format("ResultsWriter::write_replicate: series {} has {} values, the point has {} steps",
                                                field.name, (result.series.*field.member).size(), steps));
      }
    }
    const int years = year_count(impl_->plan.points[static_cast<std::size_t>(point)].parameters);
    if (result.by_year.size() != static_cast<std::size_t>(years)) {
      throw std::invalid_argument(fmt::format("ResultsWriter::write_replicate: the resource use covers {} years, the point has {}",
                                              result.by_year.size(), years));
    }
  }
  const auto bytes = encode_result(result, impl_->plan);
  const std::lock_guard lock(impl_->mutex);
  // The journal keeps the first result of a unit; a failure it replaces.
  const bool fresh = !impl_->journal.has(unit) || impl_->journal.entry(unit).status == unit_failed;
  impl_->journal.append(unit, unit_done, bytes);
  impl_->keep(unit, fresh, result);
}

void ResultsWriter::write_failure(int point, int replicate, const std::string& message) {
  const std::size_t unit = impl_->unit_of(point, replicate);
  const std::lock_guard lock(impl_->mutex);
  impl_->journal.append(unit, unit_failed, std::as_bytes(std::span(message.data(), message.size())));
}

void ResultsWriter::sync() {
  const std::lock_guard lock(impl_->mutex);
  impl_->journal.sync();
}

void ResultsWriter::commit() {
  const std::lock_guard lock(impl_->mutex);
  impl_->commit();
}

const std::filesystem::path& ResultsWriter::journal_path() const { return impl_->journal.path(); }

std::size_t ResultsWriter::chunks_compressed_during_run() const { return impl_->compressed_early; }

}  // namespace jimsim
