"""The command-line interface: parse arguments, call the core, render, exit.

Heavy modules (Rich tables) are imported by the code that needs them; errors of every kind
are mapped to documented exit codes in one place, TradecliGroup.main.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer
from typer import _click as click
from typer.core import TyperGroup

from tradecli import __version__, candidates
from tradecli.completion import COMPLETE_VAR
from tradecli.errors import ExitCode, TradecliError, UsageError
from tradecli.model import FIELDS, FLOWS
from tradecli.options import (
    CheckFormat,
    CurrencyOpt,
    DataOpt,
    DescOpt,
    FieldsOpt,
    FlowOpt,
    FormatOpt,
    LimitOpt,
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

if TYPE_CHECKING:
    from tradecli.checks import Rule
    from tradecli.convert import Conversion
    from tradecli.model import Dataset, Figure
    from tradecli.render import RenderOptions
    from tradecli.report import Report

ISSUES_URL = "https://github.com/tradecli/tradecli/issues"
# Options whose usage errors are easier to fix with the list of valid values beside them.
OPTION_HINTS: dict[str, Callable[[], str]] = {
    "--fields": lambda: (
        f"available fields: {', '.join(FIELDS)} ('tradecli fields' describes them; "
        "compare has: metric, unit, the figure ids, difference, ratio)"
    )
}


class PipeClosed(Exception):
    """Our stdout's reader went away (e.g. `| head`). Not an OSError, so Typer lets it through to us."""


class TradecliGroup(TyperGroup):
    """The root command; turns every way a run can end into one message and one exit code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        instruction = os.environ.get(COMPLETE_VAR)
        if instruction:
            sys.exit(_complete(self, instruction))

        def invoke() -> Any:
            return super(TradecliGroup, self).main(
                args=args,
                prog_name=prog_name or "tradecli",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )

        sys.exit(run_guarded(invoke))


def _complete(cli: click.Command, instruction: str) -> int:
    """Answer the shell's completion request (see tradecli/completion.py): candidates, never a traceback."""
    from tradecli.completion import respond

    try:
        answer = respond(cli, instruction)
        stream = sys.stderr if answer.error else sys.stdout
        stream.write(answer.text)
        stream.flush()
    except (OSError, KeyboardInterrupt):  # the shell gave up waiting (TAB again, Ctrl-C): nothing to say
        return 1
    except Exception:  # noqa: BLE001 - a TAB must never show a traceback; respond() already catches most
        return 1
    return answer.status


def run_guarded(invoke: Callable[[], Any]) -> int:
    """Run the command; map exceptions to exit codes, writing one clear line to stderr."""
    try:
        result = invoke()
        sys.stdout.flush()
    except TradecliError as exc:
        for line in exc.lines():
            _message(line)
        return int(exc.exit_code)
    except click.exceptions.NoArgsIsHelpError as exc:
        sys.stderr.write(exc.ctx.get_help() + "\n" if exc.ctx else "")
        return int(ExitCode.USAGE)
    except click.exceptions.UsageError as exc:
        _write_stderr(_usage_message(exc))
        return int(ExitCode.USAGE)
    except click.exceptions.ClickException as exc:
        _message(exc.format_message())
        return int(ExitCode.USAGE)
    except (BrokenPipeError, PipeClosed):
        _silence_stdout()
        return int(ExitCode.OK)
    except (KeyboardInterrupt, typer.Abort):
        _message("interrupted")
        return int(ExitCode.INTERRUPTED)
    except Exception as exc:  # noqa: BLE001 - the last resort: a crash becomes exit 4
        _message(f"internal error: {type(exc).__name__}: {exc}. This is a bug; please report it at {ISSUES_URL}")
        return int(ExitCode.INTERNAL)
    if result == ExitCode.INTERRUPTED:
        _message("interrupted")
    return result if isinstance(result, int) else int(ExitCode.OK)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (e.g. under a test runner)
        pass


def _usage_message(exc: click.exceptions.UsageError) -> str:
    command = exc.ctx.command_path if exc.ctx else "tradecli"
    message = " ".join(exc.format_message().split()).rstrip(".")  # one line, whatever click laid out
    option = getattr(exc, "option_name", None)
    if option in OPTION_HINTS:
        message += "; " + OPTION_HINTS[option]()
    return f"{command}: {message} (see '{command} --help')"


def _message(line: str) -> None:
    _write_stderr(f"tradecli: {line}")


def _write_stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


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
    help="""Look up, filter and compare China's 2025 foreign-trade statistics (GACC, 14 Jan 2026).

\b
Examples:
  tradecli list --section headline
  tradecli show exports
  tradecli filter --where 'growth > 10'
  tradecli compare exports imports
  tradecli list --format json | jq '.[0]'
""",
)
data_app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    context_settings=CONTEXT,
    help="Inspect and validate dataset files.",
)
app.add_typer(data_app, name="data")


class Settings(NamedTuple):
    """Global options, carried to every command through the click context."""

    data: Path | None = None
    no_color: bool = False


def _version(ctx: typer.Context, value: bool) -> None:
    """Print the tool's version and the dataset's (--data if given before --version, else TRADECLI_DATA).

    Reads only the dataset's [dataset] table (tradecli.header.read_identity): fast, no Rich or
    pandas, and it still answers when the rest of the file has problems.
    """
    if not value or ctx.resilient_parsing:  # completion parses the line without running anything
        return
    from tradecli.header import read_identity

    sys.stdout.write(f"tradecli {__version__}\n")
    sys.stdout.flush()
    data = ctx.params.get("data") or os.environ.get("TRADECLI_DATA") or None
    identity = read_identity(data)
    where = f"{Path(identity.path).name}, bundled" if identity.bundled else identity.path
    version = identity.version or "(no version given)"
    date = f"as of {identity.date}" if identity.date else "no date given"
    sys.stdout.write(f"dataset {version}, {date} ({where})\n")
    raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data: DataOpt = None,
    no_color: Annotated[
        bool,
        typer.Option("--no-color", help="No colour in tables (also: the NO_COLOR environment variable)."),
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
    """Global options."""
    ctx.obj = Settings(data=data, no_color=no_color)


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.find_object(Settings)
    return settings if settings is not None else Settings()


def _load(ctx: typer.Context) -> Dataset:
    from tradecli.dataset import load_dataset

    return load_dataset(_settings(ctx).data)


def _format(fmt: OutputFormat | None) -> str:
    """--format wins; otherwise a table for people at a terminal and CSV for pipes."""
    if fmt is not None:
        return fmt.value
    return "table" if _stdout_is_terminal() else "csv"


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _emit(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise PipeClosed() from None


def _render_options(no_header: bool, to_file: bool = False) -> RenderOptions:
    from tradecli.render import RenderOptions

    terminal = not to_file and _stdout_is_terminal()
    # On a terminal, fit it; down a pipe, let the table take its natural width (COLUMNS wins).
    width = shutil.get_terminal_size().columns if terminal else int(os.environ.get("COLUMNS") or 0) or 1000
    return RenderOptions(header=not no_header, terminal=terminal, width=width, color=_colour_wanted())


def _colour_wanted() -> bool:
    """Colour unless --no-color or NO_COLOR (any non-empty value, as no-color.org says) turns it off."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    settings = ctx.find_object(Settings) if ctx is not None else None
    return not (settings is not None and settings.no_color) and not os.environ.get("NO_COLOR")


def _emit_rows(
    rows: Sequence[dict[str, object]], columns: Sequence[str], fmt: OutputFormat | None, no_header: bool
) -> None:
    from tradecli.render import render

    chosen = _format(fmt)
    _emit(render(rows, columns, chosen, _render_options(no_header)))


def _listing(
    ctx: typer.Context,
    fields: str | None,
    fmt: OutputFormat | None,
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
    from tradecli.convert import parse_conversion
    from tradecli.dataset import view
    from tradecli.query import Query, parse_fields, parse_where, pick_name, run_query

    columns = parse_fields(fields)
    conditions = tuple(parse_where(w) for w in where or [])
    whole = _load(ctx)
    dataset = view(whole, period, tier)
    conversion = parse_conversion(currency, rate, whole)
    if conversion is not None and fields is None:
        columns.append("conversion")
    query = Query(
        conditions=conditions,
        section=pick_name(section, dataset.sections, "--section", "section") if section else None,
        flow=pick_name(flow, FLOWS, "--flow", "flow") if flow else None,
        **query_args,
    )
    rows = run_query([_record(f, whole, conversion) for f in dataset.figures], query)
    _emit_rows(rows, columns, fmt, no_header)
    if conversion is not None:
        _write_stderr("note: converted amounts are conversions at a yuan rate, not official figures")


def _record(figure: Figure, dataset: Dataset, conversion: Conversion | None) -> dict[str, object]:
    """A figure's record, converted to another currency when --currency asks for it."""
    from tradecli.derive import record

    row = record(figure, dataset)
    if conversion is None:
        return row
    from tradecli.convert import convert_row

    return convert_row(row, figure, dataset, conversion)


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
    fmt: FormatOpt = None,
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
    fmt: FormatOpt = None,
    no_header: NoHeaderOpt = False,
) -> None:
    """Figures matching conditions: --where FIELD OP VALUE (repeat to AND) and --search TEXT.

    Operators: = != < <= > >= and ~ (case-insensitive contains). Numbers compare as numbers;
    a figure without the field never matches.

    \b
    Examples:
      tradecli filter --where 'growth > 10'
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
            help="Figure id, alias, or a unique part of one.",
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

    Derived: implied_prior = value / (1 + growth), change = value - implied_prior,
    share_computed = value as a percent of its parent, share_of_total.

    \b
    Examples:
      tradecli show exports
      tradecli show 'B&R'
      tradecli show asean --format json
      tradecli show total --fields value,growth,implied_prior --format csv
      tradecli show exports --period 2024
    """
    from tradecli.dataset import resolve
    from tradecli.derive import record
    from tradecli.query import parse_fields
    from tradecli.render import render_record

    columns = parse_fields(fields, default=tuple(FIELDS))
    dataset = _load(ctx)
    row = record(resolve(dataset, name, period), dataset)
    chosen = _format(fmt)
    _emit(render_record(row, columns, chosen, _render_options(no_header)))


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
    Figures in different units are shown side by side but not subtracted; notes go to stderr.

    \b
    Examples:
      tradecli compare exports imports
      tradecli compare asean latin-america africa
      tradecli compare exports imports --format json
      tradecli compare exports --period 2024 --period 2025
    """
    from tradecli.dataset import resolve
    from tradecli.derive import compare as compare_figures
    from tradecli.derive import compare_periods
    from tradecli.query import parse_fields

    if len(names) * max(1, len(periods or [])) < 2:
        raise UsageError(
            "compare: give two figures ('tradecli compare exports imports') "
            "or one figure and two periods ('tradecli compare exports --period 2024 --period 2025')"
        )
    dataset = _load(ctx)
    chosen: list[str | None] = list(periods) if periods else [None]
    figures = [resolve(dataset, n, p) for n in names for p in chosen]
    keys = [(f.id, f.period) for f in figures]
    repeated = sorted({f"{i} ({p})" for i, p in keys if keys.count((i, p)) > 1})
    if repeated:
        raise UsageError(f"compare: {', '.join(repeated)} given more than once; name each figure once")
    across_periods = len({f.id for f in figures}) == 1
    result = compare_periods(figures, dataset) if across_periods else compare_figures(figures, dataset)
    columns = parse_fields(fields, available=result.columns, default=result.columns)
    _emit_rows(result.rows, columns, fmt, no_header)
    for note in result.notes:
        sys.stderr.write(f"note: {note}\n")


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
    _emit_rows(rows, ["field", "kind", "derived", "description"], fmt, no_header)


@app.command("check")
def check(
    ctx: typer.Context,
    claims: Annotated[
        list[str] | None,
        typer.Argument(help="Claims such as 'exports growth=6.1%' (default: check the dataset).", show_default=False),
    ] = None,
    claims_file: Annotated[
        Path | None,
        typer.Option(
            "--claims",
            help="File of claims: CSV (figure,field,value,unit), TOML, or - for CSV on stdin.",
            show_default=False,
        ),
    ] = None,
    text_file: Annotated[
        Path | None,
        typer.Option(
            "--text",
            help="Fact-check the figures in an article (plain text or Markdown; - for stdin).",
            show_default=False,
        ),
    ] = None,
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
            help="Rules: only figures within this period (default: all). Claims: against this period's figures.",
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
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout.", show_default=False),
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
    unknown-figure or unverifiable. A summary goes to stderr; -q prints nothing, like grep -q.

    With --text, reads the article's numbers and what each is said of (flow, partner, product,
    currency, period, basis, source), grades those the dataset covers, and says whether each
    link is certain. Only a certain mismatch fails; an uncertain one is a warning.

    Exit status: 0 all passed, 1 a rule failed or a claim is a mismatch or unknown-figure
    (or rounded, or an uncertain mismatch in text, with --strict), 2 usage error, 3 invalid
    dataset, claims file or article.

    \b
    Examples:
      tradecli check
      tradecli check --rule sum --rule growth --format json
      tradecli check exports=26.99 "exports growth=6.1%" "asean=7.6 trillion yuan"
      tradecli check --claims claims.csv --format github
      tradecli check --claims claims.toml --format junit --output report.xml
      tradecli check --text article.md --format github
      tradecli check --text article.md --all --format csv
      tradecli check -q exports=26.99 && echo "figures agree"
    """
    from tradecli.checks import pick_rules

    chosen_rules = pick_rules(rules or [])
    if rules and (claims or claims_file or text_file):
        raise UsageError("check: --rule selects dataset rules; it cannot be combined with claims or --text")
    if text_file is not None and (claims or claims_file):
        raise UsageError("check: give claims or --text, not both")
    if every_number and text_file is None:
        raise UsageError("check: --all lists the numbers of an article; it needs --text")
    fmt_name = fmt.value if fmt is not None else _report_format(output)
    from tradecli.dataset import view

    whole = _load(ctx)
    checking_claims = bool(claims or claims_file or text_file)  # they pick their period's version themselves
    dataset = view(whole, "all" if checking_claims else period or "all", tier)
    if list_rules:
        _emit_rule_list(dataset, fmt_name, no_header)
        return int(ExitCode.OK)
    if text_file is not None:
        report = _text_report(dataset, text_file, strict, every_number)
    else:
        report = _check_report(dataset, claims or [], claims_file, chosen_rules, strict, period)
    if output is not None or not quiet:
        _write_report(report, fmt_name, fields, no_header, output)
    if not quiet:
        _write_stderr(report.summary())
    return int(ExitCode.OK if report.ok else ExitCode.CHECK_FAILED)


REPORT_SUFFIXES = {".xml": "junit", ".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".tsv": "tsv", ".md": "markdown"}


def _report_format(output: Path | None) -> str:
    """Without --format: from the --output file's suffix (report.xml is JUnit), else as for listings."""
    if output is None:
        return _format(None)
    return REPORT_SUFFIXES.get(output.suffix.lower(), "csv")


def _text_report(dataset: Dataset, path: Path, strict: bool, every_number: bool) -> Report:
    from tradecli.inputs import read_text
    from tradecli.report import Report
    from tradecli.text import scan

    stdin = sys.stdin.buffer.read() if str(path) == "-" else None
    name, text = read_text(path, stdin, kind="an article (plain text or Markdown)")
    findings = scan(text, dataset, include_skipped=every_number)
    return Report("text", dataset.path, strict, findings=findings, source=name)


def _check_report(
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

    parsed = parse_inline(claims, dataset.words)
    if claims_file is not None:
        stdin = sys.stdin.buffer.read() if str(claims_file) == "-" else None
        parsed += load_claims(claims_file, dataset.words, stdin)
    return Report("claims", dataset.path, strict, claims=verify_all(parsed, dataset, period))


def _write_report(report: Report, fmt: str, fields: str | None, no_header: bool, output: Path | None) -> None:
    from tradecli.query import parse_fields
    from tradecli.report import render_report

    columns = None
    if fields is not None:
        columns = parse_fields(fields, available=report.columns(), default=report.columns())
    text = render_report(report, fmt, columns, _render_options(no_header, to_file=output is not None))
    if output is None:
        _emit(text)
    else:
        _write_file_atomically(output, text)


def _emit_rule_list(dataset: Dataset, fmt: str, no_header: bool) -> None:
    from tradecli.checks import RULES, count_evaluations

    rows = [{"rule": r.name, "checks": count_evaluations(dataset, r), "description": r.summary} for r in RULES]
    listing = fmt if fmt in ("table", "csv", "tsv", "markdown", "json", "jsonl") else "csv"
    _emit_rows(rows, ["rule", "checks", "description"], OutputFormat(listing), no_header)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_file_atomically(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory, so a failed run never leaves half a report."""
    import tempfile

    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent or ".", delete=False,
                                         prefix=f".{path.name}.", suffix=".tmp") as handle:  # fmt: skip
            handle.write(text)
        os.chmod(handle.name, 0o666 & ~_umask())  # a report is as readable as any file the user writes
        os.replace(handle.name, path)
    except OSError as exc:
        raise UsageError(f"--output: cannot write {path} ({exc.strerror or exc})") from None


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

    _emit(script(shell.value))


@data_app.command("validate")
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None, typer.Argument(help="Dataset file (default: --data or the bundled one).", show_default=False)
    ] = None,
) -> None:
    """Check a dataset file against the schema; exit 0 if valid, 3 with every problem if not.

    \b
    Examples:
      tradecli data validate
      tradecli data validate my-figures.toml
    """
    from tradecli.dataset import load_dataset

    chosen = path or _settings(ctx).data
    dataset = load_dataset(chosen)
    shown = dataset.path if chosen else f"{Path(dataset.path).name} (bundled)"
    _emit(f"{shown}: valid ({len(dataset.figures)} figures, {len(dataset.relations)} relations)\n")


def main() -> None:
    """Console-script entry point."""
    app(prog_name="tradecli")
