"""A dataset file's [dataset] table alone: where the bundled file is, and what a file says of itself.

Kept apart from tradecli.dataset (the full validator) so that `tradecli --version` can name the
data without importing the validator, the period grammar and the model: it runs in a few
milliseconds on top of start-up, and still answers for a file whose figures have problems.
"""

from __future__ import annotations

import datetime
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from tradecli.errors import DatasetError, Problem

BUNDLED_NAME = "briefing-2025.toml"


def bundled_path() -> Path:
    """The dataset shipped with tradecli: inside the wheel, or at the repository root in a checkout."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "data" / BUNDLED_NAME, package_dir.parent / "data" / BUNDLED_NAME):
        if candidate.is_file():
            return candidate
    return package_dir / "data" / BUNDLED_NAME


def read_dataset_text(path: str | Path | None) -> tuple[Path, str]:
    """A dataset file's path and text (None: the bundled one). The size limit (TRADECLI_MAX_INPUT)
    guards against what users point us at; the bundled file is ours and always read."""
    from tradecli.inputs import read_text  # here: a dataset loaded from its parsed form reads no TOML

    kind = "a dataset (TOML)"
    if path is not None and str(path) == "-":  # --data -: a dataset piped in (e.g. from list --format toml)
        from tradecli.inputs import stdin_stream

        name, text = read_text(
            Path("-"), stdin_stream(DatasetError, what="the dataset (--data -)"), error=DatasetError, kind=kind
        )
        return Path(name), text
    file = Path(path) if path is not None else bundled_path()
    limit = None if path is not None else sys.maxsize
    return file, read_text(file, error=DatasetError, kind=kind, limit=limit)[1]


class Identity(NamedTuple):
    """Which data a run uses, for --version: its file and what the file says of itself."""

    path: str
    bundled: bool
    version: str | None
    date: str | None


def read_identity(path: str | Path | None = None) -> Identity:
    """The version and date of a dataset file (None: the bundled one), reading only its [dataset] table.

    Only an unreadable file or a bad version/date fails (DatasetError, located like the loader's).
    """
    from tradecli.snapshot import stored_identity

    stored = stored_identity(path) if path is None or str(path) != "-" else None
    if stored is not None:  # a valid parsed form (the bundled one's, or the parse cache's): no TOML to read
        file, version, date = stored
        return Identity(str(file), path is None, version, date)
    from tradecli.inputs import parse_toml

    file, text = read_dataset_text(path)
    meta = parse_toml(text, str(file), DatasetError).get("dataset")
    meta = meta if isinstance(meta, dict) else {}
    problems = [Problem(str(file), "[dataset]", message, key) for key, message in identity_problems(meta)]
    if problems:
        raise DatasetError(problems)
    return Identity(str(file), path is None, meta.get("version"), as_of(meta.get("date")))


def identity_problems(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for a bad version (text, so 2025.10 never becomes 2025.1) or as-of date."""
    problems = []
    version = meta.get("version")
    if version is not None and not (isinstance(version, str) and version.strip()):
        hint = f' (quote it: version = "{version}")' if isinstance(version, int | Decimal) else ""
        problems.append(("version", f"expected non-empty text, got {type_name(version)}{hint}"))
    if "date" in meta and as_of(meta["date"]) is None:
        problems.append(("date", f"expected a date such as 2026-01-14, got {type_name(meta['date'])}"))
    return problems


def as_of(value: object) -> str | None:
    """A dataset date as ISO text: a TOML date (2026-01-14) or the same quoted; None if it is neither."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def type_name(value: object) -> str:
    """How a problem line names a wrong value: "text '6.0'", "the number 7", "a list"."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, int | Decimal):
        from tradecli.limits import brief

        return f"the number {brief(value)}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__
