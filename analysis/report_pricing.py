"""Re-pricing the stored counts: functions only, over the price declarations the file carries.

Every cost jimsim reports is a price (the `costs` parameter group, one value per point in
/parameters) times a count it records in /outcomes (results format 4). Which count each price
multiplies, which cost it adds to and when it applies is declared once, in sim/pricing.hpp, and
`jimsim compare` writes that declaration into the results file as the table
/comparison/decision/prices (docs/results-format.md); the report reads it from there
(report_read.py, Results.price_specs) instead of keeping a copy. The page's calculator re-prices the
counts in the browser exactly as sim/pricing.cpp does: each cost field starts at 0 and adds
count x price for the prices that apply, in the table's order; cost_total then adds the cost fields
in their order of first appearance in the table. tests/check_report.py checks that this reproduces
the stored cost_total of every replicate bit for bit.
"""
from collections import namedtuple

# basis: "always", "hours" (only when costs.staff_employed is 0) or "employed" (only when it is 1);
# label: the key in words ("costs.residential_day" -> "residential day"); low, high: the plausible
# range of the price (the tornado's), with its source.
Price = namedtuple("Price", "key count cost basis label low high source")

# The parameter that chooses the staff perspective (not a price: a switch in the `costs` group).
STAFF_EMPLOYED = "costs.staff_employed"
# The `applies` column of /comparison/decision/prices -> basis.
BASES = {
    "always": "always",
    f"when {STAFF_EMPLOYED} is false": "hours",
    f"when {STAFF_EMPLOYED} is true": "employed",
}
PRICE_COLUMNS = ("price", "count", "cost", "applies", "low", "high", "source")


def label_of(key):
    """A price key in words: "costs.residential_day" -> "residential day"."""
    name = key[len("costs."):] if key.startswith("costs.") else key
    return name.replace("_", " ")


def read_price_specs(rows):
    """The rows of /comparison/decision/prices (dicts of its columns, in stored order) as a list of
    Price, in pricing order. Raises ValueError for a table this report cannot use."""
    specs = []
    for i, row in enumerate(rows):
        missing = [c for c in PRICE_COLUMNS if c not in row]
        if missing:
            raise ValueError(f"the price table has no column {', '.join(missing)}")
        if row["applies"] not in BASES:
            raise ValueError(f"row {i} of the price table applies {row['applies']!r}, not one of "
                             f"{', '.join(repr(b) for b in BASES)}")
        specs.append(Price(row["price"], row["count"], row["cost"], BASES[row["applies"]], label_of(row["price"]),
                           float(row["low"]), float(row["high"]), row["source"]))
    if not specs:
        raise ValueError("the price table has no rows")
    if len({p.key for p in specs}) != len(specs):
        raise ValueError("the price table names a price twice")
    return specs


def cost_fields(specs):
    """The cost fields, in the order cost_total adds them: their first appearance in the table."""
    return list(dict.fromkeys(p.cost for p in specs))


def applies(price, staff_employed):
    return price.basis == "always" or (price.basis == "employed") == bool(staff_employed)


def repriced_cost_total(counts, prices, specs):
    """cost_total per replicate from the counts (dict field -> numpy array), one point's prices
    (dict key -> value) and the price declarations, in sim/pricing.cpp's order of additions."""
    employed = prices.get(STAFF_EMPLOYED, 0.0)
    fields = cost_fields(specs)
    costs = {c: 0.0 for c in fields}
    for p in specs:
        if applies(p, employed):
            costs[p.cost] = costs[p.cost] + counts[p.count] * prices[p.key]
    total = 0.0
    for c in fields:
        total = total + costs[c]
    return total


def has_counts(replicate_table, specs):
    """Whether a point's whole-cohort data has every count (results format 4)."""
    return all(p.count in replicate_table for p in specs)
