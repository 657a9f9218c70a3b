// FNV-1a, 64 bits, over what decides a plan's results: run plans, calibrations and the digest of a
// cohort use it. Not a defence against tampering, only against mixing results of different plans
// by mistake, which it detects with certainty for all practical purposes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace jimsim {

struct Fingerprint {
  std::uint64_t state = 0xcbf29ce484222325ull;
  void add(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
      state ^= bytes[i];
      state *= 0x100000001b3ull;
    }
  }
  void add(std::string_view text) {
    add(text.data(), text.size());
    add_number(static_cast<double>(text.size()));  // so "ab"+"c" and "a"+"bc" differ
  }
  void add_number(double value) { add(&value, sizeof value); }
  template <class T>
  void add_numbers(const std::vector<T>& values) {
    add_number(static_cast<double>(values.size()));
    for (const T v : values) add_number(static_cast<double>(v));
  }
  std::string hex() const { return fmt::format("{:016x}", state); }
};

}  // namespace jimsim
