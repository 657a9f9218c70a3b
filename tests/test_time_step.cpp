// Model outcomes must not depend on the time step. Crises and decisions read the severity path
// within the step, event times fall where they happen, and closure is decided at case reviews, so
// the bundled at-risk and referred pairs must give the same shares placed, weeks to a mentor and
// residential days at time steps of 1, 0.5 and 0.25 weeks, within 3 standard errors of the
// difference. Different time steps meet different random draws, so the comparison is between
// independent samples; the replicate counts give each difference in a placement share a standard
// error of at most 0.13 points, so a shift of 0.5 points is found with a power of about 80%.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "exec/runner.hpp"
#include "io/scenario.hpp"

using namespace jimsim;
namespace fs = std::filesystem;

namespace {

constexpr int families = 1000;
constexpr double largest_standard_error_of_a_share_difference = 0.13;  // percentage points

struct Measure {
  const char* name;
  bool share;  // a placement share in percent, where the power requirement applies
  double (*value)(const Outcomes&);
};

double ratio(double a, double b) { return b > 0 ? a / b : std::nan(""); }

const std::vector<Measure>& measures() {
  static const std::vector<Measure> list = {
      {"placed within 6 months (%)", true,
       [](const Outcomes& o) { return 100 * ratio(o.placed_within_26_weeks, o.followed_26_weeks); }},
      {"placed within 12 months (%)", true,
       [](const Outcomes& o) { return 100 * ratio(o.placed_within_52_weeks, o.followed_52_weeks); }},
      {"placed within 24 months (%)", true,
       [](const Outcomes& o) { return 100 * ratio(o.placed_within_104_weeks, o.followed_104_weeks); }},
      {"weeks to a mentor", false, [](const Outcomes& o) { return ratio(o.weeks_to_mentor, o.mentors_found); }},
      {"residential days per youth", false, [](const Outcomes& o) { return ratio(o.residential_days, o.families); }},
  };
  return list;
}

struct Estimate {
  double mean = 0, standard_error = 0;
};

// Mean and standard error over replicates of each measure, for one scenario at one time step.
std::vector<Estimate> estimates(Parameters p, double dt, std::uint64_t seed, int replicates) {
  p.simulation.time_step_weeks = dt;
  p.intake.cohort_size = families;
  std::vector<std::vector<double>> values(measures().size());
  run_replicates(plan_of({p}, replicates, seed), {}, [&](const WorkUnit&, ReplicateResult&& r) {
    for (std::size_t m = 0; m < measures().size(); ++m) values[m].push_back(measures()[m].value(r.outcomes[0]));
  });
  std::vector<Estimate> out(values.size());
  for (std::size_t m = 0; m < values.size(); ++m) {
    std::vector<double> finite;
    for (const double v : values[m]) {
      if (std::isfinite(v)) finite.push_back(v);
    }
    if (finite.size() < 2) continue;  // care as usual has no mentors
    const double n = static_cast<double>(finite.size());
    double sum = 0, squares = 0;
    for (const double v : finite) sum += v;
    out[m].mean = sum / n;
    for (const double v : finite) squares += (v - out[m].mean) * (v - out[m].mean);
    out[m].standard_error = std::sqrt(squares / (n - 1) / n);
  }
  return out;
}

// `replicates` is what the scenario's spread between replicates needs for the power stated above.
void check_time_step_invariance(const fs::path& scenario_file, int replicates) {
  const Parameters p = load_scenario(scenario_file).parameters;
  const auto finest = estimates(p, 0.25, 41, replicates);
  for (const double dt : {1.0, 0.5}) {
    const auto coarse = estimates(p, dt, 41, replicates);
    for (std::size_t m = 0; m < measures().size(); ++m) {
      const double difference = coarse[m].mean - finest[m].mean;
      const double standard_error = std::hypot(coarse[m].standard_error, finest[m].standard_error);
      INFO(scenario_file.filename().string() << ", " << measures()[m].name << ": dt " << dt << " gives "
                                             << coarse[m].mean << ", dt 0.25 gives " << finest[m].mean
                                             << " (standard error of the difference " << standard_error << ")");
      CHECK(std::abs(difference) <= 3 * standard_error);
      if (measures()[m].share) CHECK(standard_error <= largest_standard_error_of_a_share_difference);
    }
  }
}

fs::path scenarios() { return fs::path(JIMSIM_SOURCE_DIR) / "scenarios"; }

}  // namespace

TEST_CASE("the at-risk JIM scenario does not depend on the time step", "[time_step]") {
  check_time_step_invariance(scenarios() / "jim.toml", 250);
}

TEST_CASE("at-risk care as usual does not depend on the time step", "[time_step]") {
  check_time_step_invariance(scenarios() / "care-as-usual.toml", 300);
}

TEST_CASE("the referred JIM scenario does not depend on the time step", "[time_step]") {
  check_time_step_invariance(scenarios() / "referred" / "jim.toml", 600);
}

TEST_CASE("referred care as usual does not depend on the time step", "[time_step]") {
  check_time_step_invariance(scenarios() / "referred" / "care-as-usual.toml", 300);
}

namespace {

struct YearShare {
  const char* name;
  double (*value)(const ResourceUseYear&);
};

// Mean and standard error over replicates of year 0's share of each item, at one time step.
std::vector<Estimate> year_0_shares(Parameters p, double dt, const std::vector<YearShare>& items, int replicates) {
  p.simulation.time_step_weeks = dt;
  std::vector<std::vector<double>> shares(items.size());
  run_replicates(plan_of({p}, replicates, 43), {}, [&](const WorkUnit&, ReplicateResult&& r) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      double total = 0.0;
      for (const auto& year : r.by_year) total += items[i].value(year);
      shares[i].push_back(items[i].value(r.by_year.at(0)) / total);
    }
  });
  std::vector<Estimate> out(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const double n = static_cast<double>(shares[i].size());
    double squares = 0.0;
    for (const double v : shares[i]) out[i].mean += v / n;
    for (const double v : shares[i]) squares += (v - out[i].mean) * (v - out[i].mean);
    out[i].standard_error = std::sqrt(squares / (n - 1) / n);
  }
  return out;
}

}  // namespace

TEST_CASE("the split of resource use between years since intake does not depend on the time step", "[time_step][by_year]") {
  // The bundled JIM cohort at week 0 over two years: year 0 ends 52.1775 weeks after intake, inside
  // a step at each time step here. Year 0's share of each item must agree between time steps of 1,
  // 0.5 and 0.25 weeks within 3 standard errors of the difference (independent samples, as above),
  // and 3 standard errors must be below 3 percentage points, so that a shift of that size would be
  // caught. (A fixed bound of 1 point, tried first, sat near 1 standard error for residential
  // days and failed by chance when the draws changed.) Different time steps meet different random
  // draws, so this is a check of the model as a whole; the split itself is checked exactly, with
  // use that does not vary, in test_resource_use_by_year.cpp.
  const std::vector<YearShare> items = {
      {"residential days", [](const ResourceUseYear& y) { return y.residential_days; }},
      {"professional hours", [](const ResourceUseYear& y) { return y.basic_hours + y.specialist_hours; }},
      {"mentor expense weeks", [](const ResourceUseYear& y) { return y.mentor_expense_weeks; }},
      {"placements", [](const ResourceUseYear& y) { return y.placements; }},
      {"total cost", [](const ResourceUseYear& y) { return y.cost_total; }},
  };
  const Parameters p = load_scenario(scenarios() / "jim.toml").parameters;
  const auto finest = year_0_shares(p, 0.25, items, 60);
  for (const double dt : {1.0, 0.5}) {
    const auto coarse = year_0_shares(p, dt, items, 60);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const double difference = coarse[i].mean - finest[i].mean;
      const double standard_error = std::hypot(coarse[i].standard_error, finest[i].standard_error);
      INFO(items[i].name << ": year 0 holds " << 100 * coarse[i].mean << "% at dt " << dt << ", "
                         << 100 * finest[i].mean << "% at dt 0.25 (standard error of the difference "
                         << 100 * standard_error << " points)");
      CHECK(std::abs(difference) <= 3 * standard_error);
      CHECK(3 * standard_error < 0.03);
    }
  }
}
