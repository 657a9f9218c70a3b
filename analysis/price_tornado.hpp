// Which prices could change the decision: a one-way sensitivity analysis over each price's
// plausible range (declared with the price in sim/pricing.hpp), re-pricing the stored counts for
// each end of the range. The measure is the net monetary benefit per family of the policy examined
// against the baseline at the decision's willingness to pay; each row also says which policy
// would be best with the price at either end.
#pragma once

#include <string>
#include <vector>

#include "analysis/decision_analysis.hpp"

namespace jimsim {

struct TornadoRow {
  std::string price;  // "costs.<price>"
  std::string unit;
  double default_value = 0.0;  // the baseline scenario's price in this analysis
  double low = 0.0;
  double high = 0.0;
  std::string source;  // of the range
  double value_default = 0.0;  // the measure, euro per family
  double value_low = 0.0;
  double value_high = 0.0;
  std::string best_low;  // the best policy with the price at low
  std::string best_high;
  bool decision_changes = false;
};

struct Tornado {
  std::string scenario;  // the policy examined: the best one, or the best other than the baseline
  std::string baseline;
  std::string best;      // the best policy at the prices as they are
  double wtp = 0.0;
  std::string effect;
  std::vector<TornadoRow> rows;  // widest swing first; only prices that apply to some scenario
};

// `results` as the analysis prices them (after any --price changes). Throws InputError with fewer
// than two scenarios.
Tornado price_tornado(const ResultsFile& results, const std::string& baseline, const std::string& effect, double wtp);

}  // namespace jimsim
