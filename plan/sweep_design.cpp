#include "plan/sweep_design.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

#include "plan/unit_designs.hpp"

namespace jimsim {
namespace {

constexpr std::size_t max_sweep_points = 100'000'000;

std::size_t checked_product(std::size_t a, std::size_t b) {
  if (a != 0 && b > max_sweep_points / a) {
    throw std::invalid_argument(fmt::format("the design has more than {} points", max_sweep_points));
  }
  return a * b;
}

std::size_t level_count(const DesignFactor& f) {
  return f.levels.empty() ? static_cast<std::size_t>(std::max(f.steps, 0)) : f.levels.size();
}

// The grid value of level i of n.
double grid_value(const DesignFactor& f, ParameterKind kind, std::size_t i) {
  if (!f.levels.empty()) return f.levels[i];
  const std::size_t n = level_count(f);
  const double v = n == 1 ? f.minimum : f.minimum + (f.maximum - f.minimum) * static_cast<double>(i) / static_cast<double>(n - 1);
  return kind == ParameterKind::real ? v : std::round(v);
}

UnitPoints unit_points(const Design& design, std::uint64_t seed) {
  const std::size_t k = design.factors.size();
  if (design.kind == "latin_hypercube") return latin_hypercube(design.samples, k, seed);
  if (design.kind == "sobol") return saltelli_design(design.samples, k);
  if (design.kind == "morris") return morris_trajectories(design.samples, k, design.morris_levels, seed);
  // grid: level index i of n at (i + 0.5) / n, so mapping back gives the same level.
  std::vector<std::size_t> levels;
  for (const auto& f : design.factors) levels.push_back(level_count(f));
  UnitPoints grid;
  grid.dimensions = k;
  const std::size_t n = full_factorial_size(levels);
  grid.values.reserve(n * k);
  for (std::size_t i = 0; i < n; ++i) {
    const auto index = full_factorial_point(levels, i);
    for (std::size_t j = 0; j < k; ++j) {
      grid.values.push_back((static_cast<double>(index[j]) + 0.5) / static_cast<double>(levels[j]));
    }
  }
  return grid;
}

}  // namespace

double factor_value(const DesignFactor& f, ParameterKind kind, double u, bool nearest) {
  u = std::clamp(u, 0.0, 1.0);
  if (!f.levels.empty()) {
    const double n = static_cast<double>(f.levels.size());
    const auto i = nearest ? static_cast<std::size_t>(std::lround(u * (n - 1)))
                           : static_cast<std::size_t>(std::min(n - 1, std::floor(u * n)));
    return f.levels[i];
  }
  if (f.steps > 0) {  // a grid's range
    const auto n = static_cast<std::size_t>(f.steps);
    return grid_value(f, kind, std::min(n - 1, static_cast<std::size_t>(std::floor(u * static_cast<double>(n)))));
  }
  if (kind == ParameterKind::real) return f.minimum + u * (f.maximum - f.minimum);
  if (nearest) return std::round(f.minimum + u * (f.maximum - f.minimum));
  // Each whole number from minimum to maximum gets an equal share of [0, 1].
  return std::min(f.maximum, std::floor(f.minimum + u * (f.maximum - f.minimum + 1.0)));
}

std::size_t sweep_point_count(const Design& design) {
  const std::size_t k = design.factors.size();
  if (k == 0) throw std::invalid_argument("the sweep varies no parameter");
  if (design.kind == "grid") {
    std::size_t n = 1;
    for (const auto& f : design.factors) n = checked_product(n, level_count(f));
    return n;
  }
  if (design.samples == 0) throw std::invalid_argument("the design needs at least one sample");
  if (design.kind == "latin_hypercube") return checked_product(design.samples, 1);
  if (design.kind == "sobol") return checked_product(design.samples, k + 2);
  if (design.kind == "morris") return checked_product(design.samples, k + 1);
  throw std::invalid_argument(fmt::format("unknown design '{}'", design.kind));
}

std::vector<PlanPoint> sweep_points(const Design& design, const Parameters& base, std::uint64_t seed) {
  const std::size_t count = sweep_point_count(design);
  const UnitPoints cube = unit_points(design, seed);
  if (cube.size() != count) throw std::logic_error("sweep_points: the design made an unexpected number of points");
  std::vector<const ParameterSpec*> specs;
  for (const auto& f : design.factors) {
    specs.push_back(find_parameter(f.key));
    if (specs.back() == nullptr) throw std::invalid_argument(fmt::format("unknown parameter {}", f.key));
  }
  const int width = static_cast<int>(fmt::format("{}", count - 1).size());
  const bool nearest = design.kind == "morris";
  std::vector<PlanPoint> points(count);
  for (std::size_t i = 0; i < count; ++i) {
    PlanPoint& point = points[i];
    point.name = fmt::format("point-{:0{}}", i, width);
    point.origin = point.name;
    point.parameters = base;
    const auto u = cube.point(i);
    point.unit_coordinates.assign(u.begin(), u.end());
    for (std::size_t j = 0; j < specs.size(); ++j) {
      specs[j]->set(point.parameters, factor_value(design.factors[j], specs[j]->kind, u[j], nearest));
    }
  }
  return points;
}

}  // namespace jimsim
