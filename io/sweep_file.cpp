#include "io/sweep_file.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "io/toml_reading.hpp"
#include "plan/sweep_design.hpp"
#include "sim/errors.hpp"
#include "sim/result_fields.hpp"

namespace jimsim {
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> sweep_keys = {"name",    "description", "base",      "design",   "samples", "replicates",
                                             "seed",    "morris_levels", "outputs", "subgroups", "series"};
const std::vector<std::string> design_kinds = {"grid", "latin_hypercube", "sobol", "morris"};
const std::vector<std::string> factor_keys = {"min", "max", "steps", "levels"};

// Reads one sweep file; every error names the file and line.
class SweepReader {
 public:
  SweepReader(const fs::path& file) : file_(file), display_(file.string()) {}

  SweepFile read() {
    const std::string text = read_text(file_, display_, "sweep file");
    const toml::table root = parse_toml(text, display_);
    SweepFile sweep;
    sweep.file = file_;
    sweep.design.source_text = text;
    sweep.name = file_.stem().string();
    for (const auto& [key, node] : root) {
      if (key.str() != "sweep" && key.str() != "vary") {
        fail(line(key, node), fmt::format("unknown table [{}]; a sweep file has [sweep] and [vary]", printable(key.str())));
      }
    }
    const toml::table* header = table_of(root, "sweep");
    const toml::table* vary = table_of(root, "vary");
    if (header == nullptr) fail(0, "no [sweep] table: it names the design (and usually the base scenario)");
    if (vary == nullptr) fail(0, "no [vary] table: name the parameters the sweep varies");
    read_header(*header, sweep);
    read_factors(*vary, sweep.design);
    check_design(sweep.design, *header);
    return sweep;
  }

 private:
  [[noreturn]] void fail(std::uint32_t at, const std::string& message) const {
    throw InputError(fmt::format("{}: {}", where({display_, at}), message));
  }

  static std::uint32_t line(const toml::key& key, const toml::node& node) {
    return key.source().begin.line > 0 ? key.source().begin.line : node.source().begin.line;
  }

  const toml::table* table_of(const toml::table& root, std::string_view name) const {
    const toml::node* node = root.get(name);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) fail(node->source().begin.line, fmt::format("{} must be a table, not {}", name, describe_node(*node)));
    return node->as_table();
  }

  std::string string_value(const toml::key& key, const toml::node& node, std::string_view what) const {
    if (!node.is_string()) fail(line(key, node), fmt::format("{} must be a string, not {}", what, describe_node(node)));
    return node.as_string()->get();
  }

  std::int64_t integer_value(const toml::key& key, const toml::node& node, std::string_view what, std::int64_t lo,
                             std::int64_t hi) const {
    if (!node.is_integer()) fail(line(key, node), fmt::format("{} must be a whole number, not {}", what, describe_node(node)));
    const std::int64_t v = node.as_integer()->get();
    if (v < lo || v > hi) fail(line(key, node), fmt::format("{} is {}, outside [{}, {}]", what, v, lo, hi));
    return v;
  }

  std::vector<std::string> string_list(const toml::key& key, const toml::node& node, std::string_view what) const {
    if (!node.is_array()) fail(line(key, node), fmt::format("{} must be a list of strings, not {}", what, describe_node(node)));
    std::vector<std::string> out;
    for (const auto& item : *node.as_array()) {
      if (!item.is_string()) fail(item.source().begin.line, fmt::format("{} must list strings, not {}", what, describe_node(item)));
      out.push_back(item.as_string()->get());
    }
    return out;
  }

  void read_header(const toml::table& header, SweepFile& sweep) {
    std::vector<std::string> outputs;
    std::vector<std::string> subgroups = {"all"};
    std::uint32_t outputs_line = 0, subgroups_line = 0;
    for (const auto& [key, node] : header) {
      const std::string k(key.str());
      const std::uint32_t at = line(key, node);
      if (k == "name") {
        sweep.name = string_value(key, node, "sweep.name");
      } else if (k == "description") {
        sweep.description = string_value(key, node, "sweep.description");
      } else if (k == "base") {
        const fs::path base = file_.parent_path() / string_value(key, node, "sweep.base");
        try {
          sweep.base = load_scenario(base);
        } catch (const InputError& e) {
          fail(at, fmt::format("the base scenario: {}", e.what()));
        }
      } else if (k == "design") {
        sweep.design.kind = string_value(key, node, "sweep.design");
        if (std::find(design_kinds.begin(), design_kinds.end(), sweep.design.kind) == design_kinds.end()) {
          const auto near = nearest_name(sweep.design.kind, design_kinds);
          fail(at, fmt::format("unknown design '{}'{}; the designs are grid, latin_hypercube, sobol and morris",
                               printable(sweep.design.kind), near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near)));
        }
      } else if (k == "samples") {
        sweep.design.samples = static_cast<std::size_t>(integer_value(key, node, "sweep.samples", 1, 100'000'000));
      } else if (k == "replicates") {
        sweep.replicates = static_cast<int>(integer_value(key, node, "sweep.replicates", 1, 10'000'000));
      } else if (k == "seed") {
        sweep.seed = static_cast<std::uint64_t>(integer_value(key, node, "sweep.seed", 0, INT64_MAX));
      } else if (k == "morris_levels") {
        sweep.design.morris_levels = static_cast<int>(integer_value(key, node, "sweep.morris_levels", 2, 64));
        if (sweep.design.morris_levels % 2 != 0) fail(at, "sweep.morris_levels must be even (the step is half the levels)");
      } else if (k == "outputs") {
        outputs = string_list(key, node, "sweep.outputs");
        outputs_line = at;
      } else if (k == "subgroups") {
        subgroups = string_list(key, node, "sweep.subgroups");
        subgroups_line = at;
      } else if (k == "series") {
        if (!node.is_boolean()) fail(at, fmt::format("sweep.series must be true or false, not {}", describe_node(node)));
        sweep.outputs.series = node.as_boolean()->get();
      } else {
        const auto near = nearest_name(k, sweep_keys);
        fail(at, fmt::format("unknown key 'sweep.{}'{}", printable(k), near.empty() ? "" : fmt::format(" (did you mean 'sweep.{}'?)", near)));
      }
    }
    if (!header.contains("design")) fail(0, "[sweep] has no design: grid, latin_hypercube, sobol or morris");
    if (!header.contains("series")) sweep.outputs.series = false;
    sweep.outputs.fields.clear();
    if (outputs.empty()) {
      sweep.outputs.fields = OutputSelection::everything().fields;
    }
    std::vector<std::string> field_names;
    for (const auto& f : outcome_fields) field_names.emplace_back(f.name);
    for (const auto& name : outputs) {
      const int index = outcome_field_index(name);
      if (index < 0) {
        const auto near = nearest_name(name, field_names);
        fail(outputs_line, fmt::format("unknown outcome '{}' in sweep.outputs{}", printable(name),
                                       near.empty() ? " (docs/results-format.md lists them)" : fmt::format(" (did you mean '{}'?)", near)));
      }
      if (std::find(sweep.outputs.fields.begin(), sweep.outputs.fields.end(), index) == sweep.outputs.fields.end()) {
        sweep.outputs.fields.push_back(index);
      }
    }
    // The file lays outcomes out in declaration order whatever order the sweep file lists them in;
    // the plan (and its fingerprint) does the same, so a plan read back from a file matches it.
    std::sort(sweep.outputs.fields.begin(), sweep.outputs.fields.end());
    sweep.outputs.subgroups.clear();
    for (const auto& name : subgroups) {
      const auto at = std::find(subgroup_names.begin(), subgroup_names.end(), name);
      if (at == subgroup_names.end()) {
        fail(subgroups_line, fmt::format("unknown subgroup '{}' in sweep.subgroups; the subgroups are: {}", printable(name),
                                         fmt::format("\"{}\"", fmt::join(subgroup_names, "\", \""))));
      }
      const int index = static_cast<int>(at - subgroup_names.begin());
      if (std::find(sweep.outputs.subgroups.begin(), sweep.outputs.subgroups.end(), index) == sweep.outputs.subgroups.end()) {
        sweep.outputs.subgroups.push_back(index);
      }
    }
    if (sweep.outputs.subgroups.empty()) fail(subgroups_line, "sweep.subgroups is empty");
  }

  void read_factors(const toml::table& vary, Design& design) {
    for (const auto& [key, node] : vary) {
      const std::string k(key.str());
      if (const ParameterSpec* spec = find_parameter(k)) {
        read_factor(*spec, key, node, design);
        continue;
      }
      const bool group = std::any_of(parameter_specs().begin(), parameter_specs().end(),
                                     [&](const ParameterSpec& s) { return s.group == k; });
      if (group && node.is_table()) {
        for (const auto& [name, inner] : *node.as_table()) {
          const std::string full = fmt::format("{}.{}", k, name.str());
          const ParameterSpec* spec = find_parameter(full);
          if (spec == nullptr) unknown_parameter(full, line(name, inner));
          read_factor(*spec, name, inner, design);
        }
        continue;
      }
      unknown_parameter(k, line(key, node));
    }
    if (design.factors.empty()) fail(0, "[vary] names no parameter");
    // toml++ lists keys sorted; the design's columns follow the file's order, as users read it.
    std::vector<std::size_t> order(design.factors.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return factor_lines_[a] < factor_lines_[b]; });
    std::vector<DesignFactor> factors;
    std::vector<std::uint32_t> lines;
    for (const std::size_t i : order) {
      factors.push_back(std::move(design.factors[i]));
      lines.push_back(factor_lines_[i]);
    }
    design.factors = std::move(factors);
    factor_lines_ = std::move(lines);
  }

  [[noreturn]] void unknown_parameter(const std::string& key, std::uint32_t at) const {
    std::vector<std::string> keys;
    for (const auto& spec : parameter_specs()) keys.push_back(spec.key());
    const auto near = nearest_name(key, keys);
    fail(at, fmt::format("unknown parameter '{}' in [vary]{}", printable(key),
                         near.empty() ? " (`jimsim params` lists them)" : fmt::format(" (did you mean '{}'?)", near)));
  }

  double number(const ParameterSpec& spec, const toml::node& node, std::uint32_t at, std::string_view what) const {
    double value = 0.0;
    if (spec.kind == ParameterKind::flag) {
      if (!node.is_boolean()) fail(at, fmt::format("vary.{}: {} must be true or false, not {}", spec.key(), what, describe_node(node)));
      value = node.as_boolean()->get() ? 1.0 : 0.0;
    } else if (node.is_integer()) {
      value = static_cast<double>(node.as_integer()->get());
    } else if (node.is_floating_point()) {
      value = node.as_floating_point()->get();
    } else {
      fail(at, fmt::format("vary.{}: {} must be a number, not {}", spec.key(), what, describe_node(node)));
    }
    if (const auto reason = check_parameter_value(spec, value); !reason.empty()) {
      fail(at, fmt::format("vary.{}: {}: {}", spec.key(), what, reason));
    }
    return value;
  }

  void read_factor(const ParameterSpec& spec, const toml::key& key, const toml::node& node, Design& design) {
    const std::uint32_t at = line(key, node);
    const std::string name = spec.key();
    for (const auto& f : design.factors) {
      if (f.key == name) fail(at, fmt::format("vary.{} is given twice", name));
    }
    if (!node.is_table()) {
      fail(at, fmt::format("vary.{} must be {{ min = ..., max = ... }} or {{ levels = [...] }}, not {}", name, describe_node(node)));
    }
    const toml::table& t = *node.as_table();
    for (const auto& [k, v] : t) {
      if (std::find(factor_keys.begin(), factor_keys.end(), std::string(k.str())) == factor_keys.end()) {
        const auto near = nearest_name(k.str(), factor_keys);
        fail(line(k, v), fmt::format("vary.{}: unknown key '{}'{}; a factor has min and max (and steps in a grid), or levels",
                                     name, printable(k.str()), near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near)));
      }
    }
    DesignFactor factor;
    factor.key = name;
    const bool range = t.contains("min") || t.contains("max");
    if (t.contains("levels")) {
      if (range || t.contains("steps")) fail(at, fmt::format("vary.{}: give either levels or min and max, not both", name));
      const toml::node& levels = *t.get("levels");
      if (!levels.is_array() || levels.as_array()->empty()) {
        fail(at, fmt::format("vary.{}: levels must be a non-empty list, not {}", name, describe_node(levels)));
      }
      for (const auto& item : *levels.as_array()) factor.levels.push_back(number(spec, item, at, "a level"));
    } else {
      if (spec.kind == ParameterKind::flag) {
        fail(at, fmt::format("vary.{} is a flag: vary it with levels = [false, true]", name));
      }
      if (!t.contains("min") || !t.contains("max")) fail(at, fmt::format("vary.{}: a range needs both min and max", name));
      factor.minimum = number(spec, *t.get("min"), at, "min");
      factor.maximum = number(spec, *t.get("max"), at, "max");
      if (!(factor.minimum < factor.maximum)) {
        fail(at, fmt::format("vary.{}: min ({}) must be below max ({})", name, format_parameter_value(spec, factor.minimum),
                             format_parameter_value(spec, factor.maximum)));
      }
      if (const toml::node* steps = t.get("steps")) {
        if (!steps->is_integer() || steps->as_integer()->get() < 2 || steps->as_integer()->get() > 100000) {
          fail(at, fmt::format("vary.{}: steps must be a whole number from 2 to 100000, not {}", name, describe_node(*steps)));
        }
        factor.steps = static_cast<int>(steps->as_integer()->get());
      }
    }
    factor_lines_.push_back(at);
    design.factors.push_back(std::move(factor));
  }

  void check_design(Design& design, const toml::table& header) const {
    const bool grid = design.kind == "grid";
    for (std::size_t i = 0; i < design.factors.size(); ++i) {
      const auto& f = design.factors[i];
      if (grid && f.levels.empty() && f.steps == 0) {
        fail(factor_lines_[i], fmt::format("vary.{}: a range in a grid needs steps (how many values from min to max)", f.key));
      }
      if (!grid && f.steps != 0) {
        fail(factor_lines_[i], fmt::format("vary.{}: steps is for grid designs; a {} design samples the range", f.key, design.kind));
      }
    }
    if (!grid && !header.contains("samples")) {
      fail(0, fmt::format("[sweep] needs samples for a {} design ({})", design.kind,
                          design.kind == "latin_hypercube" ? "the number of points"
                          : design.kind == "sobol"         ? "base samples N; the design has N (k + 2) points"
                                                           : "trajectories r; the design has r (k + 1) points"));
    }
    if (grid && header.contains("samples")) fail(0, "[sweep] samples is not used by a grid design (it has every combination)");
    if ((design.kind == "sobol" || design.kind == "morris") && design.samples < 2) {
      fail(0, fmt::format("[sweep] samples must be at least 2 for a {} design: its estimators need two {} to give an "
                          "index and an interval",
                          design.kind, design.kind == "sobol" ? "base samples" : "trajectories"));
    }
    try {
      (void)sweep_point_count(design);
    } catch (const std::invalid_argument& e) {
      fail(0, e.what());
    }
  }

  fs::path file_;
  std::string display_;
  std::vector<std::uint32_t> factor_lines_;
};

// "professionals.caseload_cap = 12, crisis.base_hazard = 0.0431"
std::string factor_values(const Design& design, const Parameters& p) {
  std::string text;
  for (const auto& f : design.factors) {
    const ParameterSpec* spec = find_parameter(f.key);
    if (!text.empty()) text += ", ";
    text += fmt::format("{} = {}", f.key, format_parameter_value(*spec, spec->get(p)));
  }
  return text;
}

}  // namespace

SweepFile load_sweep(const fs::path& file) { return SweepReader(file).read(); }

RunPlan sweep_plan(const SweepFile& sweep, std::span<const ParameterOverride> overrides) {
  const std::string display = sweep.file.string();
  Parameters base = sweep.base.parameters;
  for (const auto& o : overrides) {
    for (const auto& f : sweep.design.factors) {
      if (f.key == o.key) throw InputError(fmt::format("--set {}: {} varies {}; change its range in [vary] instead", o.text, display, o.key));
    }
    find_parameter(o.key)->set(base, o.value);
  }
  RunPlan plan;
  plan.replicates = sweep.replicates;
  plan.seed = sweep.seed;
  plan.outputs = sweep.outputs;
  plan.design = sweep.design;
  plan.overrides.assign(overrides.begin(), overrides.end());
  try {
    plan.points = sweep_points(sweep.design, base, sweep.seed);
  } catch (const std::invalid_argument& e) {
    throw InputError(fmt::format("{}: {}", display, e.what()));
  }
  for (auto& point : plan.points) {
    point.description = factor_values(sweep.design, point.parameters);
    point.origin = fmt::format("{} {}", display, point.name);
    for (const auto& f : sweep.design.factors) {
      const ParameterSpec* spec = find_parameter(f.key);
      if (const auto reason = check_parameter_value(*spec, spec->get(point.parameters)); !reason.empty()) {
        throw InputError(fmt::format("{}: {} ({}): {}: {}", display, point.name, point.description, f.key, reason));
      }
    }
    const auto problems = check_parameter_consistency(point.parameters);
    if (!problems.empty()) {
      throw InputError(fmt::format("{}: {} ({}): {}: {}; narrow the ranges in [vary] so every point is valid", display,
                                   point.name, point.description, problems.front().key, problems.front().reason));
    }
  }
  return plan;
}

}  // namespace jimsim
