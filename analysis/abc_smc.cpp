#include "analysis/abc_smc.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>
#include <stdexcept>

#include "sim/distributions.hpp"
#include "sim/portable_math.hpp"

namespace jimsim {
namespace {

CounterRng proposal_stream(std::uint64_t seed, int generation, std::uint64_t k) {
  return CounterRng(seed, static_cast<std::uint32_t>(generation), static_cast<std::uint32_t>(k),
                    Process::calibration_proposal, static_cast<std::uint32_t>(k >> 32) & 0xFFFFFFu);
}

double median_of(std::vector<double> v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  return 0.5 * (upper + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
}

}  // namespace

double weighted_quantile(std::vector<double> values, std::vector<double> weights, double q) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double cumulative = 0.0;
  for (const std::size_t i : order) {
    cumulative += weights[i];
    if (cumulative >= q * total * (1.0 - 1e-12)) return values[i];
  }
  return values.empty() ? std::numeric_limits<double>::quiet_NaN() : values[order.back()];
}

AbcSmc::AbcSmc(std::vector<Prior> priors, std::vector<double> observed, AbcSettings settings)
    : priors_(std::move(priors)), observed_(std::move(observed)), settings_(settings) {
  if (priors_.empty()) throw std::invalid_argument("a calibration needs at least one free parameter");
  if (observed_.empty()) throw std::invalid_argument("a calibration needs at least one statistic");
  if (settings_.particles < 2) throw std::invalid_argument("a calibration needs at least 2 particles");
  if (settings_.replicates < 1) throw std::invalid_argument("replicates per particle must be at least 1");
  const std::uint64_t first = settings_.particles * static_cast<std::uint64_t>(settings_.replicates);
  if (settings_.max_simulations > 0 && settings_.max_simulations < 2 * first) {
    throw std::invalid_argument(fmt::format(
        "a simulation budget of {} does not cover the prior generation and one more ({} simulations each)",
        settings_.max_simulations, first));
  }
  scales_.assign(observed_.size(), 1.0);
  limit_ = settings_.particles;
}

std::vector<double> AbcSmc::propose(std::uint64_t k) const {
  CounterRng rng = proposal_stream(settings_.seed, generation(), k);
  const std::size_t d = priors_.size();
  std::vector<double> theta(d);
  if (done_.empty()) {
    for (std::size_t i = 0; i < d; ++i) theta[i] = to_parameter(priors_[i], draw_prior(priors_[i], rng));
    return theta;
  }
  for (int attempt = 0; attempt < 100000; ++attempt) {
    const double u = uniform_open01(rng) * cumulative_weight_.back();
    const auto j = static_cast<std::size_t>(
        std::upper_bound(cumulative_weight_.begin(), cumulative_weight_.end(), u) - cumulative_weight_.begin());
    Eigen::VectorXd xi(static_cast<Eigen::Index>(d));
    for (std::size_t i = 0; i < d; ++i) xi(static_cast<Eigen::Index>(i)) = jimsim::standard_normal(rng);
    const Eigen::VectorXd z = ancestors_[std::min(j, ancestors_.size() - 1)] + kernel_factor_ * xi;
    bool inside = true;
    for (std::size_t i = 0; i < d && inside; ++i) {
      inside = prior_log_density(priors_[i], z(static_cast<Eigen::Index>(i))) > -INFINITY;
    }
    if (!inside) continue;  // outside the prior's support: proposed again, never simulated
    for (std::size_t i = 0; i < d; ++i) theta[i] = to_parameter(priors_[i], z(static_cast<Eigen::Index>(i)));
    return theta;
  }
  throw std::runtime_error("the perturbation kernel keeps leaving the priors' ranges (10^5 attempts)");
}

std::uint64_t AbcSmc::simulation_seed(int generation, std::uint64_t k) const {
  CounterRng rng(settings_.seed, static_cast<std::uint32_t>(generation), static_cast<std::uint32_t>(k),
                 Process::calibration_seed, static_cast<std::uint32_t>(k >> 32) & 0xFFFFFFu);
  const std::uint64_t low = rng();
  return low | (std::uint64_t{rng()} << 32);
}

double AbcSmc::distance(const std::vector<double>& s, const std::vector<double>& scales) const {
  double sum = 0.0;
  for (std::size_t i = 0; i < observed_.size(); ++i) {
    if (std::isnan(observed_[i])) continue;
    if (!std::isfinite(s[i])) return INFINITY;
    const double x = (s[i] - observed_[i]) / scales[i];
    sum += x * x;
  }
  return std::sqrt(sum);
}

bool AbcSmc::accepts(const Result& r, double& share) const {
  if (done_.empty()) {
    share = 1.0;
    return true;
  }
  int within = 0;
  for (const auto& s : r.statistics) within += distance(s, scales_) <= tolerance_ ? 1 : 0;
  share = static_cast<double>(within) / static_cast<double>(r.statistics.size());
  return within > 0;
}

bool AbcSmc::add_result(std::uint64_t k, std::vector<double> parameters, std::vector<std::vector<double>> statistics) {
  if (generation_ready() || k >= limit_) return generation_ready();
  if (statistics.size() != static_cast<std::size_t>(settings_.replicates)) {
    throw std::invalid_argument("AbcSmc::add_result: one statistics vector per replicate expected");
  }
  for (const auto& s : statistics) {
    if (s.size() != observed_.size()) throw std::invalid_argument("AbcSmc::add_result: statistics of the wrong length");
  }
  if (results_.size() <= k) results_.resize(k + 1);
  if (!results_[k]) results_[k] = Result{std::move(parameters), std::move(statistics)};
  while (frontier_ < results_.size() && results_[frontier_]) {
    double share = 0.0;
    if (accepts(*results_[frontier_], share)) {
      accepted_.push_back(frontier_);
      accepted_share_.push_back(share);
    }
    ++frontier_;
    if (accepted_.size() == settings_.particles) {
      complete_ = true;
      return true;
    }
  }
  if (frontier_ >= limit_) exhausted_ = true;
  return generation_ready();
}

void AbcSmc::close_generation() {
  if (!generation_ready()) throw std::logic_error("AbcSmc::close_generation: the generation is not ready");
  const auto replicates = static_cast<std::uint64_t>(settings_.replicates);
  if (exhausted_) {
    simulations_used_ += frontier_ * replicates;
    finished_ = true;
    const bool budget = settings_.max_simulations > 0 &&
                        simulations_used_ + replicates > settings_.max_simulations;
    stop_reason_ = budget ? fmt::format("the simulation budget ({}) ran out during generation {}, which was dropped",
                                        settings_.max_simulations, generation())
                          : fmt::format("generation {} would have accepted fewer than {} of its proposals (the "
                                        "minimum acceptance rate); it was dropped",
                                        generation(), settings_.min_acceptance_rate);
    return;
  }
  const std::size_t n = accepted_.size(), d = priors_.size(), m = observed_.size();
  const std::uint64_t used = accepted_.back() + 1;
  AbcGeneration g;
  g.index = generation();
  g.tolerance = tolerance_;
  g.proposals = used;
  g.simulations = used * replicates;
  g.acceptance_rate = static_cast<double>(n) / static_cast<double>(used);

  // Weights: prior over the mixture of kernels around the previous generation, times the share of
  // replicates within tolerance (Beaumont et al. 2009; the share makes several replicates an
  // unbiased estimate of the ABC likelihood).
  std::vector<Eigen::VectorXd> z(n, Eigen::VectorXd(static_cast<Eigen::Index>(d)));
  std::vector<double> log_weight(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Result& r = *results_[accepted_[i]];
    double log_prior = 0.0;
    for (std::size_t p = 0; p < d; ++p) {
      z[i](static_cast<Eigen::Index>(p)) = to_internal(priors_[p], r.parameters[p]);
      log_prior += prior_log_density(priors_[p], z[i](static_cast<Eigen::Index>(p)));
    }
    log_weight[i] = math::log(accepted_share_[i]);
    if (done_.empty()) continue;
    const auto& previous = done_.back().particles;
    std::vector<double> terms(previous.size());
    for (std::size_t j = 0; j < previous.size(); ++j) {
      const Eigen::VectorXd diff = z[i] - ancestors_[j];
      terms[j] = math::log(previous[j].weight) - 0.5 * kernel_llt_.matrixL().solve(diff).squaredNorm();
    }
    const double top = *std::max_element(terms.begin(), terms.end());
    double sum = 0.0;
    for (const double t : terms) sum += math::exp(t - top);
    log_weight[i] += log_prior - (top + math::log(sum));
  }
  const double top = *std::max_element(log_weight.begin(), log_weight.end());
  std::vector<double> weight(n);
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) total += weight[i] = math::exp(log_weight[i] - top);
  double squares = 0.0;
  for (double& w : weight) {
    w /= total;
    squares += w * w;
  }
  g.effective_sample_size = 1.0 / squares;

  // New scales from every simulation of this generation (Prangle 2017): the median absolute
  // deviation of each statistic, so no statistic dominates the distance by its units.
  std::vector<double> next_scales(m);
  for (std::size_t s = 0; s < m; ++s) {
    std::vector<double> values;
    for (std::uint64_t k = 0; k < used; ++k) {
      for (const auto& stats : results_[k]->statistics) {
        if (std::isfinite(stats[s])) values.push_back(stats[s]);
      }
    }
    const double centre = median_of(values);
    std::vector<double> deviations;
    for (const double v : values) deviations.push_back(std::fabs(v - centre));
    double scale = median_of(deviations);
    if (!(scale > 0.0)) {
      scale = deviations.empty() ? 0.0 : std::accumulate(deviations.begin(), deviations.end(), 0.0) / static_cast<double>(deviations.size());
    }
    if (!(scale > 0.0)) scale = std::fabs(observed_[s]) > 0.0 ? std::fabs(observed_[s]) : 1.0;
    next_scales[s] = scale;
  }

  // The next tolerance: a quantile of the distances (under the new scales) of the replicates that
  // were within this generation's tolerance, each particle's weight shared among its own. With
  // several replicates per particle the others are fresh noise: a particle's median over all its
  // replicates settles at the noise level, and the tolerance stopped shrinking there. With one
  // replicate it is the particle's one distance.
  const std::vector<double>& recorded_scales = done_.empty() ? next_scales : scales_;
  std::vector<double> next_distance, next_weight;
  for (std::size_t i = 0; i < n; ++i) {
    const Result& r = *results_[accepted_[i]];
    std::vector<double> recorded, within;
    for (const auto& stats : r.statistics) {
      recorded.push_back(distance(stats, recorded_scales));
      if (done_.empty() || distance(stats, scales_) <= tolerance_) within.push_back(distance(stats, next_scales));
    }
    for (const double x : within) {
      next_distance.push_back(x);
      next_weight.push_back(weight[i] / static_cast<double>(within.size()));
    }
    g.particles.push_back({r.parameters, weight[i], median_of(recorded), accepted_share_[i], accepted_[i]});
  }
  g.scales = recorded_scales;
  simulations_used_ += g.simulations;
  const double next_tolerance = weighted_quantile(next_distance, next_weight, settings_.tolerance_quantile);
  done_.push_back(std::move(g));

  // Stopping rules.
  const std::uint64_t next_minimum = settings_.particles * replicates;
  if (static_cast<int>(done_.size()) >= settings_.max_generations) {
    stop_reason_ = fmt::format("reached max_generations ({})", settings_.max_generations);
  } else if (done_.size() > 1 && done_.back().tolerance <= settings_.min_tolerance) {
    stop_reason_ = fmt::format("the tolerance reached min_tolerance ({})", settings_.min_tolerance);
  } else if (done_.size() > 1 && done_.back().acceptance_rate < settings_.min_acceptance_rate) {
    stop_reason_ = fmt::format("the acceptance rate fell below min_acceptance_rate ({})", settings_.min_acceptance_rate);
  } else if (settings_.max_simulations > 0 && simulations_used_ + next_minimum > settings_.max_simulations) {
    stop_reason_ = fmt::format("the simulation budget ({}) cannot cover another generation", settings_.max_simulations);
  } else if (!std::isfinite(next_tolerance)) {
    stop_reason_ = "the particles' distances are not finite: the statistics cannot be matched";
  }
  if (!stop_reason_.empty()) {
    finished_ = true;
    return;
  }
  tolerance_ = next_tolerance;
  scales_ = std::move(next_scales);
  prepare_kernel();
  results_.clear();
  frontier_ = 0;
  accepted_.clear();
  accepted_share_.clear();
  complete_ = exhausted_ = false;
  set_limit();
}

void AbcSmc::prepare_kernel() {
  const auto& particles = done_.back().particles;
  const auto d = static_cast<Eigen::Index>(priors_.size());
  ancestors_.assign(particles.size(), Eigen::VectorXd(d));
  cumulative_weight_.resize(particles.size());
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(d);
  double cumulative = 0.0, squares = 0.0;
  for (std::size_t j = 0; j < particles.size(); ++j) {
    for (Eigen::Index p = 0; p < d; ++p) ancestors_[j](p) = to_internal(priors_[static_cast<std::size_t>(p)], particles[j].parameters[static_cast<std::size_t>(p)]);
    mean += particles[j].weight * ancestors_[j];
    cumulative_weight_[j] = cumulative += particles[j].weight;
    squares += particles[j].weight * particles[j].weight;
  }
  Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(d, d);
  for (std::size_t j = 0; j < particles.size(); ++j) {
    const Eigen::VectorXd c = ancestors_[j] - mean;
    covariance += particles[j].weight * c * c.transpose();
  }
  covariance /= std::max(1.0 - squares, 1e-12);  // the unbiased weighted covariance
  // Twice the population's covariance (Beaumont et al. 2009), with a floor so particles that all
  // agree on a parameter still move.
  Eigen::MatrixXd kernel = 2.0 * covariance;
  for (Eigen::Index p = 0; p < d; ++p) {
    const Prior& prior = priors_[static_cast<std::size_t>(p)];
    const double width = std::isfinite(internal_upper(prior) - internal_lower(prior))
                             ? internal_upper(prior) - internal_lower(prior)
                             : 1.0 + std::fabs(mean(p));
    kernel(p, p) += 1e-10 * width * width;
  }
  kernel_llt_.compute(kernel);
  if (kernel_llt_.info() != Eigen::Success || !kernel.allFinite()) {
    throw std::runtime_error(fmt::format(
        "generation {}: the particles' weighted covariance is not a valid perturbation kernel (weights or "
        "parameters not finite)", done_.back().index));
  }
  kernel_factor_ = kernel_llt_.matrixL();
}

void AbcSmc::set_limit() {
  const auto replicates = static_cast<std::uint64_t>(settings_.replicates);
  std::uint64_t limit = std::numeric_limits<std::uint64_t>::max();
  if (settings_.min_acceptance_rate > 0.0) {
    // Converted only below 2^63: a tiny rate would overflow the conversion (and give 0 proposals).
    const double proposals = std::ceil(static_cast<double>(settings_.particles) / settings_.min_acceptance_rate);
    if (proposals < 0x1p63) limit = static_cast<std::uint64_t>(proposals);
  }
  if (settings_.max_simulations > 0) limit = std::min(limit, (settings_.max_simulations - simulations_used_) / replicates);
  limit_ = limit;
}

}  // namespace jimsim
