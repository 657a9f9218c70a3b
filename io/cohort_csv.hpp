// The observed cohort as a CSV file (docs/cohort-format.md): one row per client system, the
// columns declared in sim/observed_cohort.hpp.
#pragma once

#include <cstddef>
#include <filesystem>

#include "sim/observed_cohort.hpp"

namespace jimsim {

// Reads an RFC 4180 CSV file: a header row naming the columns in any order, then one row per
// youth; quoted fields, CRLF or LF line ends, a UTF-8 byte-order mark and a trailing empty line
// are accepted. Throws InputError at the first problem, as "FILE:LINE: column NAME: ..." with the
// 1-based line where the record starts. A file above 256 MiB or 10 million rows is refused.
ObservedCohort read_cohort_csv(const std::filesystem::path& file);

inline constexpr std::size_t max_cohort_rows = 10'000'000;

namespace detail {
// read_cohort_csv with another row limit, so a test can reach the limit without a huge file.
ObservedCohort read_cohort_csv(const std::filesystem::path& file, std::size_t max_rows);
}  // namespace detail

// Writes the cohort with the columns in declaration order, LF line ends, NaN as an empty cell and
// every number in its shortest form that reads back exactly. The file appears whole or not at all
// (AtomicFile); an existing file is replaced only when `overwrite`. Throws OutputError for a file
// that cannot be written and for a cohort the reader would refuse (check_observed_cohort).
void write_cohort_csv(const ObservedCohort& cohort, const std::filesystem::path& file, bool overwrite);

}  // namespace jimsim
