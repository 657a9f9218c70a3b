#include "app/sensitivity_command.hpp"

#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <fstream>

#include "analysis/sweep_sensitivity.hpp"
#include "io/atomic_file.hpp"
#include "sim/errors.hpp"

namespace jimsim {
namespace {

std::string interval(double value, double low, double high) {
  if (!std::isfinite(value)) return "-";
  if (!std::isfinite(low)) return fmt::format("{:.3f}", value);
  return fmt::format("{:.3f} [{:.3f}, {:.3f}]", value, low, high);
}

void print_report(const SensitivityReport& r) {
  std::printf("%s design, %zu points x %zu replicates, subgroup \"%s\"; intervals: %.0f%% bootstrap (%zu resamples)\n",
              r.design.c_str(), r.points, r.replicates, r.subgroup.c_str(), 100.0 * r.options.bootstrap.confidence,
              r.options.bootstrap.resamples);
  for (const auto& o : r.outcomes) {
    std::printf("\n%s (%s)\n", o.label.c_str(), o.unit.c_str());
    if (!o.note.empty()) std::printf("  %s\n", o.note.c_str());
    if (std::isfinite(o.split.parameter_share)) {
      std::printf("  variance explained by the parameters: %.0f%%, by chance (one cohort's luck): %.0f%%\n",
                  100.0 * o.split.parameter_share, 100.0 * o.split.chance_share);
    }
    if (!o.sobol.empty()) {
      std::printf("  %-44s %26s %26s\n", "parameter", "first-order index", "total index");
      for (std::size_t f = 0; f < o.sobol.size(); ++f) {
        const auto& s = o.sobol[f];
        std::printf("  %-44s %26s %26s\n", r.factors[f].c_str(), interval(s.first, s.first_low, s.first_high).c_str(),
                    interval(s.total, s.total_low, s.total_high).c_str());
      }
    }
    if (!o.morris.empty()) {
      std::printf("  %-44s %12s %30s %12s\n", "parameter", "mu", "mu*", "sigma");
      for (std::size_t f = 0; f < o.morris.size(); ++f) {
        const auto& m = o.morris[f];
        std::printf("  %-44s %12.4g %30s %12.4g\n", r.factors[f].c_str(), m.mu,
                    interval(m.mu_star, m.mu_star_low, m.mu_star_high).c_str(), m.sigma);
      }
    }
  }
  if (r.design != "sobol" && r.design != "morris") {
    std::printf("\nA %s design gives the split of variance only: sweep with design = \"sobol\" for Sobol indices or "
                "\"morris\" for Morris screening.\n",
                r.design.c_str());
  }
}

}  // namespace

int sensitivity_command(const SensitivityCommand& command) {
  SensitivityOptions options;
  options.subgroup = command.subgroup;
  options.bootstrap.resamples = static_cast<std::size_t>(command.resamples);
  const SensitivityReport report = analyse_sweep(command.results_file, options);
  print_report(report);
  if (!command.plot.empty()) {
    AtomicFile out(command.plot, command.force);
    {
      std::ofstream stream(out.temporary(), std::ios::binary);
      stream << sensitivity_svg(report);
      stream.close();
      if (!stream) throw OutputError(fmt::format("could not write {}", command.plot));
    }
    out.commit();
    std::printf("\nPlot written to %s\n", command.plot.c_str());
  }
  if (command.write_into_results) write_sensitivity(command.results_file, report);
  return 0;
}

}  // namespace jimsim
