#include "io/chunk_compression.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <new>
#include <thread>

#include "sim/errors.hpp"

namespace jimsim {

std::vector<std::byte> shuffle_bytes(std::span<const std::byte> raw, std::size_t element_size) {
  std::vector<std::byte> out(raw.size());
  const std::size_t elements = element_size > 0 ? raw.size() / element_size : 0;
  // HDF5 leaves a buffer of one element (or of one-byte elements) as it is.
  if (element_size <= 1 || elements <= 1) {
    std::copy(raw.begin(), raw.end(), out.begin());
    return out;
  }
  for (std::size_t j = 0; j < element_size; ++j) {
    std::byte* plane = out.data() + j * elements;
    for (std::size_t i = 0; i < elements; ++i) plane[i] = raw[i * element_size + j];
  }
  const std::size_t whole = elements * element_size;
  std::copy(raw.begin() + static_cast<std::ptrdiff_t>(whole), raw.end(), out.begin() + static_cast<std::ptrdiff_t>(whole));
  return out;
}

std::vector<std::byte> shuffle_and_deflate(std::span<const std::byte> raw, std::size_t element_size, int level) {
  const std::vector<std::byte> shuffled = shuffle_bytes(raw, element_size);
  uLongf size = compressBound(static_cast<uLong>(shuffled.size()));
  std::vector<std::byte> out(size);
  const int status = compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(shuffled.data()),
                               static_cast<uLong>(shuffled.size()), level);
  if (status == Z_MEM_ERROR) throw std::bad_alloc();
  if (status != Z_OK) throw OutputError(fmt::format("zlib could not compress a results chunk (zlib error {})", status));
  out.resize(size);
  return out;
}

std::vector<std::vector<std::byte>> compress_in_parallel(std::size_t count, int threads,
                                                         const std::function<std::vector<std::byte>(std::size_t)>& make) {
  std::vector<std::vector<std::byte>> results(count);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto work = [&] {
    for (std::size_t i; !failed.load() && (i = next.fetch_add(1)) < count;) {
      try {
        results[i] = make(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        failed = true;
      }
    }
  };
  const auto helpers = static_cast<std::size_t>(std::clamp<long long>(threads, 1, static_cast<long long>(std::max<std::size_t>(count, 1)))) - 1;
  std::vector<std::thread> pool;
  pool.reserve(helpers);
  try {
    for (std::size_t t = 0; t < helpers; ++t) pool.emplace_back(work);
  } catch (...) {
    // No more threads: the ones started and this one do the work.
  }
  work();
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
  return results;
}

}  // namespace jimsim
