// Targets files: published figures a calibration matches when there is no cohort, one [[target]]
// per statistic with the number of youths behind it. Every problem is an InputError naming the
// file, the line and the key.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <limits>

#include "io/calibration_file.hpp"
#include "io/toml_reading.hpp"
#include "sim/errors.hpp"

namespace jimsim {
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> file_keys = {"description", "follow_up_weeks", "target"};
const std::vector<std::string> target_keys = {"statistic", "week", "value", "youths"};

std::string did_you_mean(const std::string& near) {
  return near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near);
}

std::uint32_t line_of(const toml::key& key, const toml::node& node) {
  return key.source().begin.line > 0 ? key.source().begin.line : node.source().begin.line;
}

// The most youths a target may count: the simulated cohort for targets has as many youths as the
// largest target, so it must be a cohort size the scenario could declare.
std::int64_t max_youths() {
  return static_cast<std::int64_t>(find_parameter("intake.cohort_size")->maximum);
}

class TargetsReader {
 public:
  explicit TargetsReader(const fs::path& file) : file_(file), display_(file.string()) {}

  Targets read() {
    Targets out;
    out.file = file_;
    out.source_text = read_text(file_, display_, "targets file");
    const toml::table root = parse_toml(out.source_text, display_);
    for (const auto& [key, node] : root) {
      const std::string k(key.str());
      if (k == "description") {
        if (!node.is_string()) fail(line_of(key, node), fmt::format("description must be a string, not {}", describe_node(node)));
        out.description = node.as_string()->get();
      } else if (k == "follow_up_weeks") {
        const auto weeks = node.value<double>();
        if (!weeks || !(*weeks > 0.0 && *weeks <= 1040.0)) {
          fail(line_of(key, node), fmt::format("follow_up_weeks must be a number of weeks in (0, 1040], not {}", describe_node(node)));
        }
        out.follow_up_weeks = *weeks;
      } else if (k != "target") {
        fail(line_of(key, node), fmt::format("unknown key '{}'{}; a targets file has a description, follow_up_weeks and "
                                             "[[target]] tables",
                                             printable(k), did_you_mean(nearest_name(k, file_keys))));
      }
    }
    const toml::node* targets = root.get("target");
    if (targets == nullptr) fail(0, "no [[target]]: give each figure as [[target]] with statistic, value and youths");
    if (!targets->is_array()) {
      fail(targets->source().begin.line, fmt::format("target must be [[target]] tables, not {}", describe_node(*targets)));
    }
    std::vector<std::uint32_t> lines;
    for (const auto& item : *targets->as_array()) {
      if (!item.is_table()) {
        fail(item.source().begin.line, fmt::format("target must be [[target]] tables, not {}", describe_node(item)));
      }
      read_target(*item.as_table(), out, lines);
    }
    if (out.statistics.empty()) fail(targets->source().begin.line, "no [[target]]: the list of targets is empty");
    return out;
  }

 private:
  [[noreturn]] void fail(std::uint32_t at, const std::string& message) const {
    throw InputError(fmt::format("{}: {}", where({display_, at}), message));
  }

  double number(const toml::node& node, std::uint32_t at, std::string_view key) const {
    double v = 0.0;
    if (node.is_integer()) {
      v = static_cast<double>(node.as_integer()->get());
    } else if (node.is_floating_point()) {
      v = node.as_floating_point()->get();
    } else {
      fail(at, fmt::format("target.{} must be a number, not {}", key, describe_node(node)));
    }
    if (!std::isfinite(v)) fail(at, fmt::format("target.{} must be a finite number, not {}", key, v));
    return v;
  }

  // `lines` holds the line of each target read so far, for naming both lines of a duplicate.
  void read_target(const toml::table& target, Targets& out, std::vector<std::uint32_t>& lines) const {
    const std::uint32_t at = target.source().begin.line;
    const toml::node* statistic = nullptr;
    const toml::node* week = nullptr;
    const toml::node* value = nullptr;
    const toml::node* youths = nullptr;
    std::uint32_t statistic_line = at, week_line = at, value_line = at, youths_line = at;
    for (const auto& [key, node] : target) {
      const std::string k(key.str());
      const std::uint32_t key_line = line_of(key, node);
      if (k == "statistic") {
        statistic = &node;
        statistic_line = key_line;
      } else if (k == "week") {
        week = &node;
        week_line = key_line;
      } else if (k == "value") {
        value = &node;
        value_line = key_line;
      } else if (k == "youths") {
        youths = &node;
        youths_line = key_line;
      } else {
        fail(key_line, fmt::format("unknown key 'target.{}'{}; a target has statistic, week (for a statistic at a "
                                   "week), value and youths",
                                   printable(k), did_you_mean(nearest_name(k, target_keys))));
      }
    }
    if (statistic == nullptr) fail(at, "a target without a statistic: statistic = \"...\" names what value gives");
    if (value == nullptr) fail(at, "a target without a value: value = ... is the observed figure");
    if (youths == nullptr) fail(at, "a target without youths: youths = ... is how many youths the figure counts");
    if (!statistic->is_string()) {
      fail(statistic_line, fmt::format("target.statistic must be a string, not {}", describe_node(*statistic)));
    }
    const std::string name = statistic->as_string()->get();
    const auto names = statistic_names();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      if (const auto at_sign = name.find('@'); at_sign != std::string::npos) {
        fail(statistic_line, fmt::format("target.statistic: write '{}' without '@' and give week = ... in the target",
                                         printable(name.substr(0, at_sign))));
      }
      fail(statistic_line, fmt::format("target.statistic: unknown statistic '{}'{}", printable(name),
                                       did_you_mean(nearest_name(name, names))));
    }
    const double week_value = week != nullptr ? number(*week, week_line, "week") : std::numeric_limits<double>::quiet_NaN();
    StatisticSpec spec;
    if (const auto reason = parse_statistic(name, week_value, spec); !reason.empty()) {
      // The reason names the statistic; point at the week when there is one, else at the statistic.
      fail(week != nullptr ? week_line : statistic_line,
           fmt::format("target.{}: {}", week != nullptr ? "week" : "statistic", reason));
    }
    for (std::size_t i = 0; i < out.statistics.size(); ++i) {
      if (out.statistics[i].name() == spec.name()) {
        fail(statistic_line, fmt::format("the target {} is given twice (the targets at lines {} and {})", spec.name(),
                                         lines[i], at));
      }
    }

    if (!youths->is_integer()) {
      fail(youths_line, fmt::format("target.youths must be a whole number, not {}", describe_node(*youths)));
    }
    const std::int64_t count = youths->as_integer()->get();
    if (count < 1) fail(youths_line, fmt::format("target {}: youths is {}; a figure needs a count of at least 1 youth", name, count));
    if (count > max_youths()) {
      fail(youths_line, fmt::format("target {}: youths is {}, more than the {} a simulated cohort can hold", name, count,
                                    max_youths()));
    }
    spec.youths = static_cast<std::size_t>(count);

    const double observed = number(*value, value_line, "value");
    // A mean of a flag or a share per youth is a proportion too, though not declared as a share.
    const bool proportion = spec.is_share() || spec.unit() == "flag" || spec.unit() == "share";
    if (proportion && (observed < 0.0 || observed > 1.0)) {
      fail(value_line, fmt::format("target {}: value {} is a share and must lie in [0, 1]", spec.name(), observed));
    }
    // Every other statistic counts weeks, days, events or euros per youth.
    if (observed < 0.0) fail(value_line, fmt::format("target {}: value {} must not be negative", spec.name(), observed));

    out.statistics.push_back(spec);
    out.values.push_back(observed);
    lines.push_back(at);
  }

  fs::path file_;
  std::string display_;
};

}  // namespace

Targets load_targets(const fs::path& file) { return TargetsReader(file).read(); }

}  // namespace jimsim
