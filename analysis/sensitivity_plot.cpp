// The sensitivity report as a self-contained SVG: one panel per outcome, one row per parameter
// (most influential first), bars with whiskers for the bootstrap intervals. Sobol: first-order and
// total indices on [0, 1]; Morris: mu* with its interval, sigma as a tick; otherwise the share of
// variance the parameters explain.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

#include "analysis/sweep_sensitivity.hpp"

namespace jimsim {
namespace {

constexpr int width = 760, label_width = 300, bar_width = width - label_width - 40, row_height = 22;

std::string escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

double clamp01(double v) { return std::isfinite(v) ? std::clamp(v, 0.0, 1.0) : 0.0; }

}  // namespace

std::string sensitivity_svg(const SensitivityReport& report) {
  std::string body;
  int y = 30;
  const std::size_t k = report.factors.size();
  for (const auto& o : report.outcomes) {
    body += fmt::format(R"(<text x="10" y="{}" font-weight="bold">{} ({} explained by parameters: {:.0f}%))" "</text>\n", y,
                        escape(o.label), escape(report.subgroup),
                        std::isfinite(o.split.parameter_share) ? 100.0 * o.split.parameter_share : 0.0);
    y += 8;
    // Rows by the index that ranks them: total (Sobol) or mu* (Morris).
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), 0);
    double scale = 1.0;
    if (!o.morris.empty()) {
      std::sort(order.begin(), order.end(), [&](auto a, auto b) { return o.morris[a].mu_star > o.morris[b].mu_star; });
    } else if (!o.sobol.empty()) {
      std::sort(order.begin(), order.end(), [&](auto a, auto b) { return o.sobol[a].total > o.sobol[b].total; });
    } else {
      y += 24;
      continue;
    }
    if (!o.morris.empty()) {
      scale = 0.0;
      for (const auto& m : o.morris) scale = std::max({scale, std::isfinite(m.mu_star_high) ? m.mu_star_high : 0.0, m.sigma, m.mu_star});
      if (!(scale > 0)) scale = 1.0;
    }
    const auto x_of = [&](double v) { return label_width + bar_width * (o.morris.empty() ? clamp01(v) : std::max(0.0, v) / scale); };
    for (const std::size_t f : order) {
      y += row_height;
      body += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>)" "\n", label_width - 6, y,
                          escape(report.factors[f]));
      if (!o.sobol.empty()) {
        const auto& s = o.sobol[f];
        body += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="8" fill="#1f77b4"><title>total {:.3f}</title></rect>)" "\n",
                            label_width, y - 12, x_of(s.total) - label_width, s.total);
        body += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="8" fill="#aec7e8"><title>first order {:.3f}</title></rect>)" "\n",
                            label_width, y - 4, x_of(s.first) - label_width, s.first);
        if (std::isfinite(s.total_low)) {
          body += fmt::format(R"(<line x1="{:.1f}" x2="{:.1f}" y1="{}" y2="{}" stroke="black"/>)" "\n", x_of(s.total_low), x_of(s.total_high), y - 8, y - 8);
          body += fmt::format(R"(<line x1="{:.1f}" x2="{:.1f}" y1="{}" y2="{}" stroke="black"/>)" "\n", x_of(s.first_low), x_of(s.first_high), y, y);
        }
      } else {
        const auto& m = o.morris[f];
        body += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="10" fill="#1f77b4"><title>mu* {:.4g}</title></rect>)" "\n",
                            label_width, y - 10, x_of(m.mu_star) - label_width, m.mu_star);
        if (std::isfinite(m.mu_star_low)) {
          body += fmt::format(R"(<line x1="{:.1f}" x2="{:.1f}" y1="{}" y2="{}" stroke="black"/>)" "\n", x_of(m.mu_star_low), x_of(m.mu_star_high), y - 5, y - 5);
        }
        body += fmt::format(R"(<line x1="{:.1f}" x2="{:.1f}" y1="{}" y2="{}" stroke="#d62728" stroke-width="2"><title>sigma {:.4g}</title></line>)" "\n",
                            x_of(m.sigma), x_of(m.sigma), y - 12, y + 2, m.sigma);
      }
    }
    y += 18;
    body += fmt::format(R"(<text x="{}" y="{}" font-size="11" fill="#555">{}</text>)" "\n", label_width, y,
                        o.morris.empty() ? "dark: total index, light: first-order index (share of variance), whiskers: "
                                           "bootstrap interval"
                                         : fmt::format("bar: mu* (mean |elementary effect|, {} per unit of the range), "
                                                       "whisker: interval, red tick: sigma",
                                                       escape(o.unit)));
    y += 24;
  }
  return fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif">)" "\n"
                     R"(<text x="10" y="18" font-size="15">Sensitivity: {} design, {} points x {} replicates</text>)" "\n{}</svg>\n",
                     width, y + 10, escape(report.design), report.points, report.replicates, body);
}

}  // namespace jimsim
