#include <catch2/catch.hpp>

#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <vector>

#include "sim/random.hpp"

using namespace jimsim;

TEST_CASE("Philox4x32-10 gives the Random123 known answers", "[random]") {
  CHECK(philox4x32_10({0, 0, 0, 0}, {0, 0}) == PhiloxCounter{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
  CHECK(philox4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}) ==
        PhiloxCounter{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
  CHECK(philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}) ==
        PhiloxCounter{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
}

TEST_CASE("a stream is a pure function of its key", "[random]") {
  CounterRng a(7, 3, 11, Process::crisis, 42), b(7, 3, 11, Process::crisis, 42);
  for (int i = 0; i < 10; ++i) CHECK(a() == b());

  // Changing any part of the key gives a different stream.
  const auto first = [](CounterRng rng) { return std::vector<std::uint32_t>{rng(), rng(), rng(), rng(), rng()}; };
  const auto base = first(CounterRng(7, 3, 11, Process::crisis, 42));
  CHECK(first(CounterRng(8, 3, 11, Process::crisis, 42)) != base);
  CHECK(first(CounterRng(7 + (1ull << 32), 3, 11, Process::crisis, 42)) != base);
  CHECK(first(CounterRng(7, 4, 11, Process::crisis, 42)) != base);
  CHECK(first(CounterRng(7, 3, 12, Process::crisis, 42)) != base);
  CHECK(first(CounterRng(7, 3, 11, Process::severity, 42)) != base);
  CHECK(first(CounterRng(7, 3, 11, Process::crisis, 43)) != base);
}

TEST_CASE("uniform draws are uniform on (0, 1)", "[random]") {
  // Chi-square over 20 bins from 200,000 draws spread over many streams; the 0.999 quantile of
  // chi-square with 19 degrees of freedom is 43.8.
  constexpr int bins = 20, draws_per_stream = 8, streams = 25000;
  std::vector<double> count(bins, 0.0);
  double sum = 0.0;
  for (std::uint32_t family = 0; family < streams; ++family) {
    CounterRng rng(2024, 0, family, Process::crisis, 0);
    for (int i = 0; i < draws_per_stream; ++i) {
      const double u = uniform_open01(rng);
      REQUIRE(u > 0.0);
      REQUIRE(u < 1.0);
      count[static_cast<std::size_t>(u * bins)] += 1.0;
      sum += u;
    }
  }
  const double n = double{draws_per_stream} * streams, expected = n / bins;
  double chi2 = 0.0;
  for (double c : count) chi2 += (c - expected) * (c - expected) / expected;
  CHECK(chi2 < 43.8);
  CHECK(sum / n == Approx(0.5).margin(4 * std::sqrt(1.0 / 12.0 / n)));
}

TEST_CASE("Boost's normal distribution accepts the stream as an engine", "[random]") {
  boost::random::normal_distribution<double> normal(2.0, 3.0);
  double sum = 0.0, sum2 = 0.0;
  constexpr int n = 100000;
  for (std::uint32_t k = 0; k < n; ++k) {
    CounterRng rng(1, 0, k, Process::severity, 5);
    const double x = normal(rng);
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  CHECK(mean == Approx(2.0).margin(4 * 3.0 / std::sqrt(n)));
  CHECK(var == Approx(9.0).margin(4 * 9.0 * std::sqrt(2.0 / n)));
}

TEST_CASE("hazard_to_probability is the constant-hazard event chance", "[random]") {
  CHECK(hazard_to_probability(0.0, 1.0) == 0.0);
  CHECK(hazard_to_probability(0.1, 1.0) == Approx(1.0 - std::exp(-0.1)));
  CHECK(hazard_to_probability(0.1, 2.0) == Approx(1.0 - std::exp(-0.2)));
}

TEST_CASE("the vectorised weekly blocks equal the scalar Philox", "[random]") {
  constexpr std::uint32_t n = 37;
  std::array<std::vector<std::uint32_t>, 4> lanes;
  for (auto& l : lanes) l.resize(n);
  const std::uint64_t seed = 0x1234567890abcdefull;
  weekly_draws(seed, 5, 99, n, lanes[0].data(), lanes[1].data(), lanes[2].data(), lanes[3].data());
  for (std::uint32_t k = 0; k < n; ++k) {
    const auto block = philox4x32_10({0, (static_cast<std::uint32_t>(Process::weekly) << 24) | 99u, k, 5},
                                     {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)});
    for (unsigned l = 0; l < 4; ++l) CHECK(lanes[l][k] == block[l]);
  }
}

TEST_CASE("hazard_to_probability matches expm1 within 1e-10 across both of its ranges", "[random]") {
  for (const double x : {1e-9, 1e-6, 1e-4, 0.01, 0.0499999, 0.05, 0.2, 1.0, 5.0}) {
    INFO(x);
    CHECK(hazard_to_probability(x, 1.0) == Approx(-std::expm1(-x)).epsilon(1e-10));
  }
}

TEST_CASE("event_happens decides exactly as comparing with the event probability", "[random]") {
  int events = 0;
  for (const double h : {1e-7, 1e-3, 0.04, 0.3, 2.0}) {
    for (std::uint32_t i = 0; i < 20000; ++i) {
      CounterRng rng(5, 0, i, Process::crisis, 0);
      const double u = uniform_open01(rng);
      const bool expected = u < hazard_to_probability(h, 1.0);
      CHECK(event_happens(u, h, 1.0) == expected);
      events += expected;
    }
    // Right at and around both bounds.
    const double x = h;
    for (const double u : {x, std::nextafter(x, 0.0), x * (1 - 0.5 * x), std::nextafter(x * (1 - 0.5 * x), 1.0)}) {
      CHECK(event_happens(u, h, 1.0) == (u < hazard_to_probability(h, 1.0)));
    }
  }
  CHECK(events > 0);
}
