"""Completion candidates for parameter values: figure names, fields, periods, sections, rules...

Each function is a Typer `autocompletion` callback: given the click context of the command line
typed so far (parsed resiliently, nothing run) and the word being completed, it returns
(value, help) pairs. Values come from the dataset the command would use (--data or
TRADECLI_DATA when given, else the bundled one), so they are always names the command accepts.
A dataset that cannot be loaded offers nothing: completion must never fail. Heavy modules are
imported inside the functions, so defining the options costs nothing on ordinary runs.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from typer._click import Context

from tradecli.vocabulary import FLOWS, TIERS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tradecli.model import Dataset

Candidates = list[tuple[str, str]]
TIER_HELP = {"briefing": "figures from a briefing's own text", "reported": "official data as reported by the press"}


@lru_cache(maxsize=4)
def _load(path: str | None) -> Dataset | None:
    """The dataset at path (None: the bundled one), or None when it cannot be read or is invalid."""
    from tradecli.dataset import load_dataset

    try:
        return load_dataset(path)
    except Exception:  # noqa: BLE001 - a broken dataset offers no candidates; the command will explain
        return None


def dataset(ctx: Context) -> Dataset | None:
    """The dataset this command line would use: its --data (or TRADECLI_DATA), else the bundled one."""
    path = ctx.find_root().params.get("data")
    return _load(str(path) if path else None)


def matching(pairs: Iterable[tuple[str, str]], incomplete: str) -> Candidates:
    """The (value, help) pairs whose value starts with what has been typed, each value once."""
    seen: dict[str, str] = {}
    for value, help_text in pairs:
        if value.startswith(incomplete) and value not in seen:
            seen[value] = help_text
    return list(seen.items())


def _given(ctx: Context, name: str) -> list[str]:
    """Values already given to a multi-value parameter on this command line."""
    value = ctx.params.get(name)
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


# -- figures ----------------------------------------------------------------------------------


def figure_names(ctx: Context, incomplete: str) -> Candidates:
    """Figure ids (with their labels); aliases too once a first letter is typed, to keep the list short."""
    data = dataset(ctx)
    if data is None:
        return []
    named = set(_given(ctx, "names"))
    pairs = [(f.id, f.label) for f in data.figures if f.id not in named]
    if incomplete:
        pairs += [(alias, f"{f.label} ({f.id})") for f in data.figures if f.id not in named for alias in f.aliases]
    return matching(pairs, incomplete)


def periods(ctx: Context, incomplete: str) -> Candidates:
    """Periods the dataset has, and 'all'; for show/compare, the periods of the figures named."""
    data = dataset(ctx)
    if data is None:
        return []
    chosen = _named_ids(ctx, data)
    if chosen:
        return matching(((f.period, "") for f in data.figures if f.id in chosen), incomplete)
    listed = (data.period, *data.periods)  # the dataset's own period first
    return matching([*((p, "") for p in listed), ("all", "every period")], incomplete)


def _named_ids(ctx: Context, data: Dataset) -> set[str]:
    """Ids of the figures a show/compare command line names (those that resolve)."""
    from tradecli.dataset import resolve_id
    from tradecli.errors import UsageError

    ids = set()
    for name in _given(ctx, "name") + _given(ctx, "names"):
        try:
            ids.add(resolve_id(data, name))
        except UsageError:
            continue
    return ids


def sections(ctx: Context, incomplete: str) -> Candidates:
    """The sections the dataset declares (a custom --data file may have its own)."""
    data = dataset(ctx)
    return matching(((s, "") for s in data.sections), incomplete) if data is not None else []


def currencies(ctx: Context, incomplete: str) -> Candidates:
    """Currencies the dataset has a rate for, in lower case as the examples write them."""
    data = dataset(ctx)
    if data is None:
        return []
    return matching(((r.currency.lower(), f"from yuan at the {r.period} rate") for r in data.rates), incomplete)


def flows(ctx: Context, incomplete: str) -> Candidates:
    """Flows are fixed by the schema, so they are offered even when the dataset is broken."""
    return matching(((f, "") for f in FLOWS), incomplete)


def tiers(ctx: Context, incomplete: str) -> Candidates:
    """Tiers are fixed by the schema; the help says what each keeps."""
    return matching(((t, TIER_HELP.get(t, "")) for t in TIERS), incomplete)


def rules(ctx: Context, incomplete: str) -> Candidates:
    """Check's rules not yet chosen, with what each checks."""
    from tradecli.checks import RULES

    chosen = set(_given(ctx, "rules"))
    return matching(((r.name, r.summary) for r in RULES if r.name not in chosen), incomplete)


# -- fields -----------------------------------------------------------------------------------


def sort_fields(ctx: Context, incomplete: str) -> Candidates:
    """--sort takes one field of a figure (list and filter sort figures, not other columns)."""
    from tradecli.model import FIELD_SPECS

    return matching(((f.name, f.help) for f in FIELD_SPECS), incomplete)


def fields(ctx: Context, incomplete: str) -> Candidates:
    """--fields is a comma-separated list: complete its last name, keeping what comes before."""
    head, _, last = incomplete.rpartition(",")
    prefix = head + "," if head else ""
    taken = set(head.split(",")) if head else set()
    names = [(n, h) for n, h in field_names(ctx) if n not in taken]
    return [(prefix + name, help_text) for name, help_text in matching(names, last)]


def field_names(ctx: Context) -> Candidates:
    """The columns this command can show: a figure's fields, compare's columns, or check's report's."""
    command = ctx.command.name
    if command == "compare":
        return [(c, "") for c in _compare_columns(ctx)]
    if command == "check":
        from tradecli.report import Report

        mode = "text" if ctx.params.get("text") else "claims" if _claims_given(ctx) else "rules"
        return [(c, "") for c in Report(mode, "", False).columns()]
    from tradecli.model import FIELD_SPECS

    return [(f.name, f.help) for f in FIELD_SPECS]


def _claims_given(ctx: Context) -> bool:
    return bool(ctx.params.get("claims") or ctx.params.get("claims_file"))


def _compare_columns(ctx: Context) -> list[str]:
    """compare's columns for the figures named so far (their ids, or periods); the fixed ones if none resolve."""
    from tradecli.dataset import resolve
    from tradecli.derive import compare, compare_periods

    fixed = ["metric", "unit", "difference", "ratio", "change"]
    data = dataset(ctx)
    names = _given(ctx, "names")
    chosen: list[str | None] = [*_given(ctx, "periods")] or [None]
    if data is None or not names:
        return fixed
    try:
        figures = [resolve(data, n, p) for n in names for p in chosen]
        across = len({f.id for f in figures}) == 1 and len(figures) > 1
        return (compare_periods if across else compare)(figures, data).columns
    except Exception:  # noqa: BLE001 - a half-typed command line: offer the columns every comparison has
        return fixed
