"""Load a TOML dataset, validate it completely, and resolve names to figures.

Validation reports every problem it finds, each on its own located line, because a dataset
author fixing a file wants the whole list at once rather than one error per run.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from tradecli.errors import DatasetError, Problem, UsageError, close_matches, did_you_mean, suggestion
from tradecli.header import as_of, identity_problems, read_dataset_text
from tradecli.header import bundled_path as bundled_path  # where it always was, for callers
from tradecli.header import type_name as _type_name
from tradecli.interval import Rounding
from tradecli.limits import number_problem
from tradecli.model import (
    ADDITIVE_KINDS,
    BASES,
    FLOWS,
    NAME_KINDS,
    QUALIFIERS,
    RELATION_KINDS,
    TIERS,
    UNIT_KINDS,
    Dataset,
    Figure,
    Quote,
    Rate,
    Relation,
    Source,
    Unit,
    Words,
)
from tradecli.periods import FORMS as PERIOD_FORMS
from tradecli.periods import PeriodError, chronological, is_period, parse_period, same_period

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID_LINE = r'^[ \t]*id[ \t]*=[ \t]*"([^"]*)"'

TOP_LEVEL_KEYS = {"dataset", "sources", "units", "figure", "relation", "rounding", "words", "rate"}
RATE_KEYS = {"period": True, "currency": True, "yuan": True, "foreign": True}
DATASET_KEYS = {
    "title": True,
    "period": True,
    "comparison_period": True,
    "sections": True,
    "total": False,
    "currency": False,
    "version": True,  # a dataset says which data it is and as of when (README, "Dataset metadata")
    "date": True,
}
SOURCE_KEYS = {
    "document": True,
    "url": True,
    "tier": False,
    "page": False,
    "held": False,
    "published": False,
    "publisher": False,
}
UNIT_KEYS = {"kind": True, "description": False, "scale": False, "currency": False, "measure": False}
ROUNDING_KEYS = {"about_percent": False, "revision_percent": False}
WORDS_KEYS = {
    "scale": False, "currency": False, "measure": False, "percent": False, "qualifier": False, "cues": False,
    "flows": False, "partners": False, "products": False, "subjects": False, "sources": False, "periods": False,
}  # fmt: skip
PERCENT_MEANINGS = ("percent", "points")
FIGURE_SOURCE_KEYS = {"ref": True, "also": False, "speaker": False, "part": False, "paragraph": False}
RELATION_KEYS = {"kind": True, "whole": True, "parts": True}

# name -> (expected type, required?)
TEXT, NUMBER, TEXT_LIST, TABLE, INTEGER = "text", "a number", "a list of text", "a table", "an integer"
QUOTES = "a table or an array of tables"
FIGURE_KEYS: dict[str, tuple[str, bool]] = {
    "id": (TEXT, True),
    "label": (TEXT, True),
    "aliases": (TEXT_LIST, False),
    "section": (TEXT, True),
    "flow": (TEXT, True),
    "partner": (TEXT, False),
    "product": (TEXT, False),
    "subject": (TEXT, False),
    "value": (NUMBER, False),
    "unit": (TEXT, False),
    "qualifier": (TEXT, False),
    "growth": (NUMBER, False),
    "growth_qualifier": (TEXT, False),
    "basis": (TEXT, False),
    "growth_currency": (TEXT, False),
    "share": (NUMBER, False),
    "share_qualifier": (TEXT, False),
    "share_of": (TEXT, False),
    "share_base": (TEXT, False),
    "share_change": (NUMBER, False),
    "part_of": (TEXT, False),
    "restates": (TEXT, False),
    "counterpart": (TEXT, False),
    "period": (TEXT, False),
    "comparison_period": (TEXT, False),
    "notes": (TEXT, False),
    "quote": (QUOTES, False),
    "source": (TABLE, True),
}
QUOTE_KEYS: dict[str, bool] = {"text": True, "lang": True, "url": True}
QUOTE_LANGS = ("en", "zh-Hans", "zh-Hant")
REFERENCE_KEYS = ("share_of", "part_of", "restates", "counterpart")


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Read and validate a dataset file; raise DatasetError listing every problem.

    A file already parsed and validated in this version of its content comes from its parsed form
    (tradecli.snapshot: the bundled one's ships in the package, a user file's is in the user's cache).
    """
    if path is None or str(path) != "-":
        from tradecli.snapshot import load

        return load(path)
    file, text = read_dataset_text(path)
    return parse_dataset(text, str(file))[0]


def parse_dataset(text: str, name: str) -> tuple[Dataset, dict[str, Any]]:
    """Validate a dataset's text (a file's or standard input's), keeping the parsed document too:
    writing a dataset (tradecli.export) needs its records exactly as stated, which the model
    normalises (defaults filled in, word keys lowercased, source names resolved)."""
    from tradecli.inputs import parse_toml  # here: loading a parsed form (tradecli.snapshot) needs no TOML reader

    raw = parse_toml(text, name, DatasetError)
    return _Validator(name, text, raw).build(), raw


def _sane(value: object) -> bool:
    """A number within the bounds of tradecli.limits (finite, not absurdly large, long or fine)."""
    return isinstance(value, int | Decimal) and _matches(NUMBER, value) and number_problem(value) is None


def _matches(expected: str, value: object) -> bool:
    if expected == TEXT:
        return isinstance(value, str)
    if expected == NUMBER:
        return isinstance(value, int | Decimal) and not isinstance(value, bool)
    if expected == INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == TEXT_LIST:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if expected == QUOTES:
        return isinstance(value, dict) or (isinstance(value, list) and all(isinstance(v, dict) for v in value))
    return isinstance(value, dict)


class _Validator:
    """Walks the raw TOML once, collecting located problems, then builds the Dataset."""

    def __init__(self, file: str, text: str, raw: dict[str, Any]) -> None:
        self.file = file
        self.text = text
        self.raw = raw
        self.problems: list[Problem] = []
        # The n-th `id = ...` line of the file belongs to the n-th figure (only figures have ids).
        newlines = [m.start() for m in re.finditer("\n", text)]
        from bisect import bisect_left  # here: a dataset loaded from its parsed form is not validated again

        self.id_lines = [bisect_left(newlines, m.start()) + 1 for m in re.finditer(_ID_LINE, text, re.MULTILINE)]

    # -- reporting -------------------------------------------------------------------------
    def problem(self, where: str, message: str, field: str | None = None) -> None:
        self.problems.append(Problem(self.file, where, message, field))

    def figure_where(self, index: int, record: dict[str, Any]) -> str:
        fig_id = record.get("id")
        if isinstance(fig_id, str) and fig_id:
            line = self.line_of(index)
            prefix = f"line {line}, " if line else ""
            period = f" ({record['period']})" if isinstance(record.get("period"), str) else ""
            return f"{prefix}figure '{fig_id}'{period}"
        return f"figure #{index + 1}"

    def field_where(self, index: int, record: dict[str, Any], key: str) -> str:
        """figure_where, with the line of the key itself when it is written between this figure's id
        and the next one's (a number 30 lines into a figure is found at once)."""
        where = self.figure_where(index, record)
        first, last = self.line_of(index), self.line_of(index + 1)
        if first is None or not where.startswith(f"line {first},"):
            return where
        lines = self.lines[first - 1 : last]
        written = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=")
        found = next((n for n, line in enumerate(lines, start=first) if written.match(line)), first)
        return where.replace(f"line {first},", f"line {found},", 1)

    @functools.cached_property
    def lines(self) -> list[str]:
        """The file's lines, split once: locating a field must not cost a pass over the whole file."""
        return self.text.splitlines()

    def line_of(self, index: int) -> int | None:
        return self.id_lines[index] if index < len(self.id_lines) else None

    def check_bounds(self, where: str, field: str, number: int | Decimal) -> bool:
        """A number outside tradecli.limits (nan, inf, 1e400, 30 digits) is a problem here, at its
        place, rather than a crash in whatever command first computes with it."""
        problem = number_problem(number)
        if problem:
            self.problem(where, problem, field)
        return problem is None

    def check_positive(self, where: str, field: str, value: object) -> bool:
        """A number within the bounds and above zero (a unit's scale); reports what is wrong if not."""
        if isinstance(value, int | Decimal) and _matches(NUMBER, value) and not self.check_bounds(where, field, value):
            return False
        if not (_sane(value) and isinstance(value, int | Decimal) and value > 0):
            self.problem(where, f"expected a positive number, got {_type_name(value)}", field)
            return False
        return True

    def check_keys(self, where: str, record: dict[str, Any], spec: dict[str, Any]) -> None:
        """Missing required keys and unknown keys, each with a suggestion when one helps."""
        for key, rule in spec.items():
            required = rule[1] if isinstance(rule, tuple) else rule
            if required and key not in record:
                self.problem(where, "missing required field", key)
        for key in record:
            if key not in spec:
                hint = did_you_mean(key, spec)
                self.problem(where, f"unknown field (expected one of: {', '.join(spec)}){hint}", key)

    def table(self, key: str, required: bool = True) -> dict[str, Any]:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.problem(f"[{key}]", "missing required table")
            return {}
        if not isinstance(value, dict):
            self.problem(f"[{key}]", f"expected a table, got {_type_name(value)}")
            return {}
        return value

    def array_of_tables(self, key: str) -> list[dict[str, Any]]:
        value = self.raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(f"[[{key}]]", f"expected an array of tables ([[{key}]]), got {_type_name(value)}")
            return []
        return value

    # -- sections of the file --------------------------------------------------------------
    def build(self) -> Dataset:
        for key in self.raw:
            if key not in TOP_LEVEL_KEYS:
                self.problem("top level", f"unknown table '{key}'{did_you_mean(key, TOP_LEVEL_KEYS)}")
        meta = self.check_meta()
        sources = self.check_sources()
        units = self.check_units()
        records = self.array_of_tables("figure")
        if "figure" not in self.raw:
            self.problem("[[figure]]", "the dataset has no figures")
        figures = [self.check_figure(i, r, meta, sources, units) for i, r in enumerate(records)]
        ids = self.check_identities(records, meta.get("period"))
        self.check_references(records, ids)
        relations = [self.check_relation(i, r, ids) for i, r in enumerate(self.array_of_tables("relation"))]
        rounding = self.check_rounding()
        words = self.check_words()
        rates = [self.check_rate(i, r, ids) for i, r in enumerate(self.array_of_tables("rate"))]
        self.check_rate_currencies(rates, figures, units, meta.get("currency") or "CNY")  # as convert reads it
        total = meta.get("total")
        if isinstance(total, str) and total not in ids:
            self.problem("[dataset]", f"refers to unknown figure '{total}'{did_you_mean(total, ids)}", "total")
        if self.problems:
            raise DatasetError(self.problems)
        return Dataset(
            path=self.file,
            title=meta["title"],
            period=meta["period"],
            comparison_period=meta["comparison_period"],
            sections=tuple(meta["sections"]),
            units=units,
            figures=tuple(f for f in figures if f is not None),
            relations=tuple(r for r in relations if r is not None),
            total_id=total if isinstance(total, str) else None,
            rounding=rounding,
            words=words,
            currency=meta.get("currency"),
            rates=tuple(r for r in rates if r is not None),
            version=meta.get("version"),
            date=as_of(meta.get("date")),
        )

    def check_meta(self) -> dict[str, Any]:
        meta = self.table("dataset")
        self.check_keys("[dataset]", meta, DATASET_KEYS)
        for key in ("title", "period", "comparison_period", "total", "currency"):
            if key in meta and not isinstance(meta[key], str):
                self.problem("[dataset]", f"expected text, got {_type_name(meta[key])}", key)
        if "sections" in meta and not _matches(TEXT_LIST, meta["sections"]):
            self.problem("[dataset]", f"expected a list of text, got {_type_name(meta['sections'])}", "sections")
        self.check_identity(meta)
        return meta

    def check_identity(self, meta: dict[str, Any]) -> None:
        for field, message in identity_problems(meta):
            self.problem("[dataset]", message, field)

    def check_sources(self) -> dict[str, dict[str, Any]]:
        sources = self.table("sources")
        valid: dict[str, dict[str, Any]] = {}
        for name, source in sources.items():
            where = f"[sources.{name}]"
            if not isinstance(source, dict):
                self.problem(where, f"expected a table, got {_type_name(source)}")
                continue
            self.check_keys(where, source, SOURCE_KEYS)
            for key, value in source.items():
                expected = INTEGER if key == "page" else TEXT
                if key in SOURCE_KEYS and not _matches(expected, value):
                    self.problem(where, f"expected {expected}, got {_type_name(value)}", key)
                elif expected == INTEGER:
                    self.check_bounds(where, key, value)
            tier = source.get("tier", "briefing")
            if tier not in TIERS:
                self.problem(where, f"unknown tier {tier!r} (expected one of: {', '.join(TIERS)})", "tier")
            valid[name] = source
        return valid

    def check_units(self) -> dict[str, Unit]:
        units: dict[str, Unit] = {}
        for name, unit in self.table("units").items():
            where = f"[units.{name!r}]"
            if not isinstance(unit, dict):
                self.problem(where, f"expected a table, got {_type_name(unit)}")
                continue
            self.check_keys(where, unit, UNIT_KEYS)
            kind = unit.get("kind")
            if "kind" in unit and kind not in UNIT_KINDS:
                self.problem(where, f"unknown unit kind {kind!r} (expected one of: {', '.join(UNIT_KINDS)})", "kind")
                continue
            scale = unit.get("scale")
            if scale is not None and not self.check_positive(where, "scale", scale):
                continue
            denomination = self.check_denomination(where, unit, str(kind))
            if denomination is False:
                continue
            units[name] = Unit(name, str(kind), str(unit.get("description", "")), _decimal(scale), denomination)
        return units

    def check_denomination(self, where: str, unit: dict[str, Any], kind: str) -> str | Literal[False] | None:
        """What a unit counts in: `currency` for money, `measure` for a physical quantity (tonne).

        Both fill one slot, so a claim in tonnes is compared with tonnes exactly as one in dollars
        with dollars; the key names which it is. False: a problem was reported.
        """
        key, other = ("measure", "currency") if kind == "quantity" else ("currency", "measure")
        if other in unit:
            expected = "a quantity unit counts in a 'measure'" if kind == "quantity" else "only quantities have one"
            self.problem(where, f"unexpected key {other!r} ({expected})", other)
            return False
        value = unit.get(key)
        if kind == "quantity" and value is None:
            self.problem(where, "a quantity unit needs a 'measure' (what it counts, e.g. \"tonne\")", "measure")
            return False
        if value is not None and (not isinstance(value, str) or not value.strip()):
            self.problem(where, f"expected a {key} code as text, got {_type_name(value)}", key)
            return False
        return value

    def check_rounding(self) -> Rounding:
        """[rounding]: how qualified statements widen (about_percent)."""
        table = self.table("rounding", required=False)
        self.check_keys("[rounding]", table, ROUNDING_KEYS)
        percents = {}
        for key in ROUNDING_KEYS:
            value = table.get(key, 0)
            if _sane(value) and 0 <= value < 100:
                percents[key] = Decimal(value)
            else:
                wanted = "a percentage of at least 0 and below 100"
                self.problem("[rounding]", f"expected {wanted}, got {_type_name(value)}", key)
        return Rounding(**percents)

    def check_words(self) -> Words:
        """[words]: unit words claims may use; keys are matched case-insensitively."""
        table = self.table("words", required=False)
        self.check_keys("[words]", table, WORDS_KEYS)
        scale = self.word_table(table, "scale", lambda v: _sane(v) and v > 0, "a positive number")
        currency = self.word_table(table, "currency", lambda v: isinstance(v, str), "a currency code")
        measure = self.word_table(table, "measure", lambda v: isinstance(v, str), "a measure such as 'tonne'")
        for phrase in sorted(set(currency) & set(measure)):
            self.problem("[words.measure]", f"{phrase!r} is also a currency word (a word names one or other)", phrase)
        currency = {**currency, **measure}  # one slot: what an amount counts in (see check_denomination)
        percent = self.word_table(
            table, "percent", lambda v: v in PERCENT_MEANINGS, f"one of: {', '.join(PERCENT_MEANINGS)}"
        )
        qualifier = self.word_table(table, "qualifier", lambda v: v in QUALIFIERS, f"one of: {', '.join(QUALIFIERS)}")
        cues = self.word_table(table, "cues", lambda v: _matches(TEXT_LIST, v), "a list of words")
        names = {
            kind: {k: tuple(v) for k, v in self.word_table(table, kind, lambda v: _matches(TEXT_LIST, v),
                                                           "a list of names").items()}
            for kind in NAME_KINDS
        }  # fmt: skip
        periods = self.word_table(table, "periods", lambda v: isinstance(v, str) and _period_span(v),
                                  "a span of months such as 'Jan-Oct', a period, or 'unknown'")  # fmt: skip
        return Words(
            scale={k: Decimal(v) for k, v in scale.items()},
            currency={k: str(v) for k, v in currency.items()},
            percent={k: str(v) for k, v in percent.items()},
            qualifier={k: str(v) for k, v in qualifier.items()},
            cues={k: tuple(v) for k, v in cues.items()},
            names=names,
            periods={k: str(v) for k, v in periods.items()},
        )

    def word_table(
        self, table: dict[str, Any], key: str, valid: Callable[[Any], bool], expected: str
    ) -> dict[str, Any]:
        entries = table.get(key, {})
        if not isinstance(entries, dict):
            self.problem(f"[words.{key}]", f"expected a table, got {_type_name(entries)}")
            return {}
        good: dict[str, Any] = {}
        for word, value in entries.items():
            if valid(value):
                good[" ".join(word.lower().split())] = value
            else:
                self.problem(f"[words.{key}]", f"expected {expected}, got {_type_name(value)}", word)
        return good

    def check_figure(
        self,
        index: int,
        record: dict[str, Any],
        meta: dict[str, Any],
        sources: dict[str, dict[str, Any]],
        units: dict[str, Unit],
    ) -> Figure | None:
        where = self.figure_where(index, record)
        before = len(self.problems)
        self.check_keys(where, record, FIGURE_KEYS)
        for key, value in record.items():
            expected = FIGURE_KEYS.get(key, (None, False))[0]
            if expected and not _matches(expected, value):
                self.problem(where, f"expected {expected}, got {_type_name(value)}", key)
            elif expected == NUMBER and number_problem(value) is not None:  # located only when wrong
                self.check_bounds(self.field_where(index, record, key), key, value)
        if len(self.problems) > before:
            return None
        self.check_vocabulary(where, record, meta, units)
        self.check_pairs(where, record)
        source = self.check_figure_source(where, record["source"], sources)
        raw_quotes = record.get("quote", [])
        quote_where = self.field_where(index, record, "quote") if raw_quotes else where
        quotes = [
            self.check_quote(quote_where, q, source)
            for q in ([raw_quotes] if isinstance(raw_quotes, dict) else raw_quotes)
        ]
        if len(self.problems) > before or source is None:
            return None
        return Figure(
            id=record["id"],
            label=record["label"],
            section=record["section"],
            flow=record["flow"],
            period=record.get("period", meta.get("period", "")),
            comparison_period=record.get("comparison_period", meta.get("comparison_period", "")),
            source=source,
            qualifier=record.get("qualifier", "exact"),
            growth_qualifier=record.get("growth_qualifier", "exact"),
            share_qualifier=record.get("share_qualifier", "exact"),
            growth_currency=record.get("growth_currency"),
            share_base=record.get("share_base"),
            counterpart=record.get("counterpart"),
            aliases=tuple(record.get("aliases", ())),
            partner=record.get("partner"),
            product=record.get("product"),
            subject=record.get("subject"),
            value=_decimal(record.get("value")),
            unit=record.get("unit"),
            growth=_decimal(record.get("growth")),
            basis=record.get("basis"),
            share=_decimal(record.get("share")),
            share_of=record.get("share_of"),
            share_change=_decimal(record.get("share_change")),
            part_of=record.get("part_of"),
            restates=record.get("restates"),
            notes=record.get("notes"),
            quotes=tuple(q for q in quotes if q is not None),
            line=self.line_of(index),
        )

    def check_vocabulary(
        self, where: str, record: dict[str, Any], meta: dict[str, Any], units: dict[str, Unit]
    ) -> None:
        raw_sections = meta.get("sections")
        sections: list[str] = list(raw_sections) if isinstance(raw_sections, list) else []
        vocabularies: dict[str, tuple[str, ...]] = {
            "section": tuple(sections),
            "flow": FLOWS,
            "qualifier": QUALIFIERS,
            "growth_qualifier": QUALIFIERS,
            "share_qualifier": QUALIFIERS,
            "basis": BASES,
            "unit": tuple(units) if units or "units" in self.raw else (),
        }
        for key, allowed in vocabularies.items():
            value = record.get(key)
            if value is not None and value not in allowed:
                noun = "unit" if key == "unit" else key
                self.problem(
                    where,
                    f"unknown {noun} {value!r} (expected one of: {', '.join(allowed) or 'none declared'})"
                    f"{did_you_mean(value, allowed)}",
                    key,
                )
        if not re.match(ID_PATTERN, record["id"]):
            self.problem(where, "ids are kebab-case: lowercase letters, digits and single hyphens", "id")
        for key in ("period", "comparison_period"):
            if isinstance(record.get(key), str) and not is_period(record[key]):
                self.problem(where, f"not a period: {record[key]!r} (expected one of: {PERIOD_FORMS})", key)

    def check_pairs(self, where: str, record: dict[str, Any]) -> None:
        """Fields that only make sense together."""
        if not any(k in record for k in ("value", "growth", "share", "share_change")):
            self.problem(where, "a figure needs at least one of value, growth, share, share_change")
        needs = {
            "value": ("unit", "a value needs its unit"),
            "unit": ("value", "a unit without a value"),
            "growth": ("basis", "a growth rate needs its basis (value or volume)"),
            "basis": ("growth", "a basis without a growth rate"),
            "growth_qualifier": ("growth", "a growth qualifier without a growth rate"),
            "growth_currency": ("growth", "a growth currency without a growth rate"),
            "share_qualifier": ("share", "a share qualifier without a share"),
            "share_change": ("share_of", "a share change needs share_of, the id of its parent figure"),
        }
        for key, (partner, message) in needs.items():
            if key in record and partner not in record:
                self.problem(where, message, key)
        if "share" in record and not ("share_of" in record or "share_base" in record):
            self.problem(where, "a share needs share_of (a figure id) or share_base (what it is a share of)", "share")
        share = record.get("share")
        if share is not None and not 0 <= share <= 100:
            self.problem(where, f"a share is a percentage between 0 and 100, got {share}", "share")

    def check_figure_source(
        self, where: str, source: dict[str, Any], sources: dict[str, dict[str, Any]]
    ) -> Source | None:
        self.check_keys(where, source, FIGURE_SOURCE_KEYS)
        ref = source.get("ref")
        paragraph = source.get("paragraph")
        if paragraph is not None and not _matches(INTEGER, paragraph):
            self.problem(where, f"expected an integer, got {_type_name(paragraph)}", "source.paragraph")
            return None
        if paragraph is not None and not self.check_bounds(where, "source.paragraph", paragraph):
            return None
        if not isinstance(ref, str):
            return None
        also = source.get("also", [])
        if not _matches(TEXT_LIST, also):
            self.problem(where, f"expected a list of source names, got {_type_name(also)}", "source.also")
            return None
        for name in [ref, *also]:
            if name not in sources:
                self.problem(where, f"unknown source {name!r}{did_you_mean(name, sources)}", "source.ref")
        if ref not in sources or any(name not in sources for name in also):
            return None
        document = sources[ref]
        return Source(
            document=str(document.get("document", ref)),
            url=str(document.get("url", "")),
            speaker=str(source.get("speaker", "")),
            part=str(source.get("part", "")),
            paragraph=paragraph,
            tier=str(document.get("tier", "briefing")),
            page=document.get("page"),
            urls=tuple(str(sources[name].get("url", "")) for name in [ref, *also]),
        )

    def check_quote(self, where: str, quote: dict[str, Any], source: Source | None) -> Quote | None:
        """`quote = { text, lang, url }` (or an array of them): the source's own words, their language,
        and the address of one of the figure's sources (a quote from a page it does not cite proves nothing)."""
        for key in QUOTE_KEYS:
            if key not in quote:
                self.problem(where, "missing required field", f"quote.{key}")
        for key in quote:
            if key not in QUOTE_KEYS:
                hint = did_you_mean(key, QUOTE_KEYS)
                self.problem(where, f"unknown field (expected one of: {', '.join(QUOTE_KEYS)}){hint}", f"quote.{key}")
        for key in QUOTE_KEYS:
            value = quote.get(key)
            if key in quote and not (isinstance(value, str) and value.strip()):
                self.problem(where, f"expected non-empty text, got {_type_name(value)}", f"quote.{key}")
        text, lang, url = (quote.get(key) for key in QUOTE_KEYS)
        if not (isinstance(text, str) and isinstance(lang, str) and isinstance(url, str)):
            return None
        if lang.strip() and lang not in QUOTE_LANGS:
            self.problem(where, f"unknown language {lang!r} (expected one of {', '.join(QUOTE_LANGS)})", "quote.lang")
        if source is not None and url.strip() and url not in (source.urls or (source.url,)):
            cited = ", ".join(source.urls or (source.url,))
            self.problem(where, f"{url!r} is not a URL of the figure's sources (expected one of: {cited})", "quote.url")
        if not (text.strip() and lang in QUOTE_LANGS and url.strip()):
            return None
        return Quote(text=text, lang=lang, url=url)

    def check_identities(self, records: list[dict[str, Any]], default_period: object) -> set[str]:
        """Duplicate ids within a period, and aliases that would make a name mean two figures.

        One id may appear once per period: that is how 2024's exports line up with 2025's.
        """
        ids: set[str] = set()
        keys: set[tuple[str, object]] = set()
        owner: dict[str, str] = {}
        for index, record in enumerate(records):
            fig_id = record.get("id")
            if not isinstance(fig_id, str):
                continue
            key = (fig_id, record.get("period", default_period))
            if key in keys:
                self.problem(self.figure_where(index, record), f"duplicate id in period {key[1]}", "id")
            keys.add(key)
            ids.add(fig_id)
            owner.setdefault(fig_id.lower(), fig_id)
        for index, record in enumerate(records):
            fig_id = record.get("id")
            aliases = record.get("aliases")
            if not isinstance(fig_id, str) or not isinstance(aliases, list):
                continue
            for alias in (a for a in aliases if isinstance(a, str)):
                taken_by = owner.setdefault(alias.lower(), fig_id)
                if taken_by != fig_id:
                    where = self.figure_where(index, record)
                    self.problem(where, f"alias {alias!r} is already a name of '{taken_by}'", "aliases")
        return ids

    def check_references(self, records: list[dict[str, Any]], ids: set[str]) -> None:
        edges: dict[str, list[str]] = {}
        for index, record in enumerate(records):
            fig_id = record.get("id")
            for key in REFERENCE_KEYS:
                target = record.get(key)
                if not isinstance(target, str):
                    continue
                where = self.figure_where(index, record)
                if target == fig_id:
                    self.problem(where, "a figure cannot refer to itself", key)
                elif target not in ids:
                    self.problem(where, f"refers to unknown figure {target!r}{did_you_mean(target, ids)}", key)
                elif isinstance(fig_id, str):
                    edges.setdefault(fig_id, []).append(target)
        for cycle in _find_cycles(edges):
            self.problem("references", "cycle among share_of/part_of/restates: " + " -> ".join(cycle))

    def check_rate(self, index: int, record: dict[str, Any], ids: set[str]) -> Rate | None:
        """[[rate]]: a conversion rate derived from official totals, never a figure itself."""
        where = f"rate #{index + 1}"
        before = len(self.problems)
        self.check_keys(where, record, RATE_KEYS)
        for key in ("period", "currency"):
            if key in record and not isinstance(record[key], str):
                self.problem(where, f"expected text, got {_type_name(record[key])}", key)
        for key in ("yuan", "foreign"):
            names = record.get(key, [])
            if not _matches(TEXT_LIST, names) or not names:
                self.problem(where, "expected a list of figure ids", key)
                continue
            for name in names:
                if name not in ids:
                    self.problem(where, f"refers to unknown figure {name!r}{did_you_mean(name, ids)}", key)
        if len(self.problems) > before:
            return None
        return Rate(record["period"], record["currency"], tuple(record["yuan"]), tuple(record["foreign"]))

    def check_rate_currencies(
        self, rates: list[Rate | None], figures: list[Figure | None], units: dict[str, Unit], home: object
    ) -> None:
        """A rate divides its yuan totals by its foreign ones: each must be a figure of the rate's period
        in that currency, or every conversion made with it is wrong (yuan and dollar lists swapped gave
        0.08 yuan per dollar, with no complaint)."""
        for index, rate in enumerate(rates):
            if rate is None:
                continue
            for key, currency in (("yuan", home), ("foreign", rate.currency)):
                for name in getattr(rate, key):
                    found = [f for f in figures if f and f.id == name and same_period(f.period, rate.period)]
                    unit = units.get(found[0].unit or "") if found else None
                    if not found:
                        self.problem(f"rate #{index + 1}", f"{name!r} has no figure for {rate.period}", key)
                    elif unit is None or unit.kind != "amount" or unit.currency != currency:
                        have = f"in {unit.currency}" if unit is not None and unit.currency else "not an amount of money"
                        self.problem(f"rate #{index + 1}", f"{name!r} is {have}, not {currency}", key)

    def check_relation(self, index: int, record: dict[str, Any], ids: set[str]) -> Relation | None:
        where = f"relation #{index + 1}"
        before = len(self.problems)
        self.check_keys(where, record, RELATION_KEYS)
        kind: Any = record.get("kind")
        whole: Any = record.get("whole")
        parts: Any = record.get("parts")
        if "kind" in record and kind not in RELATION_KINDS:
            self.problem(
                where, f"unknown relation kind {kind!r} (expected one of: {', '.join(RELATION_KINDS)})", "kind"
            )
        if "whole" in record and not isinstance(whole, str):
            self.problem(where, f"expected text, got {_type_name(whole)}", "whole")
        if "parts" in record and (not _matches(TEXT_LIST, parts) or len(parts) < 2):
            self.problem(where, "expected a list of at least two figure ids", "parts")
        if len(self.problems) > before:
            return None
        for name in [whole, *parts]:
            if name not in ids:
                self.problem(where, f"refers to unknown figure {name!r}{did_you_mean(name, ids)}")
        if len(self.problems) > before:
            return None
        return Relation(kind=kind, whole=whole, parts=tuple(parts))


def _decimal(value: int | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _find_cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle once, as the path that closes it (a -> b -> a).

    A depth-first walk with its own stack, not recursion: a valid chain of 1,000 part_of
    references is a deep walk, and Python's call stack ends near 1,000 frames.
    """
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for start in sorted(edges):
        if start in state:
            continue
        state[start] = 1
        path, pending = [start], [iter(edges.get(start, []))]
        while pending:
            nxt = next(pending[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                pending.pop()
            elif state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                pending.append(iter(edges.get(nxt, [])))
    return cycles


# -- resolving names ----------------------------------------------------------------------


class Version(NamedTuple):
    """The figure a command works on for a name, and a note when it is not of the period asked for."""

    figure: Figure
    note: str | None = None


def resolve(dataset: Dataset, name: str, period: str | None = None) -> Figure:
    """The figure a person means (see resolve_version), for callers that need no note."""
    return resolve_version(dataset, name, period).figure


def resolve_version(dataset: Dataset, name: str, period: str | None = None) -> Version:
    """Find the one figure a person means: an id or alias; what a phrase names ('exports to the US',
    read with the vocabulary of `check --text`); else a unique run of whole words of an id or alias.

    Names pick a statistic; the period picks its version (see pick_version). Raises UsageError
    listing the candidates when the name is ambiguous, and saying what the dataset lacks, with
    close names, when nothing fits.
    """
    figure_id = resolve_id(dataset, name, period)
    if period is None and not dataset.versions(name.strip().lower()):
        from tradecli.lookup import named_period  # a phrase: 'December exports' names its period too

        period = named_period(dataset, name)
    return pick_version(dataset, figure_id, period)


def resolve_id(dataset: Dataset, name: str, period: str | None = None) -> str:
    """The id a person means, whatever periods it has: a chart across periods needs the statistic, not a version."""
    wanted = name.strip().lower()
    if not wanted:
        raise UsageError("empty figure name; give an id such as 'exports' (see 'tradecli list')")
    return _resolve_id(dataset, name.strip(), wanted, period)


def _resolve_id(dataset: Dataset, name: str, wanted: str, period: str | None) -> str:
    if dataset.versions(wanted):
        return wanted  # the common cases, without compiling the vocabulary
    named = find_by_name(dataset, name)
    if named is not None:
        return named.id
    from tradecli.lookup import MAX_LISTED, look_up

    found = look_up(dataset, name, period)
    if found.problem and found.ids:
        raise UsageError(found.problem)  # several fit: the problem lists them
    if found.problem:
        hint = suggestion(found.suggestions[:MAX_LISTED])
        raise UsageError(found.problem + (hint or "; run 'tradecli list' to see every id"))
    return found.ids[0]


def pick_version(dataset: Dataset, figure_id: str, period: str | None) -> Version:
    """The version of a figure a command shows: the one of the period asked for, never silently another.

    An explicit period is obeyed or refused (a usage error naming the periods the figure has).
    Without one, the dataset's period applies; a figure with no version in it but exactly one
    version elsewhere (total-usd: 2024 only) is shown with a note naming the period shown, since
    refusing would leave the user guessing; with several elsewhere the user must choose.
    """
    if period is not None:
        require_period(dataset, period)
        return Version(in_period(dataset, figure_id, period))
    versions = dataset.versions(figure_id)
    if versions_in(dataset, figure_id, dataset.period):
        return Version(in_period(dataset, figure_id, dataset.period))
    if len(versions) == 1:
        shown = versions[0].period
        return Version(
            versions[0],
            f"{figure_id} has no {dataset.period} figure; showing {shown} (use {period_option(shown)})",
        )
    have = ", ".join(f.period for f in versions)
    raise UsageError(f"'{figure_id}' has no {dataset.period} figure; it has: {have} (choose one with --period)")


def same_subject_in(dataset: Dataset, figure_id: str, period: str, most: int | None = 4) -> list[str]:
    """Other figures about the same partner, product or subject within the period: 'us' has no
    December figure, but us-exports-usd and us-imports-usd do (the first `most`; None: all)."""
    figure = dataset.get(figure_id)
    if figure is None or not (figure.partner or figure.product or figure.subject):
        return []
    about = (figure.partner, figure.product, figure.subject)
    found = [f.id for f in figures_in(dataset.figures, period)
             if f.id != figure_id and (f.partner, f.product, f.subject) == about]  # fmt: skip
    return list(dict.fromkeys(found))[:most]


def value_elsewhere(figure: Figure, dataset: Dataset) -> str | None:
    """A note for a figure that states no value ('crude oil' is the value growth of crude-oil-imports):
    the figures of the same flow about the same thing in its period that state an amount or a
    quantity (crude-oil-import-volume)."""
    if figure.value is not None:
        return None
    others = [dataset.get(i, figure.period) for i in same_subject_in(dataset, figure.id, figure.period)]
    with_value = [o.id for o in others if o is not None and o.value is not None and o.flow == figure.flow
                  and dataset.unit_kind(o.unit) in ADDITIVE_KINDS]  # fmt: skip
    if not with_value:
        return None
    return f"{figure.id} states no value; {', '.join(with_value)}, about the same in {figure.period}, states one"


def versions_in(dataset: Dataset, figure_id: str, period: str) -> list[Figure]:
    """A figure's versions for a period: the one of exactly that period, else every one within it."""
    versions = dataset.versions(figure_id)
    exact = [f for f in versions if f.period == period]
    return exact or figures_in(versions, period)


def in_period(dataset: Dataset, figure_id: str, period: str) -> Figure:
    """The version of a figure for a period: exactly that period, else the one version within it."""
    inside = versions_in(dataset, figure_id, period)
    if len(inside) == 1:
        return inside[0]
    have = ", ".join(f.period for f in dataset.versions(figure_id))
    if not inside:
        near = same_subject_in(dataset, figure_id, period)
        hint = f"; about the same in {period}: {', '.join(near)}" if near else ""
        raise UsageError(f"'{figure_id}' has no figure for period {period}; it has: {have} (use --period){hint}")
    within = ", ".join(f.period for f in inside)
    others = [f.period for f in dataset.versions(figure_id) if f not in inside]
    also = f" (it also has {', '.join(others)})" if others else ""
    raise UsageError(f"'{figure_id}' has several figures within {period}: {within}{also}; give --period exactly")


def period_option(period: str) -> str:
    """'--period 2024', or "--period 'December 2025'": what to type to get this period."""
    return f"--period {period}" if " " not in period else f"--period '{period}'"


def require_period(dataset: Dataset, period: str) -> None:
    """A --period must be a period the dataset has figures in (or 'all'); a usage error lists them.

    A year with no figures (2023) is not an empty answer but a question the data cannot answer:
    an empty table would read as 'nothing happened', so it is refused.
    """
    if period.strip().lower() == "all":
        return
    try:
        span = parse_period(period)
    except PeriodError as exc:
        raise UsageError(f"--period: {exc}; {_periods_known(dataset)}") from None
    if not any(parse_period(f.period).within(span) for f in dataset.figures):
        raise UsageError(f"--period: the dataset has no figures in {period}; {_periods_known(dataset)}")


def _periods_known(dataset: Dataset) -> str:
    """The periods to choose from, in one line: whole years and spans of years, then the parts of
    each year without the year repeated ("within 2025: Jan-Nov, ..., December"); monthly releases
    would otherwise make it a list of twenty "... 2025"."""
    ordered = chronological(dataset.periods)
    whole = [p for p in ordered if _part_of_a_year(p) is None]
    parts: dict[int, list[str]] = {}
    for period in ordered:
        year = _part_of_a_year(period)
        if year is not None:
            parts.setdefault(year, []).append(period.removesuffix(f" {year}"))
    within = [f"within {year}: {', '.join(names)}" for year, names in parts.items()]
    listed = ", ".join(whole) + (", and " if whole and within else "") + "; ".join(within)
    return f"periods with figures: {listed} (or all)"


def _part_of_a_year(period: str) -> int | None:
    """The year a period is part of (a month, a quarter, January-November), None for a whole year
    or a span of years."""
    span = parse_period(period)
    year = span.first // 12
    whole_year = span.first % 12 == 0 and span.last == span.first + 11
    return year if span.last // 12 == year and not whole_year else None


def view(dataset: Dataset, period: str | None = None, tier: str | None = None) -> Dataset:
    """The figures a command works on: those within a period (default: the dataset's), of a tier."""
    if period is not None:
        require_period(dataset, period)
    figures = figures_in(dataset.figures, period or dataset.period)
    if tier is not None:
        if tier not in TIERS:
            raise UsageError(
                f"--tier: unknown tier {tier!r} (expected one of: {', '.join(TIERS)}){did_you_mean(tier, TIERS)}"
            )
        figures = [f for f in figures if f.tier == tier]
    return dataset.restricted(tuple(figures))


def whole_period_view(dataset: Dataset, period: str | None = None, tier: str | None = None) -> Dataset:
    """What a listing shows for a period: the figures within it (see view), except a statistic's
    versions for parts of the period when it has a version for the whole period.

    The customs publish a statistic month by month (asean for January-August, January-November)
    and then for the year; the year's figure supersedes them in a listing of the year. Statements
    made only about part of the year (EU statistics for January-October) stay. `--period all`, or
    the part's own period, shows the parts.
    """
    shown = view(dataset, period, tier)
    chosen = period or dataset.period
    if chosen.strip().lower() == "all":
        return shown
    whole = {f.id for f in shown.figures if f.period == chosen}
    kept = tuple(f for f in shown.figures if f.id not in whole or f.period == chosen)
    return shown if len(kept) == len(shown.figures) else shown.restricted(kept)


def figures_in(figures: Sequence[Figure], period: str) -> list[Figure]:
    """Figures whose period lies within this one ('2025' includes 'December 2025'); 'all' is every one."""
    if period.strip().lower() == "all":
        return list(figures)
    try:
        span = parse_period(period)
    except PeriodError as exc:
        raise UsageError(f"--period: {exc}") from None
    return [f for f in figures if parse_period(f.period).within(span)]


def find_by_name(dataset: Dataset, name: str) -> Figure | None:
    """The figure whose id or alias is exactly this name (ignoring case and spacing), if any.

    Claims use this rather than resolve(): a claims file must not change meaning when a new
    figure makes a prefix ambiguous.
    """
    return _by_name(dataset).get(" ".join(name.lower().split()))


@lru_cache(maxsize=8)
def _by_name(dataset: Dataset) -> dict[str, Figure]:
    """Every id and alias (lowercase, single spaces) -> the first figure having it; built once per
    dataset, so each claim's name is one look-up rather than a pass over every figure."""
    found: dict[str, Figure] = {}
    for figure in dataset.figures:
        for name in figure.names():
            found.setdefault(" ".join(name.lower().split()), figure)
    return found


def similar_ids(dataset: Dataset, name: str) -> list[str]:
    """Ids of figures with a name close to this one, best first, for 'did you mean'."""
    owners = {n: f.id for f in dataset.figures for n in f.names()}
    return list(dict.fromkeys(owners[n] for n in close_matches(name, owners)))


def _period_span(text: str) -> bool:
    """A [words.periods] value: a span of months within any year ('Jan-Oct'), or 'unknown'."""
    return text in ("unknown", "comparison") or is_period(text) or is_period(f"{text} 2000")
