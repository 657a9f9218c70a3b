// The running cost grows by the same amount many times in a row (every active mentor's expenses in a
// step): the bits of adding it one term at a time, in a few operations per binade of the total
// rather than one dependent addition (four cycles of latency) per term.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace jimsim {

// total + amount + amount + ... (`times` additions in a row, each rounded to nearest, ties to even,
// as IEEE arithmetic does), to the last bit.
//
// Why it holds: within the binade [2^(E-1), 2^E) of a total, doubles are the multiples of
// u = 2^(E-53), and total + amount rounds to total plus the amount rounded to a multiple of u: the
// same increment for every total in the binade, except at a tie (the amount an odd multiple of
// u / 2), where rounding to even picks by the total's last bit, and the sum is even. So after one
// addition within the binade (the one that entered it need not have been a tie there), every
// further one that stays in it adds the same increment, and how many do is read off the distance
// to the binade's top. Amounts that are not small against the total, and totals that are not
// finite or below 0, take the additions one at a time.
inline double add_repeatedly(double total, double amount, std::uint64_t times) {
  const bool closed_form = amount > 0.0 && total >= 0.0 && std::isfinite(total) && std::isfinite(amount);
  while (times > 0) {
    total += amount;
    --times;
    if (!closed_form || times < 3 || !(total > 2.0 * amount)) continue;
    int exponent = 0;
    static_cast<void>(std::frexp(total, &exponent));  // total in [2^(exponent - 1), 2^exponent)
    const double top = std::ldexp(1.0, exponent);
    // One addition within the binade (or, if it leaves it, on one at a time).
    const double next = total + amount;
    if (next >= top || !std::isfinite(top)) continue;
    total = next;
    --times;
    const double following = total + amount;
    if (following >= top) continue;
    const double increment = following - total;  // exact (Sterbenz): total <= following <= 2 total
    if (increment == 0.0) return total;          // below half a unit (or a tie kept even): no change
    const double room = top - total;             // exact, likewise
    // At most room / increment - 2 more increments (the division may round up by less than one):
    // then every sum before rounding stays below top - u, so none rounds to the next binade.
    const double fit = std::floor(room / increment) - 3.0;
    if (fit < 1.0) continue;
    const auto more = std::min(times, static_cast<std::uint64_t>(fit));
    // Exact: a multiple of u below the binade's top.
    total += static_cast<double>(more) * increment;
    times -= more;
  }
  return total;
}

}  // namespace jimsim
