// The results file's chunks compressed outside HDF5, on several threads: HDF5's own filter pipeline
// runs one chunk at a time under the library's lock, and at the end of a run with weekly series it
// was most of the time the run took after its last unit.
//
// Each chunk is what HDF5's pipeline for these datasets (chunked_dataset_plist: shuffle, then
// deflate) reads back: the shuffle filter's byte transposition, then a zlib-format deflate stream,
// which HDF5's deflate filter inflates with zlib. The stream comes from libdeflate rather than zlib:
// the same format, so the file reads with any HDF5 (h5py, R, xarray) like one written through the
// pipeline, at about 0.6 of zlib's time and a 5% smaller stream on the results' weekly series
// (tests/test_chunk_compression.cpp reads chunks back through HDF5 and inflates them with zlib).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

struct libdeflate_compressor;

namespace jimsim {

// What HDF5's shuffle filter makes of `raw` (elements of `element_size` bytes): byte j of element i
// goes to j * elements + i; trailing bytes short of a whole element stay at the end.
std::vector<std::byte> shuffle_bytes(std::span<const std::byte> raw, std::size_t element_size);

// Compresses chunk after chunk at one deflate level, keeping its tables and buffers between them
// (allocating them per chunk was a fifth of the compression's time, mostly fresh pages). One
// thread at a time may use it.
class ChunkCompressor {
 public:
  explicit ChunkCompressor(int level);  // libdeflate's levels: 0 (stored) to 12
  ~ChunkCompressor();
  ChunkCompressor(const ChunkCompressor&) = delete;
  ChunkCompressor& operator=(const ChunkCompressor&) = delete;

  // `raw` shuffled, then compressed as HDF5's deflate filter stores a chunk (a zlib stream).
  std::vector<std::byte> shuffle_and_deflate(std::span<const std::byte> raw, std::size_t element_size);

 private:
  libdeflate_compressor* compressor_ = nullptr;
  std::vector<std::byte> shuffled_, deflated_;  // scratch, kept between chunks
};

// Runs make(i, compressor) for i in [0, count) on up to `threads` threads, each with its own
// compressor at `level`, and returns the results in order of i, so what is written from them does
// not depend on the number of threads. An exception from any make(i) is rethrown here, after every
// thread has stopped.
std::vector<std::vector<std::byte>> compress_in_parallel(
    std::size_t count, int threads, int level,
    const std::function<std::vector<std::byte>(std::size_t, ChunkCompressor&)>& make);

}  // namespace jimsim
