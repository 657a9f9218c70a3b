// The Joe-Kuo direction-number table behind sobol_sequence (internal to plan/).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace jimsim::detail {

// Dimensions 2..1111 use every primitive polynomial over GF(2) of degree 13 or less; dimension 1 needs
// no row (all its direction numbers are 1).
inline constexpr std::size_t sobol_table_dimensions = 1111;
inline constexpr std::size_t sobol_max_degree = 13;

// One row of new-joe-kuo-6.21201: the polynomial's degree s, its interior coefficients a (bit s-1-k
// is the coefficient a_k of x^(s-k), k = 1..s-1) and the initial direction numbers m_1..m_s (odd,
// m_k < 2^k); entries past m_s are zero.
struct SobolPolynomial {
  std::uint8_t degree;
  std::uint16_t coefficients;
  std::array<std::uint16_t, sobol_max_degree> initial_directions;
};

// Row d-2 describes dimension d, for d = 2..sobol_table_dimensions.
extern const std::array<SobolPolynomial, sobol_table_dimensions - 1> sobol_polynomials;

}  // namespace jimsim::detail
