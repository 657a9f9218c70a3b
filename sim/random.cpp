#include "sim/random.hpp"

namespace jimsim {

void weekly_draws(std::uint64_t seed, std::uint32_t replicate, std::uint32_t step, std::uint32_t n,
                  std::uint32_t* __restrict lane0, std::uint32_t* __restrict lane1, std::uint32_t* __restrict lane2,
                  std::uint32_t* __restrict lane3) {
  const std::uint32_t counter1 = (static_cast<std::uint32_t>(Process::weekly) << 24) | (step & 0xFFFFFFu);
  const auto key0 = static_cast<std::uint32_t>(seed), key1 = static_cast<std::uint32_t>(seed >> 32);
  // The words in 64-bit variables where AVX-512 multiplies 64-bit lanes directly (vpmuludq on 8
  // families at once, 1.4x faster there); in 32-bit ones elsewhere (SSE2 and AVX2 are 15% slower
  // the other way). Integer arithmetic: the same values either way (tests/test_random.cpp).
#if defined(__AVX512F__)
  using Word = std::uint64_t;
#else
  using Word = std::uint32_t;
#endif
  for (std::uint32_t k = 0; k < n; ++k) {
    Word x0 = 0, x1 = counter1, x2 = k, x3 = replicate;
    std::uint32_t a = key0, b = key1;
#pragma GCC unroll 10
    for (int round = 0; round < 10; ++round) {
      const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * x0;
      const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * x2;
      const Word y0 = static_cast<Word>(p1 >> 32) ^ x1 ^ a;
      const Word y2 = static_cast<Word>(p0 >> 32) ^ x3 ^ b;
      x1 = static_cast<Word>(p1 & 0xFFFFFFFFu);
      x3 = static_cast<Word>(p0 & 0xFFFFFFFFu);
      x0 = y0;
      x2 = y2;
      a += 0x9E3779B9u;
      b += 0xBB67AE85u;
    }
    lane0[k] = static_cast<std::uint32_t>(x0);
    lane1[k] = static_cast<std::uint32_t>(x1);
    lane2[k] = static_cast<std::uint32_t>(x2);
    lane3[k] = static_cast<std::uint32_t>(x3);
  }
}

}  // namespace jimsim
