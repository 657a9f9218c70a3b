// Chunks compressed outside HDF5 (io/chunk_compression.cpp) are what HDF5's own pipeline reads:
// zlib inflates them to the shuffled values, HDF5 reads back the same values, whatever the number
// of threads.
#include <hdf5.h>
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/chunk_compression.hpp"
#include "io/results_hdf5.hpp"

using namespace jimsim;
using namespace jimsim::results_hdf5;
namespace fs = std::filesystem;

namespace {

std::vector<std::byte> bytes_of(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (const int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

// The stored (compressed) bytes of the chunk at `offset`.
std::vector<std::byte> stored_chunk(hid_t dataset, const hsize_t* offset) {
  hsize_t size = 0;
  REQUIRE(H5Dget_chunk_storage_size(dataset, offset, &size) >= 0);
  std::vector<std::byte> bytes(size);
  std::uint32_t filters = 0;
  REQUIRE(H5Dread_chunk(dataset, H5P_DEFAULT, offset, &filters, bytes.data()) >= 0);
  CHECK(filters == 0);  // every filter applied
  return bytes;
}

// What zlib's inflate, which HDF5's deflate filter calls, makes of a stored chunk of `size` bytes.
std::vector<std::byte> inflated(const std::vector<std::byte>& stored, std::size_t size) {
  std::vector<std::byte> out(size + 1);  // one byte spare: a longer stream would not fit exactly
  uLongf length = static_cast<uLongf>(out.size());
  REQUIRE(uncompress(reinterpret_cast<Bytef*>(out.data()), &length, reinterpret_cast<const Bytef*>(stored.data()),
                     static_cast<uLong>(stored.size())) == Z_OK);
  out.resize(length);
  return out;
}

}  // namespace

TEST_CASE("the shuffle is HDF5's byte transposition", "[chunk_compression]") {
  // Three 4-byte elements and two trailing bytes: the planes, then the tail as it was.
  const auto raw = bytes_of({0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 98, 99});
  CHECK(shuffle_bytes(raw, 4) == bytes_of({0, 10, 20, 1, 11, 21, 2, 12, 22, 3, 13, 23, 98, 99}));
  // One element, or one-byte elements: unchanged.
  CHECK(shuffle_bytes(bytes_of({5, 6, 7, 8}), 4) == bytes_of({5, 6, 7, 8}));
  CHECK(shuffle_bytes(bytes_of({5, 6, 7}), 1) == bytes_of({5, 6, 7}));
  CHECK(shuffle_bytes({}, 8).empty());
}

TEST_CASE("chunks compressed outside HDF5 are what its pipeline reads", "[chunk_compression]") {
  const fs::path file = fs::temp_directory_path() / ("jimsim-chunks-" + std::to_string(::getpid()) + ".h5");
  // 5 x 7 doubles in chunks of 2 x 3: whole chunks and edge chunks on both axes.
  const hsize_t dims[2] = {5, 7}, chunk[2] = {2, 3};
  std::vector<double> values(5 * 7);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = 0.1 * static_cast<double>(i * i) - 3.0;
  {
    Handle f = checked(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create");
    Handle space = checked(H5Screate_simple(2, dims, nullptr), "space");
    const Handle plist = chunked_dataset_plist(chunk);
    Handle through = checked(H5Dcreate2(f.get(), "pipeline", H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT), "d");
    Handle direct = checked(H5Dcreate2(f.get(), "direct", H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT), "d");
    check(H5Dwrite(through.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write");
    ChunkCompressor compressor(deflate_level);
    for (hsize_t r = 0; r < dims[0]; r += chunk[0]) {
      for (hsize_t c = 0; c < dims[1]; c += chunk[1]) {
        // The whole chunk, the part past the edge at HDF5's fill value (0).
        std::vector<double> part(chunk[0] * chunk[1], 0.0);
        for (hsize_t i = 0; i < chunk[0] && r + i < dims[0]; ++i) {
          for (hsize_t j = 0; j < chunk[1] && c + j < dims[1]; ++j) part[i * chunk[1] + j] = values[(r + i) * dims[1] + c + j];
        }
        const auto raw = std::as_bytes(std::span(part));
        const auto compressed = compressor.shuffle_and_deflate(raw, sizeof(double));
        const hsize_t offset[2] = {r, c};
        check(H5Dwrite_chunk(direct.get(), H5P_DEFAULT, 0, offset, compressed.size(), compressed.data()), "write chunk");
        // What HDF5's pipeline stores and what is stored here inflate to the same shuffled bytes.
        const auto shuffled = shuffle_bytes(raw, sizeof(double));
        CHECK(inflated(stored_chunk(direct.get(), offset), raw.size()) == shuffled);
        CHECK(inflated(stored_chunk(through.get(), offset), raw.size()) == shuffled);
      }
    }
  }
  {
    Handle f = checked(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    Handle direct = checked(H5Dopen2(f.get(), "direct", H5P_DEFAULT), "open direct");
    std::vector<double> back(values.size(), -1.0);
    check(H5Dread(direct.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, back.data()), "read");
    CHECK(back == values);
  }
  fs::remove(file);
}

TEST_CASE("a compressor kept between chunks gives each the bytes a new one would", "[chunk_compression]") {
  // Its scratch grows for a large chunk and is reused for smaller ones: nothing of one chunk may
  // reach the next.
  std::vector<std::vector<double>> chunks;
  for (const std::size_t size : {5000, 3, 0, 700, 1, 5000}) {
    std::vector<double> chunk(size);
    for (std::size_t i = 0; i < size; ++i) chunk[i] = std::sin(static_cast<double>(i * (size + 1)));
    chunks.push_back(chunk);
  }
  ChunkCompressor kept(deflate_level);
  for (const auto& chunk : chunks) {
    const auto raw = std::as_bytes(std::span(chunk));
    ChunkCompressor fresh(deflate_level);
    const auto bytes = kept.shuffle_and_deflate(raw, sizeof(double));
    CHECK(bytes == fresh.shuffle_and_deflate(raw, sizeof(double)));
    CHECK(inflated(bytes, raw.size()) == shuffle_bytes(raw, sizeof(double)));
  }
}

TEST_CASE("parallel compression returns results in order, and its errors", "[chunk_compression]") {
  const auto make = [](std::size_t i, ChunkCompressor& compressor) {
    std::vector<double> chunk(100 + i, static_cast<double>(i));
    return compressor.shuffle_and_deflate(std::as_bytes(std::span(chunk)), sizeof(double));
  };
  const auto one = compress_in_parallel(37, 1, 1, make);
  REQUIRE(one.size() == 37);
  for (const int threads : {2, 3, 8, 100}) CHECK(compress_in_parallel(37, threads, 1, make) == one);
  CHECK(compress_in_parallel(0, 4, 1, make).empty());
  const auto failing = [](std::size_t i, ChunkCompressor&) -> std::vector<std::byte> {
    if (i == 11) throw std::runtime_error("chunk 11 failed");
    return {};
  };
  for (const int threads : {1, 4}) CHECK_THROWS_WITH(compress_in_parallel(30, threads, 1, failing), "chunk 11 failed");
  // A level libdeflate does not have is an error, not a crash.
  for (const int threads : {1, 2}) CHECK_THROWS_AS(compress_in_parallel(3, threads, 13, make), std::invalid_argument);
  CHECK_THROWS_AS(ChunkCompressor(-1), std::invalid_argument);
}

TEST_CASE("string columns of any size round trip with conversion buffers sized to them", "[chunk_compression][hdf5]") {
  // string_transfer_plist sizes HDF5's conversion buffers to the column instead of HDF5's 1 MB:
  // columns far below and far above that, and strings of every length up to a few hundred bytes.
  const fs::path file = fs::temp_directory_path() / ("jimsim-strings-" + std::to_string(::getpid()) + ".h5");
  std::vector<std::vector<std::string>> columns = {{}, {""}, {"one"}, {"a", "", "ccc"}};
  std::vector<std::string> many;
  for (std::size_t i = 0; i < 100'000; ++i) many.push_back(std::string(i % 300, static_cast<char>('a' + i % 26)));
  columns.push_back(many);
  {
    Handle f = checked(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create");
    for (std::size_t c = 0; c < columns.size(); ++c) write_string_column(f.get(), "column" + std::to_string(c), columns[c]);
    write_string_dataset(f.get(), "text", many.back());
  }
  {
    Handle f = checked(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open");
    for (std::size_t c = 0; c < columns.size(); ++c) {
      CHECK(read_string_values(f.get(), "column" + std::to_string(c), "a test column") == columns[c]);
    }
    CHECK(read_string_dataset(f.get(), "text") == many.back());
  }
  fs::remove(file);
}
