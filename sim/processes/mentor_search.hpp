// Process 2, mentor search: a searching youth may name a mentor (a JIM) from their own network at
// any moment; a bigger network makes it likelier, some youths never find one, and the search stops
// at a set time. A youth whose mentor drops out during treatment can search again. The search runs
// only while the case is open and the youth lives at home: nobody is named during residential
// care or after closure.
#pragma once

#include "sim/portable_math.hpp"
#include "sim/state.hpp"

namespace jimsim {

// The network size at which the hazard equals mentor_search.weekly_hazard. A fixed reference, not a
// parameter: with a free reference, weekly_hazard and the reference could only be known together.
inline constexpr double mentor_search_reference_network = 8.0;

// Weekly hazard of naming a mentor for a youth with this network size.
double mentor_search_hazard(const Parameters& p, double network_size);
// The same from the two parameters it reads, inline, for the loop over all families at intake.
inline double mentor_search_hazard(double weekly_hazard, double network_log_effect, double network_size) {
  return weekly_hazard * math::exp(network_log_effect * (network_size - mentor_search_reference_network));
}

// Family k starts (or restarts) a search that stops `ends_week` weeks after intake.
void start_mentor_search(ReplicateState& s, std::size_t k, double ends_week);

// The traits of family k's m-th mentor (0 is the first): hours, years known, initial bond. Each
// mentor has its own streams, so a second mentor does not shift any other draw.
struct MentorTraits {
  double hours_per_week;
  double years_known;
  double initial_bond;
};
MentorTraits draw_mentor_traits(const Parameters& p, std::uint64_t seed, std::uint32_t replicate, std::uint32_t family,
                                std::uint32_t mentor, double youth_age);

// Every family's first mentor's hours (into Families::mentor_hours, which no process reads before
// a mentor is named), years known as drawn (Families::first_mentor_years_known, capped by the
// youth's age when named) and, where that cap cannot bind, initial bond
// (Families::first_mentor_bond, NaN elsewhere), for all families at once at intake: the draws
// draw_mentor_traits takes for mentor 0, from the same streams, so the same bits.
void draw_first_mentors(Families& f, const Parameters& p, std::uint64_t seed, std::uint32_t replicate);

void search_for_mentors(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim

namespace jimsim {

// A search that is still running ends without a mentor (the youth is placed, or the case closes).
void stop_mentor_search(ReplicateState& s, std::size_t k);

// The youth was placed `time_in_step` weeks into this step: a mentor named later in the same step
// was never named (the search phase ran first, with the whole step ahead of it).
void unname_mentor_after(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k,
                         double time_in_step);

}  // namespace jimsim
