"""Exit 0 when two HDF5 files hold the same groups, datasets and attributes with the same values,
ignoring the attributes named with --ignore (e.g. command_line, which differs between a run on one
thread and on two). Used by the calibration tests: a posterior file must not depend on the number
of workers, nor on whether the run was interrupted and resumed."""
import argparse
import sys

import h5py
import numpy as np


def items(f, ignore):
    out = {}

    def attrs(name, obj):
        for key, value in obj.attrs.items():
            if key not in ignore:
                out[f"{name}@{key}"] = value

    attrs("/", f)

    def visit(name, obj):
        attrs(name, obj)
        if isinstance(obj, h5py.Dataset):
            out[name] = obj[()]

    f.visititems(visit)
    return out


def same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
            return False
        if a.dtype.kind == "f":
            return np.array_equal(a, b, equal_nan=True)
        if a.dtype.kind == "O":
            return all(same(x, y) for x, y in zip(a.ravel(), b.ravel()))
        return np.array_equal(a, b)
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return True
    return a == b


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--ignore", action="append", default=[])
    args = parser.parse_args()
    with h5py.File(args.a, "r") as fa, h5py.File(args.b, "r") as fb:
        # Dimension-scale links hold object references, which are addresses within each file.
        ignore = set(args.ignore) | {"DIMENSION_LIST", "REFERENCE_LIST"}
        ia, ib = items(fa, ignore), items(fb, ignore)
    differences = sorted(set(ia) ^ set(ib)) + sorted(k for k in set(ia) & set(ib) if not same(ia[k], ib[k]))
    for key in differences[:20]:
        print(f"differs: {key}", file=sys.stderr)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
