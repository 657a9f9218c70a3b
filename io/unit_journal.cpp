#include "io/unit_journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>

#include "io/record_checksum.hpp"
#include "sim/errors.hpp"
#include "sim/mapped_pages.hpp"

namespace jimsim {
namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t record_marker = 0x4A53554Eu;  // "NUSJ"
constexpr std::size_t record_header_bytes = 4 + 8 + 4 + 4 + 8;
// No unit's record comes near this; a larger length is damage, not data.
constexpr std::uint32_t max_payload_bytes = 1u << 30;

std::string header_line(std::string_view fingerprint, std::uint64_t units) {
  return fmt::format("jimsim-journal 2 {} {}\n", fingerprint, units);
}

// Reads exactly `size` bytes at `offset`; false at the end of the file.
bool read_at(int fd, void* out, std::size_t size, std::uint64_t offset) {
  auto* p = static_cast<char*>(out);
  while (size > 0) {
    const ssize_t n = ::pread(fd, p, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
    offset += static_cast<std::uint64_t>(n);
  }
  return true;
}

// Writes all of `first` and then all of `second` at `offset`, in one call when the system takes
// it all; the errno of the failure otherwise.
int write_at(int fd, std::span<const std::byte> first, std::span<const std::byte> second, std::uint64_t offset) {
  std::array<std::span<const std::byte>, 2> parts{first, second};
  std::size_t part = 0;
  while (part < parts.size()) {
    if (parts[part].empty()) {
      ++part;
      continue;
    }
    std::array<iovec, 2> pieces{};
    int count = 0;
    for (std::size_t i = part; i < parts.size(); ++i) {
      pieces[static_cast<std::size_t>(count++)] = {const_cast<std::byte*>(parts[i].data()), parts[i].size()};
    }
    const ssize_t n = ::pwritev(fd, pieces.data(), count, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return EIO;
    offset += static_cast<std::uint64_t>(n);
    // What was written, off the front of the parts.
    for (auto left = static_cast<std::size_t>(n); left > 0;) {
      const std::size_t taken = std::min(left, parts[part].size());
      parts[part] = parts[part].subspan(taken);
      left -= taken;
      if (parts[part].empty()) ++part;
    }
  }
  return 0;
}

int write_at(int fd, std::span<const std::byte> bytes, std::uint64_t offset) { return write_at(fd, bytes, {}, offset); }

}  // namespace

void remove_journal_if_unused(const fs::path& journal) {
  const int fd = ::open(journal.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return;
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) ::unlink(journal.c_str());
  ::close(fd);
}

fs::path UnitJournal::path_for(const fs::path& target) {
  fs::path journal = target;
  journal += ".journal";
  return journal;
}

UnitJournal::UnitJournal(const fs::path& journal, std::string_view fingerprint, std::uint64_t units, bool resume,
                         bool discard_old)
    : path_(journal), entries_(units), present_(units, 0), open_ended_(units == 0) {
  struct stat before {};
  const bool existed = ::lstat(journal.c_str(), &before) == 0;
  if (existed && !S_ISREG(before.st_mode)) {
    throw OutputError(fmt::format("{} exists and is not a journal file; remove it or choose another output", journal.string()));
  }
  fd_ = ::open(journal.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw OutputError(fmt::format("cannot create the journal {}: {}", journal.string(), std::strerror(errno)));
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    if (error == EWOULDBLOCK) {
      throw OutputError(fmt::format("another jimsim process is writing these results ({} is locked); wait for it to "
                                    "finish or choose another output file",
                                    journal.string()));
    }
    throw OutputError(fmt::format("cannot lock the journal {}: {}", journal.string(), std::strerror(error)));
  }
  try {
    if (existed && resume) {
      scan(fingerprint, units);
      return;
    }
    if (existed && !discard_old) {
      throw OutputError(fmt::format("{} exists: an earlier run writing these results stopped before it finished; add "
                                    "--resume to continue it, or --force to start over",
                                    journal.string()));
    }
    const std::string header = header_line(fingerprint, units);
    const std::vector<std::byte> bytes(reinterpret_cast<const std::byte*>(header.data()),
                                       reinterpret_cast<const std::byte*>(header.data()) + header.size());
    if (::ftruncate(fd_, 0) != 0 || write_at(fd_, bytes, 0) != 0 || ::fdatasync(fd_) != 0) {
      throw OutputError(fmt::format("cannot write the journal {}: {}", journal.string(), std::strerror(errno)));
    }
    end_ = header.size();
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

UnitJournal::~UnitJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void UnitJournal::scan(std::string_view fingerprint, std::uint64_t units) {
  const std::string expected = header_line(fingerprint, units);
  std::string header(expected.size(), '\0');
  const bool complete_header = read_at(fd_, header.data(), header.size(), 0);
  if (!complete_header && header.find('\n') == std::string::npos) {
    // Killed before the header was written: an empty journal of this plan.
    const std::vector<std::byte> bytes(reinterpret_cast<const std::byte*>(expected.data()),
                                       reinterpret_cast<const std::byte*>(expected.data()) + expected.size());
    if (::ftruncate(fd_, 0) != 0 || write_at(fd_, bytes, 0) != 0) {
      throw OutputError(fmt::format("cannot write the journal {}: {}", path_.string(), std::strerror(errno)));
    }
    end_ = expected.size();
    return;
  }
  if (header != expected) {
    std::string found = header.substr(0, header.find('\n'));
    throw InputError(fmt::format(
        "{}: --resume refused: the journal belongs to another plan or shard (it says \"{}\", this run is \"{}\"): the "
        "input files (scenario, sweep, calibration, cohort or targets), --set, the seed, the replicates, the "
        "outputs, --shard or the jimsim version changed; rerun without --resume and with --force to start over",
        path_.string(), found, expected.substr(0, expected.size() - 1)));
  }
  std::uint64_t offset = expected.size();
  for (;;) {
    unsigned char head[record_header_bytes];
    if (!read_at(fd_, head, sizeof head, offset)) break;
    std::uint32_t marker, status, length;
    std::uint64_t unit, sum;
    std::memcpy(&marker, head, 4);
    std::memcpy(&unit, head + 4, 8);
    std::memcpy(&status, head + 12, 4);
    std::memcpy(&length, head + 16, 4);
    std::memcpy(&sum, head + 20, 8);
    if (marker != record_marker || (units > 0 && unit >= units) || status > unit_failed || length > max_payload_bytes) break;
    if (unit >= entries_.size()) {
      // An open-ended journal: units are numbered in the order they were appended.
      if (unit != entries_.size()) break;
      entries_.emplace_back();
      present_.push_back(0);
    }
    std::vector<std::byte> payload(length);
    if (!read_at(fd_, payload.data(), length, offset + record_header_bytes)) break;
    if (record_checksum(unit, status, payload) != sum) break;
    // The first result of a unit counts; a failure counts until a later attempt succeeds.
    if (!present_[unit] || entries_[unit].status == unit_failed) {
      if (!present_[unit]) ++count_;
      present_[unit] = 1;
      entries_[unit] = {status, offset + record_header_bytes, length};
    }
    offset += record_header_bytes + length;
  }
  // Whatever follows the last whole record is a write the kill cut short.
  if (::ftruncate(fd_, static_cast<off_t>(offset)) != 0) {
    throw OutputError(fmt::format("cannot repair the journal {}: {}", path_.string(), std::strerror(errno)));
  }
  end_ = offset;
  recovered_ = count_;
}

void UnitJournal::append(std::uint64_t unit, std::uint32_t status, std::span<const std::byte> payload) {
  if (open_ended_ && unit == entries_.size()) {
    entries_.emplace_back();
    present_.push_back(0);
  }
  if (unit >= entries_.size()) throw std::invalid_argument(fmt::format("UnitJournal::append: unit {} of {}", unit, entries_.size()));
  if (present_[unit] && entries_[unit].status != unit_failed) return;
  if (payload.size() > max_payload_bytes) throw std::invalid_argument("UnitJournal::append: record too large");
  const auto length = static_cast<std::uint32_t>(payload.size());
  const std::uint64_t sum = record_checksum(unit, status, payload);
  std::array<std::byte, record_header_bytes> header;
  std::memcpy(header.data(), &record_marker, 4);
  std::memcpy(header.data() + 4, &unit, 8);
  std::memcpy(header.data() + 12, &status, 4);
  std::memcpy(header.data() + 16, &length, 4);
  std::memcpy(header.data() + 20, &sum, 8);
  // The header, then the payload from where it is: not copied behind a header first (megabytes a
  // unit with the families' records, fresh memory each time).
  if (const int error = write_at(fd_, header, payload, end_); error != 0) {
    // Leave the journal ending at its last whole record, so it can still be resumed.
    [[maybe_unused]] const int ignored = ::ftruncate(fd_, static_cast<off_t>(end_));
    throw OutputError(fmt::format("could not write to the journal {}: {}", path_.string(), std::strerror(error)));
  }
  if (!present_[unit]) ++count_;
  present_[unit] = 1;
  entries_[unit] = {status, end_ + record_header_bytes, length};
  end_ += record_header_bytes + payload.size();
}

void UnitJournal::sync() {
  if (::fdatasync(fd_) != 0) {
    throw OutputError(fmt::format("could not write the journal {} to disk: {}", path_.string(), std::strerror(errno)));
  }
}

std::vector<std::byte> UnitJournal::read(std::uint64_t unit) const {
  const JournalEntry& e = entries_.at(unit);
  std::vector<std::byte> payload;
  reserve_mapped(payload, e.length);  // fresh memory mapped in one call rather than faulted in by the zeroing
  payload.resize(e.length);
  if (!present_[unit] || !read_at(fd_, payload.data(), e.length, e.offset)) {
    throw OutputError(fmt::format("could not read unit {} back from the journal {}", unit, path_.string()));
  }
  return payload;
}

void UnitJournal::remove() {
  // Unlinked while still locked, so no other process can open it in between.
  std::error_code ignored;
  fs::remove(path_, ignored);
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace jimsim
