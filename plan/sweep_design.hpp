// A sweep's points: the design's points in the unit cube (plan/unit_designs.hpp) mapped onto the
// factors' ranges and levels, each a copy of the base scenario with the factors set.
//
// A range maps u in [0, 1] linearly onto [minimum, maximum]; an integer range gives each whole
// number an equal share of the cube (Morris: the nearest whole number to the grid value); a factor
// of levels (a policy switch, a list of values) gives each level an equal share (Morris: the
// nearest level). A grid takes every combination of the levels (a range's `steps` evenly spaced
// values), the last factor fastest.
#pragma once

#include <cstdint>
#include <vector>

#include "plan/run_plan.hpp"

namespace jimsim {

// Points the design has: grid: the product of the levels; latin_hypercube: samples; sobol:
// samples (k + 2); morris: samples (k + 1). Throws std::invalid_argument for a design without
// factors, an unknown kind, zero samples, or more than 10^8 points.
std::size_t sweep_point_count(const Design& design);

// The points, named point-0, point-1, ... (zero-padded to equal width). Their parameters are not
// yet checked against the declared ranges and consistency rules: the caller does that, naming the
// file. Every factor's key must be a declared parameter.
std::vector<PlanPoint> sweep_points(const Design& design, const Parameters& base, std::uint64_t seed);

// The value factor `f` takes at unit coordinate u (see above).
double factor_value(const DesignFactor& f, ParameterKind kind, double u, bool nearest);

}  // namespace jimsim
