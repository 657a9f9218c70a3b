"""Helpers shared by the Python checks in tests/ (imported from the scripts' own directory)."""
import numpy as np


def text(value):
    """An attribute or dataset value as str, whether h5py gives str, bytes or a 0-d array."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.shape == ():
        return text(value[()])
    return str(value)


def print_problems(heading, problems, limit=200):
    """Prints a heading and the first `limit` problems, one per line."""
    print(heading)
    for p in problems[:limit]:
        print(f"  {p}")
    if len(problems) > limit:
        print(f"  ... and {len(problems) - limit} more")
