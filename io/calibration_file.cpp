// Calibration files: the [calibration] settings and the scenario they name, the free parameters
// with their priors, and the statistics to match, each checked against its declaration. Every
// problem is an InputError naming the file, the line and the key. Targets files: targets_file.cpp.
#include "io/calibration_file.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <limits>

#include "io/scenario.hpp"
#include "io/toml_reading.hpp"
#include "sim/errors.hpp"

namespace jimsim {
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> calibration_keys = {
    "description",         "scenario",        "seed",               "particles",        "replicates_per_particle",
    "max_generations",     "min_tolerance",   "min_acceptance_rate", "max_simulations", "tolerance_quantile",
    "predictive_draws",    "statistics",      "weeks"};

// Each prior's two values, as the file names them; they become Prior::a and Prior::b.
struct PriorShape {
  PriorKind kind;
  std::string name;
  std::string a;
  std::string b;
};
const std::array<PriorShape, 3> prior_shapes = {{{PriorKind::uniform, "uniform", "min", "max"},
                                                 {PriorKind::normal, "normal", "mean", "sd"},
                                                 {PriorKind::log_normal, "log_normal", "median", "sigma"}}};

std::string did_you_mean(const std::string& near) {
  return near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near);
}

std::uint32_t line_of(const toml::key& key, const toml::node& node) {
  return key.source().begin.line > 0 ? key.source().begin.line : node.source().begin.line;
}

class CalibrationReader {
 public:
  explicit CalibrationReader(const fs::path& file) : file_(file), display_(file.string()) {}

  CalibrationFile read() {
    const std::string text = read_text(file_, display_, "calibration file");
    const toml::table root = parse_toml(text, display_);
    for (const auto& [key, node] : root) {
      const std::string k(key.str());
      if (k != "calibration" && k != "free") {
        fail(line_of(key, node), fmt::format("unknown table [{}]{}; a calibration file has [calibration] and [free]",
                                             printable(k), did_you_mean(nearest_name(k, {"calibration", "free"}))));
      }
    }
    const toml::table* header = table_of(root, "calibration");
    const toml::table* free = table_of(root, "free");
    if (header == nullptr) fail(0, "no [calibration] table: it names the scenario and the statistics to match");
    if (free == nullptr) fail(0, "no [free] table: name the parameters to calibrate, each with its prior");
    CalibrationFile out;
    out.file = file_;
    out.plan.name = file_.stem().string();
    out.plan.source_text = fmt::format("# file: {}\n{}{}", display_, text, text.ends_with('\n') ? "" : "\n");
    read_header(*header, out.plan);
    read_free(*free, out.plan.free);
    return out;
  }

 private:
  [[noreturn]] void fail(std::uint32_t at, const std::string& message) const {
    throw InputError(fmt::format("{}: {}", where({display_, at}), message));
  }

  const toml::table* table_of(const toml::table& root, std::string_view name) const {
    const toml::node* node = root.get(name);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) {
      fail(node->source().begin.line, fmt::format("{} must be a table, not {}", name, describe_node(*node)));
    }
    return node->as_table();
  }

  std::int64_t integer(const toml::node& node, std::uint32_t at, std::string_view key, std::int64_t lo,
                       std::int64_t hi) const {
    if (!node.is_integer()) fail(at, fmt::format("calibration.{} must be a whole number, not {}", key, describe_node(node)));
    const std::int64_t v = node.as_integer()->get();
    if (v < lo || v > hi) fail(at, fmt::format("calibration.{} is {}, outside [{}, {}]", key, v, lo, hi));
    return v;
  }

  // A number written as an integer or a float; never NaN or infinite.
  double real(const toml::node& node, std::uint32_t at, std::string_view what) const {
    double v = 0.0;
    if (node.is_integer()) {
      v = static_cast<double>(node.as_integer()->get());
    } else if (node.is_floating_point()) {
      v = node.as_floating_point()->get();
    } else {
      fail(at, fmt::format("{} must be a number, not {}", what, describe_node(node)));
    }
    if (!std::isfinite(v)) fail(at, fmt::format("{} must be a finite number, not {}", what, v));
    return v;
  }

  // A share-like setting: a number in (0, 1), or (0, 1] when `one_allowed`.
  double fraction(const toml::node& node, std::uint32_t at, std::string_view key, bool one_allowed) const {
    const double v = real(node, at, fmt::format("calibration.{}", key));
    if (!(v > 0.0 && (one_allowed ? v <= 1.0 : v < 1.0))) {
      fail(at, fmt::format("calibration.{} is {}, outside (0, 1{}", key, v, one_allowed ? "]" : ")"));
    }
    return v;
  }

  std::string text_value(const toml::node& node, std::uint32_t at, std::string_view key) const {
    if (!node.is_string()) fail(at, fmt::format("calibration.{} must be a string, not {}", key, describe_node(node)));
    return node.as_string()->get();
  }

  void read_header(const toml::table& header, CalibrationPlan& plan) {
    AbcSettings& abc = plan.abc;
    const toml::node* statistics = nullptr;
    const toml::node* weeks = nullptr;
    std::uint32_t statistics_line = 0, weeks_line = 0, budget_line = 0;
    header_line_ = header.source().begin.line;
    for (const auto& [key, node] : header) {
      const std::string k(key.str());
      const std::uint32_t at = line_of(key, node);
      if (k == "description") {
        plan.description = text_value(node, at, k);
      } else if (k == "scenario") {
        load_base(text_value(node, at, k), at, plan);
      } else if (k == "seed") {
        abc.seed = static_cast<std::uint64_t>(integer(node, at, k, 0, std::numeric_limits<std::int64_t>::max()));
      } else if (k == "particles") {
        abc.particles = static_cast<std::size_t>(integer(node, at, k, 2, 100'000));
      } else if (k == "replicates_per_particle") {
        abc.replicates = static_cast<int>(integer(node, at, k, 1, 100));
      } else if (k == "max_generations") {
        abc.max_generations = static_cast<int>(integer(node, at, k, 1, 100));
      } else if (k == "min_tolerance") {
        abc.min_tolerance = real(node, at, "calibration.min_tolerance");
        if (abc.min_tolerance < 0.0) fail(at, fmt::format("calibration.min_tolerance must be at least 0, not {}", abc.min_tolerance));
      } else if (k == "min_acceptance_rate") {
        abc.min_acceptance_rate = fraction(node, at, k, true);
      } else if (k == "max_simulations") {
        abc.max_simulations = static_cast<std::uint64_t>(integer(node, at, k, 0, std::numeric_limits<std::int64_t>::max()));
        budget_line = at;
      } else if (k == "tolerance_quantile") {
        abc.tolerance_quantile = fraction(node, at, k, false);
      } else if (k == "predictive_draws") {
        plan.predictive_draws = static_cast<int>(integer(node, at, k, 1, 100'000));
      } else if (k == "statistics") {
        statistics = &node;
        statistics_line = at;
      } else if (k == "weeks") {
        weeks = &node;
        weeks_line = at;
      } else {
        const auto near = nearest_name(k, calibration_keys);
        fail(at, fmt::format("unknown key 'calibration.{}'{}", printable(k),
                             did_you_mean(near.empty() ? "" : "calibration." + near)));
      }
    }
    if (!header.contains("scenario")) {
      fail(header_line_, "[calibration] names no scenario: scenario = \"...\" (relative to this file) gives the "
                         "parameters the free ones are set in");
    }
    // Settings are checked one by one above; the budget depends on two others, so it comes after.
    // Generation 0 alone takes particles x replicates simulations: a budget below twice that could
    // never complete a generation that uses what the data say.
    const std::uint64_t generation = abc.particles * static_cast<std::uint64_t>(abc.replicates);
    if (abc.max_simulations != 0 && abc.max_simulations < 2 * generation) {
      fail(budget_line, fmt::format("calibration.max_simulations is {}, too small: at least 2 x particles x "
                                    "replicates_per_particle = {} (or 0 for no budget)",
                                    abc.max_simulations, 2 * generation));
    }
    // A targets file brings its own statistics, so a calibration file used only with targets needs
    // none. A cohort does need them: where a cohort is attached, a plan without any is refused.
    if (statistics != nullptr) {
      read_statistics(*statistics, statistics_line, weeks, weeks_line, plan.statistics);
    } else if (weeks != nullptr) {
      fail(weeks_line, "calibration.weeks is given, but there is no calibration.statistics to take at those weeks");
    }
  }

  void load_base(const std::string& name, std::uint32_t at, CalibrationPlan& plan) {
    if (name.empty()) fail(at, "calibration.scenario is empty: name a scenario file, relative to this file");
    try {
      const Scenario scenario = load_scenario(file_.parent_path() / name);
      plan.base = scenario.parameters;
      plan.source_text += scenario.source_text;
    } catch (const InputError& e) {
      fail(at, fmt::format("the scenario: {}", e.what()));
    }
  }

  std::vector<double> read_weeks(const toml::node& node, std::uint32_t at) const {
    if (!node.is_array()) fail(at, fmt::format("calibration.weeks must be a list of weeks, not {}", describe_node(node)));
    std::vector<double> weeks;
    for (const auto& item : *node.as_array()) {
      const std::uint32_t item_line = item.source().begin.line > 0 ? item.source().begin.line : at;
      const double week = real(item, item_line, "a week in calibration.weeks");
      if (!(week > 0.0 && week <= 1040.0)) {
        fail(item_line, fmt::format("calibration.weeks: week {} is outside (0, 1040] (weeks after intake)", week));
      }
      if (std::find(weeks.begin(), weeks.end(), week) != weeks.end()) {
        fail(item_line, fmt::format("calibration.weeks lists week {} twice", week));
      }
      weeks.push_back(week);
    }
    if (weeks.empty()) fail(at, "calibration.weeks is empty: list the weeks, e.g. weeks = [26, 52]");
    return weeks;
  }

  // The declaration of a statistic that a cohort can give, or an error with the nearest name.
  const StatisticInfo& statistic_info(const std::string& name, std::uint32_t at) const {
    if (name.starts_with("mean.")) {
      fail(at, fmt::format("calibration.statistics: {} needs per-youth values, which a cohort file does not have; "
                           "give it only in a targets file",
                           printable(name)));
    }
    std::vector<std::string> names;
    for (const auto& s : calibration_statistics()) {
      if (s.name == name) return s;
      names.emplace_back(s.name);
    }
    const auto at_sign = name.find('@');
    if (at_sign != std::string::npos) {
      fail(at, fmt::format("calibration.statistics: write '{}' without '@' and list its weeks in calibration.weeks",
                           printable(name.substr(0, at_sign))));
    }
    fail(at, fmt::format("calibration.statistics: unknown statistic '{}'{}", printable(name),
                         did_you_mean(nearest_name(name, names))));
  }

  // `statistics` x `weeks`: a statistic at a week becomes one statistic per week, in the order
  // written, so the plan lists them as the user reads the file.
  void read_statistics(const toml::node& node, std::uint32_t at, const toml::node* weeks_node, std::uint32_t weeks_line,
                       std::vector<StatisticSpec>& out) const {
    if (!node.is_array()) fail(at, fmt::format("calibration.statistics must be a list of names, not {}", describe_node(node)));
    const std::vector<double> weeks = weeks_node != nullptr ? read_weeks(*weeks_node, weeks_line) : std::vector<double>{};
    std::vector<std::string> seen;
    bool any_at_week = false;
    for (const auto& item : *node.as_array()) {
      const std::uint32_t item_line = item.source().begin.line > 0 ? item.source().begin.line : at;
      if (!item.is_string()) fail(item_line, fmt::format("calibration.statistics must list names, not {}", describe_node(item)));
      const std::string name = item.as_string()->get();
      const StatisticInfo& info = statistic_info(name, item_line);
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
        fail(item_line, fmt::format("calibration.statistics lists {} twice", name));
      }
      seen.push_back(name);
      if (info.at_week && weeks_node == nullptr) {
        fail(item_line, fmt::format("calibration.statistics: {} is taken at a week; list the weeks in calibration.weeks, "
                                    "e.g. weeks = [26, 52]",
                                    name));
      }
      any_at_week = any_at_week || info.at_week;
      const std::vector<double> at_weeks = info.at_week ? weeks : std::vector<double>{std::numeric_limits<double>::quiet_NaN()};
      for (const double week : at_weeks) {
        StatisticSpec spec;
        if (const auto reason = parse_statistic(name, week, spec); !reason.empty()) {
          fail(item_line, fmt::format("calibration.statistics: {}", reason));
        }
        out.push_back(spec);
      }
    }
    if (seen.empty()) fail(at, "calibration.statistics is empty: list the statistics to match against the cohort");
    // Weeks no statistic uses are most likely a statistic left out by mistake.
    if (weeks_node != nullptr && !any_at_week) {
      fail(weeks_line, "calibration.weeks is given, but no statistic in calibration.statistics is taken at a week "
                       "(mentor_found_by_week, placement_free_survival)");
    }
  }

  void read_free(const toml::table& free, std::vector<FreeParameter>& out) const {
    std::vector<std::uint32_t> lines;
    const auto add = [&](const ParameterSpec& spec, std::uint32_t at, const toml::node& node) {
      for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i].key == spec.key()) {
          fail(std::max(at, lines[i]), fmt::format("free.{} is given twice (lines {} and {})", spec.key(),
                                                   std::min(at, lines[i]), std::max(at, lines[i])));
        }
      }
      out.push_back(read_prior(spec, at, node));
      lines.push_back(at);
    };
    for (const auto& [key, node] : free) {
      const std::string k(key.str());
      if (const ParameterSpec* spec = find_parameter(k)) {
        add(*spec, line_of(key, node), node);
        continue;
      }
      // `group.name = {...}` makes a table per group.
      const bool group = std::any_of(parameter_specs().begin(), parameter_specs().end(),
                                     [&](const ParameterSpec& s) { return s.group == k; });
      if (!group || !node.is_table()) unknown_parameter(k, line_of(key, node));
      for (const auto& [name, inner] : *node.as_table()) {
        const std::string full = fmt::format("{}.{}", k, name.str());
        const ParameterSpec* spec = find_parameter(full);
        if (spec == nullptr) unknown_parameter(full, line_of(name, inner));
        add(*spec, line_of(name, inner), inner);
      }
    }
    if (out.empty()) fail(free.source().begin.line, "[free] names no parameter to calibrate");
    // toml++ lists keys sorted; the plan follows the file's order, as users read it.
    std::vector<std::size_t> order(out.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return lines[a] < lines[b]; });
    std::vector<FreeParameter> sorted;
    for (const std::size_t i : order) sorted.push_back(std::move(out[i]));
    out = std::move(sorted);
  }

  // Suggests the nearest "group.name", else the parameter of the nearest name in any group (a name
  // written without its group).
  [[noreturn]] void unknown_parameter(const std::string& key, std::uint32_t at) const {
    std::vector<std::string> keys, names;
    for (const auto& spec : parameter_specs()) {
      keys.push_back(spec.key());
      names.emplace_back(spec.name);
    }
    auto near = nearest_name(key, keys);
    if (near.empty()) {
      const auto name = nearest_name(key.substr(key.find('.') + 1), names);
      if (!name.empty()) near = keys[static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin())];
    }
    fail(at, fmt::format("unknown parameter '{}' in [free]{}", printable(key),
                         near.empty() ? " (`jimsim params` lists them)" : did_you_mean(near)));
  }

  FreeParameter read_prior(const ParameterSpec& spec, std::uint32_t at, const toml::node& node) const {
    const std::string key = spec.key();
    if (spec.kind != ParameterKind::real) {
      fail(at, fmt::format("free.{} cannot be calibrated: only real-valued parameters can, and it is {}", key,
                           spec.kind == ParameterKind::flag ? "a flag" : "a whole number"));
    }
    if (!node.is_table()) {
      fail(at, fmt::format("free.{} must be a prior, e.g. {{ prior = \"uniform\", min = ..., max = ... }}, not {}", key,
                           describe_node(node)));
    }
    const toml::table& t = *node.as_table();
    const toml::node* kind = t.get("prior");
    if (kind == nullptr) fail(at, fmt::format("free.{} has no prior: prior = \"uniform\", \"normal\" or \"log_normal\"", key));
    if (!kind->is_string()) fail(at, fmt::format("free.{}: prior must be a string, not {}", key, describe_node(*kind)));
    const std::string kind_name = kind->as_string()->get();
    const auto shape = std::find_if(prior_shapes.begin(), prior_shapes.end(), [&](const PriorShape& s) { return s.name == kind_name; });
    if (shape == prior_shapes.end()) {
      fail(at, fmt::format("free.{}: unknown prior '{}'{}; the priors are uniform, normal and log_normal", key,
                           printable(kind_name), did_you_mean(nearest_name(kind_name, {"uniform", "normal", "log_normal"}))));
    }
    for (const auto& [k, v] : t) {
      if (k.str() == "prior" || k.str() == shape->a || k.str() == shape->b) continue;
      fail(line_of(k, v), fmt::format("free.{}: a {} prior takes {} and {}, not '{}'{}", key, shape->name, shape->a,
                                      shape->b, printable(k.str()), did_you_mean(nearest_name(k.str(), {shape->a, shape->b}))));
    }
    const auto value = [&](const std::string& name) {
      const toml::node* v = t.get(name);
      if (v == nullptr) fail(at, fmt::format("free.{}: a {} prior needs {} and {}; {} is missing", key, shape->name, shape->a, shape->b, name));
      return real(*v, at, fmt::format("free.{}: {}", key, name));
    };
    Prior prior;
    prior.kind = shape->kind;
    prior.a = value(shape->a);
    prior.b = value(shape->b);
    // The prior is truncated to the parameter's declared range, and checked against it.
    prior.lower = spec.minimum;
    prior.upper = spec.maximum;
    if (const auto reason = check_prior(prior); !reason.empty()) fail(at, fmt::format("free.{}: {}", key, reason));
    return {key, prior};
  }

  fs::path file_;
  std::string display_;
  std::uint32_t header_line_ = 0;
};

}  // namespace

CalibrationFile load_calibration(const fs::path& file) { return CalibrationReader(file).read(); }

}  // namespace jimsim
