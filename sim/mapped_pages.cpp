#include "sim/mapped_pages.hpp"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace jimsim {

namespace {
constexpr std::size_t smallest_worth_a_call = std::size_t{64} << 10;
}  // namespace

void map_pages_for_writing(const void* data, std::size_t bytes) noexcept {
#if defined(__linux__)
  if (data == nullptr || bytes < smallest_worth_a_call) return;
  constexpr std::uintptr_t page = 4096;
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
