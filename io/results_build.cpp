// Lays out a results file, version 4. Every axis is an HDF5 dimension scale in the group that uses
// it, so h5netcdf/xarray opens each group with labelled coordinates; strings are variable-length
// UTF-8; tables are groups of one-dimensional columns, which pandas and R read as data frames in the
// same orientation. No timestamps are stored, so the same plan and results give the same bytes.
#include "io/results_build.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <system_error>
#include <utility>

#include "io/atomic_file.hpp"
#include "io/chunk_compression.hpp"
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
constexpr std::size_t chunk_elements = 32768;             // 256 KB of doubles
constexpr std::size_t block_bytes_budget = std::size_t{32} << 20;
constexpr hsize_t family_chunk_rows = 16384;

}  // namespace

struct ResultsFileBuilder::Impl {
  std::filesystem::path path;  // created by create()
  std::string display;
  const RunPlan& plan;
  RunInfo run;
  std::size_t P = 0, R = 0, G = 0, F = 0, S = 0, Y = 0;
  std::size_t chunk_points = 1, block_points = 1;          // a chunk and a block hold whole points
  std::size_t point_bytes = 0;                             // a point's values in a block
  std::size_t outcome_chunk_replicates = 1, series_chunk_replicates = 1, year_chunk_replicates = 1;
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
      : path(std::move(file_path)), display(name), plan(p), run(info), threads(compress_threads), storage(where) {}

  DimensionScale point_scale(hid_t group) { return make_point_scale(group, point_names); }
  DimensionScale replicate_scale(hid_t group) {
    DimensionScale scale(write_number_column(group, "replicate", H5T_STD_I32LE, H5T_NATIVE_INT32, iota32(R)), "replicate");
    describe(scale.get(), "index", "replicate number, from 0: replicate r meets the same random numbers at every point");
    return scale;
  }

  // What the file holds and how it is chunked, from the plan alone: no HDF5 call.
  void plan_layout() {
    P = plan.points.size();
    R = static_cast<std::size_t>(plan.replicates);
    G = plan.outputs.subgroups.size();
    F = plan.outputs.fields.size();
    for (const auto& point : plan.points) {
      point_names.push_back(point.name);
      S = std::max<std::size_t>(S, static_cast<std::size_t>(step_count(point.parameters)));
      Y = std::max<std::size_t>(Y, static_cast<std::size_t>(year_count(point.parameters)));
    }
    if (!plan.outputs.series) S = Y = 0;

    point_bytes = R * (F * G + series_fields.size() * S + resource_use_fields.size() * Y) * sizeof(double) + R;
    // In a plan whose results fit the block budget, a chunk of outcomes or of resource use spans no
    // more replicates than one of the series, so that, as units arrive in replicate order, every
    // group's chunks fill at the same pace and are compressed while the run goes on
    // (ResultsWriter). Larger plans keep the larger chunks: they are laid out after the run.
    const bool fits_budget = P * point_bytes <= block_bytes_budget;
    const std::size_t replicates_cap = S > 0 && fits_budget ? std::max<std::size_t>(1, chunk_elements / S) : R;
    outcome_chunk_replicates = std::min({R, replicates_cap, std::max<std::size_t>(1, chunk_elements / std::max<std::size_t>(G, 1))});
    chunk_points = std::clamp<std::size_t>(chunk_elements / (outcome_chunk_replicates * std::max<std::size_t>(G, 1)), 1, P);
    if (S > 0) {
      series_chunk_replicates = std::min(R, replicates_cap);
      chunk_points = std::min(chunk_points, std::clamp<std::size_t>(chunk_elements / (series_chunk_replicates * S), 1, P));
    }
    if (Y > 0) year_chunk_replicates = std::min({R, replicates_cap, std::max<std::size_t>(1, chunk_elements / (chunk_points * Y))});
    block_points = chunk_points * std::max<std::size_t>(1, block_bytes_budget / (chunk_points * point_bytes));
    block_points = std::min(block_points, P);
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
    if (S > 0) create_series();
    if (Y > 0) create_resource_use_by_year();
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
    write_attribute(root, "points", static_cast<std::int32_t>(P));
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
    const hsize_t dims[3] = {P, R, G};
    const hsize_t chunk[3] = {chunk_points, outcome_chunk_replicates, std::max<std::size_t>(G, 1)};
    for (const int f : plan.outputs.fields) {
      const auto& field = outcome_fields[static_cast<std::size_t>(f)];
      Handle dataset = create_dataset(group.get(), std::string(field.name), H5T_IEEE_F64LE, dims, chunk);
      describe(dataset.get(), field.unit, field.meaning);
      attach_scales(dataset, {&points, &replicates, &subgroups});
      outcome_sets.push_back(std::move(dataset));
    }
    const hsize_t status_dims[2] = {P, R};
    const hsize_t status_chunk[2] = {chunk_points, outcome_chunk_replicates};
    status_set = create_dataset(group.get(), "unit_status", H5T_STD_I8LE, status_dims, status_chunk);
    describe(status_set.get(), "code", "0: the unit is not in this file (another shard's); 1: done; 2: failed (see /failures)");
    attach_scales(status_set, {&points, &replicates});
    for (DimensionScale* scale : {&points, &replicates, &subgroups}) scale->write_references();
  }

  void create_series() {
    Handle group = create_group(file.get(), "series");
    DimensionScale points = point_scale(group.get());
    DimensionScale replicates = replicate_scale(group.get());
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
    const hsize_t dims[3] = {P, R, S};
    const hsize_t chunk[3] = {chunk_points, series_chunk_replicates, S};
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
    DimensionScale years(write_number_column(group.get(), "year", H5T_STD_I32LE, H5T_NATIVE_INT32, iota32(Y)), "year");
    describe(years.get(), "index",
             "years since each family's own intake, from 0: year y is 52.1775 y to 52.1775 (y + 1) weeks after intake");
    const hsize_t dims[3] = {P, R, Y};
    const hsize_t chunk[3] = {chunk_points, year_chunk_replicates, Y};
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

  void write_hyperslab(const Handle& dataset, std::span<const hsize_t> start, std::span<const hsize_t> count,
                       hid_t memory_type, const void* data, std::string_view what) {
    hsize_t elements = 1;
    for (const hsize_t n : count) elements *= n;
    if (elements == 0) return;
    Handle file_space = checked(H5Dget_space(dataset.get()), "could not get a dataspace");
    check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
          fmt::format("could not select part of {}", what));
    Handle memory_space = checked(H5Screate_simple(1, &elements, nullptr), "could not create a dataspace");
    check(H5Dwrite(dataset.get(), memory_type, memory_space.get(), file_space.get(), H5P_DEFAULT, data),
          fmt::format("could not write {}", what));
  }

  // One chunk of a [point][replicate][inner] dataset of doubles: which dataset (its group's datasets
  // and the index among them), its data in the block, and the chunk's first point (within the block)
  // and replicate.
  struct ChunkJob {
    const std::vector<Handle>* group;
    std::size_t dataset;
    const std::vector<double>* data;
    std::size_t inner, chunk_replicates, point, replicate;
  };

  // The chunks of a block in the order they are written, which fixes the file's bytes.
  std::vector<ChunkJob> chunk_jobs(const ResultBlock& b) const {
    std::vector<ChunkJob> jobs;
    const auto add = [&](const std::vector<Handle>& group, const std::vector<std::vector<double>>& data,
                         std::size_t inner, std::size_t chunk_replicates) {
      if (b.points == 0 || R == 0 || inner == 0) return;  // an empty dataset has no chunks
      for (std::size_t i = 0; i < data.size(); ++i) {
        for (std::size_t p = 0; p < b.points; p += chunk_points) {
          for (std::size_t r = 0; r < R; r += chunk_replicates) jobs.push_back({&group, i, &data[i], inner, chunk_replicates, p, r});
        }
      }
    };
    add(outcome_sets, b.outcomes, G, outcome_chunk_replicates);
    add(series_sets, b.series, S, series_chunk_replicates);
    add(year_sets, b.by_year, Y, year_chunk_replicates);
    return jobs;
  }

  // The chunk's values in its own layout, whole: the part past the dataset's edge holds HDF5's
  // fill value, 0, as HDF5 would store it.
  std::vector<std::byte> compressed_chunk(const ChunkJob& job, std::size_t points_in_block, ChunkCompressor& compressor) const {
    std::vector<double> chunk(chunk_points * job.chunk_replicates * job.inner, 0.0);
    const std::size_t points = std::min(chunk_points, points_in_block - job.point);
    const std::size_t replicates = std::min(job.chunk_replicates, R - job.replicate);
    for (std::size_t p = 0; p < points; ++p) {
      for (std::size_t r = 0; r < replicates; ++r) {
        const double* from = job.data->data() + ((job.point + p) * R + job.replicate + r) * job.inner;
        std::copy_n(from, job.inner, chunk.data() + (p * job.chunk_replicates + r) * job.inner);
      }
    }
    return compressor.shuffle_and_deflate(std::as_bytes(std::span(chunk)), sizeof(double));
  }

  // H5Dwrite_chunk converts nothing: the native doubles go into the F64LE datasets as they are.
  static_assert(std::endian::native == std::endian::little, "results chunks are written as little-endian doubles");

  // The outcomes, series and resource use by year, chunk by chunk, compressed on `threads` threads
  // (chunk_compression.hpp). Reads only the layout and the block: no HDF5 call.
  CompressedChunks compress(const ResultBlock& b, CompressedChunks chunks) const {
    const std::vector<ChunkJob> jobs = chunk_jobs(b);
    if (chunks.empty()) chunks.resize(jobs.size());
    if (chunks.size() != jobs.size()) throw std::logic_error("ResultsFileBuilder::compress: chunks of another block");
    std::vector<std::size_t> left;  // a compressed chunk is never empty: a deflate stream has a header
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      if (chunks[j].empty()) left.push_back(j);
    }
    auto made = compress_in_parallel(left.size(), threads, deflate_level, [&](std::size_t i, ChunkCompressor& compressor) {
      return compressed_chunk(jobs[left[i]], b.points, compressor);
    });
    for (std::size_t i = 0; i < left.size(); ++i) chunks[left[i]] = std::move(made[i]);
    return chunks;
  }

  // chunk_jobs' order: each group's datasets, each dataset's chunks of points, each of those its
  // chunks of replicates.
  void chunks_of_unit(const ResultBlock& b, std::size_t point, std::size_t replicate, std::vector<ChunkOfUnit>& out) const {
    if (point < b.first_point || point >= b.first_point + b.points || replicate >= R) {
      throw std::invalid_argument("ResultsFileBuilder::chunks_of_unit: a unit outside the block");
    }
    const std::size_t point_chunk = (point - b.first_point) / chunk_points;
    const std::size_t point_chunks = (b.points + chunk_points - 1) / chunk_points;
    const std::size_t points_in_chunk = std::min(chunk_points, b.points - point_chunk * chunk_points);
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
    group(b.outcomes.size(), G, outcome_chunk_replicates);
    group(b.series.size(), S, series_chunk_replicates);
    group(b.by_year.size(), Y, year_chunk_replicates);
  }

  void write(const ResultBlock& b, const CompressedChunks& compressed) {
    if (!file.valid()) throw std::logic_error("ResultsFileBuilder::write before create");
    const std::vector<ChunkJob> jobs = chunk_jobs(b);
    if (compressed.size() != jobs.size()) throw std::logic_error("ResultsFileBuilder::write: chunks of another block");
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      const hsize_t offset[3] = {b.first_point + jobs[j].point, jobs[j].replicate, 0};
      const Handle& dataset = (*jobs[j].group)[jobs[j].dataset];
      check(H5Dwrite_chunk(dataset.get(), H5P_DEFAULT, 0, offset, compressed[j].size(), compressed[j].data()),
            "could not write a chunk");
    }
    const hsize_t start[2] = {b.first_point, 0}, count[2] = {b.points, R};
    write_hyperslab(status_set, start, count, H5T_NATIVE_INT8, b.status.data(), "/outcomes/unit_status");
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
    write_hyperslab(family_scale->handle(), start, count, H5T_NATIVE_INT64, row_numbers.data(), "/families/row");
    std::vector<std::int32_t> ints(rows.size());
    std::vector<double> doubles(rows.size());
    for (std::size_t c = 0; c < family_columns.size(); ++c) {
      check(H5Dset_extent(family_columns[c].get(), &size), "could not extend /families");
      if (c < 3) {
        for (std::size_t i = 0; i < rows.size(); ++i) ints[i] = c == 0 ? rows[i].point : c == 1 ? rows[i].replicate : rows[i].family;
        write_hyperslab(family_columns[c], start, count, H5T_NATIVE_INT32, ints.data(), "/families");
      } else {
        const auto& field = family_fields[c - 3];
        for (std::size_t i = 0; i < rows.size(); ++i) {
          doubles[i] = *reinterpret_cast<const double*>(reinterpret_cast<const char*>(&rows[i].record) + field.offset);
        }
        write_hyperslab(family_columns[c], start, count, H5T_NATIVE_DOUBLE, doubles.data(), "/families");
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
    : impl_(std::make_unique<Impl>(std::move(path), display_name, plan, run, threads, storage)) {
  impl_->plan_layout();
}

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

std::size_t ResultsFileBuilder::block_points() const { return impl_->block_points; }

bool ResultsFileBuilder::one_block_within_budget() const {
  return impl_->block_points >= impl_->P && impl_->P * impl_->point_bytes <= block_bytes_budget;
}
int ResultsFileBuilder::max_steps() const { return static_cast<int>(impl_->S); }
int ResultsFileBuilder::max_years() const { return static_cast<int>(impl_->Y); }

ResultBlock ResultsFileBuilder::empty_block(std::size_t first_point) const {
  const Impl& m = *impl_;
  ResultBlock b;
  b.first_point = first_point;
  b.points = std::min(m.block_points, m.P - first_point);
  // Each field's values in memory mapped in one call (a block is megabytes of fresh memory).
  const auto missing = [](std::size_t fields, std::size_t values) {
    std::vector<std::vector<double>> out(fields);
    for (auto& field : out) assign_mapped(field, values, nan);
    return out;
  };
  b.outcomes = missing(m.F, b.points * m.R * m.G);
  b.series = missing(m.S > 0 ? series_fields.size() : 0, b.points * m.R * m.S);
  b.by_year = missing(m.Y > 0 ? resource_use_fields.size() : 0, b.points * m.R * m.Y);
  b.status.assign(b.points * m.R, unit_status_missing);
  return b;
}

CompressedChunks ResultsFileBuilder::compress(const ResultBlock& block, CompressedChunks already) const {
  return impl_->compress(block, std::move(already));
}

std::size_t ResultsFileBuilder::chunk_count(const ResultBlock& block) const { return impl_->chunk_jobs(block).size(); }

void ResultsFileBuilder::chunks_of_unit(const ResultBlock& block, std::size_t point, std::size_t replicate,
                                        std::vector<ChunkOfUnit>& out) const {
  impl_->chunks_of_unit(block, point, replicate, out);
}

std::vector<std::byte> ResultsFileBuilder::compress_chunk(const ResultBlock& block, std::size_t chunk,
                                                          ChunkCompressor& compressor) const {
  const auto jobs = impl_->chunk_jobs(block);
  if (chunk >= jobs.size()) throw std::invalid_argument("ResultsFileBuilder::compress_chunk: no such chunk");
  const auto& job = jobs[chunk];
  const std::size_t R = impl_->R;
  for (std::size_t p = job.point; p < std::min(job.point + impl_->chunk_points, block.points); ++p) {
    for (std::size_t r = job.replicate; r < std::min(job.replicate + job.chunk_replicates, R); ++r) {
      if (block.status[p * R + r] != unit_status_done) {
        throw std::logic_error("ResultsFileBuilder::compress_chunk: a unit of the chunk is not in the block yet");
      }
    }
  }
  return impl_->compressed_chunk(job, block.points, compressor);
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
