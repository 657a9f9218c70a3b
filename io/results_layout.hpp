// Internal to io/: the pieces of the results file's layout (version 4) that the builder's parts
// share: dimension scales, data variables with units and meanings, and the tables that describe
// the plan's points.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/dimension_scales.hpp"
#include "io/results_hdf5.hpp"
#include "plan/run_plan.hpp"

namespace jimsim {

// A dataset of the given shape; chunked and compressed when `chunk` is given, with an unlimited
// first dimension when `extendible`.
results_hdf5::Handle create_dataset(hid_t group, const std::string& name, hid_t type, std::span<const hsize_t> dims,
                                    std::span<const hsize_t> chunk, bool extendible = false);

// The `units` and `long_name` attributes every data variable has.
void describe(hid_t object, std::string_view unit, std::string_view meaning);

std::vector<std::int32_t> iota32(std::size_t n);

// Writes `data` (count's elements, contiguous, of `memory_type`) into the box of `dataset` at
// `start` of size `count`; `what` names the dataset in the error. An empty box writes nothing.
void write_hyperslab(hid_t dataset, std::span<const hsize_t> start, std::span<const hsize_t> count, hid_t memory_type,
                     const void* data, std::string_view what);

// One column of a table: written, described, and attached to the table's dimension scale (whose
// references the caller writes after the last column).
results_hdf5::Handle add_column(hid_t group, const std::string& name, const std::vector<std::string>& values,
                                std::string_view unit, std::string_view meaning, DimensionScale& scale);
results_hdf5::Handle add_column(hid_t group, const std::string& name, const std::vector<std::int32_t>& values,
                                std::string_view unit, std::string_view meaning, DimensionScale& scale);
results_hdf5::Handle add_column(hid_t group, const std::string& name, const std::vector<double>& values,
                                std::string_view unit, std::string_view meaning, DimensionScale& scale);

// The `point` dimension scale of a group: the points' names.
DimensionScale make_point_scale(hid_t group, const std::vector<std::string>& point_names);

// /points, /parameters and (for a sweep) /design.
void write_point_tables(hid_t file, const RunPlan& plan, const std::vector<std::string>& point_names);

}  // namespace jimsim
