"""Shared command-line options, defined once and reused by every listing command."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tradecli import candidates
from tradecli.vocabulary import FLOWS


class OutputFormat(StrEnum):
    """Output formats; the default depends on whether stdout is a terminal."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


class ListingFormat(StrEnum):
    """Formats of list and filter: the output formats, plus toml, the selection as a dataset file."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    toml = "toml"


class CheckFormat(StrEnum):
    """Report formats of `check`: the listing formats plus CI formats."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"
    github = "github"
    junit = "junit"


class Shell(StrEnum):
    """Shells `tradecli completion` has a script for (tradecli.completion.SHELLS, in the same order)."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, csv when piped.",
        case_sensitive=False,
        show_default=False,
    ),
]
ListingFormatOpt = Annotated[
    ListingFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, csv when piped. toml: the figures as a dataset "
        "file (with the sources, units and relations they need) that --data reads back.",
        case_sensitive=False,
        show_default=False,
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Comma-separated columns to show; a bad name lists them.",
        show_default=False,
        autocompletion=candidates.fields,
    ),
]
NoHeaderOpt = Annotated[bool, typer.Option("--no-header", help="Omit the header row (csv, tsv).")]
SectionOpt = Annotated[
    str | None,
    typer.Option(
        "--section",
        "-s",
        help="Only this section, as the dataset declares them (e.g. markets); a bad name lists them.",
        show_default=False,
        autocompletion=candidates.sections,
    ),
]
FlowOpt = Annotated[
    str | None,
    typer.Option(
        "--flow", help=f"Only this flow: {', '.join(FLOWS)}.", show_default=False, autocompletion=candidates.flows
    ),
]
SortOpt = Annotated[
    str | None,
    typer.Option(
        "--sort",
        help="Sort by this field (missing values last; values by size within each kind of unit).",
        show_default=False,
        autocompletion=candidates.sort_fields,
    ),
]
DescOpt = Annotated[bool, typer.Option("--desc", help="Sort in descending order.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", help="Show at most N rows.", show_default=False)]
WhereOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--where", "-w", help="FIELD OP VALUE with = != < <= > >= ~ (contains); repeat to AND.", show_default=False
    ),
]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        "--search",
        help="Whole words of an id, label or alias, or a partner, product or subject they name ('America').",
        show_default=False,
    ),
]
PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="Only figures within this period: 2025 (default), 2024, 'December 2025', 2021-2025, or all; "
        "a period without figures is an error listing those with.",
        show_default=False,
        autocompletion=candidates.periods,
    ),
]
TierOpt = Annotated[
    str | None,
    typer.Option(
        "--tier",
        help="Only this tier: briefing (the briefing text) or reported (press reports of official data).",
        show_default=False,
        autocompletion=candidates.tiers,
    ),
]
CurrencyOpt = Annotated[
    str | None,
    typer.Option(
        "--currency",
        help="Show yuan amounts converted to this currency (usd), labelled as conversions.",
        show_default=False,
        autocompletion=candidates.currencies,
    ),
]
RateOpt = Annotated[
    str | None,
    typer.Option(
        "--rate",
        help="Yuan per unit of --currency (default: implied by the period's official totals, 7.16 for 2025).",
        show_default=False,
    ),
]
DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="TRADECLI_DATA",
        help="Use this dataset file instead of the bundled one.",
        show_default=False,
        is_eager=True,  # read before an eager --version, so `--data FILE --version` reports FILE
        readable=False,  # Click's own check would make an unreadable file a usage error (2); the loader says 3
    ),
]


class ChartFormat(StrEnum):
    """Formats of `chart`: the chart itself (Rich at a terminal, ASCII down a pipe) or the plotted data."""

    chart = "chart"
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


ChartFormatOpt = Annotated[
    ChartFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="chart (default: drawn with Rich at a terminal, ASCII when piped) or the plotted data as "
        "table, csv, tsv, json, jsonl or markdown.",
        case_sensitive=False,
        show_default=False,
    ),
]
ChartFieldOpt = Annotated[
    str,
    typer.Option(
        "--field",
        help="The number to draw: value, growth, share, share_change, or a derived one (share_of_total, ...).",
    ),
]
DatasetPathArg = Annotated[
    Path | None,
    typer.Argument(
        help="Dataset file, or - for stdin (default: --data or the bundled one).", show_default=False, readable=False
    ),
]
