// The journal of a run in progress: every finished unit is appended to NAME.journal beside the
// results file NAME as soon as it arrives, so a kill at any moment loses at most the units in
// flight. `--resume` reads the journal back and runs only what is missing; when every unit is in,
// the results file is written from it and the journal removed.
//
// The file: a header line "jimsim-journal 2 <plan fingerprint> <units>\n", then records
//   u32 marker, u64 unit, u32 status (0 done, 1 failed), u32 length, u64 checksum, length bytes
// (the checksum: io/record_checksum.hpp; version 1 had FNV-1a)
// A record cut short by a kill, or one whose checksum does not match, ends the journal: resuming
// truncates it there. The journal is locked (flock) while a process writes it, so two runs with
// the same output cannot interleave.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace jimsim {

inline constexpr std::uint32_t unit_done = 0;
inline constexpr std::uint32_t unit_failed = 1;  // the payload is the error message

// Where one unit's record is in the journal.
struct JournalEntry {
  std::uint32_t status = unit_done;
  std::uint64_t offset = 0;  // of the payload
  std::uint32_t length = 0;
};

// Removes a journal no process holds (one left behind after its results file was written); a
// journal another process is writing is left alone.
void remove_journal_if_unused(const std::filesystem::path& journal);

class UnitJournal {
 public:
  // The journal of results file `target`.
  static std::filesystem::path path_for(const std::filesystem::path& target);

  // Opens the journal for writing. Without `resume`, a journal that exists is refused (naming
  // --resume), unless `discard_old` (--force). With `resume`, an existing journal must have the same
  // fingerprint and unit count (a journal of another plan is refused, naming what differs); a
  // missing one starts empty. With `units` 0 the journal is open-ended: units are numbered 0, 1, 2,
  // ... in the order they are appended (a calibration, whose evaluations are not known in advance,
  // keeps its own keys in the payloads). Throws OutputError when another process holds the journal or it
  // cannot be created, InputError when it belongs to another plan.
  UnitJournal(const std::filesystem::path& journal, std::string_view fingerprint, std::uint64_t units, bool resume,
              bool discard_old);
  UnitJournal(const UnitJournal&) = delete;
  UnitJournal& operator=(const UnitJournal&) = delete;
  ~UnitJournal();

  // What the journal holds, indexed by unit; entries of units not yet in have length 0 and
  // `has(u)` false.
  bool has(std::uint64_t unit) const { return present_[unit] != 0; }
  const JournalEntry& entry(std::uint64_t unit) const { return entries_[unit]; }
  std::uint64_t units() const { return entries_.size(); }
  std::uint64_t count() const { return count_; }
  std::uint64_t recovered() const { return recovered_; }  // records found when it was opened

  // Appends one unit's record and makes it visible to a reader of the file. A unit already in is
  // not appended again, unless it failed: a later attempt replaces the failure.
  void append(std::uint64_t unit, std::uint32_t status, std::span<const std::byte> payload);

  // Forces the appended records to disk (they survive a node failure, not only a killed process).
  void sync();

  // The payload of a unit in the journal.
  std::vector<std::byte> read(std::uint64_t unit) const;

  // Closes and removes the journal (after the results file is in place).
  void remove();

  const std::filesystem::path& path() const { return path_; }

 private:
  void scan(std::string_view fingerprint, std::uint64_t units);

  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t end_ = 0;  // where the next record goes
  std::vector<JournalEntry> entries_;
  std::vector<std::uint8_t> present_;
  std::uint64_t count_ = 0, recovered_ = 0;
  bool open_ended_ = false;
};

}  // namespace jimsim
