#include "io/results_merge.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>

#include "io/atomic_file.hpp"
#include "io/results_build.hpp"
#include "io/results_file.hpp"
#include "io/results_hdf5.hpp"
#include "sim/errors.hpp"
#include "sim/result_fields.hpp"

namespace jimsim {

using namespace results_hdf5;
namespace fs = std::filesystem;

namespace {

// One shard file open for reading blocks of points.
class ShardReader {
 public:
  ShardReader(const fs::path& path, const RunPlan& plan, std::size_t steps, std::size_t years)
      : path_(path), plan_(plan), steps_(steps), years_(years), file_(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {
    if (!file_.valid()) fail(fmt::format("could not open {}", path.string()));
    outcomes_ = checked(H5Gopen2(file_.get(), "outcomes", H5P_DEFAULT), "could not open /outcomes");
    if (plan.outputs.series) series_ = checked(H5Gopen2(file_.get(), "series", H5P_DEFAULT), "could not open /series");
    if (years_ > 0) by_year_ = open_table(file_.get(), "resource_use_by_year");
    if (plan.family_records) read_families();
    if (has_link(file_.get(), "failures")) {
      Handle group = open_table(file_.get(), "failures");
      const auto points = read_int32_column(group.get(), "point", "/failures");
      const auto replicates = read_int32_column(group.get(), "replicate", "/failures");
      const auto messages = read_string_values(group.get(), "message", "/failures");
      for (std::size_t i = 0; i < points.size(); ++i) failures_[{points[i], replicates[i]}] = messages[i];
    }
  }

  // Copies this shard's units of the block's points into the block.
  void fill(ResultBlock& block, const Shard& shard) {
    const std::size_t R = static_cast<std::size_t>(plan_.replicates), G = plan_.outputs.subgroups.size();
    const std::size_t P = plan_.points.size();
    const auto status = read_block<std::int8_t>(outcomes_, "unit_status", H5T_NATIVE_INT8, block, {R});
    std::vector<std::vector<double>> outcomes;
    for (const int f : plan_.outputs.fields) {
      outcomes.push_back(read_block<double>(outcomes_, std::string(outcome_fields[static_cast<std::size_t>(f)].name),
                                            H5T_NATIVE_DOUBLE, block, {R, G}));
    }
    std::vector<std::vector<double>> series;
    if (plan_.outputs.series) {
      for (const auto& field : series_fields) {
        series.push_back(read_block<double>(series_, std::string(field.name), H5T_NATIVE_DOUBLE, block, {R, steps_}));
      }
    }
    std::vector<std::vector<double>> by_year;
    if (years_ > 0) {
      for (const auto& field : resource_use_fields) {
        by_year.push_back(read_block<double>(by_year_, std::string(field.name), H5T_NATIVE_DOUBLE, block, {R, years_}));
      }
    }
    for (std::size_t p = 0; p < block.points; ++p) {
      for (std::size_t r = 0; r < R; ++r) {
        const std::size_t i = p * R + r;
        const std::size_t point = block.first_point + p;
        const std::size_t unit = r * P + point;
        if (status[i] == unit_status_missing) continue;
        if (!shard.takes(unit)) {
          throw InputError(fmt::format("{} holds unit {} (point {}, replicate {}), which is not in its shard {}/{}",
                                       path_.string(), unit, point, r, shard.index, shard.count));
        }
        block.status[i] = status[i];
        for (std::size_t f = 0; f < outcomes.size(); ++f) {
          std::copy_n(outcomes[f].begin() + static_cast<std::ptrdiff_t>(i * G), G, block.outcomes[f].begin() + static_cast<std::ptrdiff_t>(i * G));
        }
        for (std::size_t s = 0; s < series.size(); ++s) {
          std::copy_n(series[s].begin() + static_cast<std::ptrdiff_t>(i * steps_), steps_,
                      block.series[s].begin() + static_cast<std::ptrdiff_t>(i * steps_));
        }
        for (std::size_t f = 0; f < by_year.size(); ++f) {
          std::copy_n(by_year[f].begin() + static_cast<std::ptrdiff_t>(i * years_), years_,
                      block.by_year[f].begin() + static_cast<std::ptrdiff_t>(i * years_));
        }
        if (status[i] == unit_status_failed) {
          const auto at = failures_.find({static_cast<int>(point), static_cast<int>(r)});
          block.failures.push_back({static_cast<int>(point), static_cast<int>(r), at == failures_.end() ? "" : at->second});
        }
      }
    }
    for (; next_family_ < families_.size() &&
           static_cast<std::size_t>(families_[next_family_].point) < block.first_point + block.points;
         ++next_family_) {
      block.families.push_back(families_[next_family_]);
    }
  }

 private:
  template <class T>
  std::vector<T> read_block(const Handle& group, const std::string& name, hid_t memory_type, const ResultBlock& block,
                            std::vector<std::size_t> inner) {
    Handle dataset = open_dataset(group.get(), name, path_.string());
    std::vector<hsize_t> start = {block.first_point}, count = {block.points};
    std::size_t elements = block.points;
    for (const std::size_t n : inner) {
      start.push_back(0);
      count.push_back(n);
      elements *= n;
    }
    if (dataset_shape(dataset.get(), name).size() != count.size()) bad_layout(fmt::format("{} has the wrong shape", name));
    std::vector<T> values(elements);
    Handle file_space = checked(H5Dget_space(dataset.get()), "could not read a dataspace");
    check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
          fmt::format("could not select part of {}", name));
    const hsize_t n = elements;
    Handle memory_space = checked(H5Screate_simple(1, &n, nullptr), "could not create a dataspace");
    check(H5Dread(dataset.get(), memory_type, memory_space.get(), file_space.get(), H5P_DEFAULT, values.data()),
          fmt::format("could not read {}", name));
    return values;
  }

  // The family table is kept whole: families are asked for with small sweeps only.
  void read_families() {
    Handle group = open_table(file_.get(), "families");
    const auto points = read_int32_column(group.get(), "point", "/families");
    const auto replicates = read_int32_column(group.get(), "replicate", "/families");
    const auto families = read_int32_column(group.get(), "family", "/families");
    families_.resize(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) families_[i] = {points[i], replicates[i], families[i], {}};
    for (const auto& field : family_fields) {
      const auto values = read_double_values(group.get(), std::string(field.name), "/families");
      for (std::size_t i = 0; i < values.size() && i < families_.size(); ++i) {
        *reinterpret_cast<double*>(reinterpret_cast<char*>(&families_[i].record) + field.offset) = values[i];
      }
    }
  }

  fs::path path_;
  const RunPlan& plan_;
  std::size_t steps_, years_;
  Handle file_, outcomes_, series_, by_year_;
  std::vector<FamilyRowOfUnit> families_;
  std::size_t next_family_ = 0;
  std::map<std::pair<int, int>, std::string> failures_;
};

}  // namespace

MergeSummary merge_results(const std::vector<fs::path>& inputs, const fs::path& output, bool overwrite,
                           const std::string& command_line, int threads) {
  if (inputs.empty()) throw InputError("merge: no shard files given");
  std::vector<RunInfo> infos;
  for (const auto& input : inputs) infos.push_back(read_run_info(input));
  const RunInfo& first = infos.front();
  const std::size_t n = first.shard.count;
  std::vector<int> seen(n, -1);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const RunInfo& info = infos[i];
    if (info.plan_fingerprint != first.plan_fingerprint) {
      throw InputError(fmt::format("{} is from another plan than {} (plan fingerprints {} and {}): shards must come "
                                   "from the same sweep or scenario files, seed, replicates and jimsim version",
                                   inputs[i].string(), inputs[0].string(), info.plan_fingerprint, first.plan_fingerprint));
    }
    if (info.shard.count != n) {
      throw InputError(fmt::format("{} is shard {}/{}, {} is shard {}/{}: the shards were cut differently",
                                   inputs[i].string(), info.shard.index, info.shard.count, inputs[0].string(),
                                   first.shard.index, n));
    }
    int& slot = seen[info.shard.index];
    if (slot >= 0) {
      throw InputError(fmt::format("shard {}/{} is given twice: {} and {}", info.shard.index, n,
                                   inputs[static_cast<std::size_t>(slot)].string(), inputs[i].string()));
    }
    slot = static_cast<int>(i);
  }
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < n; ++i) {
    if (seen[i] < 0) missing.push_back(i);
  }
  if (!missing.empty()) {
    throw InputError(fmt::format("{} of the {} shards are missing: {}{}", missing.size(), n,
                                 fmt::join(missing.begin(), missing.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(missing.size(), 20)), ", "),
                                 missing.size() > 20 ? ", ..." : ""));
  }

  const ResultsPlan shared = read_results_plan(inputs.front());
  const RunPlan& plan = shared.plan;
  if (plan_fingerprint(plan, first.program_version) != first.plan_fingerprint) {
    throw InputError(fmt::format("{}: the plan read back does not match its fingerprint (a damaged file?)", inputs[0].string()));
  }
  RunInfo run = first;
  run.command_line = command_line;
  run.shard = {};
  run.units_done = run.units_failed = 0;

  AtomicFile out(output, overwrite);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  MergeSummary summary;
  summary.shards = n;
  try {
    ResultsFileBuilder builder(out.temporary(), output.string(), plan, run, threads);
    builder.create();
    std::vector<std::unique_ptr<ShardReader>> readers;
    for (std::size_t i = 0; i < n; ++i) {
      readers.push_back(std::make_unique<ShardReader>(inputs[static_cast<std::size_t>(seen[i])], plan,
                                                      static_cast<std::size_t>(builder.max_steps()),
                                                      static_cast<std::size_t>(builder.max_years())));
    }
    for (std::size_t p = 0; p < plan.points.size(); p += builder.block_points()) {
      ResultBlock block = builder.empty_block(p);
      for (std::size_t i = 0; i < n; ++i) readers[i]->fill(block, {i, n});
      // Families arrive shard by shard: put them in (point, replicate, family) order.
      std::stable_sort(block.families.begin(), block.families.end(), [](const auto& a, const auto& b) {
        return std::tie(a.point, a.replicate, a.family) < std::tie(b.point, b.replicate, b.family);
      });
      std::sort(block.failures.begin(), block.failures.end(),
                [](const auto& a, const auto& b) { return std::tie(a.point, a.replicate) < std::tie(b.point, b.replicate); });
      for (std::size_t u = 0; u < block.status.size(); ++u) {
        if (block.status[u] == unit_status_missing) {
          throw InputError(fmt::format("unit of point {} replicate {} is in none of the shards (an unfinished shard? "
                                       "run it again with --resume)",
                                       p + u / static_cast<std::size_t>(plan.replicates), u % static_cast<std::size_t>(plan.replicates)));
        }
        summary.units += 1;
        summary.failed += block.status[u] == unit_status_failed;
      }
      builder.write(block);
    }
    builder.finish();
  } catch (const Hdf5Failure& e) {
    throw InputError(fmt::format("merge: {}", e.what()));
  }
  out.commit();
  return summary;
}

}  // namespace jimsim
