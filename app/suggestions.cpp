#include "app/suggestions.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "io/toml_reading.hpp"  // nearest_name: the same closeness as for misspelt names in input files

namespace jimsim {

std::string unexpected_words_message(const std::vector<std::string>& unexpected, const std::string& command,
                                     const std::vector<std::string>& commands, const std::vector<std::string>& options) {
  if (command.empty()) {
    for (const auto& word : unexpected) {
      if (word.empty() || word.front() == '-') continue;
      if (const std::string near = nearest_name(word, commands); !near.empty()) {
        return fmt::format("unknown command '{}'; did you mean '{}'?", word, near);
      }
      return fmt::format("unknown command '{}'; the commands are {}", word, fmt::join(commands, ", "));
    }
  }
  std::vector<std::string> long_names;
  for (const auto& option : options) {
    if (option.starts_with("--")) long_names.push_back(option.substr(2));
  }
  for (const auto& word : unexpected) {
    if (!word.starts_with('-')) continue;
    const std::string typed = word.substr(0, word.find('='));
    // "-replicates" is a long name with one dash lost; "-x" could be anything.
    const std::size_t first = typed.find_first_not_of('-');
    const std::string name = first == std::string::npos ? std::string{} : typed.substr(first);
    if (name.size() < 2) continue;
    if (const std::string near = nearest_name(name, long_names); !near.empty()) {
      return fmt::format("unknown option '{}'; did you mean '--{}'?", typed, near);
    }
  }
  return {};
}

}  // namespace jimsim
