#include "analysis/text_table.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace jimsim {

std::string aligned_table(const std::vector<std::vector<std::string>>& rows, bool last_is_text) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i == 0) line += fmt::format("{:<{}}", row[i], width[i]);
      else if (i + 1 == row.size() && last_is_text) line += "  " + row[i];
      else line += fmt::format("  {:>{}}", row[i], width[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace jimsim
