"""What the independent checks of a results file (check_comparison.py, check_decision.py) share:
a list of mismatches, and numbers compared with a relative tolerance (NaN equals NaN)."""

import math

RELATIVE_TOLERANCE = 1e-9


class Checker:
    def __init__(self):
        self.mismatches = []
        self.notes = []  # differences within rounding, reported but not failed
        self.checked = 0

    def fail(self, message):
        self.mismatches.append(message)

    def require(self, condition, message):
        self.checked += 1
        if not condition:
            self.fail(message)
        return bool(condition)

    @staticmethod
    def close(a, b, scale=0.0):
        """NaN equals NaN; otherwise a relative tolerance, with a floor relative to `scale` (the data's)."""
        a, b = float(a), float(b)
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b), abs(scale))

    def number(self, where, stored, expected, scale=0.0, labels=("file has", "expected")):
        self.checked += 1
        if not self.close(stored, expected, scale):
            stored, expected = float(stored), float(expected)
            difference = "" if math.isnan(stored) or math.isnan(expected) else f" (difference {stored - expected:.3g})"
            self.fail(f"{where}: {labels[0]} {stored!r}, {labels[1]} {expected!r}{difference}")

    def same(self, where, got, expected, labels=("file has", "expected")):
        """Exactly the same number (NaN equals NaN): a copy of a number, e.g. the CSV of the file's."""
        self.checked += 1
        got, expected = float(got), float(expected)
        if not (got == expected or (math.isnan(got) and math.isnan(expected))):
            self.fail(f"{where}: {labels[0]} {got!r}, {labels[1]} {expected!r}")
