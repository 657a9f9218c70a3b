#include "analysis/estimate_columns.hpp"

#include <cstdint>
#include <fmt/format.h>

namespace jimsim {

std::string estimate_column_meaning(std::string_view suffix) {
  if (suffix == "mean") return "mean over the replicates where the value is defined";
  if (suffix == "range_lower") return "2.5th percentile over replicates (the replicate range)";
  if (suffix == "range_upper") return "97.5th percentile over replicates (the replicate range)";
  if (suffix == "mean_lower") return "lower end of the 95% interval of the mean (Student t)";
  if (suffix == "mean_upper") return "upper end of the 95% interval of the mean (Student t)";
  if (suffix == "replicates") return "replicates where the value is defined";
  return "";
}

void add_estimate_columns(std::vector<Column>& columns, const std::string& prefix, const std::vector<Estimate>& e,
                          std::string_view what, std::string_view unit) {
  const auto described = [&](Column c, std::string_view suffix) {
    if (!what.empty()) {
      c.meaning = fmt::format("{}: {}", what, estimate_column_meaning(suffix));
      c.unit = suffix == "replicates" ? "replicates" : std::string(unit);
    }
    columns.push_back(std::move(c));
  };
  const auto column = [&](const char* name, double Estimate::*field) {
    std::vector<double> v;
    for (const auto& x : e) v.push_back(x.*field);
    described({prefix + name, v}, name);
  };
  column("mean", &Estimate::mean);
  column("range_lower", &Estimate::range_lower);
  column("range_upper", &Estimate::range_upper);
  column("mean_lower", &Estimate::mean_lower);
  column("mean_upper", &Estimate::mean_upper);
  std::vector<std::int32_t> n;
  for (const auto& x : e) n.push_back(x.replicates);
  described({prefix + "replicates", n}, "replicates");
}

}  // namespace jimsim
