// The few families a pass acts on, visited in index order without a branch per family: those a
// vector loop flagged (a draw below an event's bound, a review due, an open case).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace jimsim {

// Calls visit(k) for every family k below `padded_count` (a multiple of 8, Families::padded_size)
// whose flag byte has a bit of `mask` set, in increasing k. The flags are read eight at a time and
// a word of eight unflagged families costs one test, so a pass over mostly unflagged families costs
// an eighth of a branch per family. A visit must not change the flags of later families.
template <class Visit>
void for_each_flagged(const std::uint8_t* flags, std::size_t padded_count, std::uint8_t mask, Visit&& visit) {
  const std::uint64_t lane_mask = 0x0101010101010101ull * mask;
  for (std::size_t base = 0; base < padded_count; base += 8) {
    std::uint64_t word;
    std::memcpy(&word, flags + base, sizeof word);  // little-endian: family base + i in byte i
    word &= lane_mask;
    while (word != 0) {
      const int byte = std::countr_zero(word) / 8;
      visit(base + static_cast<std::size_t>(byte));
      word &= ~(std::uint64_t{0xFF} << (8 * byte));
    }
  }
}

}  // namespace jimsim
