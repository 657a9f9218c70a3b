"""The 30-second summary at the top of the policy report: which policy is best at the stated
willingness to pay, what it averts and costs for the user's population, how sure we are and what that
uncertainty covers, and the frontier's thresholds. Every number is a stored number of the file."""
from report_budget import budget_summary
from report_frontier import threshold_sentences
from report_html import esc, number, stored_text

DECISION = "decision"
CE = "cost_effectiveness"


def cohort_size(r):
    """The run's cohort per replicate as a stored parameter, or None when intake is a referral rate."""
    parameters = r.parameters.get(r.baseline, {})
    if parameters.get("intake.weekly_referrals", 0.0) or "intake.cohort_size" not in parameters:
        return None
    return number(parameters["intake.cohort_size"], ",.0f", "/parameters", "intake.cohort_size",
                  scenario=r.baseline)


def lead(r):
    d = r.decision
    best = d["best_scenario"]
    wtp = number(float(d["decision_wtp"]), ",.0f", DECISION, attribute="decision_wtp", css="num mean")
    probability = number(d["best_probability"], ".0%", DECISION, attribute="best_probability", css="num mean")
    replicates = number(d["replicates_used"], "d", DECISION, attribute="replicates_used")
    name = stored_text(best, DECISION, attribute="best_scenario", tag="strong")
    others = len(r.scenarios)
    sentence = (f'<p class="lead" id="summary-key">At a willingness to pay of {wtp} euro per {esc(r.effect_unit)}, '
                f'{name} is the best choice of the {others} policies compared: it has the highest expected net '
                f"monetary benefit, and it is the best in {probability} of the {replicates} simulated replicates.")
    if float(d["decision_wtp"]) == 0:
        sentence += (f" At 0 euro the choice rests on cost alone; to decide at what a {esc(r.effect_unit)} is worth "
                     f"to you, run <code>jimsim compare {esc(r.path)} --baseline {esc(r.baseline)} --decision-wtp "
                     "AMOUNT</code> and this report again.")
    return sentence + "</p>"


def effect_bullet(r, best):
    """What the best policy averts and costs: for the user's population when the file has a budget
    impact, else per 100 families against the baseline."""
    if best == r.baseline:
        return (f"<li>No policy does better than the baseline <strong>{esc(r.baseline)}</strong> at this willingness "
                "to pay: see the thresholds below for what it would take.</li>")
    b = budget_summary(r, best)
    if b is not None:
        verb = "saves" if b["saves"] else "costs"
        return (f"<li><strong>For your population</strong> of {b['population']} referrals a year, {esc(best)} averts "
                f"about {b['averted_year']} placements a year against {esc(r.baseline)} ({b['averted_total']} over "
                f"{b['years']} years) and {verb} about {b['cost_year']} euro a year{'' if b['saves'] else ' more'} "
                f"({b['cost_total']} euro over {b['years']} years, 95% interval of the mean {b['cost_lower']} to "
                f"{b['cost_upper']}).</li>")
    ce = r.cost_effectiveness[(best, "all")]
    keys = dict(scenario=best, subgroup="all")
    averted = number(ce["placements_averted_per_100_mean"], ".1f", CE, "placements_averted_per_100_mean",
                     css="num mean", **keys)
    lo = number(ce["placements_averted_per_100_mean_lower"], ".1f", CE, "placements_averted_per_100_mean_lower", **keys)
    hi = number(ce["placements_averted_per_100_mean_upper"], ".1f", CE, "placements_averted_per_100_mean_upper", **keys)
    cost = number(ce["cost_difference_per_family_mean"], ",.0f", CE, "cost_difference_per_family_mean", css="num mean",
                  **keys)
    cost_100 = number(ce["cost_difference_per_family_mean"], ",.0f", CE, "cost_difference_per_family_mean",
                      scale=100.0, **keys)
    return (f"<li><strong>Per 100 families</strong>, {esc(best)} averts {averted} placements (95% interval of the mean "
            f"{lo} to {hi}) against {esc(r.baseline)}, with a cost difference of {cost} euro per family ({cost_100} "
            "euro per 100 families; negative is a saving). The file has no budget impact for a population: see "
            "the budget section.</li>")


def certainty_bullet(r, best):
    d = r.decision
    probability = number(d["best_probability"], ".0%", DECISION, attribute="best_probability")
    text = f"<li><strong>How sure:</strong> {esc(best)} is the best in {probability} of the replicates"
    if best != r.baseline:
        ce = r.cost_effectiveness[(best, "all")]
        verdict = stored_text(ce["verdict"], CE, "verdict", scenario=best, subgroup="all", css="verdict")
        text += f"; against {esc(r.baseline)}, from the 95% intervals of the mean: {verdict}"
    return text + ".</li>"


def coverage_bullet(r):
    size = cohort_size(r)
    cohort = f"one cohort of {size} families (the run's size)" if size else "one cohort as the run's intake makes it"
    replicates = number(r.decision["replicates_used"], "d", DECISION, attribute="replicates_used")
    text = (f"<li><strong>What the uncertainty covers:</strong> chance across {replicates} replicates, each {cohort} "
            "meeting its own chance events; a smaller municipality's yearly numbers vary more. ")
    if r.posterior:
        text += (f"It also covers the parameters calibrated in <code>{esc(r.posterior)}</code> (each replicate ran "
                 "with one posterior draw), but not the other parameters' assumed values. ")
    else:
        text += ("It does <em>not</em> cover uncertainty in the parameters: the run used no calibration posterior, "
                 "so the defaults are assumptions (run <code>jimsim run --posterior</code> to include it). ")
    return text + "It never covers the model's structure: a model built differently could rank the policies differently.</li>"


def tornado_bullet(r):
    if "tornado" not in r.tables:
        return ""
    changing = [row["price"] for row in r.tables["tornado"].rows if row["decision_changes"]]
    if changing:
        return ("<li><strong>Prices:</strong> the choice changes when one of "
                + ", ".join(f"<code>{esc(p)}</code>" for p in changing) + " moves within its plausible range.</li>")
    return ("<li><strong>Prices:</strong> no single price, moved over its plausible range, changes which policy is "
            "best.</li>")


def summary_section(r):
    best = r.decision["best_scenario"]
    thresholds = threshold_sentences(r)
    if thresholds:
        threshold = "<li><strong>Thresholds:</strong> " + " ".join(thresholds) + "</li>"
    else:
        threshold = ("<li><strong>Thresholds:</strong> no policy on the frontier costs more for more effect with a "
                     "distinguishable difference, so no threshold can be read.</li>")
    bullets = [effect_bullet(r, best), certainty_bullet(r, best), threshold, coverage_bullet(r), tornado_bullet(r)]
    return ('<section id="summary">\n<h2>In 30 seconds</h2>\n' + lead(r) + '\n<ul class="summary">\n'
            + "\n".join(b for b in bullets if b) + "\n</ul>\n</section>")
