#include "io/cohort_csv.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "io/atomic_file.hpp"
#include "io/toml_reading.hpp"
#include "sim/errors.hpp"

namespace jimsim {
namespace fs = std::filesystem;

namespace {

// Far above any real cohort, low enough that a wrong file (a video, a database dump) is refused
// before it fills memory.
constexpr std::size_t max_file_bytes = std::size_t{256} << 20;
constexpr std::size_t max_header_fields = 1000;
constexpr std::string_view format_doc = "docs/cohort-format.md";

std::string read_bytes(const fs::path& path, const std::string& display) {
  std::error_code size_error;
  if (const auto size = fs::file_size(path, size_error); !size_error && size > max_file_bytes) {
    // Refused before reading; the loop below still counts for a pipe or a file that grows.
    throw InputError(fmt::format("{}: larger than {} MiB, which is far too large for a cohort file", display,
                                 max_file_bytes >> 20));
  }
  errno = 0;
  std::FILE* stream = std::fopen(path.c_str(), "rb");
  if (stream == nullptr) {
    const int error = errno;
    throw InputError(fmt::format("{}: cannot read cohort file: {}", display,
                                 error != 0 ? std::strerror(error) : "cannot open"));
  }
  std::string text;
  std::vector<char> buffer(std::size_t{1} << 20);
  int error = 0;
  for (;;) {
    errno = 0;
    const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), stream);
    text.append(buffer.data(), got);
    if (text.size() > max_file_bytes) break;
    if (got < buffer.size()) {
      if (std::ferror(stream) != 0) error = errno != 0 ? errno : EIO;  // e.g. EISDIR for a directory
      break;
    }
  }
  std::fclose(stream);
  if (error != 0) throw InputError(fmt::format("{}: cannot read cohort file: {}", display, std::strerror(error)));
  if (text.size() > max_file_bytes) {
    throw InputError(fmt::format("{}: larger than {} MiB, which is far too large for a cohort file", display,
                                 max_file_bytes >> 20));
  }
  return text;
}

std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// Splits RFC 4180 text into records of fields, counting physical lines so that every message can
// point at the line where its record starts.
class CsvScanner {
 public:
  CsvScanner(std::string_view text, const std::string& display) : text_(text), display_(display) {}

  std::size_t line() const { return line_; }

  // Reads the next record into `fields`; false when only line ends are left. `columns` names the
  // fields in messages (empty while reading the header); a record with more than `max_fields`
  // fields is refused.
  bool next(std::vector<std::string>& fields, std::size_t& start_line, std::span<const std::string> columns,
            std::size_t max_fields) {
    if (text_.find_first_not_of("\r\n", pos_) == std::string_view::npos) return false;
    start_line = line_;
    if (at_line_end()) fail(start_line, "", "an empty line between rows; remove it");
    fields.clear();
    columns_ = columns;
    for (;;) {
      if (fields.size() == max_fields) {
        fail(start_line, columns.empty() ? "" : columns.back(),
             columns.empty() ? fmt::format("the header has more than {} fields", max_fields)
                             : fmt::format("the row has more fields than the header's {} columns (a value with a "
                                           "comma that is not in quotes?)",
                                           columns.size()));
      }
      const bool is_quoted = pos_ < text_.size() && text_[pos_] == '"';
      fields.push_back(is_quoted ? quoted(start_line, fields.size()) : unquoted(start_line, fields.size()));
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size()) skip_line_end();
      return true;
    }
  }

 private:
  // Named only when a message needs it: a copy per field would cost more than the scanning.
  std::string column_name(std::size_t field) const {
    return field < columns_.size() ? columns_[field] : fmt::format("{} of the header", field + 1);
  }

  [[noreturn]] void fail(std::size_t line, const std::string& column, const std::string& message) const {
    throw InputError(column.empty() ? fmt::format("{}:{}: {}", display_, line, message)
                                    : fmt::format("{}:{}: column {}: {}", display_, line, column, message));
  }

  bool at_line_end() const {
    return pos_ < text_.size() && (text_[pos_] == '\n' || text_.substr(pos_, 2) == "\r\n");
  }
  void skip_line_end() {
    pos_ += text_[pos_] == '\n' ? 1 : 2;
    ++line_;
  }

  std::string unquoted(std::size_t start_line, std::size_t field) {
    const std::size_t begin = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && !at_line_end()) {
      if (text_[pos_] == '"') {
        fail(start_line, column_name(field),
             "a quote inside a field that does not start with one; put the whole field in double quotes and "
             "write the quote twice");
      }
      ++pos_;
    }
    return std::string(text_.substr(begin, pos_ - begin));
  }

  std::string quoted(std::size_t start_line, std::size_t index) {
    std::string field;
    ++pos_;  // the opening quote
    for (;;) {
      const std::size_t quote = text_.find('"', pos_);
      if (quote == std::string_view::npos) {
        fail(start_line, column_name(index), "a quoted field is not closed: a closing double quote is missing");
      }
      const std::string_view part = text_.substr(pos_, quote - pos_);
      line_ += static_cast<std::size_t>(std::count(part.begin(), part.end(), '\n'));
      field += part;
      pos_ = quote + 1;
      if (pos_ < text_.size() && text_[pos_] == '"') {  // "" is one quote
        field += '"';
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && !at_line_end()) {
        fail(start_line, column_name(index), "text after the closing quote of a quoted field");
      }
      return field;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  const std::string& display_;
  std::span<const std::string> columns_;  // the names of the current record's fields
};

// The number in a cell (NaN when empty), or a message saying why it is not one. Strict: the whole
// cell must be a finite decimal number, so "12abc", "nan" and "inf" are refused.
double parse_cell(const CohortColumnSpec& spec, std::string_view raw, std::string& problem) {
  const std::string_view text = trimmed(raw);
  if (text.empty()) return std::numeric_limits<double>::quiet_NaN();
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) {
    problem = fmt::format("\"{}\" is out of range", printable(raw));
  } else if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
    const bool flag = spec.kind == CohortColumnKind::flag;
    problem = fmt::format("\"{}\" is not {}", printable(raw), flag ? "0 or 1" : "a number");
  }
  return value;
}

std::string did_you_mean(std::string_view name) {
  std::vector<std::string> names;
  for (const auto& spec : cohort_columns()) names.emplace_back(spec.name);
  const std::string near = nearest_name(name, names);
  if (!near.empty()) return fmt::format("; did you mean {}?", near);
  return fmt::format("; the columns are {} ({})", fmt::join(names, ", "), format_doc);
}

// The column of each header field, checked: known names, none twice, every required one there.
std::vector<const CohortColumnSpec*> header_columns(std::vector<std::string>& names, const std::string& display,
                                                    std::size_t line) {
  if (names.size() == 1 && names[0].find(';') != std::string::npos) {
    // What a spreadsheet set to a Dutch or German locale saves as "CSV".
    throw InputError(fmt::format("{}:{}: the header is separated by semicolons; a cohort file is comma-separated, with "
                                 "a decimal point ({})",
                                 display, line, format_doc));
  }
  std::vector<const CohortColumnSpec*> columns;
  std::unordered_map<std::string_view, std::size_t> field_of;
  for (std::size_t i = 0; i < names.size(); ++i) {
    names[i] = std::string(trimmed(names[i]));
    if (names[i].empty()) {
      throw InputError(fmt::format("{}:{}: field {} of the header is empty: every column needs a name ({})", display,
                                   line, i + 1, format_doc));
    }
    const CohortColumnSpec* spec = find_cohort_column(names[i]);
    if (spec == nullptr) {
      throw InputError(fmt::format("{}:{}: column {}: unknown column{}", display, line, printable(names[i]),
                                   did_you_mean(names[i])));
    }
    const auto [seen, inserted] = field_of.emplace(spec->name, i);
    if (!inserted) {
      throw InputError(fmt::format("{}:{}: column {} appears twice in the header (fields {} and {})", display, line,
                                   names[i], seen->second + 1, i + 1));
    }
    columns.push_back(spec);
  }
  for (const auto& spec : cohort_columns()) {
    if (spec.in_header == CohortHeader::required && !field_of.contains(spec.name)) {
      throw InputError(fmt::format("{}:{}: column {} is missing from the header; it is required ({})", display, line,
                                   spec.name, format_doc));
    }
  }
  return columns;
}

// An id as a CSV field: quoted when it holds a separator, a quote, a line break or edge spaces.
std::string csv_text(std::string_view id) {
  const bool plain = id.find_first_of(",\"\r\n") == std::string_view::npos && trimmed(id).size() == id.size();
  if (plain) return std::string(id);
  std::string out = "\"";
  for (const char c : id) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

ObservedCohort read_cohort_csv(const fs::path& file) { return detail::read_cohort_csv(file, max_cohort_rows); }

ObservedCohort detail::read_cohort_csv(const fs::path& file, std::size_t max_rows) {
  const std::string display = file.string();
  const std::string bytes = read_bytes(file, display);
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte-order mark, as Excel writes

  CsvScanner scanner(text, display);
  std::vector<std::string> names;
  std::size_t line = 1;
  if (!scanner.next(names, line, {}, max_header_fields)) {
    throw InputError(fmt::format("{}:1: the file is empty; a cohort file starts with a header row naming the "
                                 "columns ({})",
                                 display, format_doc));
  }
  const std::vector<const CohortColumnSpec*> columns = header_columns(names, display, line);

  ObservedCohort cohort;
  std::unordered_map<std::string, std::size_t> line_of_id;
  std::vector<std::string> fields;
  std::string problem;
  while (scanner.next(fields, line, names, names.size())) {
    const auto fail = [&](std::string_view column, std::string_view message) {
      throw InputError(fmt::format("{}:{}: column {}: {}", display, line, column, message));
    };
    if (cohort.size() == max_rows) {
      throw InputError(fmt::format("{}:{}: more than {} rows, which is more youths than jimsim reads", display, line,
                                   max_rows));
    }
    if (fields.size() < names.size()) {
      fail(names[fields.size()],
           fmt::format("the row ends after {} fields, but the header has {} columns", fields.size(), names.size()));
    }
    const std::size_t row = cohort.size();
    cohort.resize(row + 1);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const CohortColumnSpec& spec = *columns[i];
      if (spec.values == nullptr) {
        cohort.id[row] = std::move(fields[i]);
        continue;
      }
      problem.clear();
      const double value = parse_cell(spec, fields[i], problem);
      if (!problem.empty()) fail(spec.name, problem);
      (cohort.*spec.values)[row] = value;
    }
    const auto problems = check_observed_row(cohort, row);
    if (!problems.empty()) fail(problems[0].column, problems[0].message);
    // The id itself is personal data: messages name lines, never the id.
    const auto [seen, inserted] = line_of_id.emplace(cohort.id[row], line);
    if (!inserted) {
      fail("id", fmt::format("the same id as on line {}; every client system needs its own", seen->second));
    }
  }
  if (cohort.size() == 0) {
    throw InputError(fmt::format("{}:{}: no rows after the header; a cohort needs at least one youth", display,
                                 scanner.line()));
  }
  return cohort;
}

void write_cohort_csv(const ObservedCohort& cohort, const fs::path& file, bool overwrite) {
  const std::string problem = check_observed_cohort(cohort);
  if (!problem.empty()) throw OutputError(fmt::format("{}: cannot write the cohort: {}", file.string(), problem));
  AtomicFile out(file, overwrite);
  {
    std::ofstream stream(out.temporary(), std::ios::binary);
    std::string line;
    for (const auto& spec : cohort_columns()) {
      if (!line.empty()) line += ',';
      line += spec.name;
    }
    stream << line << '\n';
    for (std::size_t k = 0; k < cohort.size() && stream; ++k) {
      line.clear();
      for (const auto& spec : cohort_columns()) {
        if (&spec != cohort_columns().data()) line += ',';
        if (spec.values == nullptr) {
          line += csv_text(cohort.id[k]);
        } else if (const double v = spec.get(cohort, k); !std::isnan(v)) {
          fmt::format_to(std::back_inserter(line), "{}", v);  // shortest text that reads back exactly
        }
      }
      stream << line << '\n';
    }
    stream.close();
    if (!stream) throw OutputError(fmt::format("{}: cannot write: {}", file.string(), std::strerror(errno)));
  }
  out.commit();
}

}  // namespace jimsim
