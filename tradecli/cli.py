"""The commands: parse arguments, call the core, render.

Heavy modules (Rich tables, pandas) are imported by the code that needs them. How a run starts
and ends (global options anywhere, completion requests, exit codes) is tradecli.group's concern.
"""

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer import _click as click

from tradecli import __version__, candidates
from tradecli.checkrun import (
    article_files,
    check_report,
    emit_rule_list,
    names_stdout,
    report_format,
    text_report,
    write_report,
)
from tradecli.emit import (
    Settings,
    emit,
    emit_rows,
    notes_to_stderr,
    output_format,
    render_options,
    settings_of,
    stdout_is_terminal,
)
from tradecli.errors import ExitCode, OutputError, UsageError
from tradecli.group import COMPLETE_VAR, TradecliGroup, _write_stderr
from tradecli.options import (
    ChartFieldOpt,
    ChartFormat,
    ChartFormatOpt,
    CheckFormat,
    CurrencyOpt,
    DataOpt,
    DatasetPathArg,
    DescOpt,
    FieldsOpt,
    FlowOpt,
    FormatOpt,
    LimitOpt,
    ListingFormat,
    ListingFormatOpt,
    NoHeaderOpt,
    OutputFormat,
    PeriodOpt,
    RateOpt,
    SearchOpt,
    SectionOpt,
    Shell,
    SortOpt,
    TierOpt,
    WhereOpt,
)
from tradecli.safetext import printable
from tradecli.streams import PipeClosed, prepare, silence_stdout, write_out
from tradecli.terminal import pipe_width, terminal_size

if TYPE_CHECKING:
    from tradecli.model import Dataset

# -- application ---------------------------------------------------------------------------

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
app = typer.Typer(
    cls=TradecliGroup,
    name="tradecli",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,  # static scripts ship in completions/; see _enable_completion
    no_args_is_help=True,
    context_settings=CONTEXT,
    help="""Look up, filter, compare, chart and check China's 2025 foreign-trade statistics (GACC, 14 Jan 2026).

\b
Examples:
  tradecli list --section headline
  tradecli show exports
  tradecli filter --where 'growth > 10'
  tradecli compare exports imports
  tradecli chart --section markets --field growth
  tradecli list --format json | jq '.[0]'
  tradecli list --wide --no-pager

The options below may also follow the command: tradecli list --data my.toml.
""",
)
data_app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    context_settings=CONTEXT,
    help="Inspect, validate and format dataset files.",
)
app.add_typer(data_app, name="data")


def _version(ctx: typer.Context, value: bool) -> None:
    """Print the tool's version and the dataset's (--data if given before --version, else TRADECLI_DATA).

    Reads only the dataset's [dataset] table (tradecli.header.read_identity): fast, no Rich or
    pandas, and it still answers when the rest of the file has problems.
    """
    if not value or ctx.resilient_parsing:  # completion parses the line without running anything
        return
    from tradecli.header import read_identity

    write_out(f"tradecli {__version__}\n")
    data = ctx.params.get("data") or os.environ.get("TRADECLI_DATA") or None
    identity = read_identity(data)
    where = f"{Path(identity.path).name}, bundled" if identity.bundled else identity.path
    version = identity.version or "(no version given)"
    date = f"as of {identity.date}" if identity.date else "no date given"
    write_out(printable(f"dataset {version}, {date} ({where})") + "\n")  # a file's text and name: never raw
    raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data: DataOpt = None,
    wide: Annotated[
        bool, typer.Option("--wide", help="Tables: every column at full width, even wider than the terminal.")
    ] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page output (default: long output at a terminal is paged).")
    ] = False,
    no_color: Annotated[
        bool,
        typer.Option("--no-color", help="No colour in tables (also: the NO_COLOR environment variable)."),
    ] = False,
    safe_csv: Annotated[
        bool,
        typer.Option(
            "--safe-csv",
            help="CSV/TSV for spreadsheets: text cells starting with = + - @ tab or CR get a leading ' "
            "so they are not run as formulas (numbers stay numbers).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version,
            is_eager=True,
            help="Show the version of tradecli and of its dataset, and exit.",
        ),
    ] = False,
) -> None:
    """Global options; they may also follow the subcommand (`tradecli list --wide`)."""
    ctx.obj = Settings(data=data, wide=wide, pager=not no_pager, no_color=no_color, safe_csv=safe_csv)


def _load(ctx: typer.Context) -> "Dataset":
    from tradecli.dataset import load_dataset

    return load_dataset(settings_of(ctx).data)


def _listing(
    ctx: typer.Context,
    fields: str | None,
    fmt: ListingFormat | None,
    no_header: bool,
    *,
    section: str | None,
    flow: str | None,
    where: list[str] | None,
    period: str | None,
    tier: str | None,
    currency: str | None,
    rate: str | None,
    **query_args: Any,
) -> None:
    """Shared body of list and filter: parse everything first, then load, query and render."""
    from tradecli.model import parse_fields
    from tradecli.selection import select

    columns = parse_fields(fields)
    if fmt == ListingFormat.toml:
        _toml_allowed(fields, currency)
    whole, document = _load_document(ctx) if fmt == ListingFormat.toml else (_load(ctx), None)
    shown = None if document is not None else columns
    selected = select(whole, where=where or (), period=period, tier=tier, section=section, flow=flow,
                      currency=currency, rate=rate, fields=shown, **query_args)  # fmt: skip
    if document is not None:
        _export_rows(document, whole, selected.rows, period, tier)
        notes_to_stderr(selected.notes)
        return
    if selected.conversion is not None and fields is None:
        columns.append("conversion")
    listing = OutputFormat(fmt.value) if fmt is not None else None
    from tradecli.render import qualifier_marks

    importance = LISTING_IMPORTANCE if fields is None else columns
    emit_rows(selected.rows, columns, listing, no_header, importance, qualifier_marks(whole.words.qualifier))
    if selected.conversion is not None:
        _write_stderr("note: converted amounts are conversions at a yuan rate, not official figures; their growth "
                      "is still the yuan growth (official dollar growth is in the *-usd figures)")  # fmt: skip
    notes_to_stderr(selected.notes)


def _export_rows(
    document: dict[str, Any], whole: "Dataset", rows: Sequence[dict[str, object]], period: str | None, tier: str | None
) -> None:
    """--format toml: the selected figures as a dataset that --data loads back (tradecli.export)."""
    from tradecli.dataset import view
    from tradecli.export import export_selection

    chosen = {(row["id"], row["period"]) for row in rows}
    figures = [f for f in view(whole, period, tier).figures if (f.id, f.period) in chosen]
    emit(export_selection(document, whole, figures))


def _toml_allowed(fields: str | None, currency: str | None) -> None:
    """--format toml writes whole records as the file states them: no columns to pick, no conversions."""
    if fields is not None:
        raise UsageError("--fields cannot be used with --format toml: a dataset needs its figures' full records")
    if currency is not None:
        raise UsageError("--currency cannot be used with --format toml: a dataset holds figures as stated")


def _load_document(ctx: typer.Context) -> "tuple[Dataset, dict[str, Any]]":
    """The dataset and its parsed document, for writing it (tradecli.export)."""
    from tradecli.dataset import parse_dataset
    from tradecli.header import read_dataset_text

    file, text = read_dataset_text(settings_of(ctx).data)
    return parse_dataset(text, str(file))


# What a listing keeps when a terminal is too narrow for every default column, most important first.
LISTING_IMPORTANCE = ("id", "value", "unit", "growth", "period", "qualifier", "share", "conversion", "label")


@app.command("list")
def list_figures(
    ctx: typer.Context,
    section: SectionOpt = None,
    flow: FlowOpt = None,
    period: PeriodOpt = None,
    tier: TierOpt = None,
    currency: CurrencyOpt = None,
    rate: RateOpt = None,
    fields: FieldsOpt = None,
    sort: SortOpt = None,
    desc: DescOpt = False,
    limit: LimitOpt = None,
    fmt: ListingFormatOpt = None,
    no_header: NoHeaderOpt = False,
) -> None:
    """List every figure (of 2025, unless --period says otherwise).

    \b
    Examples:
      tradecli list
      tradecli list --section markets --sort growth --desc
      tradecli list --fields id,value,unit,growth --format json
      tradecli list --format csv | head -3
      tradecli list --period 2024 --tier briefing
      tradecli list --section headline --currency usd
    """
    _listing(
        ctx,
        fields,
        fmt,
        no_header,
        section=section,
        flow=flow,
        where=None,
        period=period,
        tier=tier,
        currency=currency,
        rate=rate,
        sort=sort,
        descending=desc,
        limit=limit,
    )


@app.command("filter")
def filter_figures(
    ctx: typer.Context,
    where: WhereOpt = None,
    search: SearchOpt = None,
    section: SectionOpt = None,
    flow: FlowOpt = None,
    period: PeriodOpt = None,
    tier: TierOpt = None,
    currency: CurrencyOpt = None,
    rate: RateOpt = None,
    fields: FieldsOpt = None,
    sort: SortOpt = None,
    desc: DescOpt = False,
    limit: LimitOpt = None,
    fmt: ListingFormatOpt = None,
    no_header: NoHeaderOpt = False,
) -> None:
    """Figures matching conditions: --where FIELD OP VALUE (repeat to AND) and --search TEXT.

    Operators: = != < <= > >= and ~ (case-insensitive contains). Numbers compare as numbers;
    a figure without the field never matches. A number on value, implied_prior or change may
    carry a unit ('value > 700 billion USD'): it then matches figures of that currency or kind
    only, compared by size at scale. A bare number is compared in each figure's own unit (a
    note says so when units differ), and --sort value keeps each kind of unit apart.

    \b
    Examples:
      tradecli filter --where 'growth > 10'
      tradecli filter --where 'value > 5 trillion yuan' --sort value --desc
      tradecli filter --where 'unit = trillion yuan' --where 'growth >= 6' --sort value --desc
      tradecli filter --where 'label ~ imports' --flow imports
      tradecli filter --search africa --format json
    """
    _listing(
        ctx,
        fields,
        fmt,
        no_header,
        section=section,
        flow=flow,
        where=where,
        period=period,
        tier=tier,
        currency=currency,
        rate=rate,
        search=search,
        sort=sort,
        descending=desc,
        limit=limit,
    )


@app.command("show")
def show(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="Figure id, alias, a phrase ('exports to the US') or whole words of one; - reads names from stdin.",
            show_default=False,
            autocompletion=candidates.figure_names,
        ),
    ],
    period: PeriodOpt = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    no_header: NoHeaderOpt = False,
) -> None:
    """One figure with its provenance and derived values (its 2025 version unless --period says otherwise).

    A figure with no 2025 version but one in another period (only 2024, say) is shown with a
    note on stderr naming that period; a --period the figure lacks is a usage error.

    Derived: implied_prior = value / (1 + growth), change = value - implied_prior,
    share_computed = value as a percent of its parent, share_of_total.

    \b
    Examples:
      tradecli show exports
      tradecli show 'B&R'
      tradecli show 'exports to the US'
      tradecli show asean --format json
      tradecli show total --fields value,growth,implied_prior --format csv
      tradecli show exports --period 2024
      printf 'exports\\nimports\\n' | tradecli show - --fields id,value
    """
    from tradecli.dataset import resolve_version, value_elsewhere
    from tradecli.derive import derived_notes, record
    from tradecli.model import FIELDS, parse_fields
    from tradecli.render import render_record

    columns = parse_fields(fields, default=tuple(FIELDS))
    if name == "-":
        _show_from_stdin(ctx, columns, period, fmt, no_header)
        return
    dataset = _load(ctx)
    version = resolve_version(dataset, name, period)
    row = record(version.figure, dataset)
    chosen = output_format(fmt)
    emit(render_record(row, columns, chosen, render_options(no_header)))
    elsewhere = value_elsewhere(version.figure, dataset)
    notes = ([version.note] if version.note else []) + derived_notes(version.figure, dataset)
    notes_to_stderr(notes + ([elsewhere] if elsewhere else []))


def _show_from_stdin(
    ctx: typer.Context, columns: list[str], period: str | None, fmt: OutputFormat | None, no_header: bool
) -> None:
    """`show -`: the figures named on standard input, one per line, printed like a listing (an
    array in JSON, a row each in CSV) in input order, since a script cannot know how many come."""
    from tradecli.dataset import resolve_version
    from tradecli.derive import record
    from tradecli.inputs import read_text, stdin_stream

    dataset = _load(ctx)
    text = read_text(Path("-"), stdin_stream(what="the names"), kind="names, one per line")[1]
    rows, notes = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            version = resolve_version(dataset, line, period)
        except UsageError as exc:
            raise UsageError(f"show -: <stdin> line {number}: {exc}") from None
        rows.append(record(version.figure, dataset))
        notes += [version.note] if version.note else []
    if not rows:
        raise UsageError("show -: no names on standard input; give one id or alias per line")
    emit_rows(rows, columns, fmt, no_header)
    notes_to_stderr(notes)


@app.command("compare")
def compare(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(help="Figure ids or aliases.", show_default=False, autocompletion=candidates.figure_names),
    ],
    periods: Annotated[
        list[str] | None,
        typer.Option(
            "--period",
            "-p",
            help="Compare in this period; repeat to compare periods (2024 vs 2025).",
            show_default=False,
            autocompletion=candidates.periods,
        ),
    ] = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    no_header: NoHeaderOpt = False,
) -> None:
    """Figures side by side: value, growth, implied prior value, change, share of total.

    With exactly two figures, also their difference (percentage points for % rows) and ratio.
    One figure in two or more periods (--period 2024 --period 2025) shows each period, the
    change, and growth_computed (from the published values) beside the stated growth.
    Values in one currency at different scales (billion and trillion USD) are compared at scale;
    figures in units of different kinds or currencies are shown side by side but not subtracted.
    A figure shown from another period than 2025 is named in its column; notes go to stderr.

    \b
    Examples:
      tradecli compare exports imports
      tradecli compare asean latin-america africa
      tradecli compare exports imports --format json
      tradecli compare exports --period 2024 --period 2025
    """
    from tradecli.model import parse_fields
    from tradecli.selection import compare_named, require_two

    require_two(names, periods or ())
    compared = compare_named(_load(ctx), names, periods or ())
    result = compared.comparison
    columns = parse_fields(fields, available=result.columns, default=result.columns)
    emit_rows(result.rows, columns, fmt, no_header)
    notes_to_stderr(compared.notes)


@app.command("chart")
def chart(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Figure ids or aliases; one name draws that figure across periods (default: all of them).",
            show_default=False,
        ),
    ] = None,
    field: ChartFieldOpt = "value",
    where: WhereOpt = None,
    search: SearchOpt = None,
    section: SectionOpt = None,
    flow: FlowOpt = None,
    period: PeriodOpt = None,
    tier: TierOpt = None,
    sort: SortOpt = None,
    desc: DescOpt = False,
    limit: LimitOpt = None,
    fmt: ChartFormatOpt = None,
    no_header: NoHeaderOpt = False,
) -> None:
    """Horizontal bars of one field (--field, default value) for the figures selected.

    Select as with list and filter, or name figures; one name draws that figure in each period
    (within --period if given; periods of another length, such as 2021-2025 among years, are
    left out with a note). Bars share one axis, so figures in different units are refused:
    narrow with --where 'unit = ...'. Negative values are drawn left of the zero line; the
    number beside each bar is as stated. Notes about figures not drawn go to stderr.

    \b
    Examples:
      tradecli chart --section markets --field growth
      tradecli chart exports imports total
      tradecli chart total --period 2021-2025
      tradecli chart --where 'unit = trillion yuan' --sort value --desc --limit 5
      tradecli chart --section markets --field growth --format csv
    """
    from tradecli.chart import DATA_COLUMNS, build, chart_field, data_rows, layout, select
    from tradecli.query import parse_where
    from tradecli.selection import figure_query

    chosen_field = chart_field(field)
    conditions = tuple(parse_where(w) for w in where or [])
    whole = _load(ctx)
    selection = select(whole, names or [], period, tier)
    query = figure_query(whole, conditions, section, flow, search=search, sort=sort, descending=desc, limit=limit)
    drawn = build(whole, selection, query, chosen_field)
    if fmt is not None and fmt != ChartFormat.chart:
        emit_rows(data_rows(drawn.chart), DATA_COLUMNS, OutputFormat(fmt.value), no_header)
    elif stdout_is_terminal():
        from tradecli.chartview import render_terminal

        emit(render_terminal(layout(drawn.chart, terminal_size().columns)))
    else:
        from tradecli.chart import render_plain

        emit(render_plain(layout(drawn.chart, pipe_width() or 80)))  # COLUMNS or 80: the same bytes anywhere
    for note in drawn.notes:
        _write_stderr(f"note: {note}")


@app.command("fields")
def fields_command(fmt: FormatOpt = None, no_header: NoHeaderOpt = False) -> None:
    """The fields a figure has, for --fields, --where and --sort; derived ones are computed.

    \b
    Examples:
      tradecli fields
      tradecli fields --format json
    """
    from tradecli.model import FIELD_SPECS

    rows = [{"field": f.name, "kind": f.kind, "derived": f.derived, "description": f.help}
            for f in FIELD_SPECS]  # fmt: skip
    emit_rows(rows, ["field", "kind", "derived", "description"], fmt, no_header)


@app.command("check")
def check(
    ctx: typer.Context,
    claims: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[CLAIM|PATH]...",
            help=(
                "Claims such as 'exports growth=6.1%' (default: check the dataset); with --text, the articles: "
                "files, directories (their *.md, *.markdown, *.txt), globs, or - for stdin."
            ),
            show_default=False,
        ),
    ] = None,
    claims_file: Annotated[
        Path | None,
        typer.Option(
            "--claims",
            help="File of claims: CSV (figure,field,value,unit,period), TOML, or - for CSV on stdin.",
            show_default=False,
            readable=False,  # we read it ourselves: an unreadable file is exit 3 like any bad input
        ),
    ] = None,
    text: Annotated[
        bool,
        typer.Option(
            "--text",
            help="Fact-check the figures in the articles given as arguments (plain text or Markdown).",
        ),
    ] = False,
    rules: Annotated[
        list[str] | None,
        typer.Option(
            "--rule",
            "-r",
            help="Run only this rule (repeatable); see --list-rules.",
            show_default=False,
            autocompletion=candidates.rules,
        ),
    ] = None,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="List the rules and exit.")] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Count 'rounded' claims, and with --text uncertain mismatches, as failures."),
    ] = False,
    every_number: Annotated[
        bool,
        typer.Option(
            "--all",
            help="With --text: also list every number that was not graded (verdict 'skipped'), with why.",
        ),
    ] = False,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            help=(
                "Rules: only figures within this period (default: all). Claims: against this period's figures. "
                "--text: what the article means when it names no period (default 2025)."
            ),
            show_default=False,
            autocompletion=candidates.periods,
        ),
    ] = None,
    tier: TierOpt = None,
    fmt: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format. Default: table on a terminal, csv when piped.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to this file instead of stdout, whole or not at all (- is stdout).",
            show_default=False,
            readable=False,  # a write-only file is a fine place for a report
        ),
    ] = None,
    fields: FieldsOpt = None,
    no_header: NoHeaderOpt = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Print nothing (no report, no summary; --output still writes its file): only the exit status.",
        ),
    ] = False,
) -> int:
    """Check figures: the dataset's own consistency, or claims against it. Exit 1 if any check fails.

    Without claims, runs every rule over the dataset's declared relationships (sums, shares,
    containment, growth, share changes, qualifiers), comparing rounding-aware intervals: "45.47"
    means [45.465, 45.475). With claims, gives each a verdict: match, rounded, mismatch,
    unknown-figure or unverifiable. A summary goes to stderr. Claims are about 2025 unless
    --period says otherwise: a figure with no version in that period is unverifiable, never
    compared with another year's. -q prints nothing, like grep -q.

    With --text, the arguments are articles (files, directories, globs, - for stdin): reads each
    one's numbers and what each is said of (flow, partner, product, currency, period, basis,
    source), grades those the dataset covers, and says whether each link is certain, in one
    report with the file of every finding. Only a certain mismatch fails; an uncertain one is a
    warning. A long run shows a progress bar on a terminal's stderr (never in CI or with -q).

    Exit status: 0 all passed, 1 a rule failed or a claim is a mismatch or unknown-figure
    (or rounded, or an uncertain mismatch in text, with --strict), 2 usage error (also a
    malformed inline claim, or a --text glob that matches nothing), 3 invalid dataset, claims
    file or article, 5 the report could not be written.

    \b
    Examples:
      tradecli check
      tradecli check --rule sum --rule growth --format json
      tradecli check exports=26.99 "exports growth=6.1%" "asean=7.6 trillion yuan"
      tradecli check --claims claims.csv --format github
      tradecli check --claims claims.toml --format junit --output report.xml
      tradecli check --text article.md --format github
      tradecli check --text article.md --all --format csv
      tradecli check --text docs/ 'drafts/**/*.md' --format junit --output articles.xml
      tradecli check -q exports=26.99 && echo "figures agree"
    """
    from tradecli.checks import pick_rules

    chosen_rules = pick_rules(rules or [])
    if rules and (claims or claims_file or text):
        raise UsageError("check: --rule selects dataset rules; it cannot be combined with claims or --text")
    if text and claims_file:
        raise UsageError("check: give --claims or --text, not both")
    if every_number and not text:
        raise UsageError("check: --all lists the numbers of an article; it needs --text")
    articles = article_files(claims or []) if text else None
    to_stdout = output is not None and names_stdout(output)
    output = None if to_stdout else output
    fmt_name = fmt.value if fmt is not None else report_format(output)
    from tradecli.dataset import require_period, view

    whole = _load(ctx)
    if period is not None:
        require_period(whole, period)
    checking_claims = bool(claims or claims_file or text)  # they pick their period's version themselves
    dataset = view(whole, "all" if checking_claims else period or "all", tier)
    if list_rules:
        emit_rule_list(dataset, fmt_name, no_header)
        return int(ExitCode.OK)
    if articles is not None:
        report = text_report(dataset, articles, strict, every_number, period, quiet)
    else:
        report = check_report(dataset, claims or [], claims_file, chosen_rules, strict, period)
    if output is not None or to_stdout or not quiet:
        try:
            write_report(report, fmt_name, fields, no_header, output)
        except PipeClosed:  # `| head` has what it wanted; the verdict, not the pipe, is the exit status
            silence_stdout()
    if not quiet:
        _write_stderr(report.summary())
    return int(ExitCode.OK if report.ok else ExitCode.CHECK_FAILED)


@app.command("completion")
def completion_command(
    shell: Annotated[
        Shell,
        typer.Argument(
            metavar="SHELL", help="bash, zsh, fish or powershell.", case_sensitive=False, show_default=False
        ),
    ],
) -> None:
    """Print the shell completion script: figure ids, fields, periods, sections, rules and options on TAB.

    Candidates come from the dataset in use (--data or TRADECLI_DATA on the command line, else the
    bundled one). The same scripts ship in the repository's completions/ folder.

    \b
    Examples:
      tradecli completion bash > ~/.local/share/bash-completion/completions/tradecli
      source <(tradecli completion bash)          # in ~/.bashrc, without bash-completion
      tradecli completion zsh > ~/.zfunc/_tradecli  # a directory on $fpath
      tradecli completion fish > ~/.config/fish/completions/tradecli.fish
      tradecli completion powershell | Out-String | Invoke-Expression  # in $PROFILE
    """
    from tradecli.completion import script

    emit(script(shell.value))


@data_app.command("validate")
def validate(
    ctx: typer.Context,
    path: DatasetPathArg = None,
) -> None:
    """Check a dataset file against the schema; exit 0 if valid, 3 with every problem if not.

    \b
    Examples:
      tradecli data validate
      tradecli data validate my-figures.toml
    """
    from tradecli.dataset import load_dataset

    chosen = path or settings_of(ctx).data
    dataset = load_dataset(chosen)
    shown = dataset.path if chosen else f"{Path(dataset.path).name} (bundled)"
    emit(f"{printable(shown)}: valid ({len(dataset.figures)} figures, {len(dataset.relations)} relations)\n")


@data_app.command("info")
def info(
    ctx: typer.Context,
    path: DatasetPathArg = None,
    fmt: FormatOpt = None,
    no_header: NoHeaderOpt = False,
) -> None:
    """What a dataset is (title, version, as-of date, file) and its figures by period, tier and section.

    \b
    Examples:
      tradecli data info
      tradecli data info my-figures.toml --format json
    """
    from tradecli.dataset import load_dataset
    from tradecli.export import INFO_COLUMNS, counts

    chosen = path or settings_of(ctx).data
    dataset = load_dataset(chosen)
    shown = None if chosen else f"{Path(dataset.path).name} (bundled)"
    emit_rows(counts(dataset, shown), INFO_COLUMNS, fmt, no_header)


@data_app.command("fmt")
def fmt_command(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="Dataset file to rewrite in place; - reads stdin, writes stdout.", readable=False
        ),
    ],
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing: exit 1 with a diff if the file is not canonical.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Rewrite a file with comments, dropping them.")] = False,
) -> int:
    """Rewrite a dataset in canonical order, changing no number or string.

    Tables come in the order dataset, sources, units, rounding, words, relation, rate, figure; keys in
    the schema's order (docs/dataset.md); sources, units, words, relations and figures stay in file
    order. Comments are dropped (a TOML writer cannot keep them), so a file with comments is refused
    unless --force. The file is replaced whole or not at all. Exit 0 done or already canonical, 1
    --check found a file to reformat, 2 comments without --force, 3 invalid dataset, 5 not written.

    \b
    Examples:
      tradecli data fmt my-figures.toml
      tradecli data fmt --check my-figures.toml   # in CI
      tradecli data fmt - < in.toml > out.toml
    """
    from tradecli.export import comments, difference, format_dataset

    if str(path) != "-" and not check:
        _rewritable(path)
    name, text = _read_dataset_input(path)
    formatted = format_dataset(text, name)
    if check:
        if formatted == text:
            return int(ExitCode.OK)
        emit(difference(text, formatted, name))
        _write_stderr(f"{printable(name)}: not in canonical form (run 'tradecli data fmt' on it)")
        return int(ExitCode.CHECK_FAILED)
    commented = comments(text)
    if commented and not force:
        lines = ", ".join(map(str, commented[:5])) + (", ..." if len(commented) > 5 else "")
        raise UsageError(f"{name} has comments (line {lines}), which a rewrite drops; pass --force to drop them")
    if str(path) == "-":
        write_out(formatted)
    elif formatted != text:
        _rewrite(path, formatted)
    return int(ExitCode.OK)


def _rewritable(path: Path) -> None:
    """data fmt rewrites in place only a regular file: writing back to a FIFO blocked until something
    read it, and a device is no dataset. Anything else is an input error before anything is read."""
    import stat

    from tradecli.errors import InputFileError, Problem

    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing or unreadable: reading it says so, located
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        problem = "is not a regular file, so it cannot be rewritten in place; use - to read stdin and write stdout"
        raise InputFileError([Problem(str(path), "file", problem)])


def _read_dataset_input(path: Path) -> tuple[str, str]:
    """(name, text) of a dataset file, or of standard input for -."""
    from tradecli.errors import DatasetError
    from tradecli.header import read_dataset_text
    from tradecli.inputs import read_text, stdin_stream

    if str(path) == "-":
        return read_text(path, stdin_stream(DatasetError), DatasetError, "a dataset (TOML)")
    file, text = read_dataset_text(path)
    return str(file), text


def _rewrite(path: Path, text: str) -> None:
    """Replace a dataset file whole (tradecli.outfile); a failure is one line naming the file, exit 5."""
    from tradecli.outfile import encoded, write_output

    try:
        write_output(path, encoded(text))
    except OutputError as exc:
        raise OutputError(str(exc).replace("--output: ", "data fmt: ", 1)) from None


def main() -> None:
    """Run the CLI in this process, on standard streams made safe (tradecli.streams).

    The console script and `python -m tradecli` enter through tradecli.__main__.main, which handles
    Ctrl-C from before this module is imported.
    """
    prepare()
    # Collect cycles rarely: a listing of 100,000 figures allocates millions of objects that all live
    # to the end, and the default thresholds rescan them again and again (2.5 times the run's time).
    gc.set_threshold(100_000, 50, 100)
    root_command(sys.argv[1:])(prog_name="tradecli")


def root_command(args: Sequence[str]) -> click.Command:
    """The Click command for this command line: the root with only the command it runs (app_for);
    with no command (root --help, --version, nothing at all) the root with a stub of each command,
    which is all the root's help lists (name and first line of help)."""
    command = typer.main.get_command(app_for(args))
    if _command_word(args) is None and isinstance(command, TradecliGroup) and not os.environ.get(COMPLETE_VAR):
        from inspect import getdoc

        from typer.core import TyperCommand, TyperGroup

        for info in app.registered_commands:
            help_text = info.help if info.help is not None else getdoc(info.callback)
            command.add_command(TyperCommand(name=info.name, help=help_text, short_help=info.short_help,
                                             hidden=info.hidden, deprecated=info.deprecated))  # fmt: skip
        for group in app.registered_groups:
            command.add_command(TyperGroup(name=group.name, help=_group_help(group), hidden=bool(group.hidden)))
    return command


def _group_help(group: typer.models.TyperInfo) -> str | None:
    """A sub-app's help as Typer would show it: given to add_typer, else to the sub-app's Typer()."""
    for candidate in (group.help, group.typer_instance.info.help if group.typer_instance else None):
        if isinstance(candidate, str):
            return candidate
    return None


# The root's options that take a value: a command line's first other word is the command's name.
ROOT_VALUE_OPTIONS = ("--data",)
ROOT_ONLY = ("-h", "--help", "-V", "--version", "--")


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app with only the command this command line runs, for start-up time: Typer builds a Click
    command from each function's signature (~1-2 ms apiece), and a run needs one. No command at all
    (root help, --version): none (root_command adds stubs for the help). A name that is not a command,
    or a completion request: the whole app, so 'did you mean' and completion know every command."""
    if os.environ.get(COMPLETE_VAR):
        return app
    name = _command_word(args)
    commands = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if name is not None and not (commands or groups):
        return app
    from copy import copy

    partial = copy(app)
    partial.registered_commands, partial.registered_groups = commands, groups
    return partial


def _command_word(args: Sequence[str]) -> str | None:
    """The first word of a command line that is neither an option nor a root option's value."""
    words = iter(args)
    for word in words:
        if word in ROOT_ONLY:
            return None
        if word in ROOT_VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-") or word == "-":
            return word
    return None
