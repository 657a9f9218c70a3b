// Sweep designs in the unit hypercube: Latin hypercubes, the Sobol sequence, Saltelli's scheme for
// Sobol indices, Morris trajectories and full factorial grids. The caller maps unit-cube coordinates
// onto parameter ranges and factor levels. Every design is a pure function of its arguments (and
// seed): the same points on every platform and compiler. Bad arguments throw std::invalid_argument.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace jimsim {

// Points in [0, 1]^dimensions, row-major: coordinate d of point i is values[i * dimensions + d].
struct UnitPoints {
  std::size_t dimensions = 0;
  std::vector<double> values;

  std::size_t size() const { return dimensions == 0 ? 0 : values.size() / dimensions; }
  double operator()(std::size_t point, std::size_t dimension) const {
    return values[point * dimensions + dimension];
  }
  std::span<const double> point(std::size_t i) const { return {values.data() + i * dimensions, dimensions}; }
};

// Each dimension cut into `points` equal strata with exactly one point in each, uniform within its
// stratum; the strata are matched across dimensions by independent random permutations (McKay,
// Beckman and Conover 1979). Every coordinate is strictly inside (0, 1). Dimension d draws from the
// stream CounterRng(seed, 0, d, Process::sweep_design, 0).
UnitPoints latin_hypercube(std::size_t points, std::size_t dimensions, std::uint64_t seed);

// The Sobol sequence with the direction numbers of Joe and Kuo (2008, new-joe-kuo-6.21201), in
// Gray-code order with 32-bit resolution: points skip .. skip+points-1 of the unscrambled sequence,
// whose point 0 is all zeros. Coordinates are multiples of 2^-32 in [0, 1 - 2^-32]; only point 0
// has a zero coordinate, so with skip >= 1 every coordinate is in [2^-32, 1 - 2^-32]. Any 2^m
// consecutive points starting at a multiple of 2^m put exactly one point in each of the 2^m equal
// intervals of every coordinate. Requires skip + points <= sobol_index_limit.
inline constexpr std::size_t sobol_max_dimensions = 1111;
inline constexpr std::uint64_t sobol_index_limit = std::uint64_t{1} << 32;
UnitPoints sobol_sequence(std::size_t points, std::size_t dimensions, std::size_t skip = 0);

// Saltelli's scheme (Saltelli 2002; Saltelli et al. 2010) for first-order and total Sobol indices of
// `dimensions` (k) inputs from N = base_samples base rows. Rows skip .. skip+N-1 of a 2k-dimensional
// Sobol sequence give A (its first k columns) and B (its last k). Layout, for base row j:
//   point j*(k+2)     = A_j
//   point j*(k+2) + 1 = B_j
//   point j*(k+2)+2+i = AB_j^(i): A_j with coordinate i taken from B_j, i = 0..k-1
// so N*(k+2) points in all. Requires 2k <= sobol_max_dimensions. With skip >= 1 no coordinate is 0
// or 1 (see sobol_sequence), so an inverse CDF is safe; skip = 0 makes A_0 = B_0 = all zeros.
UnitPoints saltelli_design(std::size_t base_samples, std::size_t dimensions, std::size_t skip);

// SALib's default skip for Saltelli designs (SALib.sample.saltelli up to 1.4): the smallest power of
// two >= base_samples, and at least 16. With N a power of two the base rows are then a whole aligned
// block of 2^m Sobol points, which keeps the stratification of the first 2^m points, and they avoid
// point 0 (all zeros) and the first few points, whose A and B halves coincide (point 1 is all 0.5).
std::size_t saltelli_default_skip(std::size_t base_samples);
UnitPoints saltelli_design(std::size_t base_samples, std::size_t dimensions);  // with the default skip

// Morris (1991) elementary-effect trajectories as in Campolongo, Cariboni and Saltelli (2007) and
// SALib's morris sampler, without optimal trajectory selection. Levels p must be even and >= 2: the
// grid is {0, 1/(p-1), ..., 1} and every move is delta = p / (2 (p-1)), that is exactly p/2 grid
// levels. Trajectory t occupies points t*(k+1) .. t*(k+1)+k: a random grid point, then each of the k
// coordinates moved once, in a random order, by +delta or -delta, whichever stays in [0, 1] (each
// coordinate's start level is uniform on the grid, so up and down moves are equally likely).
// Coordinates are level / (p-1) as doubles, so a move differs from delta by at most a rounding
// error; recover exact levels with std::lround(x * (p-1)). Trajectory t draws from the stream
// CounterRng(seed, 0, t, Process::sweep_design, 1).
double morris_delta(int levels);
UnitPoints morris_trajectories(std::size_t trajectories, std::size_t dimensions, int levels, std::uint64_t seed);

// Full factorial grids as level indices: point i of the grid with levels_per_factor = {n_0, ...,
// n_(f-1)} has level index l_j in [0, n_j) for factor j, the last factor varying fastest (row-major
// order, like nested loops with factor 0 outermost). Every factor needs at least one level; a grid
// of more than full_factorial_max_points points is refused, which also rules out overflow. For big
// grids prefer full_factorial_point, which makes one point at a time.
inline constexpr std::size_t full_factorial_max_points = 100'000'000;
std::size_t full_factorial_size(std::span<const std::size_t> levels_per_factor);
std::vector<std::size_t> full_factorial_point(std::span<const std::size_t> levels_per_factor, std::size_t index);
std::vector<std::vector<std::size_t>> full_factorial(std::span<const std::size_t> levels_per_factor);

}  // namespace jimsim
