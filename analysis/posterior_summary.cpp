#include "analysis/posterior_summary.hpp"

#include <algorithm>
#include <cmath>

namespace jimsim {

void summarise_posterior(const CalibrationPlan& plan, CalibrationOutcome& outcome) {
  const AbcGeneration& last = outcome.generations.back();
  const AbcGeneration& prior = outcome.generations.front();
  const std::size_t d = plan.free.size(), n = last.particles.size();
  std::vector<double> weights, prior_weights;
  for (const auto& p : last.particles) weights.push_back(p.weight);
  for (const auto& p : prior.particles) prior_weights.push_back(p.weight);
  const auto column = [](const AbcGeneration& g, std::size_t i) {
    std::vector<double> v;
    for (const auto& p : g.particles) v.push_back(p.parameters[i]);
    return v;
  };
  const auto weighted_mean = [](const std::vector<double>& v, const std::vector<double>& w) {
    double sum = 0.0, total = 0.0;
    for (std::size_t j = 0; j < v.size(); ++j) {
      sum += w[j] * v[j];
      total += w[j];
    }
    return sum / total;
  };
  outcome.posterior.clear();
  std::vector<std::vector<double>> values(d);
  std::vector<double> means(d);
  for (std::size_t i = 0; i < d; ++i) {
    values[i] = column(last, i);
    const std::vector<double> prior_values = column(prior, i);
    PosteriorParameter p;
    p.key = plan.free[i].key;
    p.prior = plan.free[i].prior.describe();
    p.mean = means[i] = weighted_mean(values[i], weights);
    p.median = weighted_quantile(values[i], weights, 0.5);
    p.lower_90 = weighted_quantile(values[i], weights, 0.05);
    p.upper_90 = weighted_quantile(values[i], weights, 0.95);
    p.prior_mean = weighted_mean(prior_values, prior_weights);
    p.prior_lower_90 = weighted_quantile(prior_values, prior_weights, 0.05);
    p.prior_upper_90 = weighted_quantile(prior_values, prior_weights, 0.95);
    outcome.posterior.push_back(p);
  }
  outcome.correlation.assign(d, std::vector<double>(d, 0.0));
  for (std::size_t a = 0; a < d; ++a) {
    for (std::size_t b = 0; b < d; ++b) {
      double ab = 0.0, aa = 0.0, bb = 0.0;
      for (std::size_t j = 0; j < n; ++j) {
        const double x = values[a][j] - means[a], y = values[b][j] - means[b];
        ab += weights[j] * x * y;
        aa += weights[j] * x * x;
        bb += weights[j] * y * y;
      }
      outcome.correlation[a][b] = aa > 0.0 && bb > 0.0 ? ab / std::sqrt(aa * bb) : (a == b ? 1.0 : 0.0);
    }
  }
}

std::vector<PredictiveStatistic> predictive_check(const CalibrationPlan& plan,
                                                  const std::vector<std::vector<double>>& predicted) {
  std::vector<PredictiveStatistic> check;
  for (std::size_t s = 0; s < plan.statistics.size(); ++s) {
    PredictiveStatistic c;
    c.statistic = plan.statistics[s].name();
    c.unit = plan.statistics[s].unit();
    c.meaning = plan.statistics[s].meaning();
    c.observed = plan.observed[s];
    std::vector<double> v;
    for (const auto& draw : predicted) {
      if (s < draw.size() && std::isfinite(draw[s])) v.push_back(draw[s]);
    }
    c.draws = v.size();
    if (v.empty()) {
      c.mean = c.lower_90 = c.upper_90 = std::numeric_limits<double>::quiet_NaN();
      check.push_back(c);
      continue;
    }
    const std::vector<double> equal(v.size(), 1.0);
    double sum = 0.0;
    std::size_t at_or_below = 0, at_or_above = 0;
    for (const double x : v) {
      sum += x;
      at_or_below += x <= c.observed ? 1 : 0;
      at_or_above += x >= c.observed ? 1 : 0;
    }
    const double count = static_cast<double>(v.size());
    c.mean = sum / count;
    c.lower_90 = weighted_quantile(v, equal, 0.05);
    c.upper_90 = weighted_quantile(v, equal, 0.95);
    c.tail_probability =
        std::min(1.0, 2.0 * std::min(static_cast<double>(at_or_below), static_cast<double>(at_or_above)) / count);
    c.reproduced = c.tail_probability >= 0.1;
    check.push_back(c);
  }
  return check;
}

}  // namespace jimsim
