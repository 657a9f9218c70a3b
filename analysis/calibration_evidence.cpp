#include "analysis/calibration_evidence.hpp"

#include <cmath>
#include <fmt/format.h>
#include <memory>

#include "analysis/calibration_statistics.hpp"
#include "plan/fingerprint.hpp"
#include "sim/errors.hpp"

namespace jimsim {

void attach_cohort(CalibrationPlan& plan, ObservedCohort cohort, const std::string& display) {
  if (plan.statistics.empty()) {
    throw InputError(fmt::format("{}: the calibration file lists no statistics to match against a cohort; add "
                                 "statistics = [...] to its [calibration] table",
                                 plan.name.empty() ? display : plan.name + ".toml"));
  }
  plan.observed.clear();
  for (const auto& spec : plan.statistics) {
    if (spec.needs_family_records()) {
      throw InputError(fmt::format("{}: {} needs per-youth values a cohort file does not have; name it in a "
                                   "targets file instead",
                                   display, spec.name()));
    }
    const double value = compute_statistic(spec, cohort);
    if (std::isnan(value)) {
      throw InputError(fmt::format("{}: the statistic {} has no value for this cohort ({}): no youth has the "
                                   "values it needs; remove it from the calibration file's statistics",
                                   display, spec.name(), spec.meaning()));
    }
    plan.observed.push_back(value);
  }
  // A digest, not the rows: enough to refuse a resume against a changed cohort.
  Fingerprint digest;
  for (const auto& spec : cohort_columns()) {
    if (spec.kind == CohortColumnKind::text) continue;
    for (std::size_t k = 0; k < cohort.size(); ++k) {
      digest.add_number(spec.get(cohort, k));
    }
  }
  plan.evidence_text = fmt::format("cohort of {} youths; content digest {}", cohort.size(), digest.hex());
  plan.cohort = std::make_shared<const ObservedCohort>(std::move(cohort));
}

void attach_targets(CalibrationPlan& plan, const Targets& targets) {
  plan.statistics = targets.statistics;
  plan.observed = targets.values;
  plan.evidence_text = targets.source_text;
  plan.cohort = nullptr;
  plan.targets_follow_up_weeks = targets.follow_up_weeks;
}

}  // namespace jimsim
