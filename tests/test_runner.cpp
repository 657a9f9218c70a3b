// The seed contract: same inputs and seed, bit-identical results whatever the thread count; a
// different seed, different results; common random numbers across scenarios.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "sim/processes/intake.hpp"
#include "sim/replicate.hpp"
#include "exec/runner.hpp"

using namespace jimsim;

namespace {

struct Collected {
  std::vector<ReplicateResult> results;
  std::vector<WorkUnit> order;
};

Collected run(const std::vector<Parameters>& scenarios, int replicates, int threads, std::uint64_t seed = 5,
              bool families = false) {
  RunPlan plan = plan_of(scenarios, replicates, seed);
  plan.family_records = families;
  ExecutorSettings settings;
  settings.threads = threads;
  Collected c;
  run_replicates(plan, settings, [&](const WorkUnit& u, ReplicateResult&& r) {
    c.order.push_back(u);
    c.results.push_back(std::move(r));
  });
  return c;
}

// Bitwise equality, so NaN == NaN and -0.0 != 0.0: the reproducibility contract is about bits.
template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

bool same_bits(const ReplicateResult& a, const ReplicateResult& b) {
  // Outcomes and FamilyRecord are plain doubles with no padding, so bytes are values.
  static_assert(sizeof(Outcomes) % sizeof(double) == 0 && sizeof(FamilyRecord) % sizeof(double) == 0);
  if (std::memcmp(&a.outcomes, &b.outcomes, sizeof(a.outcomes)) != 0) return false;
#define JIMSIM_SAME_SERIES(name, unit, meaning) \
  if (!same_bits(a.series.name, b.series.name)) return false;
  JIMSIM_SERIES_FIELDS(JIMSIM_SAME_SERIES)
#undef JIMSIM_SAME_SERIES
  return same_bits(a.families, b.families);
}

std::vector<Parameters> two_policies() {
  Parameters jim;
  jim.intake.cohort_size = 200;
  jim.intake.arrival_window_weeks = 30;
  Parameters cau = jim;
  cau.mentor_search.enabled = false;
  return {cau, jim};
}

}  // namespace

TEST_CASE("results are bit-identical for 1, 2 and 4 threads", "[runner][reproducibility]") {
  const auto scenarios = two_policies();
  const auto one = run(scenarios, 6, 1, 5, true);
  for (const int threads : {2, 4}) {
    const auto many = run(scenarios, 6, threads, 5, true);
    REQUIRE(many.results.size() == one.results.size());
    for (std::size_t u = 0; u < one.results.size(); ++u) {
      INFO("threads " << threads << ", unit " << u);
      CHECK(many.order[u].point == one.order[u].point);
      CHECK(many.order[u].replicate == one.order[u].replicate);
      CHECK(same_bits(many.results[u], one.results[u]));
    }
  }
}

TEST_CASE("units come back in replicate-major order", "[runner]") {
  const auto c = run(two_policies(), 3, 3);
  REQUIRE(c.order.size() == 6);
  for (std::size_t u = 0; u < 6; ++u) {
    CHECK(c.order[u].point == static_cast<int>(u % 2));
    CHECK(c.order[u].replicate == static_cast<int>(u / 2));
  }
}

TEST_CASE("the same seed reproduces a replicate, and another seed or replicate does not", "[runner][reproducibility]") {
  const Parameters p = two_policies()[1];
  const auto a = simulate_replicate(p, 42, 3, true);
  CHECK(same_bits(a, simulate_replicate(p, 42, 3, true)));
  CHECK_FALSE(same_bits(a, simulate_replicate(p, 43, 3, true)));
  CHECK_FALSE(same_bits(a, simulate_replicate(p, 42, 4, true)));
}

TEST_CASE("two identical scenarios give identical outcomes (common random numbers)", "[runner][crn]") {
  const Parameters p = two_policies()[1];
  const auto c = run({p, p}, 4, 2);
  for (std::size_t r = 0; r < 4; ++r) CHECK(same_bits(c.results[2 * r], c.results[2 * r + 1]));
}

TEST_CASE("scenarios meet the same families and the same draws", "[runner][crn]") {
  const auto scenarios = two_policies();
  const auto cau = simulate_replicate(scenarios[0], 9, 0, true);
  const auto jim = simulate_replicate(scenarios[1], 9, 0, true);
  REQUIRE(cau.families.size() == jim.families.size());
  for (std::size_t k = 0; k < cau.families.size(); ++k) {
    CHECK(cau.families[k].arrival_week == jim.families[k].arrival_week);
    CHECK(cau.families[k].age_at_intake == jim.families[k].age_at_intake);
    CHECK(cau.families[k].initial_severity == jim.families[k].initial_severity);
  }
}

TEST_CASE("extra draws in one process do not shift any other process's draws", "[runner][crn]") {
  // Mentors are searched for, found and drop out (drawing from their own streams) but have no
  // effect on anything: placements, crises and costs must equal care as usual bit for bit.
  Parameters cau = two_policies()[0];
  Parameters inert = cau;
  inert.mentor_search.enabled = true;
  inert.mentor_search.mentor_hours_mean = 0.0;
  inert.professionals.mentor_support_share = 0.0;
  inert.placement.respite_willingness = 0.0;
  inert.crisis.mentor_stays_factor = 1.0;
  inert.placement.mentor_bond_credit = 0.0;
  inert.costs.mentor_expenses_week = 0.0;
  inert.costs.training_per_professional = 0.0;
  const auto a = simulate_replicate(cau, 9, 0, true);
  const auto b = simulate_replicate(inert, 9, 0, true);
  const auto& oa = a.outcomes[0];
  const auto& ob = b.outcomes[0];
  CHECK(ob.mentors_found > 0);
  CHECK(ob.mentors_dropped_out > 0);
  CHECK(ob.placements == oa.placements);
  CHECK(ob.crises == oa.crises);
  CHECK(ob.residential_days == oa.residential_days);
  CHECK(ob.cost_total == oa.cost_total);
  CHECK(same_bits(b.series.placement_free_survival, a.series.placement_free_survival));
}

TEST_CASE("an exception in a unit stops the run and reaches the caller", "[runner]") {
  ExecutorSettings settings;
  settings.threads = 2;
  Parameters p;
  p.intake.cohort_size = 20;
  int delivered = 0;
  CHECK_THROWS_AS(run_replicates(plan_of({p}, 50, 1), settings,
                                 [&](const WorkUnit& u, ReplicateResult&&) {
                                   if (u.replicate == 7) throw std::runtime_error("disk full");
                                   ++delivered;
                                 }),
                  std::runtime_error);
  CHECK(delivered == 7);
}

TEST_CASE("a cancelled run stops promptly with RunCancelled", "[runner]") {
  for (const int threads : {1, 2, 4}) {
    std::atomic<bool> cancel{false};
    ExecutorSettings settings;
    settings.threads = threads;
    settings.cancel = &cancel;
    Parameters p;
    p.intake.cohort_size = 10;
    int delivered = 0;
    CHECK_THROWS_AS(run_replicates(plan_of({p}, 200, 1), settings,
                                   [&](const WorkUnit&, ReplicateResult&&) {
                                     if (++delivered == 3) cancel = true;
                                   }),
                    RunCancelled);
    CHECK(delivered == 3);
  }
}

TEST_CASE("the runner can simulate a given cohort in every replicate", "[runner][cohort]") {
  Parameters p;
  p.intake.cohort_size = 50;
  const Cohort observed = draw_cohort(p, 99, 0);
  RunPlan plan = plan_of({p}, 3, 5);
  plan.cohort = std::make_shared<const Cohort>(observed);
  ExecutorSettings settings;
  settings.threads = 2;
  const auto c = [&] {
    Collected out;
    run_replicates(plan, settings, [&](const WorkUnit&, ReplicateResult&& r) {
      out.results.push_back(std::move(r));
    });
    return out;
  }();
  REQUIRE(c.results.size() == 3);
  for (std::uint32_t r = 0; r < 3; ++r) CHECK(same_bits(c.results[r], simulate_replicate(p, observed, 5, r, false)));
  // The cohort is the same, the chance events differ between replicates.
  CHECK_FALSE(same_bits(c.results[0], c.results[1]));
}

TEST_CASE("results and handed-on failures reach the caller in unit order, for any subset of units and threads",
          "[runner]") {
  // Point 1's horizon ends before a family of the cohort arrives, so each of its units fails.
  Parameters p;
  p.intake.cohort_size = 30;
  auto cohort = std::make_shared<Cohort>(draw_cohort(p, 99, 0));
  cohort->arrival_week[3] = 60.0;
  Parameters short_horizon = p;
  short_horizon.simulation.horizon_weeks = 52.0;
  RunPlan plan = plan_of({p, short_horizon}, 23, 5);
  plan.cohort = cohort;
  // Every unit, then the units a resumed run might still need: runs of several, gaps, the last.
  std::vector<std::size_t> every(plan.unit_count());
  for (std::size_t u = 0; u < every.size(); ++u) every[u] = u;
  const std::vector<std::size_t> some{0, 1, 2, 3, 9, 10, 17, 18, 19, 20, 21, 33, 45};
  for (const auto& units : {every, some}) {
    for (const int threads : {1, 2, 4}) {
      ExecutorSettings settings;
      settings.threads = threads;
      std::vector<std::size_t> order;
      std::vector<ReplicateResult> results;
      int failures = 0;
      run_units(
          plan, units, settings,
          [&](const WorkUnit& u, ReplicateResult&& r) {
            CHECK(u.point == 0);
            order.push_back(static_cast<std::size_t>(u.replicate) * 2 + static_cast<std::size_t>(u.point));
            results.push_back(std::move(r));
          },
          [&](const WorkUnit& u, const std::string& message) {
            CHECK(u.point == 1);
            CHECK_THAT(message, Catch::Contains("arrival_week = 60"));
            order.push_back(static_cast<std::size_t>(u.replicate) * 2 + static_cast<std::size_t>(u.point));
            ++failures;
          });
      CHECK(order == units);
      CHECK(failures == static_cast<int>(std::count_if(units.begin(), units.end(), [](std::size_t u) { return u % 2; })));
      // The results are each unit's own, as simulated alone.
      std::size_t next = 0;
      for (const std::size_t u : units) {
        if (u % 2) continue;
        REQUIRE(next < results.size());
        CHECK(same_bits(results[next++], simulate_replicate(p, *cohort, 5, static_cast<std::uint32_t>(u / 2), false)));
      }
    }
  }
}
