// The tables that describe a results file's points: /points (names, descriptions, sources, steps),
// /parameters (every parameter at every point) and /design (what a sweep varied, and where each
// point sits in the design's unit cube); and the layout pieces the builder shares.
#include "io/results_layout.hpp"

#include <hdf5_hl.h>

#include <fmt/format.h>
#include <numeric>

#include "sim/replicate.hpp"

namespace jimsim {

using namespace results_hdf5;

Handle create_dataset(hid_t group, const std::string& name, hid_t type, std::span<const hsize_t> dims,
                      std::span<const hsize_t> chunk, bool extendible) {
  std::vector<hsize_t> max(dims.begin(), dims.end());
  if (extendible) max[0] = H5S_UNLIMITED;
  Handle space = checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max.data()),
                         "could not create a dataspace");
  const Handle plist = chunk.empty() ? plain_dataset_plist() : chunked_dataset_plist(chunk);
  return checked(H5Dcreate2(group, name.c_str(), type, space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
                 fmt::format("could not create dataset '{}'", name));
}

void describe(hid_t object, std::string_view unit, std::string_view meaning) {
  write_attribute(object, "units", unit);
  write_attribute(object, "long_name", meaning);
}

std::vector<std::int32_t> iota32(std::size_t n) {
  std::vector<std::int32_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

void write_hyperslab(hid_t dataset, std::span<const hsize_t> start, std::span<const hsize_t> count, hid_t memory_type,
                     const void* data, std::string_view what) {
  hsize_t elements = 1;
  for (const hsize_t n : count) elements *= n;
  if (elements == 0) return;
  Handle file_space = checked(H5Dget_space(dataset), "could not get a dataspace");
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
        fmt::format("could not select part of {}", what));
  Handle memory_space = checked(H5Screate_simple(1, &elements, nullptr), "could not create a dataspace");
  check(H5Dwrite(dataset, memory_type, memory_space.get(), file_space.get(), H5P_DEFAULT, data),
        fmt::format("could not write {}", what));
}

namespace {

Handle described(Handle column, std::string_view unit, std::string_view meaning, DimensionScale& scale) {
  describe(column.get(), unit, meaning);
  attach_scales(column, {&scale});
  return column;
}

}  // namespace

Handle add_column(hid_t group, const std::string& name, const std::vector<std::string>& values, std::string_view unit,
                  std::string_view meaning, DimensionScale& scale) {
  return described(write_string_column(group, name, values), unit, meaning, scale);
}

Handle add_column(hid_t group, const std::string& name, const std::vector<std::int32_t>& values, std::string_view unit,
                  std::string_view meaning, DimensionScale& scale) {
  return described(write_int32_column(group, name, values), unit, meaning, scale);
}

Handle add_column(hid_t group, const std::string& name, const std::vector<double>& values, std::string_view unit,
                  std::string_view meaning, DimensionScale& scale) {
  return described(write_double_column(group, name, values), unit, meaning, scale);
}

DimensionScale make_point_scale(hid_t group, const std::vector<std::string>& point_names) {
  DimensionScale scale(write_string_column(group, "point", point_names), "point");
  describe(scale.get(), "name", "point of the plan: a scenario, or a point of a sweep's design");
  return scale;
}

namespace {

void write_points(hid_t file, const RunPlan& plan, const std::vector<std::string>& point_names) {
  Handle group = create_group(file, "points");
  DimensionScale scale = make_point_scale(group.get(), point_names);
  std::vector<std::string> descriptions, sources;
  std::vector<std::int32_t> steps;
  for (const auto& point : plan.points) {
    descriptions.push_back(point.description);
    sources.push_back(point.source_text);
    steps.push_back(step_count(point.parameters));
  }
  add_column(group.get(), "description", descriptions, "text", "description of the point (a scenario's [scenario] description)", scale);
  add_column(group.get(), "source", sources, "text", "the scenario files the point was read from, verbatim, then its --set lines", scale);
  add_column(group.get(), "steps", steps, "steps", "time steps the point simulates (horizon / time step)", scale);
  scale.write_references();
}

void write_parameters(hid_t file, const RunPlan& plan, const std::vector<std::string>& point_names) {
  Handle group = create_group(file, "parameters");
  DimensionScale scale = make_point_scale(group.get(), point_names);
  for (const auto& spec : parameter_specs()) {
    std::vector<double> values;
    for (const auto& point : plan.points) values.push_back(spec.get(point.parameters));
    Handle column = add_column(group.get(), spec.key(), values, spec.unit, spec.meaning, scale);
    write_attribute(column.get(), "default", spec.default_value);
    write_attribute(column.get(), "minimum", spec.minimum);
    write_attribute(column.get(), "maximum", spec.maximum);
    write_attribute(column.get(), "source", spec.source);
    write_attribute(column.get(), "kind", std::string_view(spec.kind == ParameterKind::flag      ? "flag"
                                                           : spec.kind == ParameterKind::integer ? "integer"
                                                                                                 : "real"));
  }
  scale.write_references();
}

void write_design(hid_t file, const RunPlan& plan, const std::vector<std::string>& point_names) {
  const auto& design = plan.design;
  Handle group = create_group(file, "design");
  write_attribute(group.get(), "kind", std::string_view(design.kind));
  write_attribute(group.get(), "samples", static_cast<std::uint64_t>(design.samples));
  write_attribute(group.get(), "morris_levels", std::int32_t{design.morris_levels});
  write_attribute(group.get(), "sweep_file", std::string_view(design.source_text));
  DimensionScale points = make_point_scale(group.get(), point_names);
  std::vector<std::string> keys;
  for (const auto& f : design.factors) keys.push_back(f.key);
  DimensionScale factors(write_string_column(group.get(), "factor", keys), "factor");
  describe(factors.get(), "name", "parameter the sweep varies");
  const hsize_t dims[2] = {plan.points.size(), design.factors.size()};
  Handle unit = create_dataset(group.get(), "unit_coordinate", H5T_IEEE_F64LE, dims, {});
  std::vector<double> coordinates;
  for (const auto& point : plan.points) coordinates.insert(coordinates.end(), point.unit_coordinates.begin(), point.unit_coordinates.end());
  check(H5Dwrite(unit.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, coordinates.data()),
        "could not write /design/unit_coordinate");
  describe(unit.get(), "1", "the point in the design's unit cube, one coordinate per factor");
  attach_scales(unit, {&points, &factors});
  factors.write_references();
  for (std::size_t i = 0; i < design.factors.size(); ++i) {
    const auto& factor = design.factors[i];
    const ParameterSpec* spec = find_parameter(factor.key);
    std::vector<double> values;
    for (const auto& point : plan.points) values.push_back(spec->get(point.parameters));
    Handle column = add_column(group.get(), factor.key, values, spec->unit, spec->meaning, points);
    if (factor.levels.empty()) {
      write_attribute(column.get(), "minimum", factor.minimum);
      write_attribute(column.get(), "maximum", factor.maximum);
    } else {
      std::vector<std::string> levels;
      for (const double v : factor.levels) levels.push_back(format_parameter_value(*spec, v));
      write_string_array_attribute(column.get(), "levels", levels);
    }
  }
  points.write_references();
}

}  // namespace

// /posterior_draws: which posterior particle each replicate ran with (`run --posterior`), and its
// values of the calibrated parameters.
void write_posterior_draws(hid_t file, const PosteriorDraws& draws) {
  Handle group = create_group(file, "posterior_draws");
  write_attribute(group.get(), "posterior_file", std::string_view(draws.source));
  write_attribute(group.get(), "calibration_fingerprint", std::string_view(draws.fingerprint));
  write_string_array_attribute(group.get(), "parameters", draws.keys);
  DimensionScale scale(write_int32_column(group.get(), "replicate", iota32(draws.particle.size())), "replicate");
  describe(scale.get(), "replicate", "replicate number");
  add_column(group.get(), "particle", draws.particle, "particle",
             "the particle of the posterior's final generation this replicate ran with, drawn by weight", scale);
  for (std::size_t i = 0; i < draws.keys.size(); ++i) {
    const ParameterSpec* spec = find_parameter(draws.keys[i]);
    std::vector<double> values;
    for (const auto& v : draws.values) values.push_back(v[i]);
    add_column(group.get(), draws.keys[i], values, spec->unit, spec->meaning, scale);
  }
  scale.write_references();
}

void write_point_tables(hid_t file, const RunPlan& plan, const std::vector<std::string>& point_names) {
  write_points(file, plan, point_names);
  write_parameters(file, plan, point_names);
  if (!plan.design.factors.empty()) write_design(file, plan, point_names);
  if (plan.posterior) write_posterior_draws(file, *plan.posterior);
}

}  // namespace jimsim
