#include "io/chunk_compression.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <new>
#include <optional>
#include <stdexcept>
#include <thread>

#include "sim/errors.hpp"

namespace jimsim {

namespace {

void shuffle_into(std::span<const std::byte> raw, std::size_t element_size, std::vector<std::byte>& out) {
  out.resize(raw.size());
  const std::size_t elements = element_size > 0 ? raw.size() / element_size : 0;
  // HDF5 leaves a buffer of one element (or of one-byte elements) as it is.
  if (element_size <= 1 || elements <= 1) {
    std::copy(raw.begin(), raw.end(), out.begin());
    return;
  }
  for (std::size_t j = 0; j < element_size; ++j) {
    std::byte* plane = out.data() + j * elements;
    for (std::size_t i = 0; i < elements; ++i) plane[i] = raw[i * element_size + j];
  }
  const std::size_t whole = elements * element_size;
  std::copy(raw.begin() + static_cast<std::ptrdiff_t>(whole), raw.end(), out.begin() + static_cast<std::ptrdiff_t>(whole));
}

}  // namespace

std::vector<std::byte> shuffle_bytes(std::span<const std::byte> raw, std::size_t element_size) {
  std::vector<std::byte> out;
  shuffle_into(raw, element_size, out);
  return out;
}

ChunkCompressor::ChunkCompressor(int level) {
  if (level < 0 || level > 12) throw std::invalid_argument("libdeflate's compression levels are 0 to 12");
  compressor_ = libdeflate_alloc_compressor(level);
  if (compressor_ == nullptr) throw std::bad_alloc();  // what is left to fail: memory
}

ChunkCompressor::~ChunkCompressor() { libdeflate_free_compressor(compressor_); }

std::vector<std::byte> ChunkCompressor::shuffle_and_deflate(std::span<const std::byte> raw, std::size_t element_size) {
  shuffle_into(raw, element_size, shuffled_);
  deflated_.resize(libdeflate_zlib_compress_bound(compressor_, shuffled_.size()));
  const std::size_t size =
      libdeflate_zlib_compress(compressor_, shuffled_.data(), shuffled_.size(), deflated_.data(), deflated_.size());
  // 0 means the output did not fit, which the bound rules out.
  if (size == 0) throw OutputError("libdeflate could not compress a results chunk within its own bound");
  return {deflated_.begin(), deflated_.begin() + static_cast<std::ptrdiff_t>(size)};
}

std::vector<std::vector<std::byte>> compress_in_parallel(
    std::size_t count, int threads, int level,
    const std::function<std::vector<std::byte>(std::size_t, ChunkCompressor&)>& make) {
  std::vector<std::vector<std::byte>> results(count);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto work = [&] {
    std::optional<ChunkCompressor> compressor;
    for (std::size_t i; !failed.load() && (i = next.fetch_add(1)) < count;) {
      try {
        if (!compressor) compressor.emplace(level);
        results[i] = make(i, *compressor);
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
