#include "sim/random.hpp"

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace jimsim {
namespace {

// Families from `first` to n - 1, in a plain loop the compiler vectorises (SSE2, AVX2), with the
// words in 32-bit variables (64-bit ones are 15% slower there). Integer arithmetic: the same values
// as the AVX-512 loop below and the scalar philox4x32_10 (tests/test_random.cpp).
void family_blocks_from(std::uint32_t first, std::uint32_t key0, std::uint32_t key1, std::uint32_t block,
                       std::uint32_t counter1, std::uint32_t replicate, std::uint32_t n, std::uint32_t* __restrict lane0,
                       std::uint32_t* __restrict lane1, std::uint32_t* __restrict lane2,
                       std::uint32_t* __restrict lane3) {
  using Word = std::uint32_t;
  for (std::uint32_t k = first; k < n; ++k) {
    Word x0 = block, x1 = counter1, x2 = k, x3 = replicate;
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

#if defined(__AVX512F__)
// GCC 12 warns inside its own AVX-512 headers (the deliberately undefined operand some of these
// intrinsics start from): a false positive, which the warnings-as-errors build would stop on.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
// Eight families at a time in 64-bit lanes. Written out because the compiler, given the loop above,
// multiplies with vpmullq (a full 64-bit product, three micro-operations) where Philox needs only
// vpmuludq (32 x 32 -> 64 bits, one): 1.6x faster. The same arithmetic as above, lane by lane, with
// two liberties that leave every stored word as it is: the round keys are broadcast once, not once
// per eight families; and the products' high halves are not masked off where they become x1 and
// x3, because nothing reads a lane's high half: vpmuludq multiplies the low halves only, the shift
// right takes a product's high half, and the store keeps the low halves.
std::uint32_t family_blocks_avx512(std::uint32_t key0, std::uint32_t key1, std::uint32_t block, std::uint32_t counter1,
                                  std::uint32_t replicate, std::uint32_t n, std::uint32_t* lane0, std::uint32_t* lane1,
                                  std::uint32_t* lane2, std::uint32_t* lane3) {
  constexpr int rounds = 10;
  const __m512i multiplier0 = _mm512_set1_epi64(0xD2511F53u), multiplier1 = _mm512_set1_epi64(0xCD9E8D57u);
  const __m512i family_offsets = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
  __m512i round_key0[rounds], round_key1[rounds];
  for (int round = 0; round < rounds; ++round) {
    round_key0[round] = _mm512_set1_epi64(key0);
    round_key1[round] = _mm512_set1_epi64(key1);
    key0 += 0x9E3779B9u;
    key1 += 0xBB67AE85u;
  }
  const __m512i first_x0 = _mm512_set1_epi64(block), first_x1 = _mm512_set1_epi64(counter1);
  const __m512i first_x3 = _mm512_set1_epi64(replicate);
  std::uint32_t k = 0;
  for (; n - k >= 8; k += 8) {  // not k + 8 <= n, which wraps for n near 2^32
    __m512i x0 = first_x0, x1 = first_x1, x2 = _mm512_add_epi64(_mm512_set1_epi64(k), family_offsets), x3 = first_x3;
#pragma GCC unroll 10
    for (int round = 0; round < rounds; ++round) {
      const __m512i p0 = _mm512_mul_epu32(x0, multiplier0);  // the low 32 bits of each lane, times
      const __m512i p1 = _mm512_mul_epu32(x2, multiplier1);
      x0 = _mm512_xor_si512(_mm512_xor_si512(_mm512_srli_epi64(p1, 32), x1), round_key0[round]);
      x2 = _mm512_xor_si512(_mm512_xor_si512(_mm512_srli_epi64(p0, 32), x3), round_key1[round]);
      x1 = p1;
      x3 = p0;
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(lane0 + k), _mm512_cvtepi64_epi32(x0));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(lane1 + k), _mm512_cvtepi64_epi32(x1));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(lane2 + k), _mm512_cvtepi64_epi32(x2));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(lane3 + k), _mm512_cvtepi64_epi32(x3));
  }
  return k;
}
#pragma GCC diagnostic pop
#endif

}  // namespace

void family_blocks(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                   std::uint32_t block, std::uint32_t n, std::uint32_t* __restrict lane0,
                   std::uint32_t* __restrict lane1, std::uint32_t* __restrict lane2, std::uint32_t* __restrict lane3) {
  // As CounterRng's counter: {block, (process << 24) | step, family, replicate}.
  const std::uint32_t counter1 = (static_cast<std::uint32_t>(process) << 24) | (step & 0xFFFFFFu);
  const auto key0 = static_cast<std::uint32_t>(seed), key1 = static_cast<std::uint32_t>(seed >> 32);
#if defined(__AVX512F__)
  const std::uint32_t done = family_blocks_avx512(key0, key1, block, counter1, replicate, n, lane0, lane1, lane2, lane3);
  family_blocks_from(done, key0, key1, block, counter1, replicate, n, lane0, lane1, lane2, lane3);
#else
  family_blocks_from(0, key0, key1, block, counter1, replicate, n, lane0, lane1, lane2, lane3);
#endif
}

void weekly_draws(std::uint64_t seed, std::uint32_t replicate, std::uint32_t step, std::uint32_t n,
                  std::uint32_t* __restrict lane0, std::uint32_t* __restrict lane1, std::uint32_t* __restrict lane2,
                  std::uint32_t* __restrict lane3) {
  family_blocks(seed, replicate, Process::weekly, step, 0, n, lane0, lane1, lane2, lane3);
}

}  // namespace jimsim
