// The journal's record checksum: XXH64 as its reference implementation computes it, and a checksum
// that changes with any bit of a record's unit, status or payload.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "io/record_checksum.hpp"

namespace {

using jimsim::record_checksum;
using jimsim::xxh64;

std::span<const std::byte> bytes_of(std::string_view text) { return std::as_bytes(std::span(text.data(), text.size())); }

}  // namespace

TEST_CASE("xxh64 gives the reference implementation's values", "[journal]") {
  // The specification's published values, seed 0 unless stated.
  CHECK(xxh64(bytes_of(""), 0) == 0xEF46DB3751D8E999ull);
  CHECK(xxh64(bytes_of(""), 1) == 0xD5AFBA1336A3BE4Bull);
  CHECK(xxh64(bytes_of("a"), 0) == 0xD24EC4F1A98C6E5Bull);
  CHECK(xxh64(bytes_of("abc"), 0) == 0x44BC2CF5AD770999ull);
  CHECK(xxh64(bytes_of("Call me Ishmael."), 0) == 0x6D04390FC9D61A90ull);
  CHECK(xxh64(bytes_of("Nobody inspects the spammish repetition"), 0) == 0xFBCEA83C8A378BF1ull);
  // Every path through the function (32-byte stripes, 8- and 4-byte words, single bytes), with a
  // seed: values from Debian's libxxhash 0.8.1 (XXH64) for bytes (7 i + 3) mod 256.
  std::vector<std::byte> data(1003);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::byte>((i * 7 + 3) % 256);
  const std::uint64_t seed = 0x9E3779B97F4A7C15ull;
  const auto prefix = [&](std::size_t n) { return std::span<const std::byte>(data.data(), n); };
  CHECK(xxh64(prefix(31), seed) == 0x755437271D1D0A84ull);
  CHECK(xxh64(prefix(32), seed) == 0xBF624B932C090428ull);
  CHECK(xxh64(prefix(33), seed) == 0x7ACEAF1E9D34EA35ull);
  CHECK(xxh64(prefix(36), seed) == 0xC2143DC58C007451ull);
  CHECK(xxh64(prefix(39), seed) == 0xA5164DCE04130FF3ull);
  CHECK(xxh64(prefix(64), seed) == 0x4AF341F14E3A6FC9ull);
  CHECK(xxh64(prefix(1003), seed) == 0xAD7B3895D83FECD0ull);
}

TEST_CASE("a record's checksum changes with any bit of its unit, status or payload", "[journal]") {
  std::vector<std::byte> payload(11 * 1024 + 5);
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::byte>((i * 131 + 17) % 251);
  const std::uint64_t unit = 123456;
  const std::uint32_t status = 0;
  const std::uint64_t sum = record_checksum(unit, status, payload);
  CHECK(record_checksum(unit, status, payload) == sum);  // a function of the record alone
  for (int bit = 0; bit < 64; ++bit) CHECK(record_checksum(unit ^ (std::uint64_t{1} << bit), status, payload) != sum);
  for (int bit = 0; bit < 32; ++bit) CHECK(record_checksum(unit, status ^ (std::uint32_t{1} << bit), payload) != sum);
  for (const std::size_t at : {std::size_t{0}, std::size_t{31}, std::size_t{4096}, payload.size() - 1}) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<std::byte> damaged = payload;
      damaged[at] ^= static_cast<std::byte>(1 << bit);
      CHECK(record_checksum(unit, status, damaged) != sum);
    }
  }
  // A record cut short, or one with a byte too many.
  CHECK(record_checksum(unit, status, std::span(payload).first(payload.size() - 1)) != sum);
  std::vector<std::byte> longer = payload;
  longer.push_back(std::byte{0});
  CHECK(record_checksum(unit, status, longer) != sum);
}
