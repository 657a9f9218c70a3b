// The policy report's calculator (analysis/report_calculator.py embeds this file in the page).
// Recomputes the decision in the browser from the per-replicate counts embedded as JSON, exactly as
// `jimsim compare` does (analysis/decision_analysis.cpp, analysis/efficiency_frontier.cpp,
// sim/pricing.cpp): cost of a replicate = the prices times the recorded counts (each cost field from
// 0 in the order of the prices, then the total in the order of the cost fields); cost and effect per
// family; replicates where any policy is undefined are left out for all; mean = sum in order / n;
// the best policy has the highest wtp x mean effect - mean cost, policies taken cheapest first (ties:
// more effective, then earlier) and replaced only when strictly higher; the probability is the share
// of replicates in which a policy has the strictly highest net benefit (ties to the earlier policy).
// Inputs come from the form or, through the same code path, from the address's fragment
// (#wtp=50000&costs.residential_day=300).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("calculator-data").textContent);
  var form = document.getElementById("calculator-form");
  if (!form) return;
  var wtpInput = document.getElementById("input-wtp");
  var priceInputs = Array.prototype.slice.call(form.querySelectorAll("input[data-price]"));

  function euro(v) {
    return v.toLocaleString("en-US", {maximumFractionDigits: 0});
  }

  function readInputs() {
    var wtp = parseFloat(wtpInput.value);
    var overrides = {};
    priceInputs.forEach(function (input) {
      var v = parseFloat(input.value);
      if (input.value !== input.defaultValue && isFinite(v) && v >= 0) overrides[input.dataset.price] = v;
    });
    return {wtp: isFinite(wtp) && wtp >= 0 ? wtp : data.decision_wtp, overrides: overrides};
  }

  function replicateCosts(policy, overrides) {
    if (!data.counts_available) return policy.cost_total;
    var prices = {};
    Object.keys(policy.prices).forEach(function (k) { prices[k] = policy.prices[k]; });
    Object.keys(data.price_changes).forEach(function (k) { prices[k] = data.price_changes[k]; });
    Object.keys(overrides).forEach(function (k) { prices[k] = overrides[k]; });
    var employed = prices[data.staff_employed] ? true : false;
    return policy.families.map(function (_, r) {
      var costs = {};
      data.cost_fields.forEach(function (c) { costs[c] = 0.0; });
      data.prices.forEach(function (p) {
        var applies = p.basis === "always" || (p.basis === "employed") === employed;
        if (applies) costs[p.cost] = costs[p.cost] + policy.counts[p.count][r] * prices[p.key];
      });
      var total = 0.0;
      data.cost_fields.forEach(function (c) { total = total + costs[c]; });
      return total;
    });
  }

  function mean(values) {
    var sum = 0.0;
    for (var i = 0; i < values.length; i++) sum += values[i];
    return sum / values.length;
  }

  function decide(inputs) {
    var policies = data.policies;
    var cost = [], effect = [];
    policies.forEach(function (p) {
      var total = replicateCosts(p, inputs.overrides);
      cost.push(total.map(function (c, r) { return p.families[r] > 0 ? c / p.families[r] : NaN; }));
      effect.push(p.effect_numerator.map(function (e, r) {
        return p.families[r] > 0 ? data.effect_sign * (e / p.families[r]) : NaN;
      }));
    });
    var used = [];
    for (var r = 0; r < policies[0].families.length; r++) {
      var defined = true;
      for (var s = 0; s < policies.length; s++) defined = defined && isFinite(cost[s][r]) && isFinite(effect[s][r]);
      if (defined) used.push(r);
    }
    cost = cost.map(function (c) { return used.map(function (r) { return c[r]; }); });
    effect = effect.map(function (e) { return used.map(function (r) { return e[r]; }); });
    var means = policies.map(function (_, s) { return {cost: mean(cost[s]), effect: mean(effect[s])}; });
    var order = policies.map(function (_, s) { return s; });
    order.sort(function (a, b) {  // stable in every current browser
      if (means[a].cost !== means[b].cost) return means[a].cost < means[b].cost ? -1 : 1;
      if (means[a].effect !== means[b].effect) return means[a].effect > means[b].effect ? -1 : 1;
      return a - b;
    });
    var best = -1, bestValue = 0.0;
    order.forEach(function (s) {
      var value = inputs.wtp * means[s].effect - means[s].cost;
      if (best < 0 || value > bestValue) { best = s; bestValue = value; }
    });
    var benefit = policies.map(function (_, s) {
      return cost[s].map(function (c, i) { return inputs.wtp * effect[s][i] - c; });
    });
    var wins = policies.map(function () { return 0; });
    for (var i = 0; i < used.length; i++) {
      var b = 0;
      for (var t = 1; t < policies.length; t++) if (benefit[t][i] > benefit[b][i]) b = t;
      wins[b] += 1;
    }
    var base = data.baseline_index;
    var incremental = policies.map(function (_, s) {
      return mean(benefit[s].map(function (v, k) { return v - benefit[base][k]; }));
    });
    return {best: best, wins: wins, n: used.length, means: means, incremental: incremental, cost: cost,
            effect: effect, wtp: inputs.wtp};
  }

  function setText(id, text) {
    var e = document.getElementById(id);
    if (e) e.textContent = text;
  }

  function render(result) {
    var best = data.policies[result.best].name;
    var share = result.wins[result.best] / result.n;
    setText("calc-wtp", euro(result.wtp));
    setText("calc-best", best);
    setText("calc-wins", String(result.wins[result.best]));
    setText("calc-n", String(result.n));
    setText("calc-probability", (100 * share).toFixed(0) + "%");
    document.getElementById("calculator-answer").setAttribute("data-best", best);
    data.policies.forEach(function (p, s) {
      var row = document.querySelector('#calculator-table tr[data-index="' + s + '"]');
      if (!row) return;
      row.className = s === result.best ? "best" : "";
      row.querySelector(".calc-cost").textContent = euro(result.means[s].cost);
      row.querySelector(".calc-effect").textContent = (data.effect_scale * result.means[s].effect).toFixed(1);
      row.querySelector(".calc-nmb").textContent = euro(result.incremental[s]);
      row.querySelector(".calc-wins").textContent = result.wins[s] + " of " + result.n;
    });
    plot(result);
  }

  function plot(result) {
    var div = document.getElementById("calculator-plot");
    if (!div || typeof Plotly === "undefined") return;
    var traces = [];
    data.policies.forEach(function (p, s) {
      traces.push({type: "scatter", mode: "markers", name: p.name, legendgroup: p.name, showlegend: false,
                   x: result.effect[s].map(function (e) { return data.effect_scale * e; }), y: result.cost[s],
                   marker: {color: p.colour, size: 5, opacity: 0.35}, hoverinfo: "name+x+y"});
      traces.push({type: "scatter", mode: "markers", name: p.name, legendgroup: p.name,
                   x: [data.effect_scale * result.means[s].effect], y: [result.means[s].cost],
                   marker: {color: p.colour, size: s === result.best ? 16 : 11, symbol: "diamond",
                            line: {color: "black", width: s === result.best ? 2.5 : 1}}});
    });
    var all = [];
    result.effect.forEach(function (e) { e.forEach(function (v) { all.push(data.effect_scale * v); }); });
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    var m = result.means[result.best];
    var line = [lo, hi].map(function (x) { return m.cost + result.wtp * (x / data.effect_scale - m.effect); });
    traces.push({type: "scatter", mode: "lines", name: "same net benefit as the best", x: [lo, hi], y: line,
                 line: {color: "black", dash: "dash", width: 1.5}, hoverinfo: "skip"});
    var layout = {margin: {t: 30, r: 10, b: 50, l: 80}, hovermode: "closest",
                  xaxis: {title: data.effect_label, autorange: data.effect_scale < 0 ? "reversed" : true},
                  yaxis: {title: "cost per family (euro)", tickformat: ",.0f"},
                  title: {text: "Cost-effectiveness plane at your numbers (diamonds: means; dots: replicates)",
                          font: {size: 14}}};
    Plotly.react(div, traces, layout, {displaylogo: false, responsive: true});
  }

  function update() {
    var result = decide(readInputs());
    render(result);
    return result;
  }

  function fromFragment() {
    var hash = window.location.hash.replace(/^#/, "");
    if (!hash) return;
    hash.split("&").forEach(function (part) {
      var kv = part.split("=");
      if (kv.length !== 2) return;
      var key = decodeURIComponent(kv[0]), value = decodeURIComponent(kv[1]);
      if (key === "wtp") wtpInput.value = value;
      priceInputs.forEach(function (input) { if (input.dataset.price === key) input.value = value; });
    });
  }

  form.addEventListener("input", update);
  window.addEventListener("hashchange", function () { fromFragment(); update(); });
  fromFragment();
  update();
})();
