"""The work of `tradecli check` behind the command: which report format, reading articles and
claims, building the report and writing it (to stdout or --output)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tradecli.emit import colour_wanted, emit, emit_rows, note_hidden, output_format, render_options
from tradecli.errors import UsageError
from tradecli.options import OutputFormat

if TYPE_CHECKING:
    from tradecli.checks import Rule
    from tradecli.model import Dataset
    from tradecli.report import Report


REPORT_SUFFIXES = {".xml": "junit", ".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".tsv": "tsv", ".md": "markdown"}


def names_stdout(output: Path) -> bool:
    """--output - (or /dev/stdout): the report goes to stdout as without --output, even with -q."""
    from tradecli.outfile import STDOUT, descriptor

    return descriptor(str(output)) == STDOUT


def report_format(output: Path | None) -> str:
    """Without --format: from the --output file's suffix (report.xml is JUnit), else as for listings."""
    if output is None:
        return output_format(None)
    return REPORT_SUFFIXES.get(output.suffix.lower(), "csv")


def article_files(paths: list[str]) -> list[str]:
    """--text's arguments as files (tradecli.articles): before the dataset is loaded, so a glob that
    matches nothing is reported at once."""
    from tradecli.articles import expand

    return expand(paths)


def text_report(
    dataset: Dataset, files: list[str], strict: bool, every_number: bool, period: str | None, quiet: bool
) -> Report:
    """One report over every article; a progress bar on a terminal's stderr while a long run reads."""
    from tradecli.articles import read_articles
    from tradecli.progressbar import Bar, wanted
    from tradecli.report import Report

    if not wanted(sys.stderr, quiet):
        articles = read_articles(files, dataset, every_number, period)
    else:
        with Bar(color=colour_wanted()) as bar:
            articles = read_articles(files, dataset, every_number, period, step=bar)
    return Report("text", dataset.path, strict, articles=articles)


def check_report(
    dataset: Dataset,
    claims: list[str],
    claims_file: Path | None,
    rules: Sequence[Rule],
    strict: bool,
    period: str | None,
) -> Report:
    from tradecli.report import Report

    if not claims and claims_file is None:
        from tradecli.checks import run_rules

        return Report("rules", dataset.path, strict, rules=run_rules(dataset, rules))
    from tradecli.claimfile import load_claims
    from tradecli.claims import parse_inline, verify_all
    from tradecli.inputs import stdin_stream

    try:
        parsed = parse_inline(claims, dataset.words)
    except UsageError as exc:
        raise UsageError(f"{exc}{_file_hint(claims)}") from None
    if claims_file is not None:
        stdin = stdin_stream(what="the claims") if str(claims_file) == "-" else None  # in chunks, up to the limit
        parsed += load_claims(claims_file, dataset.words, stdin)
    return Report("claims", dataset.path, strict, claims=verify_all(parsed, dataset, period))


def _file_hint(claims: Sequence[str]) -> str:
    """A claim that is a file's name (or -) was meant as an input: say which option reads it."""
    import os

    named = next((c for c in claims if "=" not in c and (c == "-" or os.path.isfile(c))), None)
    if named is None:
        return ""
    return f"; to check a file, give --text {named} (an article) or --claims {named} (a claims file)"


FIXED_LAYOUTS = ("github", "junit")  # CI formats, whose fields their consumers define


def write_report(report: Report, fmt: str, fields: str | None, no_header: bool, output: Path | None) -> None:
    from tradecli.model import parse_fields
    from tradecli.report import render_report, report_hidden_columns

    columns = None
    if fields is not None:
        if fmt in FIXED_LAYOUTS:
            raise UsageError(f"--fields: --format {fmt} has a fixed layout; use --fields with another format")
        columns = parse_fields(fields, available=report.columns(), default=report.columns())
    options = render_options(no_header, to_file=output is not None)
    text = render_report(report, fmt, columns, options)
    if output is None:
        emit(text)
        note_hidden(report_hidden_columns(report, fmt, columns, options), options)
    else:
        write_file(output, text)


def emit_rule_list(dataset: Dataset, fmt: str, no_header: bool) -> None:
    from tradecli.checks import RULES, count_evaluations

    rows = [{"rule": r.name, "checks": count_evaluations(dataset, r), "description": r.summary} for r in RULES]
    listing = fmt if fmt in ("table", "csv", "tsv", "markdown", "json", "jsonl") else "csv"
    emit_rows(rows, ["rule", "checks", "description"], OutputFormat(listing), no_header)


def write_file(path: Path, text: str) -> None:
    """--output FILE (tradecli.outfile): whole or not at all; a descriptor such as /dev/stderr in place."""
    from tradecli.outfile import encoded, write_output

    sys.stdout.flush()
    sys.stderr.flush()
    write_output(path, encoded(text))
