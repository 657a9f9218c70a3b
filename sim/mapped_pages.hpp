// Fresh memory mapped for writing in one call rather than a page fault per 4 kB page. A million
// families' arrays (841 MB with their records) faulted in page by page as the first replicate wrote
// them: on a virtual machine, where each fault is a trip through the hypervisor, 12% of the run.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <type_traits>
#include <vector>

namespace jimsim {

// Asks the kernel to map the whole pages within [data, data + bytes) for writing now (Linux's
// MADV_POPULATE_WRITE, kernel 5.14 and later); the contents do not change. Below 64 kB, or where
// the kernel does not know the request, nothing happens: the pages then fault in as they are first
// written, as before.
void map_pages_for_writing(const void* data, std::size_t bytes) noexcept;

// v.reserve(n), with the pages of the new memory mapped when it takes new memory: all of them, and
// before v's elements move in, so the move does not fault them in page by page either.
template <class T>
void reserve_mapped(std::vector<T>& v, std::size_t n) {
  if (v.capacity() >= n) return;
  std::vector<T> grown;
  grown.reserve(n);
  map_pages_for_writing(grown.data(), n * sizeof(T));
  grown.insert(grown.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  v.swap(grown);
}

// Room for `extra` more elements in v, growing as push_back would (to twice the capacity, or more
// when that is not enough) but through reserve_mapped: for arrays that grow to hundreds of
// megabytes of fresh memory, where each doubling was a page fault per 4 kB in the copy and again
// in the filling.
template <class T>
void grow_mapped(std::vector<T>& v, std::size_t extra) {
  const std::size_t needed = v.size() + extra;
  if (needed > v.capacity()) reserve_mapped(v, std::max(needed, 2 * v.capacity()));
}

// v.assign(n, value), with the pages mapped in one call when it takes new memory.
template <class T>
void assign_mapped(std::vector<T>& v, std::size_t n, const std::type_identity_t<T>& value = T{}) {
  if (v.capacity() < n) {
    v.clear();  // nothing to copy into the new memory
    reserve_mapped(v, n);
  }
  v.assign(n, value);
}

}  // namespace jimsim
