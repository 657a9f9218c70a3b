// Fresh memory mapped in one call (sim/mapped_pages.hpp): the kernel's own record of which pages
// are in memory (mincore) shows the pages mapped before anything writes them, the contents as they
// were, and the arrays as plain assign and reserve leave them.
#include <catch2/catch.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "sim/mapped_pages.hpp"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // as sim/mapped_pages.cpp: Linux 5.14's value, for older headers
#endif

using namespace jimsim;

namespace {

constexpr std::size_t page = 4096;

// Fresh anonymous memory, unmapped when the test ends: no page is in memory until touched.
struct FreshMemory {
  std::size_t bytes;
  char* data;
  explicit FreshMemory(std::size_t n)
      : bytes(n), data(static_cast<char*>(mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))) {
    REQUIRE(data != MAP_FAILED);
    // Page by page, so a huge page (transparent huge pages set to "always") cannot map its
    // neighbours along with a page the test writes.
    madvise(data, n, MADV_NOHUGEPAGE);
  }
  ~FreshMemory() { munmap(data, bytes); }
  FreshMemory(const FreshMemory&) = delete;
  FreshMemory& operator=(const FreshMemory&) = delete;
  // Which of the pages [first, first + count) are in memory.
  std::vector<bool> resident(std::size_t first, std::size_t count) const {
    std::vector<unsigned char> in(count);
    REQUIRE(mincore(data + first * page, count * page, in.data()) == 0);
    std::vector<bool> out(count);
    for (std::size_t i = 0; i < count; ++i) out[i] = (in[i] & 1) != 0;
    return out;
  }
  std::size_t resident_count(std::size_t first, std::size_t count) const {
    std::size_t n = 0;
    for (const bool r : resident(first, count)) n += r;
    return n;
  }
};

// Whole pages within the storage of v, from element `from` to its capacity.
template <class T>
bool all_pages_resident(const std::vector<T>& v, std::size_t from) {
  const auto first = reinterpret_cast<std::uintptr_t>(v.data() + from);
  const auto last = reinterpret_cast<std::uintptr_t>(v.data() + v.capacity());
  const std::uintptr_t begin = (first + page - 1) / page * page, end = last / page * page;
  if (end <= begin) return true;
  std::vector<unsigned char> in((end - begin) / page);
  REQUIRE(mincore(reinterpret_cast<void*>(begin), end - begin, in.data()) == 0);
  for (const unsigned char c : in) {
    if (!(c & 1)) return false;
  }
  return true;
}

// Whether this kernel maps pages on request (Linux 5.14 and later; older ones answer EINVAL, and
// then the arrays fault in as they are written: the same results, nothing to check here), with the
// 4 kB pages these tests count in.
bool kernel_maps_on_request() {
  if (static_cast<std::size_t>(sysconf(_SC_PAGESIZE)) != page) return false;
  FreshMemory probe(page);
  return madvise(probe.data, page, MADV_POPULATE_WRITE) == 0;
}

constexpr const char* not_here =
    "this kernel does not know MADV_POPULATE_WRITE (Linux 5.14 and later), or its pages are not 4 kB: nothing to check";

}  // namespace

TEST_CASE("the whole pages of a range are mapped at once, their contents kept", "[mapped_pages]") {
  if (!kernel_maps_on_request()) {
    WARN(not_here);
    return;
  }
  constexpr std::size_t pages = 256;  // 1 MB
  FreshMemory memory(pages * page);
  REQUIRE(memory.resident_count(0, pages) == 0);
  // Something already written in a page of the range stays.
  std::memcpy(memory.data + 7 * page + 100, "youth", 5);
  // From 100 bytes into the first page to 100 bytes before the end: the whole pages between.
  map_pages_for_writing(memory.data + 100, pages * page - 200);
  CHECK_FALSE(memory.resident(0, 1)[0]);          // a partial page: left to fault in when written
  CHECK_FALSE(memory.resident(pages - 1, 1)[0]);
  CHECK(memory.resident_count(1, pages - 2) == pages - 2);
  CHECK(std::memcmp(memory.data + 7 * page + 100, "youth", 5) == 0);
  CHECK(std::count(memory.data + page, memory.data + 7 * page, 0) == static_cast<std::ptrdiff_t>(6 * page));
}

TEST_CASE("a range below 64 kB, or none, is left to fault in as it is written", "[mapped_pages]") {
  if (!kernel_maps_on_request()) {
    WARN(not_here);
    return;
  }
  FreshMemory memory(64 * page);
  map_pages_for_writing(memory.data, 15 * page);
  map_pages_for_writing(nullptr, 64 * page);
  map_pages_for_writing(memory.data, 0);
  CHECK(memory.resident_count(0, 64) == 0);
  map_pages_for_writing(memory.data, 16 * page);
  CHECK(memory.resident_count(0, 64) == 16);
}

TEST_CASE("assign_mapped and reserve_mapped leave an array as assign and reserve do", "[mapped_pages]") {
  // Large enough that every allocator maps it afresh (glibc maps blocks of 32 MB or more on their own).
  constexpr std::size_t n = 5'000'000;  // 40 MB of doubles
  std::vector<double> v{1.0, 2.0, 3.0};
  assign_mapped(v, n, 0.5);
  REQUIRE(v.size() == n);
  CHECK(v.front() == 0.5);
  CHECK(v.back() == 0.5);
  CHECK(all_pages_resident(v, 0));  // (assign writes them all anyway: reserve_mapped below is the check)
  // Memory it has is used again, as assign would: same storage, new values, smaller or equal.
  const double* storage = v.data();
  assign_mapped(v, 1000, -1.0);
  CHECK(v.data() == storage);
  CHECK(v.size() == 1000);
  CHECK(v[999] == -1.0);
  assign_mapped(v, n);
  CHECK(v.data() == storage);
  CHECK(v[n - 1] == 0.0);

  std::vector<std::uint32_t> w{7, 8, 9};
  reserve_mapped(w, n);
  CHECK(w == std::vector<std::uint32_t>{7, 8, 9});  // its elements kept, as reserve keeps them
  CHECK(w.capacity() >= n);
  if (kernel_maps_on_request()) CHECK(all_pages_resident(w, 0));  // the kept elements' pages too
  const std::uint32_t* kept = w.data();
  reserve_mapped(w, 10);  // never shrinks
  CHECK(w.data() == kept);
  CHECK(w.capacity() >= n);
}

TEST_CASE("grow_mapped grows as push_back would, its new memory mapped", "[mapped_pages]") {
  std::vector<std::uint64_t> v;
  grow_mapped(v, 3);
  CHECK(v.capacity() >= 3);
  v.assign({1, 2, 3});
  const std::size_t before = v.capacity();
  const std::uint64_t* storage = v.data();
  grow_mapped(v, before - v.size());  // room enough: nothing moves
  CHECK(v.data() == storage);
  CHECK(v.capacity() == before);
  grow_mapped(v, before);  // more than the room left: at least double
  CHECK(v.capacity() >= 2 * before);
  constexpr std::size_t n = 5'000'000;  // 40 MB: far more than double
  grow_mapped(v, n);
  CHECK(v.capacity() >= n + 3);
  CHECK(v == std::vector<std::uint64_t>{1, 2, 3});
  if (kernel_maps_on_request()) CHECK(all_pages_resident(v, 0));
  const std::size_t big = v.capacity();
  v.resize(big);
  grow_mapped(v, 1);  // one more than the capacity: doubles, as push_back does
  CHECK(v.capacity() >= 2 * big);
  CHECK(v[2] == 3);
}
