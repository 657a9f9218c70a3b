#include "plan/calibration_statistic.hpp"

#include <array>
#include <cmath>
#include <fmt/format.h>

#include "sim/result_fields.hpp"

namespace jimsim {
namespace {

constexpr auto catalogue = std::to_array<StatisticInfo>({
#define JIMSIM_STATISTIC_INFO(name, unit, at_week, meaning) {StatisticKind::name, #name, unit, at_week, meaning},
    JIMSIM_CALIBRATION_STATISTICS(JIMSIM_STATISTIC_INFO)
#undef JIMSIM_STATISTIC_INFO
});

constexpr std::string_view mean_prefix = "mean.";

const StatisticInfo& info(StatisticKind kind) { return catalogue[static_cast<std::size_t>(kind)]; }

}  // namespace

std::span<const StatisticInfo> calibration_statistics() { return catalogue; }

std::string StatisticSpec::name() const {
  if (kind == StatisticKind::mean_per_youth) return fmt::format("{}{}", mean_prefix, family_fields[static_cast<std::size_t>(family_field)].name);
  if (info(kind).at_week) return fmt::format("{}@{}", info(kind).name, week);
  return std::string(info(kind).name);
}

std::string StatisticSpec::unit() const {
  if (kind == StatisticKind::mean_per_youth) return std::string(family_fields[static_cast<std::size_t>(family_field)].unit);
  return std::string(info(kind).unit);
}

std::string StatisticSpec::meaning() const {
  if (kind == StatisticKind::mean_per_youth) {
    return fmt::format("mean per youth of: {}", family_fields[static_cast<std::size_t>(family_field)].meaning);
  }
  if (info(kind).at_week) return fmt::format("{}, at week {}", info(kind).meaning, week);
  return std::string(info(kind).meaning);
}

bool StatisticSpec::is_share() const { return kind != StatisticKind::mean_per_youth && info(kind).unit == "share"; }

std::vector<std::string> statistic_names() {
  std::vector<std::string> names;
  for (const auto& s : catalogue) names.emplace_back(s.name);
  for (const auto& f : family_fields) names.push_back(fmt::format("{}{}", mean_prefix, f.name));
  return names;
}

std::string parse_statistic(std::string_view name, double week, StatisticSpec& spec) {
  spec = StatisticSpec{};
  if (name.starts_with(mean_prefix)) {
    const std::string_view field = name.substr(mean_prefix.size());
    for (std::size_t i = 0; i < family_fields.size(); ++i) {
      if (family_fields[i].name == field) {
        spec.kind = StatisticKind::mean_per_youth;
        spec.family_field = static_cast<int>(i);
        if (!std::isnan(week)) return fmt::format("{} takes no week", name);
        return "";
      }
    }
    return fmt::format("\"{}\" is not a field jimsim records per family", field);
  }
  for (const auto& s : catalogue) {
    if (s.name != name) continue;
    spec.kind = s.kind;
    if (s.at_week) {
      if (std::isnan(week)) return fmt::format("{} needs a week (weeks after intake)", name);
      if (!(week > 0.0 && week <= 1040.0)) return fmt::format("the week of {} must lie in (0, 1040], not {}", name, week);
      spec.week = week;
    } else if (!std::isnan(week)) {
      return fmt::format("{} takes no week", name);
    }
    return "";
  }
  return fmt::format("unknown statistic \"{}\"", name);
}

}  // namespace jimsim
