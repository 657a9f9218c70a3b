"""Parameters of the reference model: defaults from jimsim, values from scenario files.

The declaration of every parameter lives in sim/parameters.hpp. Rather than copying its defaults,
this module asks the binary for them (`jimsim params --format toml`, a complete scenario file of
the defaults) and reads scenario files with their `base` chain on top, base-most first, as
io/scenario.cpp does. Values are kept in a nested dict, ``params[group][name]``, typed like the
defaults (bool, int or float).
"""

from __future__ import annotations

import functools
import os
import subprocess
import tomllib
from pathlib import Path

SCENARIO_KEYS = {"name", "description", "base"}
MAX_BASE_CHAIN = 32


@functools.lru_cache(maxsize=None)
def _defaults_text(jimsim: str) -> str:
    return subprocess.run([jimsim, "params", "--format", "toml"], check=True, capture_output=True,
                          text=True).stdout


def defaults(jimsim: str) -> dict:
    """Every parameter at its declared default, as `jimsim params --format toml` prints them."""
    return tomllib.loads(_defaults_text(os.fspath(jimsim)))


def _typed(default, value, key: str):
    """`value` converted to the type of the parameter's default."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(f"{key} must be true or false, not {value!r}")
        return value
    if isinstance(value, bool):
        raise ValueError(f"{key} must be a number, not {value!r}")
    if isinstance(default, int):
        if float(value) != int(value):
            raise ValueError(f"{key} must be a whole number, not {value!r}")
        return int(value)
    return float(value)


def _apply(params: dict, table: dict, where: str) -> None:
    for group, values in table.items():
        if group == "scenario":
            unknown = set(values) - SCENARIO_KEYS
            if unknown:
                raise ValueError(f"{where}: unknown key(s) in [scenario]: {sorted(unknown)}")
            continue
        if group not in params or not isinstance(values, dict):
            raise ValueError(f"{where}: unknown parameter group [{group}]")
        for name, value in values.items():
            if name not in params[group]:
                raise ValueError(f"{where}: unknown parameter {group}.{name}")
            params[group][name] = _typed(params[group][name], value, f"{group}.{name}")


def _chain(path: Path) -> list[tuple[Path, dict]]:
    """The scenario file and its bases, base-most first."""
    chain, seen = [], set()
    while True:
        path = path.resolve()
        if path in seen:
            raise ValueError(f"base scenarios form a cycle at {path}")
        if len(chain) >= MAX_BASE_CHAIN:
            raise ValueError(f"more than {MAX_BASE_CHAIN} base scenarios in a chain at {path}")
        seen.add(path)
        with open(path, "rb") as f:
            table = tomllib.load(f)
        chain.append((path, table))
        base = table.get("scenario", {}).get("base")
        if not base:
            break
        path = path.parent / base
    return chain[::-1]


def scenario_name(path) -> str:
    """The scenario's name: [scenario] name of the file itself, else the file name without .toml."""
    path = Path(path)
    with open(path, "rb") as f:
        table = tomllib.load(f)
    return table.get("scenario", {}).get("name") or path.stem


def parse_assignment(text: str) -> tuple[str, str, object]:
    """'group.name=value' as (group, name, value); the value as TOML would read it."""
    key, sep, value = text.partition("=")
    group, dot, name = key.strip().partition(".")
    if not sep or not dot:
        raise ValueError(f"not an assignment group.name=value: {text!r}")
    value = value.strip()
    if value in ("true", "false"):
        return group, name, value == "true"
    try:
        return group, name, int(value)
    except ValueError:
        return group, name, float(value)


def load(scenario, jimsim: str, overrides: list[str] | tuple[str, ...] = ()) -> dict:
    """The parameters of a scenario file: defaults, then its base chain, then `overrides`
    ('group.name=value', as `jimsim run --set`)."""
    params = defaults(jimsim)
    for path, table in _chain(Path(scenario)):
        _apply(params, table, os.fspath(path))
    for text in overrides:
        group, name, value = parse_assignment(text)
        _apply(params, {group: {name: value}}, f"--set {text}")
    return params


def default_jimsim() -> str | None:
    """The jimsim binary: $JIMSIM, else the repository's build/jimsim when it exists."""
    if os.environ.get("JIMSIM"):
        return os.environ["JIMSIM"]
    candidate = Path(__file__).resolve().parents[2] / "build" / "jimsim"
    return os.fspath(candidate) if candidate.exists() else None
