#include "sim/mapped_pages.hpp"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14's value, for headers older than it (glibc before 2.35)
#endif
#endif

namespace jimsim {

namespace {
constexpr std::size_t smallest_worth_a_call = std::size_t{64} << 10;
}  // namespace

void map_pages_for_writing(const void* data, std::size_t bytes) noexcept {
#if defined(__linux__)
  if (data == nullptr || bytes < smallest_worth_a_call) return;
  static const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto first = reinterpret_cast<std::uintptr_t>(data);
  // Whole pages only (madvise takes an aligned start); a partial page at either end faults in as before.
  const std::uintptr_t begin = (first + page - 1) / page * page;
  const std::uintptr_t end = (first + bytes) / page * page;
  if (end <= begin) return;
  // An older kernel answers EINVAL, and then the pages fault in as they are written: nothing to report.
  (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace jimsim
