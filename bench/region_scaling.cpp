// Cost per family-week as the number of families grows, on one thread: the cost of a family should
// not depend on how many others share its replicate, from a 500-family cohort to a region's
// 1,000,000. Run from a Release build:
//   build/jimsim_region_bench [largest_families] [family_replicates_per_size] [repeats]
// (defaults 1000000, 500000 and 1: a few seconds per size at 50-100 ns per family-week). On a
// machine shared with other work, run each size a few times (repeats 3) and read the fastest.
//
// Two workloads, each at 500, 5,000, 50,000, 200,000 and 1,000,000 families per replicate:
//   cohort  the bundled JIM scenario scaled up: intake.cohort_size families at week 0, the default
//           workforce per 100 families, no caseload cap.
//   region  weekly referrals over the two-year horizon (families / 104 a week), a fixed workforce
//           sized for that referral volume and a caseload cap of 10, so a waiting list forms.
// Each size runs about family_replicates_per_size / families replicates (at least one), so every
// size simulates about as many family-weeks; with repeats, it does so that many times and the
// fastest counts. Columns:
//   ns/fw      nanoseconds per family-week: this thread's CPU time over families x horizon weeks x
//              replicates (families counts everyone taken into the arrays, arrived or not). CPU time
//              rather than wall time leaves out waiting for a core, though other work still slows
//              the large sizes most, through the shared cache and memory.
//   wall       the same from wall time
//   vs 500     ns/fw over the 500-family figure of the same workload: flat is 1.0
//   caseload   families with a professional per professional, in the busiest week
//   waiting    families on the waiting list per 100 families, mean over the second year
//   peak MB    peak resident memory of the process so far (sizes run smallest first, so this is the
//              peak of the largest size run yet)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "exec/memory_reuse.hpp"
#include "sim/cohort.hpp"
#include "sim/processes/intake.hpp"
#include "sim/replicate.hpp"

using namespace jimsim;

namespace {

constexpr std::uint64_t seed = 1;

struct Measure {
  double ns_per_family_week;  // thread CPU time
  double wall_ns_per_family_week;
  double caseload;
  double waiting_per_100;
};

// The JIM scenario with `families` families at week 0 and the workforce scaled to them.
Parameters cohort_workload(int families) {
  Parameters p;
  p.intake.cohort_size = families;
  return p;
}

// A region taking in `families` families over the horizon, staffed for its referral volume: 1.2 basic
// and 1.8 specialist FTE per 100 families referred a year keep caseloads near 10 families per
// professional, and the cap of 10 makes the rest wait.
Parameters region_workload(int families) {
  Parameters p;
  p.intake.weekly_referrals = families / p.simulation.horizon_weeks;
  const double referred_a_year = p.intake.weekly_referrals * 52.1775;
  p.professionals.basic_fte = 1.2 * referred_a_year / 100.0;
  p.professionals.specialist_fte = 1.8 * referred_a_year / 100.0;
  p.professionals.caseload_cap = 10;
  return p;
}

// Professionals hired for a replicate of `families` families, as intake.cpp hires them: each a person,
// the last of a kind part-time.
double professionals(const Parameters& p, std::size_t families) {
  const auto& pro = p.professionals;
  if (pro.basic_fte > 0.0 || pro.specialist_fte > 0.0) return std::ceil(pro.basic_fte) + std::ceil(pro.specialist_fte);
  const double per_100 = static_cast<double>(families) / 100.0;
  return std::ceil(pro.basic_per_100_families * per_100 - 1e-9) +
         std::ceil(pro.specialist_per_100_families * per_100 - 1e-9);
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

Measure measure(const Parameters& p, int replicates) {
  double family_weeks = 0.0, caseload = 0.0, waiting = 0.0, cpu = 0.0, wall = 0.0;
  ReplicateWorkspace workspace;  // as a worker thread of `jimsim run` keeps its arrays
  for (int r = 0; r < replicates; ++r) {
    const auto replicate = static_cast<std::uint32_t>(r);
    // How many families the replicate takes in (a region's arrivals are random), outside the timing.
    const std::size_t cohort_size = draw_cohort(p, seed, replicate).size();
    const auto families = static_cast<double>(cohort_size);
    family_weeks += families * p.simulation.horizon_weeks;
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_seconds();
    const ReplicateResult result = simulate_replicate(p, seed, replicate, false, workspace);
    cpu += thread_cpu_seconds() - cpu_start;
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // The workload's shape, from the weekly series: the caseload in the busiest week, and the
    // waiting list over the second year, when a region's referrals and closures balance.
    const auto& open = result.series.open_cases;
    const auto& queue = result.series.waiting_list;
    double busiest = 0.0, queued = 0.0;
    for (std::size_t t = 0; t < open.size(); ++t) {
      busiest = std::max(busiest, open[t] - queue[t]);
      if (t >= open.size() / 2) queued += queue[t];
    }
    caseload += busiest / professionals(p, cohort_size);
    waiting += 100.0 * queued / static_cast<double>(open.size() - open.size() / 2) / families;
  }
  return {1e9 * cpu / family_weeks, 1e9 * wall / family_weeks, caseload / replicates, waiting / replicates};
}

double peak_megabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void run(const char* name, Parameters (*workload)(int), const std::vector<int>& sizes, double family_replicates,
         int repeats) {
  std::printf("\n%s\n%10s %6s %8s %7s %8s %9s %8s %8s\n", name, "families", "reps", "ns/fw", "vs 500", "wall",
              "caseload", "waiting", "peak MB");
  measure(workload(sizes.front()), 20);  // warm-up
  double first = 0.0;
  for (const int n : sizes) {
    const int replicates = std::max(1, static_cast<int>(std::lround(family_replicates / n)));
    Measure m = measure(workload(n), replicates);
    for (int again = 1; again < repeats; ++again) {
      const Measure next = measure(workload(n), replicates);
      if (next.ns_per_family_week < m.ns_per_family_week) m = next;
    }
    if (first == 0.0) first = m.ns_per_family_week;
    std::printf("%10d %6d %8.1f %7.2f %8.1f %9.1f %8.1f %8.0f\n", n, replicates, m.ns_per_family_week,
                m.ns_per_family_week / first, m.wall_ns_per_family_week, m.caseload, m.waiting_per_100,
                peak_megabytes());
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory_for_reuse();  // as `jimsim run` does: the figures are what a run's workers see
  const int largest = argc > 1 ? std::stoi(argv[1]) : 1000000;
  const double family_replicates = argc > 2 ? std::stod(argv[2]) : 5e5;
  const int repeats = argc > 3 ? std::max(1, std::stoi(argv[3])) : 1;
  std::vector<int> sizes;
  for (const int n : {500, 5000, 50000, 200000, 1000000}) {
    if (n <= largest) sizes.push_back(n);
  }
  std::printf("ns per family-week on one thread, %.0f weeks, about %.0f family-replicates per size, fastest of %d\n",
              Parameters{}.simulation.horizon_weeks, family_replicates, repeats);
  run("cohort: the JIM scenario scaled up (cohort_size = families, default workforce per 100 families)",
      cohort_workload, sizes, family_replicates, repeats);
  run("region: families / 104 referrals a week, fixed FTE for that volume, caseload cap 10", region_workload, sizes,
      family_replicates, repeats);
  return 0;
}
