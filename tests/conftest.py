"""Shared fixtures: the bundled dataset, a CLI runner, and a small valid dataset to break."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tradecli.cli import app
from tradecli.dataset import load_dataset
from tradecli.model import Dataset, Figure

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).resolve().parent / "fixtures" / "briefing-2025-p1.txt"

# MINIMAL_TOML's required metadata, for tests that replace it with their own lines.
META = 'version = "1"\ndate = 2026-01-14'
MINIMAL_TOML = """\
[dataset]
title = "test"
version = "1"
date = 2026-01-14
period = "2025"
comparison_period = "2024"
total = "total"
sections = ["headline"]

[sources.doc]
document = "A test document"
url = "http://example.org/doc"

[units."trillion yuan"]
kind = "amount"

[[relation]]
kind = "sum"
whole = "total"
parts = ["exports", "imports"]

[[figure]]
id = "total"
label = "Total"
section = "headline"
flow = "total"
value = 10.0
unit = "trillion yuan"
growth = 5
basis = "value"
source = { ref = "doc", speaker = "Someone", part = "intro", paragraph = 1 }

[[figure]]
id = "exports"
label = "Exports"
aliases = ["sales abroad"]
section = "headline"
flow = "exports"
value = 6.0
unit = "trillion yuan"
share = 60
share_of = "total"
source = { ref = "doc" }

[[figure]]
id = "imports"
label = "Imports"
section = "headline"
flow = "imports"
value = 4.0
unit = "trillion yuan"
part_of = "total"
source = { ref = "doc" }
"""
assert META in MINIMAL_TOML


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The parse cache of every test (and of the processes tests start) in a temporary directory,
    never the user's; tests of the cache itself point TRADECLI_CACHE_DIR elsewhere."""
    folder = tmp_path_factory.mktemp("tradecli-cache")
    saved = {name: os.environ.get(name) for name in ("TRADECLI_CACHE_DIR", "TRADECLI_NO_CACHE")}
    os.environ["TRADECLI_CACHE_DIR"] = str(folder)
    os.environ.pop("TRADECLI_NO_CACHE", None)
    yield folder
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset()


def _before_usd_2025(figure: Figure) -> bool:
    return figure.id != "total-usd" or figure.period == "2024"


def _usd_2024_only(dataset: Dataset) -> Dataset:
    return dataset.restricted(tuple(f for f in dataset.figures if _before_usd_2025(f)))


@pytest.fixture(scope="session")
def usd_2024_only(dataset: Dataset) -> Dataset:
    """The bundled data with the dollar total for 2024 only, as before 2025's was added: the case of
    a figure with no version in the default period."""
    return _usd_2024_only(dataset)


@pytest.fixture(scope="session")
def usd_2024_only_file(tmp_path_factory: pytest.TempPathFactory, dataset: Dataset) -> Path:
    """usd_2024_only as a dataset file for --data: the bundled file without those figure tables."""
    from tradecli.header import bundled_path

    head, *tables = bundled_path().read_text(encoding="utf-8").split("\n[[figure]]\n")
    kept = [t for t in tables if not ('id = "total-usd"\n' in t and 'period = "2024"' not in t)]
    assert len(kept) < len(tables)
    path = tmp_path_factory.mktemp("data") / "usd-2024-only.toml"
    path.write_text("\n[[figure]]\n".join([head, *kept]), encoding="utf-8")
    assert len(load_dataset(path).figures) == len(_usd_2024_only(dataset).figures)
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


Invoke = Callable[..., Result]


@pytest.fixture
def invoke(runner: CliRunner) -> Invoke:
    """Run the CLI as a pipe would (stdout not a terminal) with a clean environment."""

    def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
        base: dict[str, str | None] = {"TRADECLI_DATA": None, "NO_COLOR": None, "COLUMNS": None}
        return runner.invoke(app, list(args), env={**base, **(env or {})})

    return run


@pytest.fixture
def write_dataset(tmp_path: Path) -> Callable[[str], Path]:
    """Write TOML text to a file and return its path."""

    def write(text: str, name: str = "figures.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
