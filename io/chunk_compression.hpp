// The results file's chunks compressed outside HDF5, on several threads: HDF5's own filter pipeline
// runs one chunk at a time under the library's lock, and at the end of a run with weekly series it
// was most of the time the run took after its last unit.
//
// The bytes are those HDF5's pipeline for these datasets (chunked_dataset_plist: shuffle, then
// deflate) would store: the shuffle filter's byte transposition, then zlib's compress2 at the same
// level, which is what HDF5's deflate filter calls. A file written this way reads with any HDF5
// (h5py, R, xarray) like one written through the pipeline, and tests/test_chunk_compression.cpp
// checks the stored chunks against the pipeline's byte for byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace jimsim {

// What HDF5's shuffle filter makes of `raw` (elements of `element_size` bytes): byte j of element i
// goes to j * elements + i; trailing bytes short of a whole element stay at the end.
std::vector<std::byte> shuffle_bytes(std::span<const std::byte> raw, std::size_t element_size);

// Shuffled, then compressed as HDF5's deflate filter at `level` compresses a chunk.
std::vector<std::byte> shuffle_and_deflate(std::span<const std::byte> raw, std::size_t element_size, int level);

// Runs make(i) for i in [0, count) on up to `threads` threads and returns the results in order of
// i, so what is written from them does not depend on the number of threads. An exception from any
// make(i) is rethrown here, after every thread has stopped.
std::vector<std::vector<std::byte>> compress_in_parallel(std::size_t count, int threads,
                                                         const std::function<std::vector<std::byte>(std::size_t)>& make);

}  // namespace jimsim
