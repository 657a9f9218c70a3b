#include "sim/random.hpp"

namespace jimsim {

void weekly_draws(std::uint64_t seed, std::uint32_t replicate, std::uint32_t step, std::uint32_t n,
                  std::uint32_t* __restrict lane0, std::uint32_t* __restrict lane1, std::uint32_t* __restrict lane2,
                  std::uint32_t* __restrict lane3) {
  const std::uint32_t counter1 = (static_cast<std::uint32_t>(Process::weekly) << 24) | (step & 0xFFFFFFu);
  const auto key0 = static_cast<std::uint32_t>(seed), key1 = static_cast<std::uint32_t>(seed >> 32);
  for (std::uint32_t k = 0; k < n; ++k) {
    std::uint32_t x0 = 0, x1 = counter1, x2 = k, x3 = replicate, a = key0, b = key1;
#pragma GCC unroll 10
    for (int round = 0; round < 10; ++round) {
      const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * x0;
      const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * x2;
      const std::uint32_t y0 = static_cast<std::uint32_t>(p1 >> 32) ^ x1 ^ a;
      const std::uint32_t y2 = static_cast<std::uint32_t>(p0 >> 32) ^ x3 ^ b;
      x1 = static_cast<std::uint32_t>(p1);
      x3 = static_cast<std::uint32_t>(p0);
      x0 = y0;
      x2 = y2;
      a += 0x9E3779B9u;
      b += 0xBB67AE85u;
    }
    lane0[k] = x0;
    lane1[k] = x1;
    lane2[k] = x2;
    lane3[k] = x3;
  }
}

}  // namespace jimsim
