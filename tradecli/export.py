"""Writing datasets: a selection of figures as a dataset of its own, and a dataset in canonical form.

Both work on the parsed document (tradecli.dataset.parse_dataset) rather than on the model's
figures: the model normalises what the file states (a figure's default period filled in, word keys
lowercased, a source's name resolved to its document), and a written dataset must state exactly
what the original stated. The model decides *what* is written (which figures, and the sources,
units, relations and rates they need); the document supplies the records, number for number.

Numbers keep their written precision: tomllib reads floats as Decimal (8.0 stays Decimal("8.0"))
and integers as int, and tomli_w writes a Decimal as its own text (8.0, 1e+12) and an int as one.
tomli_w is imported only when a dataset is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from tradecli.dataset import (
    FIGURE_KEYS,
    FIGURE_SOURCE_KEYS,
    RATE_KEYS,
    RELATION_KEYS,
    ROUNDING_KEYS,
    SOURCE_KEYS,
    UNIT_KEYS,
    WORDS_KEYS,
    parse_dataset,
)
from tradecli.errors import UsageError
from tradecli.inputs import comment_lines
from tradecli.model import Dataset, Figure

# Canonical order of the top-level tables: what the data is, where it comes from, how it is
# measured and read, then the statements (the bundled file's order). Keys within a table follow
# the schema's order (tradecli.dataset; in [dataset], what the data is comes first); sources,
# units, words, relations, rates and figures keep the file's order, which carries meaning (the
# first figure with a name wins a look-up; sorting keeps unit groups in the order declared).
TOP_LEVEL_ORDER = ("dataset", "sources", "units", "rounding", "words", "relation", "rate", "figure")
DATASET_ORDER = ("title", "version", "date", "period", "comparison_period", "total", "currency", "sections")
_ARRAYS: dict[str, Mapping[str, object]] = {"relation": RELATION_KEYS, "rate": RATE_KEYS, "figure": FIGURE_KEYS}
_REFERENCES = ("share_of", "part_of", "restates", "counterpart")


# -- a selection as a dataset -------------------------------------------------------------------


def selection_document(document: Mapping[str, Any], dataset: Dataset, figures: Iterable[Figure]) -> dict[str, Any]:
    """The dataset holding these figures, as a document to write (see dumps).

    A figure comes with every version of each figure it refers to (share_of, part_of, restates,
    counterpart), since a dataset may not refer to a figure it lacks, and of the dataset's total,
    so that its share of the total is the same; with the sources it cites, the units it uses, the
    relations and rates all of whose figures are included, and the whole [words] and [rounding]
    vocabulary.
    `dataset` is the whole dataset `document` was read into, not a period or tier view.
    """
    keys = _with_references(dataset, figures)
    meta = dataset_meta(document)
    records = [r for r in document.get("figure", []) if (r["id"], r.get("period", meta["period"])) in keys]
    ids = {record["id"] for record in records}
    cited = {name for record in records for name in (record["source"]["ref"], *record["source"].get("also", []))}
    used = {record["unit"] for record in records if "unit" in record}
    selected: dict[str, Any] = {"dataset": {k: v for k, v in meta.items() if k != "total" or v in ids}}
    selected["sources"] = {k: v for k, v in document.get("sources", {}).items() if k in cited}
    selected["units"] = {k: v for k, v in document.get("units", {}).items() if k in used}
    for table in ("rounding", "words"):
        if table in document:
            selected[table] = document[table]
    relations = [r for r, kept in zip(document.get("relation", []), dataset.relations, strict=True)
                 if {kept.whole, *kept.parts} <= ids]  # fmt: skip
    rates = [r for r, rate in zip(document.get("rate", []), dataset.rates, strict=True)
             if all((i, rate.period) in keys for i in (*rate.yuan, *rate.foreign))]  # fmt: skip
    selected.update({k: v for k, v in (("relation", relations), ("rate", rates)) if v})
    selected["figure"] = records
    return selected


def export_selection(document: Mapping[str, Any], dataset: Dataset, figures: Sequence[Figure]) -> str:
    """The TOML text of the dataset holding these figures (see selection_document).

    UsageError for no figures (a dataset needs one). The text is read back before it is returned:
    a file that tradecli could not load would be a bug here, not the user's problem.
    """
    if not figures:
        raise UsageError("no figures selected: --format toml writes a dataset, which needs at least one figure")
    selected = selection_document(document, dataset, figures)
    text = dumps(selected)
    if exact(parse_dataset(text, "<export>")[1]) != exact(selected):  # pragma: no cover - a bug in dumps
        raise AssertionError("the written selection would not state the same figures")
    return text


def dataset_meta(document: Mapping[str, Any]) -> dict[str, Any]:
    """The [dataset] table of a validated document."""
    meta = document["dataset"]
    assert isinstance(meta, dict)  # the validator has seen to it
    return meta


def _with_references(dataset: Dataset, figures: Iterable[Figure]) -> set[tuple[str, str]]:
    """(id, period) of the figures and, transitively, of every version of the figures they refer to
    and of the dataset's total.

    Every version, because a reference resolves to the same period's figure where there is one and
    else to the dataset period's (Dataset.related): with all versions the choice is the same as in
    the original dataset.
    """
    keys: set[tuple[str, str]] = set()
    pending = list(figures)
    while pending:
        figure = pending.pop()
        if (figure.id, figure.period) in keys:
            continue
        keys.add((figure.id, figure.period))
        for name in (*(getattr(figure, field) for field in _REFERENCES), dataset.total_id):
            if name:
                pending.extend(dataset.versions(name))
    return keys


# -- canonical form -----------------------------------------------------------------------------


def canonical(document: Mapping[str, Any]) -> dict[str, Any]:
    """The document with tables and keys in canonical order (TOP_LEVEL_ORDER, the schema's keys)."""
    ordered: dict[str, Any] = {}
    for table in TOP_LEVEL_ORDER:
        if table not in document:
            continue
        value = document[table]
        if table == "dataset":
            ordered[table] = _ordered(value, DATASET_ORDER)
        elif table == "sources":
            ordered[table] = {name: _ordered(source, SOURCE_KEYS) for name, source in value.items()}
        elif table == "units":
            ordered[table] = {name: _ordered(unit, UNIT_KEYS) for name, unit in value.items()}
        elif table == "rounding":
            ordered[table] = _ordered(value, ROUNDING_KEYS)
        elif table == "words":
            ordered[table] = _ordered(value, WORDS_KEYS)
        else:
            ordered[table] = [_record(record, _ARRAYS[table]) for record in value]
    return ordered


def _record(record: Mapping[str, Any], keys: Mapping[str, Any]) -> dict[str, Any]:
    ordered = _ordered(record, keys)
    if isinstance(ordered.get("source"), Mapping):
        ordered["source"] = _ordered(ordered["source"], FIGURE_SOURCE_KEYS)
    return ordered


def _ordered(table: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """The schema's keys first, in its order; any other key after them, as written."""
    known = [k for k in keys if k in table]
    return {k: table[k] for k in [*known, *(k for k in table if k not in known)]}


def dumps(document: Mapping[str, Any]) -> str:
    """TOML text of a dataset document, in canonical order.

    Tables of tables ([dataset], [sources.NAME], [words.scale]) are written by tomli_w as they
    are. Arrays of tables ([[figure]] and the others) are written one record at a time, with a
    figure's source as dotted keys (source.ref = ...) so that every figure is one block starting
    at its `id` line, which is how the validator locates problems; tomli_w would write a small
    record as an inline table, or the source as a [figure.source] table after the figure.
    """
    import tomli_w

    chunks: list[str] = []
    for table, value in canonical(document).items():
        if table in _ARRAYS:
            chunks.extend(f"[[{table}]]\n{_body(record, tomli_w.dumps)}" for record in value)
        else:
            chunks.append(tomli_w.dumps({table: _numbers(value)}))
    return "\n".join(chunk.rstrip("\n") + "\n" for chunk in chunks)


def _body(record: Mapping[str, Any], write: Any) -> str:
    """key = value lines of one record, a nested table (the figure's source) as dotted keys."""
    return "".join(f"{entry}\n" for entry in _entries(record, write))


def _entries(record: Mapping[str, Any], write: Any) -> list[str]:
    """One `key = value` text per key (a long list spans lines); a nested table's keys dotted."""
    entries: list[str] = []
    for key, value in record.items():
        if isinstance(value, Mapping):
            entries.extend(f"{_key(key, write)}.{entry}" for entry in _entries(value, write))
        elif isinstance(value, list) and value and all(isinstance(item, Mapping) for item in value):
            tables = ", ".join(_inline_table(item, write) for item in value)  # a figure's quotes
            entries.append(f"{_key(key, write)} = [{tables}]")
        else:
            entries.append(write({key: _numbers(value)}).rstrip("\n"))
    return entries


def _inline_table(table: Mapping[str, Any], write: Any) -> str:
    """{k = v, ...}: a table inside a record's array stays on the record's lines (tomli_w would
    write an array of tables as [[key]] blocks, which TOML reads as top-level tables)."""
    return "{" + ", ".join(write({k: _numbers(v)}).rstrip("\n") for k, v in table.items()) + "}"


def _key(key: str, write: Any) -> str:
    """A key as TOML writes it: bare when it can be, quoted otherwise."""
    text: str = write({key: 0})
    return text.rsplit(" = ", 1)[0]


def exact(value: Any) -> Any:
    """A document with each number as written (Decimal('8.0') == Decimal('8'), but 8.0 is not 8),
    so that comparing two documents compares what they state."""
    if isinstance(value, Decimal):
        return ("decimal", str(value))
    if isinstance(value, Mapping):
        return {k: exact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [exact(v) for v in value]
    return value


def _numbers(value: Any) -> Any:
    """Decimals that are whole numbers as written (Decimal("8"), from a model's int) become ints,
    since tomli_w writes Decimal("8") as 8.0, a different statement; nested values likewise."""
    if isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent == 0:
        return int(value)
    if isinstance(value, Mapping):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_numbers(v) for v in value]
    return value


# -- data fmt -------------------------------------------------------------------------------------


def format_dataset(text: str, name: str) -> str:
    """A dataset's text in canonical form; DatasetError (every problem, located) if it is invalid.

    Only order and layout change, and comments are dropped: every number and string stays as
    stated. The result is checked: it must read back as the same document.
    """
    document = parse_dataset(text, name)[1]
    formatted = dumps(document)
    if exact(parse_dataset(formatted, name)[1]) != exact(document):  # pragma: no cover - a bug in dumps
        raise AssertionError(f"{name}: the canonical form would not state the same dataset")
    return formatted


def comments(text: str) -> list[int]:
    """Lines of the TOML text that hold a comment (which a rewrite drops)."""
    return comment_lines(text)


def difference(before: str, after: str, name: str) -> str:
    """A unified diff from a file to its canonical form."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"{name}", f"{name} (canonical)"
    )
    return "".join(line if line.endswith("\n") else f"{line}\n" for line in lines)


def counts(dataset: Dataset, shown: str | None = None) -> list[dict[str, object]]:
    """Rows for `data info`: what the data is (title, version, as-of date, file: `shown`, else its
    path) and how many figures it has by period, tier and section, in the order they first appear
    (sections: as declared)."""
    rows: list[dict[str, object]] = [
        {"what": what, "name": name, "count": None}
        for what, name in (("title", dataset.title), ("version", dataset.version), ("date", dataset.date),
                           ("file", shown or dataset.path))
    ]  # fmt: skip
    rows.append({"what": "figures", "name": "all", "count": len(dataset.figures)})
    groups: tuple[tuple[str, Iterable[str], Callable[[Figure], str]], ...] = (
        ("period", dataset.periods, lambda f: f.period),
        ("tier", dict.fromkeys(f.tier for f in dataset.figures), lambda f: f.tier),
        ("section", dataset.sections, lambda f: f.section),
    )
    for what, names, key in groups:
        rows.extend({"what": what, "name": n, "count": sum(key(f) == n for f in dataset.figures)} for n in names)
    rows.append({"what": "units", "name": "all", "count": len(dataset.units)})
    rows.append({"what": "relations", "name": "all", "count": len(dataset.relations)})
    return rows


INFO_COLUMNS = ("what", "name", "count")
