// `jimsim compare`: the policy comparison of a results file, as a terminal table, a CSV file and
// the /comparison group of the results file.
#pragma once

#include <string>
#include <vector>

namespace jimsim {

struct CompareCommand {
  std::string results_file;
  std::string baseline;  // empty: the first scenario of the run
  std::string csv;       // empty: no CSV
  bool subgroups = false;
  bool write_into_results = true;
  bool force = false;
  // The decision analysis: effect measure, willingness to pay (grid and the decision's).
  std::string effect = "placements";
  std::string wtp;                  // one amount, FROM:TO:STEP or a list; empty: the default grid
  std::string decision_wtp;         // empty: the single --wtp amount, or 0
  double population = 100.0;        // referrals a year, for the budget impact
  int years = 5;
  std::vector<std::string> prices;  // costs.<price>=value: re-price from the recorded counts
};

int compare_command(const CompareCommand& command);

}  // namespace jimsim
