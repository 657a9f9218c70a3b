// What `jimsim` tells glibc's allocator (exec/memory_reuse.cpp): the blocks a replicate frees stay
// in the process for the next one. Read back through glibc's own counters, so this holds for the
// allocator the program really runs with (AddressSanitizer replaces it: there the test says so).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <malloc.h>

#include "exec/memory_reuse.hpp"

using namespace jimsim;

namespace {

// A block the compiler cannot drop: touched, and its address seen by the optimiser as escaping.
void* touched_block(std::size_t bytes) {
  void* block = std::malloc(bytes);
  REQUIRE(block != nullptr);
  std::memset(block, 1, 4096);
  asm volatile("" : : "r"(block) : "memory");
  return block;
}

}  // namespace

TEST_CASE("blocks below 16 MB come from the heap and stay there when freed", "[memory_reuse]") {
#if defined(__SANITIZE_ADDRESS__)
  WARN("AddressSanitizer replaces glibc's allocator: nothing to check in this build");
  return;
#endif
  keep_freed_memory_for_reuse();
  const std::size_t mapped = mallinfo2().hblks;
  // The arrays of 50,000 families (400 kB of doubles) and of a million (8 MB): from the heap. With
  // glibc's default, or the trim threshold set alone, each was mapped on its own (hblks + 1) and
  // unmapped when freed, to be faulted in and zeroed again by the next replicate.
  void* fifty_thousand = touched_block(50'000 * sizeof(double));
  void* million = touched_block(1'000'000 * sizeof(double));
  CHECK(mallinfo2().hblks == mapped);
  // Above 16 MB a block is still mapped on its own, so that a large one kept between replicates
  // (the family records of 50,000 families, 17.6 MB) leaves no hole in the heap when it goes.
  void* records = touched_block(std::size_t{20} << 20);
  CHECK(mallinfo2().hblks == mapped + 1);
  std::free(records);
  CHECK(mallinfo2().hblks == mapped);

  // Freed, the heap's memory stays in the process (trimmed only above 1 GB): the same blocks again
  // take nothing new from the kernel.
  std::free(million);
  std::free(fifty_thousand);
  const std::size_t heap = mallinfo2().arena;
  void* again = touched_block(1'000'000 * sizeof(double));
  CHECK(mallinfo2().arena == heap);
  CHECK(mallinfo2().hblks == mapped);
  std::free(again);
  CHECK(mallinfo2().arena == heap);
}
