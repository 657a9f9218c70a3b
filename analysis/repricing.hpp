// Re-pricing without rerunning: every cost a results file holds is a price times a count it also
// holds (sim/pricing.hpp), so other prices give every cost figure again, exactly as a rerun with
// those prices would (prices never act on the model).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "io/results_file.hpp"

namespace jimsim {

struct PriceChange {
  std::string key;  // "costs.<price>"
  double value = 0.0;
  std::string text;  // as given
};

// Reads "costs.<price>=value" (or "<price>=value"). Throws InputError naming the option, for a key
// that is not a price (listing the prices), a value that is not a number or outside its declared range.
PriceChange parse_price_change(std::string_view text);

// Every scenario's prices with the changes, and every cost of its outcomes (all subgroups), yearly
// resource use and family records priced again.
ResultsFile repriced(ResultsFile results, const std::vector<PriceChange>& changes);

// One scenario's costs priced again with its own (possibly changed) parameters.
void reprice_scenario(ScenarioResults& scenario);

}  // namespace jimsim
