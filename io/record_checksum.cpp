#include "io/record_checksum.hpp"

#include <array>
#include <bit>
#include <cstring>

namespace jimsim {
namespace {

constexpr std::uint64_t prime_1 = 0x9E3779B185EBCA87ull;
constexpr std::uint64_t prime_2 = 0xC2B2AE3D27D4EB4Full;
constexpr std::uint64_t prime_3 = 0x165667B19E3779F9ull;
constexpr std::uint64_t prime_4 = 0x85EBCA77C2B2AE63ull;
constexpr std::uint64_t prime_5 = 0x27D4EB2F165667C5ull;

// Little-endian reads, as the specification defines them (x86-64 is little-endian).
static_assert(std::endian::native == std::endian::little, "xxh64 reads its input as little-endian words");
std::uint64_t read_64(const std::byte* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
std::uint32_t read_32(const std::byte* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::uint64_t lane_round(std::uint64_t accumulator, std::uint64_t input) {
  accumulator += input * prime_2;
  accumulator = std::rotl(accumulator, 31);
  return accumulator * prime_1;
}

std::uint64_t merge_lane(std::uint64_t hash, std::uint64_t lane) {
  hash ^= lane_round(0, lane);
  return hash * prime_1 + prime_4;
}

}  // namespace

std::uint64_t xxh64(std::span<const std::byte> bytes, std::uint64_t seed) {
  const std::byte* p = bytes.data();
  const std::byte* const end = p + bytes.size();
  std::uint64_t hash;
  if (bytes.size() >= 32) {
    std::array<std::uint64_t, 4> lanes{seed + prime_1 + prime_2, seed + prime_2, seed, seed - prime_1};
    for (; end - p >= 32; p += 32) {
      for (std::size_t i = 0; i < 4; ++i) lanes[i] = lane_round(lanes[i], read_64(p + 8 * i));
    }
    hash = std::rotl(lanes[0], 1) + std::rotl(lanes[1], 7) + std::rotl(lanes[2], 12) + std::rotl(lanes[3], 18);
    for (const std::uint64_t lane : lanes) hash = merge_lane(hash, lane);
  } else {
    hash = seed + prime_5;
  }
  hash += static_cast<std::uint64_t>(bytes.size());
  for (; end - p >= 8; p += 8) {
    hash ^= lane_round(0, read_64(p));
    hash = std::rotl(hash, 27) * prime_1 + prime_4;
  }
  if (end - p >= 4) {
    hash ^= static_cast<std::uint64_t>(read_32(p)) * prime_1;
    hash = std::rotl(hash, 23) * prime_2 + prime_3;
    p += 4;
  }
  for (; p < end; ++p) {
    hash ^= static_cast<std::uint64_t>(std::to_integer<std::uint8_t>(*p)) * prime_5;
    hash = std::rotl(hash, 11) * prime_1;
  }
  hash ^= hash >> 33;
  hash *= prime_2;
  hash ^= hash >> 29;
  hash *= prime_3;
  hash ^= hash >> 32;
  return hash;
}

std::uint64_t record_checksum(std::uint64_t unit, std::uint32_t status, std::span<const std::byte> payload) {
  std::array<std::byte, 12> header;
  std::memcpy(header.data(), &unit, 8);
  std::memcpy(header.data() + 8, &status, 4);
  return xxh64(payload, xxh64(header, 0));
}

}  // namespace jimsim
