// Lays out a results file, version 4. Every axis is an HDF5 dimension scale in the group that uses
// it, so h5netcdf/xarray opens each group with labelled coordinates; strings are variable-length
// UTF-8; tables are groups of one-dimensional columns, which pandas and R read as data frames in the
// same orientation. No timestamps are stored, so the same plan and results give the same bytes.
#include "io/results_build.hpp"

#include <algorithm>
#include <bit>
#include <fmt/format.h>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <system_error>
#include <utility>

#include "io/atomic_file.hpp"
#include "io/results_chunks.hpp"
#include "io/results_hdf5.hpp"
#include "io/results_layout.hpp"
#include "sim/errors.hpp"
#include "sim/mapped_pages.hpp"
#include "sim/replicate.hpp"
#include "sim/result_fields.hpp"

namespace jimsim {

using namespace results_hdf5;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr hsize_t family_chunk_rows = 16384;

}  // namespace

struct ResultsFileBuilder::Impl {
  std::filesystem::path path;  // created by create()
  std::string display;
  const RunPlan& plan;
  RunInfo run;
  ResultsChunking chunking;
  Handle file;
  std::vector<std::string> point_names;

  std::vector<Handle> outcome_sets;
  Handle status_set;
  std::vector<Handle> series_sets;
  std::vector<Handle> year_sets;
  std::vector<Handle> family_columns;  // point, replicate, family, then the record fields
  std::optional<DimensionScale> family_scale;  // the rows, extended as records arrive
  hsize_t family_rows = 0;
  std::vector<UnitFailure> failures;
  std::uint64_t done = 0, failed = 0;

  int threads = 1;
  FileStorage storage = FileStorage::disk;

  Impl(std::filesystem::path file_path, const std::string& name, const RunPlan& p, const RunInfo& info,
       int compress_threads, FileStorage where)
      : path(std::move(file_path)), display(name), plan(p), run(info), chunking(plan_chunking(p)), threads(compress_threads),
        storage(where) {
    for (const auto& point : plan.points) point_names.push_back(point.name);
  }

  DimensionScale point_scale(hid_t group) { return make_point_scale(group, point_names); }
  DimensionScale replicate_scale(hid_t group) {
    DimensionScale scale(write_number_column(group, "replicate", H5T_STD_I32LE, H5T_NATIVE_INT32, iota32(chunking.replicates)), "replicate");
    describe(scale.get(), "index", "replicate number, from 0: replicate r meets the same random numbers at every point");
    return scale;
  }

  void create() {
    Handle create_plist = checked(H5Pcreate(H5P_FILE_CREATE), "could not create a property list");
    check(H5Pset_obj_track_times(create_plist.get(), 0), "could not turn off time tracking");
    check(H5Pset_link_creation_order(create_plist.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
          "could not track creation order");
    Handle access_plist = checked(H5Pcreate(H5P_FILE_ACCESS), "could not create a property list");
    // No space reserved ahead for metadata and small data: a file made in memory is read out before
    // it is closed, while the reserves are still held, and would end with their unused space.
    check(H5Pset_meta_block_size(access_plist.get(), 0), "could not set the metadata block size");
    check(H5Pset_small_data_block_size(access_plist.get(), 0), "could not set the small data block size");
    // In memory, with no file behind it until finish() writes it, grown a megabyte at a time: it is
    // held through the run, and 4 MB at a time cost 3 MB more at 50,000 families x 10 (a 0.5 MB file).
    if (storage == FileStorage::memory) check(H5Pset_fapl_core(access_plist.get(), std::size_t{1} << 20, 0), "could not keep the file in memory");
    errno = 0;
    file = Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, create_plist.get(), access_plist.get()));
    if (!file.valid()) fail(fmt::format("could not create {}", path.string()));
    write_header();
    write_point_tables(file.get(), plan, point_names);
    create_outcomes();
    if (chunking.steps > 0) create_series();
    if (chunking.years > 0) create_resource_use_by_year();
    if (plan.family_records) create_families();
  }

  void write_header() {
    const hid_t root = file.get();
    write_attribute(root, "format", std::string_view("jimsim-results"));
    write_attribute(root, "format_version", std::int32_t{results_format_version});
    write_attribute(root, "program_version", std::string_view(run.program_version));
    write_attribute(root, "command_line", std::string_view(run.command_line));
    write_attribute(root, "plan_fingerprint", std::string_view(run.plan_fingerprint));
    write_attribute(root, "seed", run.seed);
    write_attribute(root, "replicates", std::int32_t{run.replicates});
    write_attribute(root, "points", static_cast<std::int32_t>(chunking.points));
    write_attribute(root, "family_records", std::int32_t{run.family_records ? 1 : 0});
    std::string overrides;
    for (const auto& line : run.overrides) overrides += line + "\n";
    write_attribute(root, "overrides", std::string_view(overrides));
    write_attribute(root, "design", std::string_view(run.design));
    write_attribute(root, "shard", std::string_view(fmt::format("{}/{}", run.shard.index, run.shard.count)));
    write_attribute(root, "units", static_cast<std::uint64_t>(run.units));
    write_attribute(root, "posterior", std::string_view(run.posterior));
  }

  void create_outcomes() {
    Handle group = create_group(file.get(), "outcomes");
    DimensionScale points = point_scale(group.get());
    DimensionScale replicates = replicate_scale(group.get());
    std::vector<std::string_view> names;
    for (const int g : plan.outputs.subgroups) names.push_back(subgroup_names[static_cast<std::size_t>(g)]);
    DimensionScale subgroups(write_string_column(group.get(), "subgroup", names), "subgroup");
    describe(subgroups.get(), "name", "group of families the outcome is totalled over");
    const ResultsChunking& c = chunking;
    const hsize_t dims[3] = {c.points, c.replicates, c.kept_subgroups};
    const hsize_t chunk[3] = {c.chunk_points, c.outcome_chunk_replicates, std::max<std::size_t>(c.kept_subgroups, 1)};
    for (const int f : plan.outputs.fields) {
      const auto& field = outcome_fields[static_cast<std::size_t>(f)];
      Handle dataset = create_dataset(group.get(), std::string(field.name), H5T_IEEE_F64LE, dims, chunk);
      describe(dataset.get(), field.unit, field.meaning);
      attach_scales(dataset, {&points, &replicates, &subgroups});
      outcome_sets.push_back(std::move(dataset));
    }
    const hsize_t status_dims[2] = {c.points, c.replicates};
    const hsize_t status_chunk[2] = {c.chunk_points, c.outcome_chunk_replicates};
    status_set = create_dataset(group.get(), "unit_status", H5T_STD_I8LE, status_dims, status_chunk);
    describe(status_set.get(), "code", "0: the unit is not in this file (another shard's); 1: done; 2: failed (see /failures)");
    attach_scales(status_set, {&points, &replicates});
    for (DimensionScale* scale : {&points, &replicates, &subgroups}) scale->write_references();
  }

  void create_series() {
    Handle group = create_group(file.get(), "series");
    DimensionScale points = point_scale(group.get());
    DimensionScale replicates = replicate_scale(group.get());
    const ResultsChunking& c = chunking;
    const std::size_t P = c.points, S = c.steps;
    DimensionScale steps(write_number_column(group.get(), "step", H5T_STD_I32LE, H5T_NATIVE_INT32, iota32(S)), "step");
    describe(steps.get(), "index", "time step from the start of the run (from intake for placement_free_survival)");
    const hsize_t week_dims[2] = {P, S};
    Handle week = create_dataset(group.get(), "week", H5T_IEEE_F64LE, week_dims, {});
    std::vector<double> weeks(P * S, nan);
    for (std::size_t p = 0; p < P; ++p) {
      const auto& params = plan.points[p].parameters;
      const auto n = static_cast<std::size_t>(step_count(params));
      for (std::size_t t = 0; t < n && t < S; ++t) weeks[p * S + t] = static_cast<double>(t + 1) * params.simulation.time_step_weeks;
    }
    check(H5Dwrite(week.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, weeks.data()), "could not write /series/week");
    describe(week.get(), "week", "weeks at the end of each step (NaN past a point's last step)");
    attach_scales(week, {&points, &steps});
    const hsize_t dims[3] = {P, c.replicates, S};
    const hsize_t chunk[3] = {c.chunk_points, c.series_chunk_replicates, S};
    for (const auto& field : series_fields) {
      Handle dataset = create_dataset(group.get(), std::string(field.name), H5T_IEEE_F64LE, dims, chunk);
      describe(dataset.get(), field.unit, field.meaning);
      attach_scales(dataset, {&points, &replicates, &steps});
      series_sets.push_back(std::move(dataset));
    }
    for (DimensionScale* scale : {&points, &replicates, &steps}) scale->write_references();
  }

  void create_resource_use_by_year() {
    Handle group = create_group(file.get(), "resource_use_by_year");
    DimensionScale points = point_scale(group.get());
    DimensionScale replicates = replicate_scale(group.get());
    const ResultsChunking& c = chunking;
    DimensionScale years(write_number_column(group.get(), "year", H5T_STD_I32LE, H5T_NATIVE_INT32, iota32(c.years)), "year");
    describe(years.get(), "index",
             "years since each family's own intake, from 0: year y is 52.1775 y to 52.1775 (y + 1) weeks after intake");
    const hsize_t dims[3] = {c.points, c.replicates, c.years};
    const hsize_t chunk[3] = {c.chunk_points, c.year_chunk_replicates, c.years};
    for (const auto& field : resource_use_fields) {
      Handle dataset = create_dataset(group.get(), std::string(field.name), H5T_IEEE_F64LE, dims, chunk);
      describe(dataset.get(), field.unit, field.meaning);
      attach_scales(dataset, {&points, &replicates, &years});
      year_sets.push_back(std::move(dataset));
    }
    for (DimensionScale* scale : {&points, &replicates, &years}) scale->write_references();
  }

  void create_families() {
    Handle group = create_group(file.get(), "families");
    const hsize_t zero = 0, chunk = family_chunk_rows;
    DimensionScale& rows = family_scale.emplace(
        create_dataset(group.get(), "row", H5T_STD_I64LE, std::span(&zero, 1), std::span(&chunk, 1), true), "row");
    describe(rows.get(), "index", "row of the family table");
    const auto column = [&](std::string_view name, hid_t type, std::string_view unit, std::string_view meaning) {
      Handle c = create_dataset(group.get(), std::string(name), type, std::span(&zero, 1), std::span(&chunk, 1), true);
      describe(c.get(), unit, meaning);
      attach_scales(c, {&rows});
      family_columns.push_back(std::move(c));
    };
    column("point", H5T_STD_I32LE, "index", "point of the plan, from 0 (the order of /points/point)");
    column("replicate", H5T_STD_I32LE, "index", "replicate number, from 0");
    column("family", H5T_STD_I32LE, "index", "family number within the replicate, from 0");
    for (const auto& field : family_fields) column(field.name, H5T_IEEE_F64LE, field.unit, field.meaning);
    rows.write_references();
  }

  const std::vector<Handle>& datasets_of(ChunkedGroup group) const {
    switch (group) {
      case ChunkedGroup::outcomes: return outcome_sets;
      case ChunkedGroup::series: return series_sets;
      case ChunkedGroup::resource_use_by_year: return year_sets;
    }
    throw std::logic_error("ResultsFileBuilder: no such group of chunks");
  }

  // H5Dwrite_chunk converts nothing: the native doubles go into the F64LE datasets as they are.
  static_assert(std::endian::native == std::endian::little, "results chunks are written as little-endian doubles");

  void write(const ResultBlock& b, const CompressedChunks& compressed) {
    if (!file.valid()) throw std::logic_error("ResultsFileBuilder::write before create");
    const std::vector<ChunkJob> jobs = chunk_jobs(chunking, b);
    if (compressed.size() != jobs.size()) throw std::logic_error("ResultsFileBuilder::write: chunks of another block");
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      const hsize_t offset[3] = {b.first_point + jobs[j].point, jobs[j].replicate, 0};
      const Handle& dataset = datasets_of(jobs[j].group)[jobs[j].dataset];
      check(H5Dwrite_chunk(dataset.get(), H5P_DEFAULT, 0, offset, compressed[j].size(), compressed[j].data()),
            "could not write a chunk");
    }
    const hsize_t start[2] = {b.first_point, 0}, count[2] = {b.points, chunking.replicates};
    write_hyperslab(status_set.get(), start, count, H5T_NATIVE_INT8, b.status.data(), "/outcomes/unit_status");
    for (const auto s : b.status) {
      done += s == unit_status_done;
      failed += s == unit_status_failed;
    }
    if (plan.family_records && !b.families.empty()) write_families(b.families);
    failures.insert(failures.end(), b.failures.begin(), b.failures.end());
  }

  void write_families(const std::vector<FamilyRowOfUnit>& rows) {
    const hsize_t size = family_rows + rows.size();
    const hsize_t start[1] = {family_rows}, count[1] = {rows.size()};
    check(H5Dset_extent(family_scale->get(), &size), "could not extend /families");
    std::vector<std::int64_t> row_numbers(rows.size());
    std::iota(row_numbers.begin(), row_numbers.end(), static_cast<std::int64_t>(family_rows));
    write_hyperslab(family_scale->get(), start, count, H5T_NATIVE_INT64, row_numbers.data(), "/families/row");
    std::vector<std::int32_t> ints(rows.size());
    std::vector<double> doubles(rows.size());
    for (std::size_t c = 0; c < family_columns.size(); ++c) {
      check(H5Dset_extent(family_columns[c].get(), &size), "could not extend /families");
      if (c < 3) {
        for (std::size_t i = 0; i < rows.size(); ++i) ints[i] = c == 0 ? rows[i].point : c == 1 ? rows[i].replicate : rows[i].family;
        write_hyperslab(family_columns[c].get(), start, count, H5T_NATIVE_INT32, ints.data(), "/families");
      } else {
        const auto& field = family_fields[c - 3];
        for (std::size_t i = 0; i < rows.size(); ++i) {
          doubles[i] = *reinterpret_cast<const double*>(reinterpret_cast<const char*>(&rows[i].record) + field.offset);
        }
        write_hyperslab(family_columns[c].get(), start, count, H5T_NATIVE_DOUBLE, doubles.data(), "/families");
      }
    }
    family_rows = size;
  }

  void finish() {
    const hid_t root = file.get();
    write_attribute(root, "units_done", done);
    write_attribute(root, "units_failed", failed);
    if (!failures.empty()) {
      Handle group = create_group(root, "failures");
      DimensionScale scale(write_number_column(group.get(), "failure", H5T_STD_I32LE, H5T_NATIVE_INT32, iota32(failures.size())), "failure");
      describe(scale.get(), "index", "failed unit");
      std::vector<std::int32_t> points, replicates;
      std::vector<std::string> names, messages;
      for (const auto& f : failures) {
        points.push_back(f.point);
        replicates.push_back(f.replicate);
        names.push_back(point_names[static_cast<std::size_t>(f.point)]);
        messages.push_back(f.message);
      }
      add_column(group.get(), "point", points, "index", "point of the plan, from 0", scale);
      add_column(group.get(), "point_name", names, "name", "name of the point", scale);
      add_column(group.get(), "replicate", replicates, "index", "replicate: rerun it with the file's seed to reproduce the failure", scale);
      add_column(group.get(), "message", messages, "text", "the error the unit stopped with", scale);
      scale.write_references();
    }
    outcome_sets.clear();
    status_set.reset();
    series_sets.clear();
    year_sets.clear();
    family_columns.clear();
    family_scale.reset();
    if (storage == FileStorage::disk) {
      if (file.close() < 0) fail("could not close the file");
      return;
    }
    check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "could not flush the file");
    const ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
    if (size < 0) fail("could not read the file's image");
    // Not zeroed first (the image is copied over it), and, when it is fresh memory (a file of more
    // than 16 MB, which the allocator maps on its own), its pages mapped in one call rather than a
    // page fault for every 4 kB the copy touches: this is on the run's last stretch.
    const auto bytes = static_cast<std::size_t>(size);
    const std::unique_ptr<std::byte[]> image(new std::byte[bytes]);
    map_pages_for_writing(image.get(), bytes);
    if (H5Fget_file_image(file.get(), image.get(), bytes) != size) fail("could not read the file's image");
    if (file.close() < 0) fail("could not close the file");
    if (const int error = write_whole_file(path, std::span<const std::byte>(image.get(), bytes)); error != 0) {
      throw Hdf5Failure(std::generic_category().message(error));
    }
  }
};

ResultsFileBuilder::ResultsFileBuilder(std::filesystem::path path, const std::string& display_name, const RunPlan& plan,
                                       const RunInfo& run, int threads, FileStorage storage)
    : impl_(std::make_unique<Impl>(std::move(path), display_name, plan, run, threads, storage)) {}

void ResultsFileBuilder::create() {
  if (impl_->file.valid()) throw std::logic_error("ResultsFileBuilder::create called twice");
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  try {
    impl_->create();
  } catch (const Hdf5Failure& failure) {
    throw OutputError(fmt::format("could not write {}: {}", impl_->display, failure.what()));
  }
}

ResultsFileBuilder::~ResultsFileBuilder() = default;

std::size_t ResultsFileBuilder::block_points() const { return impl_->chunking.block_points; }

bool ResultsFileBuilder::one_block_within_budget() const {
  return impl_->chunking.one_block_within_budget();
}
int ResultsFileBuilder::max_steps() const { return static_cast<int>(impl_->chunking.steps); }
int ResultsFileBuilder::max_years() const { return static_cast<int>(impl_->chunking.years); }

ResultBlock ResultsFileBuilder::empty_block(std::size_t first_point) const {
  return make_empty_block(impl_->chunking, first_point);
}

CompressedChunks ResultsFileBuilder::compress(const ResultBlock& block, CompressedChunks already) const {
  return compress_block(impl_->chunking, block, std::move(already), static_cast<int>(deflate_level), impl_->threads);
}

std::size_t ResultsFileBuilder::chunk_count(const ResultBlock& block) const { return chunk_jobs(impl_->chunking, block).size(); }

void ResultsFileBuilder::chunks_of_unit(const ResultBlock& block, std::size_t point, std::size_t replicate,
                                        std::vector<ChunkOfUnit>& out) const {
  find_chunks_of_unit(impl_->chunking, block, point, replicate, out);
}

std::vector<std::byte> ResultsFileBuilder::compress_chunk(const ResultBlock& block, std::size_t chunk,
                                                          ChunkCompressor& compressor) const {
  const ResultsChunking& c = impl_->chunking;
  const auto jobs = chunk_jobs(c, block);
  if (chunk >= jobs.size()) throw std::invalid_argument("ResultsFileBuilder::compress_chunk: no such chunk");
  const auto& job = jobs[chunk];
  const std::size_t R = c.replicates;
  for (std::size_t p = job.point; p < std::min(job.point + c.chunk_points, block.points); ++p) {
    for (std::size_t r = job.replicate; r < std::min(job.replicate + job.chunk_replicates, R); ++r) {
      if (block.status[p * R + r] != unit_status_done) {
        throw std::logic_error("ResultsFileBuilder::compress_chunk: a unit of the chunk is not in the block yet");
      }
    }
  }
  return compress_chunk_job(c, job, block.points, compressor);
}

void ResultsFileBuilder::write(const ResultBlock& block) { write(block, compress(block)); }

void ResultsFileBuilder::write(const ResultBlock& block, const CompressedChunks& chunks) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // per thread: create() may have run on another
  try {
    impl_->write(block, chunks);
  } catch (const Hdf5Failure& failure) {
    throw OutputError(fmt::format("could not write {}: {}", impl_->display, failure.what()));
  }
}

void ResultsFileBuilder::finish() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  try {
    impl_->finish();
  } catch (const Hdf5Failure& failure) {
    throw OutputError(fmt::format("could not write {}: {}", impl_->display, failure.what()));
  }
}

}  // namespace jimsim
