// Scenario files: read each file of the base chain, check it against the parameter declarations
// (sim/parameters.hpp), merge base-most first, then check the merged values for consistency. Every
// problem becomes an InputError naming the file, the line and the key.
#include "io/scenario.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <system_error>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "io/toml_reading.hpp"
#include "sim/errors.hpp"

namespace jimsim {
namespace fs = std::filesystem;

namespace {

// Chains of base scenarios longer than this are surely a mistake.
constexpr std::size_t max_chain_length = 64;

// Errors reported from one file before the rest are summarised.
constexpr std::size_t max_reported_errors = 20;

const std::vector<std::string> scenario_keys = {"name", "description", "base"};

std::string format_float(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return fmt::format("{}", value);
}

bool is_valid_scenario_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  };
  return name.front() != '.' && name.front() != '-' && std::all_of(name.begin(), name.end(), allowed);
}

constexpr std::string_view name_rule =
    "use 1 to 128 letters, digits, '-', '_' and '.', not starting with '.' or '-'";

struct FileHeader {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> base;
  std::uint32_t base_line = 0;
};

// One parameter value read from a file, checked and ready to apply.
struct Setting {
  const ParameterSpec* spec;
  double value;
  std::uint32_t line;
};

// An error in a file. Messages with a suggestion are made only when shown: a file full of unknown keys
// must not cost an edit-distance search for each.
struct Message {
  std::uint32_t line;
  std::string text;
  std::function<std::string()> make = nullptr;
};

std::uint32_t line_of(const toml::key& key, const toml::node& node) {
  if (key.source().begin.line > 0) return key.source().begin.line;
  return node.source().begin.line;
}

std::string unknown_key_message(const Location& at, std::string_view shown_key, const std::string& suggestion) {
  if (suggestion.empty()) return fmt::format("{}: unknown key '{}'", where(at), printable(shown_key));
  return fmt::format("{}: unknown key '{}' (did you mean '{}'?)", where(at), printable(shown_key), suggestion);
}

std::vector<std::string> group_names() {
  std::vector<std::string> names;
  for (const auto& spec : parameter_specs()) {
    if (names.empty() || names.back() != spec.group) names.emplace_back(spec.group);
  }
  return names;
}

// Suggestion for an unknown key in `group`: the nearest parameter of that group, else a parameter of
// the same name elsewhere (a key put in the wrong table), as "group.name".
std::string suggest_parameter(std::string_view group, std::string_view key) {
  std::vector<std::string> in_group;
  for (const auto& spec : parameter_specs()) {
    if (spec.group == group) in_group.emplace_back(spec.name);
  }
  if (auto near = nearest_name(key, in_group); !near.empty()) return fmt::format("{}.{}", group, near);
  std::vector<std::string> names;
  std::vector<std::string> keys;
  for (const auto& spec : parameter_specs()) {
    names.emplace_back(spec.name);
    keys.push_back(spec.key());
  }
  if (auto near = nearest_name(key, names); !near.empty()) {
    const auto at = std::find(names.begin(), names.end(), near);
    return keys[static_cast<std::size_t>(at - names.begin())];
  }
  return {};
}

// The value of one parameter as a double, or a reason it is not valid.
std::optional<double> read_parameter(const ParameterSpec& spec, const toml::node& node, std::string& reason) {
  const std::string key = spec.key();
  const auto out_of_range = [&](const std::string& text) {
    reason = fmt::format("{}: {} is outside the valid range [{}, {}] {}", key, text,
                         format_parameter_value(spec, spec.minimum), format_parameter_value(spec, spec.maximum),
                         spec.unit);
  };
  double value = 0.0;
  switch (spec.kind) {
    case ParameterKind::flag:
      if (!node.is_boolean()) {
        reason = fmt::format("{} must be true or false, not {}", key, describe_node(node));
        return std::nullopt;
      }
      value = node.as_boolean()->get() ? 1.0 : 0.0;
      break;
    case ParameterKind::integer:
      if (node.is_integer()) {
        const std::int64_t whole = node.as_integer()->get();
        // Range first, in integers: a huge value must not reach an int conversion.
        if (static_cast<double>(whole) < spec.minimum || static_cast<double>(whole) > spec.maximum) {
          out_of_range(fmt::format("{}", whole));
          return std::nullopt;
        }
        value = static_cast<double>(whole);
      } else if (node.is_floating_point()) {
        value = node.as_floating_point()->get();
        if (!std::isfinite(value)) {
          reason = fmt::format("{} must be a finite integer, not {}", key, format_float(value));
          return std::nullopt;
        }
        if (value != std::floor(value)) {
          reason = fmt::format("{} must be an integer, not {}", key, format_float(value));
          return std::nullopt;
        }
        if (value < spec.minimum || value > spec.maximum) {
          out_of_range(format_float(value));
          return std::nullopt;
        }
      } else {
        reason = fmt::format("{} must be an integer, not {}", key, describe_node(node));
        return std::nullopt;
      }
      break;
    case ParameterKind::real:
      if (node.is_integer()) {
        value = static_cast<double>(node.as_integer()->get());
      } else if (node.is_floating_point()) {
        value = node.as_floating_point()->get();
        if (!std::isfinite(value)) {
          reason = fmt::format("{} must be a finite number, not {}", key, format_float(value));
          return std::nullopt;
        }
      } else {
        reason = fmt::format("{} must be a number, not {}", key, describe_node(node));
        return std::nullopt;
      }
      break;
  }
  if (auto problem = check_parameter_value(spec, value); !problem.empty()) {
    reason = fmt::format("{}: {}", key, problem);
    return std::nullopt;
  }
  return value;
}

// Resolves a scenario file and its bases, base-most first.
class Loader {
 public:
  Scenario scenario;

  void load(const fs::path& path, const Location* named_at) {
    const std::string display = path.string();
    const std::string context =
        named_at != nullptr ? fmt::format(" (the base of {})", where(*named_at)) : std::string{};
    const std::string text = read_text(path, display, "scenario file", context);

    std::error_code error;
    fs::path canonical = fs::canonical(path, error);
    if (error) canonical = fs::absolute(path, error).lexically_normal();
    chain_.push_back({canonical, display});

    toml::table table = parse_toml(text, display);
    FileHeader header;
    std::vector<Setting> settings;
    std::vector<Message> errors;
    read_table(table, display, header, settings, errors);
    if (!errors.empty()) throw_errors(errors, display);

    if (header.base) load_base(path, display, header);

    for (const auto& setting : settings) {
      setting.spec->set(scenario.parameters, setting.value);
      set_at_[setting.spec->key()] = Location{display, setting.line};
    }
    scenario.inheritance.push_back(path);
    scenario.source_text += fmt::format("# file: {}\n", display);
    scenario.source_text += text;
    if (!text.empty() && text.back() != '\n') scenario.source_text += '\n';
    if (header.description) scenario.description = *header.description;
    header_ = std::move(header);
    chain_.pop_back();
  }

  // The header of the file loaded last, i.e. of the file the user named.
  const FileHeader& header() const { return header_; }

  // Where the value of `key` was last set, if a file set it.
  const Location* set_at(const std::string& key) const {
    const auto found = set_at_.find(key);
    return found != set_at_.end() ? &found->second : nullptr;
  }

  const std::map<std::string, Location>& all_set() const { return set_at_; }

 private:
  struct ChainEntry {
    fs::path canonical;
    std::string display;
  };
  std::vector<ChainEntry> chain_;  // the files being loaded, derived-most first
  std::map<std::string, Location> set_at_;
  FileHeader header_;

  static void throw_errors(std::vector<Message>& errors, const std::string& display) {
    std::stable_sort(errors.begin(), errors.end(),
                     [](const Message& a, const Message& b) { return a.line < b.line; });
    std::string message;
    for (std::size_t i = 0; i < errors.size() && i < max_reported_errors; ++i) {
      if (!message.empty()) message += '\n';
      message += errors[i].make ? errors[i].make() : errors[i].text;
    }
    if (errors.size() > max_reported_errors) {
      message += fmt::format("\n{}: ... and {} more errors", display, errors.size() - max_reported_errors);
    }
    throw InputError(message);
  }

  void load_base(const fs::path& path, const std::string& display, const FileHeader& header) {
    const Location named_at{display, header.base_line};
    const fs::path base = path.parent_path() / fs::path(*header.base);
    std::error_code error;
    const fs::path canonical = fs::canonical(base, error);
    if (error) {
      throw InputError(fmt::format("{}: base scenario '{}' not found: {}: {}", where(named_at),
                                   printable(*header.base, 200), base.string(), error.message()));
    }
    const auto same = [&](const ChainEntry& entry) { return entry.canonical == canonical; };
    if (const auto cycle = std::find_if(chain_.begin(), chain_.end(), same); cycle != chain_.end()) {
      std::string files;
      for (auto it = cycle; it != chain_.end(); ++it) files += it->display + " -> ";
      files += base.string();
      throw InputError(
          fmt::format("{}: base scenarios form a cycle: {}", where(named_at), files));
    }
    if (chain_.size() >= max_chain_length) {
      throw InputError(fmt::format("{}: more than {} base scenarios in a chain", where(named_at),
                                   max_chain_length));
    }
    load(base, &named_at);
  }

  static void read_header(const toml::table& table, const std::string& display, FileHeader& header,
                          std::vector<Message>& errors) {
    for (auto&& [key, node] : table) {
      const std::uint32_t line = line_of(key, node);
      const Location at{display, line};
      const std::string_view name = key.str();
      if (name != "name" && name != "description" && name != "base") {
        errors.push_back({line, {}, [at, name = std::string(name)] {
                            auto near = nearest_name(name, scenario_keys);
                            if (!near.empty()) near = "scenario." + near;
                            else near = suggest_parameter("scenario", name);
                            return unknown_key_message(at, "scenario." + name, near);
                          }});
        continue;
      }
      if (!node.is_string()) {
        errors.push_back(
            {line, fmt::format("{}: scenario.{} must be a string, not {}", where(at), name, describe_node(node))});
        continue;
      }
      const std::string& value = node.as_string()->get();
      if (name == "name") {
        if (!is_valid_scenario_name(value)) {
          errors.push_back({line, fmt::format("{}: scenario.name '{}' is not a valid scenario name: {}",
                                              where(at), printable(value), name_rule)});
        }
        header.name = value;
      } else if (name == "description") {
        header.description = value;
      } else {
        if (value.empty()) {
          errors.push_back({line, fmt::format("{}: scenario.base must name a file, not be empty", where(at))});
        } else if (value.find('\0') != std::string::npos) {
          errors.push_back({line, fmt::format("{}: scenario.base must not contain a NUL character", where(at))});
        }
        header.base = value;
        header.base_line = line;
      }
    }
  }

  static void read_table(const toml::table& table, const std::string& display, FileHeader& header,
                         std::vector<Setting>& settings, std::vector<Message>& errors) {
    static const std::vector<std::string> groups = group_names();
    std::vector<std::string> top_level = groups;
    top_level.emplace_back("scenario");

    for (auto&& [key, node] : table) {
      const std::uint32_t line = line_of(key, node);
      const Location at{display, line};
      const std::string_view group = key.str();
      const bool is_group = std::find(groups.begin(), groups.end(), group) != groups.end();
      if (!is_group && group != "scenario") {
        errors.push_back({line, {}, [at, top_level, group = std::string(group), is_table = node.is_table()] {
                            std::string suggestion = nearest_name(group, top_level);
                            if (suggestion.empty() && !is_table) suggestion = suggest_parameter("", group);
                            return unknown_key_message(at, group, suggestion);
                          }});
        continue;
      }
      const toml::table* values = node.as_table();
      if (values == nullptr) {
        errors.push_back({line, fmt::format("{}: '{}' must be a table ([{}]), not {}", where(at), group, group,
                                            describe_node(node))});
        continue;
      }
      if (group == "scenario") {
        read_header(*values, display, header, errors);
        continue;
      }
      for (auto&& [name, value] : *values) {
        const std::uint32_t value_line = line_of(name, value);
        const Location value_at{display, value_line};
        const std::string full_key = fmt::format("{}.{}", group, name.str());
        const ParameterSpec* spec = find_parameter(full_key);
        if (spec == nullptr) {
          errors.push_back({value_line, {}, [value_at, full_key, group = std::string(group), name = std::string(name.str())] {
                              return unknown_key_message(value_at, full_key, suggest_parameter(group, name));
                            }});
          continue;
        }
        std::string reason;
        if (auto number = read_parameter(*spec, value, reason)) {
          settings.push_back({spec, *number, value_line});
        } else {
          errors.push_back({value_line, fmt::format("{}: {}", where(value_at), reason)});
        }
      }
    }
  }
};

}  // namespace

Scenario load_scenario(const fs::path& file) {
  Loader loader;
  loader.scenario.file = file;
  loader.load(file, nullptr);
  Scenario& scenario = loader.scenario;
  const std::string display = file.string();

  const FileHeader& header = loader.header();
  if (header.name) {
    scenario.name = *header.name;
  } else {
    scenario.name = file.stem().string();
    if (!is_valid_scenario_name(scenario.name)) {
      throw InputError(fmt::format(
          "{}: the scenario name defaults to the file name '{}', which is not a valid scenario name ({}); "
          "rename the file or set name in [scenario]",
          display, printable(scenario.name), name_rule));
    }
  }

  const auto problems = check_parameter_consistency(scenario.parameters);
  if (!problems.empty()) {
    std::string message;
    for (const auto& problem : problems) {
      // Point at the file and line that set the key; if only the other key of the pair was set,
      // point there; if neither was, at the file the user named.
      const Location* at = loader.set_at(problem.key);
      if (at == nullptr) {
        for (const auto& [key, location] : loader.all_set()) {
          if (problem.reason.find(key) != std::string::npos) {
            at = &location;
            break;
          }
        }
      }
      const Location fallback{display, 0};
      if (!message.empty()) message += '\n';
      message += fmt::format("{}: {}: {}", where(at != nullptr ? *at : fallback), problem.key, problem.reason);
    }
    throw InputError(message);
  }
  return std::move(scenario);
}

}  // namespace jimsim
