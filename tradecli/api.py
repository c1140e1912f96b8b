"""The Python API: the dataset as an object to look up, filter, compare, check and turn into a DataFrame.

Every method calls the same core as the command line (tradecli.selection, tradecli.dataset,
tradecli.claims, tradecli.text, tradecli.checks), so the API and `tradecli ... --format json`
cannot disagree. Records are plain dicts with ``Decimal`` numbers, as stated ("8.0" stays
"8.0"); only `TradeData.to_frame` imports pandas, so loading and looking up stay as cheap as the CLI.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import localcontext
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from tradecli.errors import UsageError
from tradecli.interval import EXACT
from tradecli.model import FIELD_SPECS

if TYPE_CHECKING:
    import pandas as pd

    from tradecli.derive import Comparison
    from tradecli.model import Dataset, Unit
    from tradecli.report import Report

Record = dict[str, object]
P = ParamSpec("P")
R = TypeVar("R")


def exact(function: Callable[P, R]) -> Callable[P, R]:
    """Run in tradecli's own decimal context (interval.EXACT), not the caller's: the same numbers
    as the CLI whatever precision, rounding or traps a notebook has set, and its flags untouched."""

    @wraps(function)
    def in_exact_context(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(EXACT):
            return function(*args, **kwargs)

    return in_exact_context


# Numbers a source states, whose precision a float would lose: to_frame keeps them as text too.
STATED_NUMBERS = tuple(s.name for s in FIELD_SPECS if s.kind == "number" and not s.derived and s.name != "page")
WHOLE_NUMBERS = ("page",)  # integers: a nullable integer column, not a float


@exact
def load(path: str | os.PathLike[str] | None = None) -> TradeData:
    """Load and validate a dataset: the bundled GACC 2025 briefing by default, or a TOML file of the
    same schema (docs/dataset.md).

    Raises DatasetError listing every problem in the file, as `tradecli data validate` does.
    """
    from tradecli.dataset import load_dataset

    return TradeData(load_dataset(None if path is None else Path(path)))


class TradeData:
    """A loaded dataset. Figures are records (dicts) keyed by the CLI's field names (`tradecli fields`).

    A request the data cannot answer (an unknown or ambiguous name, a period without figures, a
    malformed condition) raises UsageError, with the same message the CLI prints.
    """

    __slots__ = ("_dataset",)

    def __init__(self, dataset: Dataset) -> None:
        """Wrap a validated core dataset; use tradecli.load() rather than calling this."""
        self._dataset = dataset

    def __repr__(self) -> str:
        return f"<TradeData {self.path!r}: {len(self._dataset.figures)} figures, version {self.version}>"

    @property
    def path(self) -> str:
        """The file the data was read from."""
        return self._dataset.path

    @property
    def title(self) -> str:
        """The dataset's title, from its [dataset] table."""
        return self._dataset.title

    @property
    def version(self) -> str | None:
        """The data's version as the file states it ("2025.1"), or None when it does not say."""
        return self._dataset.version

    @property
    def date(self) -> str | None:
        """The data's as-of date as ISO text ("2026-01-14"), or None when the file does not say."""
        return self._dataset.date

    @property
    def period(self) -> str:
        """The period a name means when no period is given ("2025")."""
        return self._dataset.period

    @property
    def periods(self) -> tuple[str, ...]:
        """Every period some figure belongs to, oldest first (a year before its quarters and months)."""
        from tradecli.periods import chronological

        return tuple(chronological(self._dataset.periods))

    @property
    def units(self) -> dict[str, Record]:
        """The units values are stated in, by name: kind ("amount", "quantity", "count", "percent",
        ...), scale (what one unit is worth: 1E+12 for "trillion yuan"), currency (a currency code,
        or a quantity's measure such as "tonne") and description. `value * scale` puts amounts of
        one currency on one scale; to_frame has these as columns."""
        return {
            unit.name: {"kind": unit.kind, "scale": unit.scale, "currency": unit.currency,
                        "description": unit.description}
            for unit in self._dataset.units.values()
        }  # fmt: skip

    @property
    def sections(self) -> tuple[str, ...]:
        """The sections figures are grouped in ("headline", "markets", ...)."""
        return self._dataset.sections

    @exact
    def get(self, name: str, period: str | None = None) -> Record:
        """One figure's record, by id, alias, phrase ("exports to the US") or whole words of a name.

        Without a period, the dataset's own (2025); a figure stated only for another period is
        returned in that period (its "period" field says which). Raises UsageError when nothing
        or more than one figure fits, naming the candidates.
        """
        from tradecli.dataset import resolve
        from tradecli.derive import record

        name, period = _text(name, "name"), _maybe_text(period, "period")
        return record(resolve(self._dataset, name, period), self._dataset)

    @exact
    def figures(
        self,
        period: str | None = None,
        *,
        section: str | None = None,
        flow: str | None = None,
        tier: str | None = None,
        where: Sequence[str] = (),
        search: str | None = None,
        sort: str | None = None,
        descending: bool = False,
        limit: int | None = None,
        currency: str | None = None,
        rate: str | None = None,
    ) -> list[Record]:
        """Records selected as `tradecli filter` selects them: within a period ("all" for every one;
        default the dataset's), of a section, flow and tier, matching every `where` condition
        ("growth > 10", "value > 5 trillion yuan") and the `search` text; sorted and cut.

        `currency`/`rate` convert values to another currency as `--currency`/`--rate` do; the
        "conversion" field then says how (a conversion, never an official figure). What the CLI
        notes on stderr (a condition or sort across kinds of unit) is a TradecliNote warning.
        """
        from tradecli.selection import select

        texts = {"period": period, "section": section, "flow": flow, "tier": tier, "search": search, "sort": sort,
                 "currency": currency, "rate": rate}  # fmt: skip
        checked = {name: _maybe_text(value, name) for name, value in texts.items()}
        selected = select(self._dataset, where=_texts(where, "where"), descending=_flag(descending, "descending"),
                          limit=_count(limit, "limit"), **checked)  # fmt: skip
        _warn(selected.notes)
        return selected.rows

    @exact
    def compare(self, *names: str, periods: Sequence[str] = ()) -> Comparison:
        """Figures side by side, as `tradecli compare` shows them: a NamedTuple of columns, rows
        (one dict per metric: value, growth, implied_prior, change, share_of_total) and notes.

        Two names add difference and ratio columns; one name with several periods compares the
        periods (with the change and the growth the values imply).
        """
        from tradecli.selection import compare_named

        names = tuple(_text(name, "names") for name in names)
        compared = compare_named(self._dataset, names, _texts(periods, "periods"))
        return compared.comparison._replace(notes=compared.notes)

    @exact
    def check(self, rules: Sequence[str] = (), *, period: str | None = None, tier: str | None = None) -> Checked:
        """The dataset's own consistency (sums, shares, containment, growth, ...), as `tradecli check`.

        `rules` picks rules by name (default: all); `period` keeps figures within it (default: all).
        """
        from tradecli.checks import pick_rules, run_rules
        from tradecli.report import Report

        chosen = pick_rules(_texts(rules, "rules"))
        period, tier = _maybe_text(period, "period"), _maybe_text(tier, "tier")
        dataset = self._view("all" if period is None else period, tier)
        return Checked(Report("rules", dataset.path, False, rules=run_rules(dataset, chosen)))

    @exact
    def check_claims(
        self, claims: Sequence[str], *, period: str | None = None, tier: str | None = None, strict: bool = False
    ) -> Checked:
        """Grade claims such as "exports=26.99" or "asean growth=7.6%" against the data, as
        `tradecli check CLAIM...`: match, rounded, mismatch, unknown-figure or unverifiable.

        Claims are about the dataset's period unless `period` says otherwise. `strict` counts a
        "rounded" claim as a failure.
        """
        from tradecli.claims import parse_inline, verify_all
        from tradecli.report import Report

        period = _maybe_text(period, "period")
        dataset = self._against(period, _maybe_text(tier, "tier"))
        results = verify_all(parse_inline(_texts(claims, "claims"), dataset.words), dataset, period)
        return Checked(Report("claims", dataset.path, _flag(strict, "strict"), claims=results))

    @exact
    def check_text(
        self,
        text: str,
        *,
        period: str | None = None,
        tier: str | None = None,
        strict: bool = False,
        include_skipped: bool = False,
    ) -> Checked:
        """Fact-check the numbers of an article (plain text or Markdown), as `tradecli check --text`.

        `period` is what the article means when it names none (default: the dataset's). Only a
        certain mismatch fails, unless `strict`; `include_skipped` also lists numbers not graded.
        """
        from tradecli.report import Article, Report
        from tradecli.text import scan

        period = _maybe_text(period, "period")
        dataset = self._against(period, _maybe_text(tier, "tier"))
        every = _flag(include_skipped, "include_skipped")
        findings = scan(_text(text, "text"), dataset, include_skipped=every, period=period)
        return Checked(Report("text", dataset.path, _flag(strict, "strict"), articles=(Article("<text>", findings),)))

    def _against(self, period: str | None, tier: str | None) -> Dataset:
        """What claims and articles are checked against: every period, since each statement picks its
        own period's version; a period asked for must have figures, or every verdict would be
        'unverifiable' rather than the usage error the CLI gives."""
        from tradecli.dataset import require_period

        if period is not None:
            require_period(self._dataset, period)
        return self._view("all", tier)

    def _view(self, period: str, tier: str | None) -> Dataset:
        from tradecli.dataset import view

        return view(self._dataset, period, tier)

    @exact
    def to_frame(
        self,
        period: str | None = "all",
        *,
        section: str | None = None,
        flow: str | None = None,
        tier: str | None = None,
        where: Sequence[str] = (),
        search: str | None = None,
        currency: str | None = None,
        rate: str | None = None,
    ) -> pd.DataFrame:
        """A pandas DataFrame with one row per figure and period (every period by default), one
        column per field (`tradecli fields`), selected as figures() selects.

        Numbers are floats (page a nullable integer); each stated number (value, growth, share,
        share_change) also has a `<name>_text` column keeping its stated precision ("8.0");
        text columns are pandas "string"; aliases and urls hold lists. Two columns follow
        `period`: period_start and period_end, monthly pandas Periods (sort and resample by them;
        "Q2-Q4 2025" is 2025-04 to 2025-12). Three follow `unit`: unit_kind, unit_scale and
        unit_currency (see `units`), so ``df.value * df.unit_scale`` puts amounts on one scale;
        values in different units are never comparable as they stand (17271 "100 million yuan"
        for December, 18.48 "trillion yuan" for the year). Ids by periods is one call away:
        ``df[df.unit == "trillion yuan"].pivot_table(index="id", columns="period", values="value")``.
        """
        records = self.figures(period, section=section, flow=flow, tier=tier, where=where, search=search,
                               currency=currency, rate=rate)  # fmt: skip
        return records_frame(records, self._dataset.units)


class Checked:
    """The outcome of a check: `ok`, one row (dict) per result as in `--format json`, and counts.

    Iterating gives the rows; `summary` is the line the CLI prints on stderr.
    """

    __slots__ = ("_report", "_rows")

    def __init__(self, report: Report) -> None:
        """Wrap a core report; the check methods of TradeData build these. Rows are built once: an
        article's findings are many, and len() and iteration should not rebuild them."""
        self._report = report
        self._rows = report.rows()

    def __repr__(self) -> str:
        return f"<Checked {self.summary}>"

    @property
    def mode(self) -> str:
        """What was checked: "rules", "claims" or "text"."""
        return self._report.mode

    @property
    def ok(self) -> bool:
        """True when nothing failed: the CLI would exit 0."""
        return self._report.ok

    @property
    def failures(self) -> int:
        """How many results failed."""
        return self._report.failures

    @property
    def counts(self) -> dict[str, int]:
        """How many results got each verdict ("pass", "match", "mismatch", ...)."""
        return self._report.counts()

    @property
    def summary(self) -> str:
        """One line: '3 claims: 2 match, 1 mismatch'."""
        return self._report.summary()

    @property
    def rows(self) -> list[Record]:
        """Every result as a flat dict with the keys of the CLI's JSON report (copies: changing one
        changes neither the report nor the next call's rows)."""
        return [dict(row) for row in self._rows]

    def __iter__(self) -> Iterator[Record]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self._rows)


def records_frame(records: Sequence[Record], units: Mapping[str, Unit] | None = None) -> pd.DataFrame:
    """Figure records as a DataFrame with one typed column per field, and the period's months and
    the unit's kind, scale and currency (see TradeData.to_frame).

    pandas is imported here and nowhere else, so that only a caller who wants a frame pays for it.
    """
    import pandas as pd

    columns: dict[str, pd.Series] = {}
    for spec in FIELD_SPECS:
        if spec.name in EXTRA_COLUMNS:
            columns[spec.name] = pd.Series([r.get(spec.name) for r in records], dtype="string")
            columns.update(EXTRA_COLUMNS[spec.name](records, units or {}))
            continue
        cells = [r.get(spec.name) for r in records]
        if spec.kind == "list":
            columns[spec.name] = pd.Series(cells, dtype=object)
        elif spec.kind == "text":
            columns[spec.name] = pd.Series(cells, dtype="string")
        else:
            whole = spec.name in WHOLE_NUMBERS
            numbers = cells if whole else [None if c is None else float(str(c)) for c in cells]
            columns[spec.name] = pd.Series(numbers, dtype="Int64" if whole else "float64")
            if spec.name in STATED_NUMBERS:
                columns[f"{spec.name}_text"] = pd.Series([_stated(c) for c in cells], dtype="string")
    return pd.DataFrame(columns)


def _period_columns(records: Sequence[Record], units: Mapping[str, Unit]) -> dict[str, pd.Series]:
    """period_start and period_end: the first and last month of each record's period."""
    import pandas as pd

    from tradecli.periods import PeriodError, parse_period

    def month(index: int) -> pd.Period:
        return pd.Period(year=index // 12, month=index % 12 + 1, freq="M")

    starts: list[pd.Period | None] = []
    ends: list[pd.Period | None] = []
    for record in records:
        try:
            span = parse_period(str(record.get("period")))
        except PeriodError:  # a dataset's period is always valid; a frame built from other records may not be
            starts.append(None)
            ends.append(None)
            continue
        starts.append(month(span.first))
        ends.append(month(span.last))
    return {"period_start": pd.Series(starts, dtype="period[M]"), "period_end": pd.Series(ends, dtype="period[M]")}


def _unit_columns(records: Sequence[Record], units: Mapping[str, Unit]) -> dict[str, pd.Series]:
    """unit_kind, unit_scale and unit_currency of each record's unit, as the dataset declares it."""
    import pandas as pd

    declared = [units.get(str(record.get("unit"))) for record in records]
    return {
        "unit_kind": pd.Series([u.kind if u else None for u in declared], dtype="string"),
        "unit_scale": pd.Series([float(u.scale) if u and u.scale is not None else None for u in declared],
                                dtype="float64"),
        "unit_currency": pd.Series([u.currency if u else None for u in declared], dtype="string"),
    }  # fmt: skip


# Columns a frame adds after a field's own (to_frame's docstring says why)
EXTRA_COLUMNS: dict[str, Callable[[Sequence[Record], Mapping[str, Unit]], dict[str, pd.Series]]] = {
    "period": _period_columns,
    "unit": _unit_columns,
}


def _texts(value: object, name: str) -> list[str]:
    """A parameter that takes several texts: one given bare is one (iterating "sum" would read the
    rules s, u, m), and anything else is a UsageError naming the parameter, not a TypeError deep inside."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and all(isinstance(item, str) for item in value):
        return list(value)
    raise UsageError(f"{name}: expected a text or a list of texts, got {_kind(value)}")


def _text(value: object, name: str) -> str:
    """A parameter that takes one text."""
    if isinstance(value, str):
        return value
    raise UsageError(f"{name}: expected a text, got {_kind(value)}")


def _maybe_text(value: object, name: str) -> str | None:
    """A parameter that takes one text, or None where it may be left out."""
    return None if value is None else _text(value, name)


def _count(value: object, name: str) -> int | None:
    """A parameter that takes a whole number, or None."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise UsageError(f"{name}: expected a whole number, got {_kind(value)}")


def _kind(value: object) -> str:
    """What was given, for the message; an object whose repr fails is named by its type alone."""
    try:
        shown = repr(value)
    except Exception:  # noqa: BLE001 - any failure of a caller's __repr__ must still give the UsageError
        shown = "(no repr)"
    return f"{type(value).__name__} {shown}"[:80]


def _flag(value: object, name: str) -> bool:
    """A parameter that takes True or False ('no' is a non-empty string, so it read as True)."""
    if isinstance(value, bool):
        return value
    raise UsageError(f"{name}: expected True or False, got {_kind(value)}")


def _warn(notes: Sequence[str]) -> None:
    """The CLI's notes, as warnings a notebook shows (stacklevel: the caller of the API method)."""
    if notes:
        import warnings

        from tradecli.errors import TradecliNote

        for note in notes:
            warnings.warn(note, TradecliNote, stacklevel=4)


def _stated(number: object) -> str | None:
    """A number as the source wrote it: Decimal("8.0") is "8.0", never "8" (None stays missing)."""
    return None if number is None else format(number, "f")
