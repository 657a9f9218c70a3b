#include "plan/unit_designs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "plan/sobol_directions.hpp"
#include "sim/random.hpp"

namespace jimsim {

static_assert(sobol_max_dimensions == detail::sobol_table_dimensions);

namespace {

// The `step` of each design's random streams: distinct, so a Latin hypercube and a Morris design
// made with the same seed are independent. Part of the reproducibility contract: never renumber.
constexpr std::uint32_t latin_hypercube_stream = 0;
constexpr std::uint32_t morris_stream = 1;

constexpr unsigned sobol_bits = 32;

[[noreturn]] void invalid(const std::string& message) { throw std::invalid_argument(message); }

// The number of coordinates of a design, refused when it cannot be held in memory.
std::size_t value_count(std::size_t points, std::size_t dimensions, const char* design) {
  constexpr std::size_t limit = std::numeric_limits<std::size_t>::max() / sizeof(double);
  if (points > limit / dimensions) {
    invalid(fmt::format("{}: {} points of {} dimensions are too many to hold in memory", design, points,
                        dimensions));
  }
  return points * dimensions;
}

// An unbiased integer in [0, bound), bound >= 1, by rejection of masked words: exact and the same on
// every platform (std:: distributions are not), at fewer than two tries on average.
std::uint64_t uniform_below(CounterRng& rng, std::uint64_t bound) {
  const std::uint64_t last = bound - 1;
  if (last == 0) return 0;
  const std::uint64_t mask = ~std::uint64_t{0} >> std::countl_zero(last);
  for (;;) {
    std::uint64_t word = rng();
    if (last > std::numeric_limits<std::uint32_t>::max()) word = (word << 32) | rng();
    word &= mask;
    if (word <= last) return word;
  }
}

// Fisher-Yates: a uniformly random permutation of 0..n-1.
std::vector<std::size_t> random_permutation(CounterRng& rng, std::size_t n) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[uniform_below(rng, i)]);
  return order;
}

// Direction numbers v_1..v_32 of every dimension, bit-major ([bit * dimensions + dimension]) so that
// one Gray-code step is a contiguous XOR across dimensions. Follows Joe and Kuo's own generator
// (sobol.cc): v_k = m_k 2^(32-k) for k <= s, then the recurrence of the primitive polynomial.
std::vector<std::uint32_t> sobol_direction_numbers(std::size_t dimensions) {
  std::vector<std::uint32_t> directions(sobol_bits * dimensions);
  for (std::size_t d = 0; d < dimensions; ++d) {
    std::array<std::uint32_t, sobol_bits> v{};
    if (d == 0) {
      for (unsigned k = 0; k < sobol_bits; ++k) v[k] = std::uint32_t{1} << (sobol_bits - 1 - k);
    } else {
      const detail::SobolPolynomial& row = detail::sobol_polynomials[d - 1];
      const unsigned s = row.degree;
      for (unsigned k = 0; k < s; ++k) {
        v[k] = std::uint32_t{row.initial_directions[k]} << (sobol_bits - 1 - k);
      }
      for (unsigned k = s; k < sobol_bits; ++k) {
        v[k] = v[k - s] ^ (v[k - s] >> s);
        for (unsigned j = 1; j < s; ++j) {
          if ((row.coefficients >> (s - 1 - j)) & 1u) v[k] ^= v[k - j];
        }
      }
    }
    for (unsigned k = 0; k < sobol_bits; ++k) directions[k * dimensions + d] = v[k];
  }
  return directions;
}

}  // namespace

UnitPoints latin_hypercube(std::size_t points, std::size_t dimensions, std::uint64_t seed) {
  if (points == 0) invalid("latin_hypercube: the number of points must be at least 1");
  if (dimensions == 0) invalid("latin_hypercube: the number of dimensions must be at least 1");
  if (dimensions > std::numeric_limits<std::uint32_t>::max()) {
    invalid(fmt::format("latin_hypercube: {} dimensions are more than the random streams can key", dimensions));
  }
  UnitPoints design{dimensions, std::vector<double>(value_count(points, dimensions, "latin_hypercube"))};
  const double n = static_cast<double>(points);
  // Rounding can carry (k + u) / n up to 1 when points is in the millions; the open interval is
  // promised because callers may apply an inverse CDF.
  const double below_one = std::nextafter(1.0, 0.0);
  for (std::size_t d = 0; d < dimensions; ++d) {
    CounterRng rng(seed, 0, static_cast<std::uint32_t>(d), Process::sweep_design, latin_hypercube_stream);
    const std::vector<std::size_t> stratum = random_permutation(rng, points);
    for (std::size_t i = 0; i < points; ++i) {
      const double x = (static_cast<double>(stratum[i]) + uniform_open01(rng)) / n;
      design.values[i * dimensions + d] = std::min(x, below_one);
    }
  }
  return design;
}

UnitPoints sobol_sequence(std::size_t points, std::size_t dimensions, std::size_t skip) {
  if (points == 0) invalid("sobol_sequence: the number of points must be at least 1");
  if (dimensions == 0) invalid("sobol_sequence: the number of dimensions must be at least 1");
  if (dimensions > sobol_max_dimensions) {
    invalid(fmt::format("sobol_sequence: {} dimensions requested, but the direction-number table has {}",
                        dimensions, sobol_max_dimensions));
  }
  if (skip >= sobol_index_limit || points > sobol_index_limit - skip) {
    invalid(fmt::format("sobol_sequence: points {} to {} requested, but the 32-bit sequence ends at point {}",
                        skip, std::uint64_t{skip} + points - 1, sobol_index_limit - 1));
  }
  UnitPoints design{dimensions, std::vector<double>(value_count(points, dimensions, "sobol_sequence"))};
  const std::vector<std::uint32_t> directions = sobol_direction_numbers(dimensions);

  // Point i is the XOR of the direction numbers picked out by the bits of its Gray code i ^ (i >> 1);
  // successive Gray codes differ in one bit (the lowest zero bit of i), so each further point costs
  // one XOR per dimension.
  std::vector<std::uint32_t> state(dimensions, 0);
  const std::uint64_t first = skip;
  const std::uint64_t gray = first ^ (first >> 1);
  for (unsigned k = 0; k < sobol_bits; ++k) {
    if ((gray >> k) & 1u) {
      for (std::size_t d = 0; d < dimensions; ++d) state[d] ^= directions[k * dimensions + d];
    }
  }
  for (std::size_t n = 0; n < points; ++n) {
    double* row = design.values.data() + n * dimensions;
    for (std::size_t d = 0; d < dimensions; ++d) row[d] = static_cast<double>(state[d]) * 0x1p-32;
    if (n + 1 == points) break;  // the next index may be 2^32, which has no Gray-code step
    const auto k = static_cast<std::size_t>(std::countr_one(first + n));
    const std::uint32_t* v = directions.data() + k * dimensions;
    for (std::size_t d = 0; d < dimensions; ++d) state[d] ^= v[d];
  }
  return design;
}

std::size_t saltelli_default_skip(std::size_t base_samples) {
  if (base_samples == 0) invalid("saltelli_default_skip: the number of base samples must be at least 1");
  if (base_samples > sobol_index_limit / 2) {
    invalid(fmt::format("saltelli_default_skip: {} base samples leave no room to skip in the 32-bit Sobol sequence",
                        base_samples));
  }
  return std::max<std::size_t>(std::bit_ceil(base_samples), 16);
}

UnitPoints saltelli_design(std::size_t base_samples, std::size_t dimensions) {
  return saltelli_design(base_samples, dimensions, saltelli_default_skip(base_samples));
}

UnitPoints saltelli_design(std::size_t base_samples, std::size_t dimensions, std::size_t skip) {
  if (base_samples == 0) invalid("saltelli_design: the number of base samples must be at least 1");
  if (dimensions == 0) invalid("saltelli_design: the number of dimensions must be at least 1");
  if (dimensions > sobol_max_dimensions / 2) {
    invalid(fmt::format("saltelli_design: {} dimensions need a {}-dimensional Sobol sequence, but the "
                        "direction-number table has {} (at most {} dimensions)",
                        dimensions, 2 * dimensions, sobol_max_dimensions, sobol_max_dimensions / 2));
  }
  if (skip >= sobol_index_limit || base_samples > sobol_index_limit - skip) {
    invalid(fmt::format("saltelli_design: base rows {} to {} requested, but the 32-bit Sobol sequence ends at {}",
                        skip, std::uint64_t{skip} + base_samples - 1, sobol_index_limit - 1));
  }
  const std::size_t k = dimensions, rows_per_sample = k + 2;
  if (base_samples > std::numeric_limits<std::size_t>::max() / rows_per_sample) {
    invalid(fmt::format("saltelli_design: {} base samples of {} dimensions are too many points", base_samples, k));
  }
  const std::size_t total_points = base_samples * rows_per_sample;
  UnitPoints design{k, std::vector<double>(value_count(total_points, k, "saltelli_design"))};
  const UnitPoints base = sobol_sequence(base_samples, 2 * k, skip);

  for (std::size_t j = 0; j < base_samples; ++j) {
    const std::span<const double> sobol_row = base.point(j);
    const std::span<const double> a = sobol_row.first(k), b = sobol_row.last(k);
    double* out = design.values.data() + j * rows_per_sample * k;
    std::copy(a.begin(), a.end(), out);
    std::copy(b.begin(), b.end(), out + k);
    for (std::size_t i = 0; i < k; ++i) {
      double* ab = out + (2 + i) * k;
      std::copy(a.begin(), a.end(), ab);
      ab[i] = b[i];
    }
  }
  return design;
}

namespace {

void require_morris_levels(int levels, const char* where) {
  if (levels < 2) invalid(fmt::format("{}: levels must be at least 2, got {}", where, levels));
  if (levels % 2 != 0) {
    invalid(fmt::format("{}: levels must be even so that delta = p / (2 (p - 1)) is a whole number of grid "
                        "steps, got {}",
                        where, levels));
  }
}

}  // namespace

double morris_delta(int levels) {
  require_morris_levels(levels, "morris_delta");
  return static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
}

UnitPoints morris_trajectories(std::size_t trajectories, std::size_t dimensions, int levels, std::uint64_t seed) {
  require_morris_levels(levels, "morris_trajectories");
  if (trajectories == 0) invalid("morris_trajectories: the number of trajectories must be at least 1");
  if (dimensions == 0) invalid("morris_trajectories: the number of dimensions must be at least 1");
  if (trajectories > std::numeric_limits<std::uint32_t>::max()) {
    invalid(fmt::format("morris_trajectories: {} trajectories are more than the random streams can key",
                        trajectories));
  }
  const std::size_t k = dimensions;
  if (k == std::numeric_limits<std::size_t>::max() ||
      trajectories > std::numeric_limits<std::size_t>::max() / (k + 1)) {
    invalid(fmt::format("morris_trajectories: {} trajectories of {} dimensions are too many points", trajectories, k));
  }
  UnitPoints design{k, std::vector<double>(value_count(trajectories * (k + 1), k, "morris_trajectories"))};

  const auto p = static_cast<std::uint64_t>(levels);
  const std::uint64_t half = p / 2;
  const double spacing = static_cast<double>(p - 1);
  std::vector<std::uint64_t> level(k);
  for (std::size_t t = 0; t < trajectories; ++t) {
    CounterRng rng(seed, 0, static_cast<std::uint32_t>(t), Process::sweep_design, morris_stream);
    for (std::size_t i = 0; i < k; ++i) level[i] = uniform_below(rng, p);
    const std::vector<std::size_t> order = random_permutation(rng, k);

    double* row = design.values.data() + t * (k + 1) * k;
    for (std::size_t i = 0; i < k; ++i) row[i] = static_cast<double>(level[i]) / spacing;
    for (std::size_t step = 0; step < k; ++step) {
      double* next = row + k;
      std::copy(row, row + k, next);
      const std::size_t i = order[step];
      // Lower-half levels move up by p/2, upper-half levels down: the move always stays on the grid.
      level[i] = level[i] < half ? level[i] + half : level[i] - half;
      next[i] = static_cast<double>(level[i]) / spacing;
      row = next;
    }
  }
  return design;
}

std::size_t full_factorial_size(std::span<const std::size_t> levels_per_factor) {
  if (levels_per_factor.empty()) invalid("full_factorial: there must be at least one factor");
  std::size_t size = 1;
  for (std::size_t j = 0; j < levels_per_factor.size(); ++j) {
    const std::size_t levels = levels_per_factor[j];
    if (levels == 0) invalid(fmt::format("full_factorial: factor {} has no levels", j));
    if (size > full_factorial_max_points / levels) {
      invalid(fmt::format("full_factorial: the grid over {} factors has more than the {} points allowed",
                          levels_per_factor.size(), full_factorial_max_points));
    }
    size *= levels;
  }
  return size;
}

std::vector<std::size_t> full_factorial_point(std::span<const std::size_t> levels_per_factor, std::size_t index) {
  const std::size_t size = full_factorial_size(levels_per_factor);
  if (index >= size) {
    invalid(fmt::format("full_factorial: point {} requested, but the grid has {} points", index, size));
  }
  std::vector<std::size_t> point(levels_per_factor.size());
  for (std::size_t j = levels_per_factor.size(); j-- > 0;) {
    point[j] = index % levels_per_factor[j];
    index /= levels_per_factor[j];
  }
  return point;
}

std::vector<std::vector<std::size_t>> full_factorial(std::span<const std::size_t> levels_per_factor) {
  const std::size_t size = full_factorial_size(levels_per_factor);
  std::vector<std::vector<std::size_t>> grid;
  grid.reserve(size);
  std::vector<std::size_t> point(levels_per_factor.size(), 0);
  for (std::size_t i = 0; i < size; ++i) {
    grid.push_back(point);
    // Odometer step: bump the last factor, carrying into earlier ones.
    for (std::size_t j = point.size(); j-- > 0;) {
      if (++point[j] < levels_per_factor[j]) break;
      point[j] = 0;
    }
  }
  return grid;
}

}  // namespace jimsim
