// Reading TOML input files (scenario files, sweep files) safely and reporting problems the same
// way: file, line and key, with the nearest valid name for a misspelt one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace jimsim {

// Where a value was set: the file as the user would recognise it and the 1-based line (0: unknown).
struct Location {
  std::string file;
  std::uint32_t line = 0;
};

// "file:line", or "file" when the line is unknown.
std::string where(const Location& at);

// Text from the input shown in a message: control characters escaped, long text shortened.
std::string printable(std::string_view text, std::size_t max_length = 60);

// A TOML node's type for "must be X, not Y" messages, with short values shown.
std::string describe_node(const toml::node& node);

// The bytes of a TOML file of the given kind ("scenario file", "sweep file"), less a leading UTF-8
// byte-order mark, or an InputError naming it and the operating system's reason; a file of more
// than a few MiB is refused.
std::string read_text(const std::filesystem::path& path, const std::string& display, std::string_view kind,
                      const std::string& context = "");

// Parses TOML text, or throws an InputError with file, line and column. Inputs that toml++ 3.3
// does not survive (deep nesting, some malformed headers, non-ASCII text in odd places) are
// refused with a message first. A leading UTF-8 byte-order mark is skipped.
toml::table parse_toml(const std::string& text, const std::string& display);

// The valid name nearest to `word` among `candidates` (edit distance), or "" when none is close.
std::string nearest_name(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace jimsim
