// Reading TOML files safely: size-limited reading, a pre-scan for the inputs toml++ 3.3 does not
// survive, parse errors with file, line and column, and "did you mean" suggestions. Shared by
// scenario files and sweep files.
#include "io/toml_reading.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>

#include "sim/errors.hpp"

namespace jimsim {
namespace fs = std::filesystem;

namespace {

// Scenario files are a few kilobytes; anything far larger is not one (and /dev/zero never ends).
constexpr std::size_t max_file_bytes = std::size_t{4} << 20;

// Most '.' outside strings and comments (see prescan); a complete parameter dump has about a hundred.
constexpr std::size_t max_code_dots = 2000;

bool is_ascii(char c) { return static_cast<unsigned char>(c) < 0x80; }

bool is_blank_or_break(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_bare_key_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Checks, before toml++ sees the text, for inputs that toml++ 3.3 does not survive:
//  - Deep nesting. toml++ builds one table per dotted-key segment and walks them recursively, so a
//    key like a.a.a...a with tens of thousands of segments overflows the stack. Every level of table
//    nesting needs a '.' outside strings and comments (or a bracket, which toml++ itself caps at 256
//    levels), so capping those dots bounds the depth.
//  - A table header whose name does not start like a key ("[{a]", "[[[a]]]", "[=", "[" then a
//    newline): toml++ then breaks a precondition of its key parser (an assertion, or undefined
//    behaviour with NDEBUG; marzer/tomlplusplus#301).
//  - Two more inputs that break preconditions of its parser: '}' closing an array ("[1, }") and a
//    date-time without its time ("1979-05-27T:").
//  - Non-ASCII characters where toml++ asks whether a character is whitespace: outside strings and
//    comments (where TOML does not allow them anyway), right after a backslash in a multi-line basic
//    string, and first on a line continued by a line-ending backslash. Its whitespace table reaches
//    "unreachable" for many code points (marzer/tomlplusplus#190, #305).
// A rough lexer: it only has to agree with TOML on where strings, comments and statements are, for
// text that is valid up to the point it objects to. Returns "LINE:COLUMN: reason", or "".
std::string prescan(std::string_view text) {
  std::size_t dots = 0;
  std::string open;  // the '[' and '{' of values not yet closed
  std::uint32_t line = 1;
  std::size_t line_begin = 0;
  bool line_start = true;  // only spaces and tabs since the start of the line
  std::size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const std::size_t n = text.size();
  const auto starts = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
  const auto at = [&](std::size_t position, std::string_view reason) {
    return fmt::format("{}:{}: {}", line, position - line_begin + 1, reason);
  };
  const auto new_line = [&](std::size_t position) {
    ++line;
    line_begin = position + 1;
  };
  while (i < n) {
    const char c = text[i];
    if (c == '\n') {
      new_line(i);
      line_start = true;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    const bool was_line_start = line_start;
    line_start = false;
    if (c == '#') {
      while (i < n && text[i] != '\n') ++i;
    } else if (starts("\"\"\"") || starts("'''")) {
      const std::string_view quote = text.substr(i, 3);
      const bool escapes = quote[0] == '"';
      i += 3;
      while (i < n && !starts(quote)) {
        if (escapes && text[i] == '\\' && i + 1 < n) {
          // An escape. After a line-ending backslash toml++ skips blanks and line breaks, and both
          // there and right after the backslash it breaks on a non-ASCII character.
          std::size_t j = i + 1;
          if (is_blank_or_break(text[j])) {
            for (; j < n && is_blank_or_break(text[j]); ++j) {
              if (text[j] == '\n') new_line(j);
            }
            if (j < n && !is_ascii(text[j])) {
              return at(j, "toml++ cannot read a non-ASCII character right after a line-ending backslash; "
                           "start the continued line with an ASCII character");
            }
          } else if (!is_ascii(text[j])) {
            return at(j, "a backslash must not be followed by a non-ASCII character");
          } else {
            ++j;  // the escaped character, which may be a quote
          }
          i = j;
          continue;
        }
        if (text[i] == '\n') new_line(i);
        ++i;
      }
      i += 3;
      // Up to two more quotes belong to the string's content.
      for (int extra = 0; extra < 2 && i < n && text[i] == quote[0]; ++extra) ++i;
    } else if (c == '"' || c == '\'') {
      ++i;
      while (i < n && text[i] != c && text[i] != '\n') {
        if (c == '"' && text[i] == '\\' && i + 1 < n && text[i + 1] != '\n') ++i;
        ++i;
      }
      if (i < n && text[i] == c) ++i;
    } else if (c == '[' && was_line_start && open.empty()) {
      // A table header: "[" or "[[", optional blanks, then a key, or "]" for toml++'s own error.
      std::size_t j = i + 1;
      if (j < n && text[j] == '[') ++j;
      while (j < n && (text[j] == ' ' || text[j] == '\t')) ++j;
      if (j < n && !is_bare_key_character(text[j]) && text[j] != '"' && text[j] != '\'' && text[j] != ']') {
        const std::string saw = is_ascii(text[j]) ? printable(text.substr(j, 1))
                                                  : fmt::format("\\x{:02x}", static_cast<unsigned char>(text[j]));
        return at(j, fmt::format("expected a table name after '{}', saw '{}'", text.substr(i, j - i), saw));
      }
      i = j;
    } else {
      if (!is_ascii(c)) {
        return at(i, "non-ASCII character outside a quoted string or comment");
      }
      if (c == '.' && ++dots > max_code_dots) {
        return at(i, fmt::format("more than {} '.' in keys and numbers: too deeply nested for a scenario file",
                                 max_code_dots));
      }
      if (c == ':' && i >= 2 && (text[i - 1] == 'T' || text[i - 1] == 't') && text[i - 2] >= '0' &&
          text[i - 2] <= '9') {
        return at(i, "expected the hour of a date-time after 'T'");
      }
      if (c == '[' || c == '{') open += c;
      if (c == ']' || c == '}') {
        if (!open.empty() && open.back() != (c == ']' ? '[' : '{')) {
          return at(i, fmt::format("'{}' closes '{}'", c, open.back()));
        }
        if (!open.empty()) open.pop_back();
      }
      ++i;
    }
  }
  return {};
}

// `text` with every non-ASCII character (a UTF-8 sequence, or a stray byte) replaced by '?', a
// character TOML allows only in strings and comments, as non-ASCII characters are.
std::string ascii_stand_in(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      out += text[i++];
      continue;
    }
    const std::size_t length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    std::size_t used = 1;
    while (used < length && i + used < text.size() &&
           (static_cast<unsigned char>(text[i + used]) & 0xc0) == 0x80) {
      ++used;
    }
    out += '?';
    i += used;
  }
  return out;
}

// Some editors (Notepad, Excel) start a UTF-8 file with a byte-order mark. It is no character of the
// text: lines and columns in messages do not count it.
std::string_view without_byte_order_mark(std::string_view text) {
  return text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text;
}

toml::table parse_toml_unchecked(std::string_view text, const std::string& display) {
  try {
    return toml::parse(text, std::string_view{display});
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}:{}: {}", display, e.source().begin.line, e.source().begin.column,
                                 e.description()));
  }
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Optimal string alignment distance (Levenshtein plus transposition of neighbours).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

}  // namespace

// Where a value was set: the file as the user would recognise it and the 1-based line (0: unknown).
std::string where(const Location& at) {
  return at.line > 0 ? fmt::format("{}:{}", at.file, at.line) : at.file;
}

// Text from the input shown in a message: control characters escaped, long text shortened.
std::string printable(std::string_view text, std::size_t max_length) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (out.size() >= max_length) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Text of a TOML node's type for "must be X, not Y" messages, with short values shown.
std::string describe_node(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: {
      const auto& text = node.as_string()->get();
      return text.size() <= 40 ? fmt::format("a string (\"{}\")", printable(text)) : "a string";
    }
    case toml::node_type::integer: return fmt::format("an integer ({})", node.as_integer()->get());
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return node.as_boolean()->get() ? "a boolean (true)" : "a boolean (false)";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "an empty value";
}

// The file's bytes, or an InputError naming it and the operating system's reason.
std::string read_text(const fs::path& path, const std::string& display, std::string_view kind,
                      const std::string& context) {
  errno = 0;
  std::FILE* stream = std::fopen(path.c_str(), "rb");
  if (stream == nullptr) {
    const int error = errno;
    throw InputError(fmt::format("{}: cannot read {}: {}{}", display, kind,
                                 error != 0 ? std::strerror(error) : "cannot open", context));
  }
  std::string text;
  char buffer[65536];
  bool too_large = false;
  int error = 0;
  for (;;) {
    errno = 0;
    const std::size_t got = std::fread(buffer, 1, sizeof buffer, stream);
    text.append(buffer, got);
    if (text.size() > max_file_bytes) {
      too_large = true;
      break;
    }
    if (got < sizeof buffer) {
      if (std::ferror(stream) != 0) error = errno != 0 ? errno : EIO;
      break;
    }
  }
  std::fclose(stream);
  if (error != 0) {
    throw InputError(
        fmt::format("{}: cannot read {}: {}{}", display, kind, std::strerror(error), context));
  }
  if (too_large) {
    throw InputError(fmt::format("{}: larger than {} MiB, which is far too large for a {}{}", display,
                                 max_file_bytes >> 20, kind, context));
  }
  // Nor is the mark part of the text a results file records.
  return std::string(without_byte_order_mark(text));
}

// Parses a TOML file's text, or throws an InputError with file, line and column. toml++ 3.3
// misbehaves on some malformed input (see prescan), so the text is first checked with every
// non-ASCII character replaced by an ASCII stand-in: if that parses, every non-ASCII character is
// in a string or comment, where prescan can tell the few positions toml++ cannot handle.
toml::table parse_toml(const std::string& file_text, const std::string& display) {
  const std::string_view text = without_byte_order_mark(file_text);
  const bool ascii = std::all_of(text.begin(), text.end(), is_ascii);
  if (!ascii) {
    const std::string stand_in = ascii_stand_in(text);
    if (const auto problem = prescan(stand_in); !problem.empty()) {
      throw InputError(fmt::format("{}:{}", display, problem));
    }
    try {
      const toml::table checked = toml::parse(std::string_view{stand_in}, std::string_view{display});
      static_cast<void>(checked);
    } catch (const toml::parse_error& e) {
      // Say why a '?' shows up when the line has non-ASCII characters.
      std::string_view line = text;
      for (std::uint32_t n = 1; n < e.source().begin.line && !line.empty(); ++n) {
        const auto end = line.find('\n');
        line = end == std::string_view::npos ? std::string_view{} : line.substr(end + 1);
      }
      line = line.substr(0, line.find('\n'));
      const bool non_ascii = !std::all_of(line.begin(), line.end(), is_ascii);
      throw InputError(fmt::format("{}:{}:{}: {}{}", display, e.source().begin.line, e.source().begin.column,
                                   e.description(),
                                   non_ascii ? " (non-ASCII characters are shown as '?'; TOML allows them only in "
                                               "quoted strings and comments)"
                                             : ""));
    }
  }
  if (const auto problem = prescan(text); !problem.empty()) {
    throw InputError(fmt::format("{}:{}", display, problem));
  }
  return parse_toml_unchecked(text, display);
}

std::string nearest_name(std::string_view word, const std::vector<std::string>& candidates) {
  // Nothing that long is a mistyped name, and the search is quadratic in the length.
  if (word.empty() || word.size() > 256) return {};
  const std::string lower_word = to_lower(word);
  std::string best;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    if (candidate.empty()) continue;
    const std::string lower = to_lower(candidate);
    const std::size_t longest = std::max(lower.size(), lower_word.size());
    const std::size_t shortest = std::min(lower.size(), lower_word.size());
    const std::size_t limit = std::max<std::size_t>(2, longest / 3);
    // A name cut short ("horizon" for "horizon_weeks") is close enough when the part given is long.
    const std::string_view long_one = lower.size() >= lower_word.size() ? lower : lower_word;
    const std::string_view short_one = lower.size() >= lower_word.size() ? lower_word : lower;
    const bool prefix = shortest >= 4 && long_one.starts_with(short_one);
    if (!prefix && longest - shortest > limit) continue;  // the distance is at least the length gap
    const std::size_t distance = edit_distance(lower_word, lower);
    if (!prefix && distance > limit) continue;
    if (best.empty() || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace jimsim
