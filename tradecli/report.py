"""Reports of `tradecli check`: rows for tables, a JSON document, GitHub annotations, JUnit XML.

Every format is built from the same flat rows, so the numbers in a table, in JSON and in a
CI annotation cannot disagree. Nothing here writes to a stream; the CLI prints what it returns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from tradecli.checks import RuleResult, Term
from tradecli.claims import ClaimResult
from tradecli.interval import round_half_up
from tradecli.render import RenderOptions, hidden_columns, json_object, json_value, render
from tradecli.safetext import printable

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from tradecli.text import Finding  # only a type here: rules and claims checks never load the text reader

CHECK_FORMATS = ("table", "csv", "tsv", "markdown", "json", "jsonl", "github", "junit")
RULE_COLUMNS = (
    "verdict",
    "ok",
    "rule",
    "period",
    "check",
    "figures",
    "inputs",
    "computed",
    "computed_low",
    "computed_high",
    "computed_interval",
    "stated",
    "stated_low",
    "stated_high",
    "stated_interval",
    "slack",
    "slack_steps",
    "derived",
    "file",
    "line",
    "message",
)
RULE_TABLE = ("verdict", "rule", "period", "check", "computed_interval", "stated_interval", "slack_steps")
CLAIM_COLUMNS = (
    "verdict",
    "ok",
    "source",
    "file",
    "line",
    "argument",
    "claim",
    "figure",
    "field",
    "claimed",
    "official",
    "official_qualifier",
    "unit",
    "difference",
    "reason",
    "suggestions",
)
CLAIM_TABLE = ("verdict", "source", "claim", "figure", "field", "claimed", "official", "difference", "reason")
TEXT_COLUMNS = (
    "verdict", "ok", "certain", "file", "line", "column", "text", "figure", "field", "period", "claimed", "official",
    "reason",
)  # fmt: skip
TEXT_TABLE = ("verdict", "certain", "line", "column", "text", "figure", "field", "claimed", "official", "reason")
# Most important first: what stays when a terminal is too narrow for the whole table.
IMPORTANCE = {
    "rules": ("verdict", "check", "period", "stated_interval", "computed_interval", "rule", "slack_steps"),
    "claims": ("verdict", "figure", "claimed", "official", "reason", "claim", "field", "difference", "source"),
    "text": ("verdict", "line", "figure", "claimed", "official", "reason", "certain", "field", "text", "column"),
}
STEP_PLACES = 3  # slack in rounding steps: 0.015 of a step is worth seeing
VERDICT_STYLES = (
    ("pass", "green"),
    ("revision", "cyan"),
    ("match", "green"),
    ("rounded", "yellow"),
    ("unverifiable", "magenta"),
    ("fail", "bold red"),
    ("mismatch", "bold red"),
    ("unknown-figure", "bold red"),
)


class Article(NamedTuple):
    """One text that `check --text` read: its name as shown (or <stdin>) and its findings."""

    file: str
    findings: Sequence[Finding]


class Report(NamedTuple):
    """The outcome of one `check` run: dataset rules, claims, or the figures in a text."""

    mode: str  # "rules", "claims" or "text"
    dataset: str
    strict: bool
    rules: Sequence[RuleResult] = ()
    claims: Sequence[ClaimResult] = ()
    articles: Sequence[Article] = ()  # text mode: each file read, with its findings

    @property
    def findings(self) -> list[Finding]:
        """Every article's findings, file by file in the order the files were given."""
        return [finding for article in self.articles for finding in article.findings]

    @property
    def failures(self) -> int:
        return (
            sum(not r.ok for r in self.rules)
            + sum(c.failed(self.strict) for c in self.claims)
            + sum(_finding_failed(f, self.strict) for f in self.findings)
        )

    @property
    def ok(self) -> bool:
        return self.failures == 0

    def counts(self) -> dict[str, int]:
        """How many results got each verdict, in a stable order."""
        verdicts = (
            [r.verdict for r in self.rules] + [c.verdict for c in self.claims] + [f.verdict for f in self.findings]
        )
        return dict(sorted(Counter(verdicts).items()))

    def summary(self) -> str:
        """One line for stderr: '17 checks: 17 pass' or '4 claims: 2 match, 1 mismatch, ...'."""
        total = len(self.rules) + len(self.claims) + len(self.findings)
        noun = {"rules": "check", "claims": "claim", "text": "figure"}[self.mode] + ("" if total == 1 else "s")
        parts = ", ".join(f"{n} {verdict}" for verdict, n in self.counts().items()) or "nothing to check"
        uncertain = sum(f.verdict == "mismatch" and not f.certain for f in self.findings)
        if uncertain:
            parts += f" ({uncertain} mismatch{'' if uncertain == 1 else 'es'} uncertain: "
            parts += "failures with --strict)" if not self.strict else "failures)"
        strict = ""
        if self.strict and self.mode != "rules":
            strict = " (--strict: rounded counts as a failure" + (", and so does an uncertain mismatch)" if
                                                                 self.mode == "text" else ")")  # fmt: skip
        files = f" in {len(self.articles)} files" if len(self.articles) > 1 else ""
        return f"{total} {noun}{files}: {parts}{strict}"

    def columns(self, table: bool = False) -> tuple[str, ...]:
        if self.mode == "rules":
            return RULE_TABLE if table else RULE_COLUMNS
        if self.mode == "text":
            return TEXT_TABLE if table else TEXT_COLUMNS
        return CLAIM_TABLE if table else CLAIM_COLUMNS

    def rows(self) -> list[dict[str, object]]:
        if self.mode == "rules":
            return [rule_row(r, self.dataset) for r in self.rules]
        if self.mode == "text":
            return [finding_row(f, a.file, self.strict) for a in self.articles for f in a.findings]
        return [claim_row(c, self.strict) for c in self.claims]


def _finding_failed(finding: Finding, strict: bool) -> bool:
    """A certain mismatch fails; with --strict, an uncertain one and a rounded figure too."""
    if finding.verdict == "mismatch":
        return finding.certain or strict
    return strict and finding.verdict == "rounded"


def finding_row(finding: Finding, source: str, strict: bool) -> dict[str, object]:
    return {
        "verdict": finding.verdict,
        "ok": not _finding_failed(finding, strict),
        "certain": finding.certain,
        "file": source,
        "line": finding.line,
        "column": finding.column,
        "text": finding.text,
        "figure": finding.figure,
        "field": finding.field,
        "period": finding.period,
        "claimed": as_written(finding.claimed),
        "official": as_written(finding.official),
        "reason": finding.reason,
    }


# -- rows -----------------------------------------------------------------------------------


def _finite(number: Decimal | None, places: int) -> Decimal | None:
    """Rounded for display; an infinite bound has no number (null in JSON, empty in CSV)."""
    if number is None or not number.is_finite():
        return None
    return round_half_up(number, places)


def _shown(number: Decimal, places: int) -> Decimal | None:
    """A stated number as stated (3.8 stays 3.8); a computed one rounded to places."""
    exponent = number.as_tuple().exponent
    return number if isinstance(exponent, int) and -exponent <= places else _finite(number, places)


def rule_row(result: RuleResult, dataset: str) -> dict[str, object]:
    """One rule result as a flat row; numbers rounded to a few digits past the stated precision."""
    places = result.places
    slack, steps = result.slack
    derived = "; ".join(f"{k} = {_text(_shown(v, places))}" for k, v in result.derived.items())
    row: dict[str, object] = {
        "verdict": result.verdict,
        "ok": result.ok,
        "rule": result.rule,
        "period": result.period,
        "check": result.description,
        "figures": list(result.figures),
        "inputs": [_input_text(term) for term in result.inputs],
        "computed": _finite(result.computed_point, places),
        "computed_low": _finite(result.computed.lo, places),
        "computed_high": _finite(result.computed.hi, places),
        "computed_interval": result.computed.text(places),
        "stated": _finite(result.target_point, places),
        "stated_low": _finite(result.target.lo, places),
        "stated_high": _finite(result.target.hi, places),
        "stated_interval": result.target.text(places),
        "slack": _finite(slack, places),
        "slack_steps": _finite(steps, STEP_PLACES),
        "derived": derived or None,
        "file": dataset,
        "line": result.line,
    }
    row["message"] = rule_message(row)
    return row


def _input_text(term: Term) -> str:
    """'exports.value = 26.99' or 'trading-partners.value = more than 240': a stated input as stated."""
    qualifier = "" if term.qualifier == "exact" else f"{term.qualifier} "
    return f"{term.figure.id}.{term.field} = {qualifier}{format(term.number, 'f')}"


def rule_message(row: dict[str, object]) -> str:
    """A sentence for annotations and JUnit: the rule, both intervals and the slack."""
    verdict = "consistent" if row["ok"] else "INCONSISTENT"
    against = f"stated {_text(row['stated'])}" if row["stated"] is not None else "possible range"
    text = (
        f"{row['rule']}: {row['check']}: {verdict}; computed {_text(row['computed'])} "
        f"{row['computed_interval']} vs {against} {row['stated_interval']}"
    )
    if row["slack"] is not None:
        text += f"; slack {_text(row['slack'])} ({_text(row['slack_steps'])} rounding steps)"
    if row["derived"]:
        text += f"; {row['derived']}"
    return text


def _text(value: object) -> str:
    return "n/a" if value is None else format(value, "f") if isinstance(value, Decimal) else str(value)


def as_written(number: Decimal | None) -> Decimal | None:
    """A whole number with its digits, as it was written: a claim of "800,000" is graded as rounded
    to the thousand (8E+5 inside, see claims._trailing_zeros_as_rounding), but reported as 800000,
    in the API as in the CLI's JSON (pandas would write 8E+5 to a CSV)."""
    if number is None or not number.is_finite() or int(number.as_tuple().exponent) <= 0:
        return number
    return number.quantize(Decimal(1))


def claim_row(result: ClaimResult, strict: bool) -> dict[str, object]:
    origin = result.claim.origin
    return {
        "verdict": result.verdict,
        "ok": not result.failed(strict),
        "source": origin.text(),
        "file": origin.file,
        "line": origin.line,
        "argument": origin.argument,
        "claim": result.claim.text,
        "figure": result.figure,
        "field": result.field,
        "claimed": as_written(result.claimed),
        "official": as_written(result.official),
        "official_qualifier": result.official_qualifier,
        "unit": result.unit,
        "difference": as_written(result.difference),
        "reason": result.reason,
        "suggestions": list(result.suggestions),
    }


# -- formats --------------------------------------------------------------------------------


def render_report(report: Report, fmt: str, columns: Sequence[str] | None, options: RenderOptions) -> str:
    """The report in one of CHECK_FORMATS."""
    rows = report.rows()
    keys = tuple(columns) if columns else report.columns()  # --fields, in their order
    if fmt == "json":
        return json_document(report, rows, keys)
    if fmt == "jsonl":
        return "".join(json_object(r, keys) + "\n" for r in rows)
    if fmt == "github":
        return github_annotations(report, rows)
    if fmt == "junit":
        return junit_xml(report, rows)
    chosen = columns or report.columns(table=fmt in ("table", "markdown"))
    return render(rows, chosen, fmt, _table_options(report, columns, options))


def report_hidden_columns(
    report: Report, fmt: str, columns: Sequence[str] | None, options: RenderOptions
) -> tuple[str, ...]:
    """The columns a report's table leaves out to fit the terminal."""
    chosen = columns or report.columns(table=fmt in ("table", "markdown"))
    return hidden_columns(report.rows(), chosen, fmt, _table_options(report, columns, options))


def _table_options(report: Report, columns: Sequence[str] | None, options: RenderOptions) -> RenderOptions:
    """Verdicts in colour; when space is short, the columns a reader needs most stay (chosen
    --fields keep their order of importance: leftmost first)."""
    importance = tuple(columns) if columns else IMPORTANCE[report.mode]
    return options._replace(styles=VERDICT_STYLES, importance=importance)


def json_document(report: Report, rows: Sequence[dict[str, object]], keys: Sequence[str] | None = None) -> str:
    """The one JSON contract of every check mode, documented in the README ("JSON report"): the same
    head and summary keys, and the rows under `findings` whether they are rule evaluations, claims
    or an article's numbers, so a consumer reads every mode with the same code. `keys`: the findings'
    keys (--fields), by default all of them."""
    from tradecli import __version__

    keys = report.columns() if keys is None else keys
    counts = "{" + ", ".join(f"{json_value(k)}: {n}" for k, n in report.counts().items()) + "}"
    head = {
        "tool": "tradecli",
        "version": __version__,
        "mode": report.mode,
        "dataset": report.dataset,
        "strict": report.strict,
        "ok": report.ok,
    }
    lines = [f"  {json_value(k)}: {json_value(v)}," for k, v in head.items()]
    lines.append(f'  "summary": {{"total": {len(rows)}, "failed": {report.failures}, "verdicts": {counts}}},')
    body = ",\n".join("    " + json_object(r, keys) for r in rows)
    lines.append('  "findings": [\n' + body + "\n  ]" if rows else '  "findings": []')
    return "{\n" + "\n".join(lines) + "\n}\n"


def _escape_data(text: str) -> str:
    """A workflow command's message as the runner decodes it: %, CR and LF percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A property value (file=, title=): also : and , which would end it."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _shown_property(text: str) -> str:
    return _escape_property(printable(text))


def _shown_data(text: str) -> str:
    """Text from a claims file or an article, as an annotation shows it to people: control and format
    characters as visible escapes (the log and the annotation are read on a screen), then encoded,
    so an annotation is always one line that starts with our own command."""
    return _escape_data(printable(text))


def _annotation_level(row: dict[str, object], strict: bool) -> str | None:
    if not row["ok"]:
        return "error"
    if row["verdict"] in ("unverifiable", "note", "mismatch"):  # a mismatch that passes is an uncertain one
        return "warning"
    if row["verdict"] == "rounded":
        return "notice"
    return None


def github_annotations(report: Report, rows: Sequence[dict[str, object]]) -> str:
    """GitHub Actions workflow commands: ::error file=F,line=N,title=T::message, one per finding."""
    lines = []
    for row in rows:
        level = _annotation_level(row, report.strict)
        if level is None:
            continue
        properties = []
        if row.get("file") and not str(row["file"]).startswith("<"):  # not <stdin>
            properties.append(f"file={_shown_property(str(row['file']))}")
        if row.get("line"):
            properties.append(f"line={row['line']}")
        if row.get("column"):
            properties.append(f"col={row['column']}")
        title = f"tradecli check: {row['rule']}" if report.mode == "rules" else f"tradecli check: {row['verdict']}"
        properties.append(f"title={_shown_property(title)}")
        message = _annotation_message(report.mode, row)
        lines.append(f"::{level} {','.join(properties)}::{_shown_data(message)}")
    return "".join(line + "\n" for line in lines)


def _annotation_message(mode: str, row: dict[str, object]) -> str:
    if mode == "rules":
        return str(row["message"])
    if mode == "text":  # the figure it was read as, which only the JSON had: 'russia-usd growth'
        about = f" ({row['figure']} {row['field']})" if row.get("figure") else ""
        return f"{row['text']}: {row['verdict']}{about}: {row['reason']}"
    return f"{row['claim']}: {row['verdict']}: {row['reason']}"


def junit_xml(report: Report, rows: Sequence[dict[str, object]]) -> str:
    """JUnit XML with one testcase per rule evaluation, claim or number; unverifiable ones are skipped.

    Every testcase name is unique within the report (see junit_names): dashboards key their history
    on classname and name, and merge testcases that share them.
    """
    import xml.etree.ElementTree as ET

    suite_name = f"tradecli.{report.mode}"
    failures = sum(not r["ok"] for r in rows)
    skipped = sum(bool(r["ok"]) and r["verdict"] in _JUNIT_SKIPPED for r in rows)
    counts = {"tests": str(len(rows)), "failures": str(failures), "errors": "0", "skipped": str(skipped)}
    suites = ET.Element("testsuites", {"name": "tradecli check", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": suite_name, **counts})
    for row, name in zip(rows, junit_names(report.mode, rows), strict=True):
        suite.append(_testcase(report, row, suite_name, name))
    _make_printable(suites)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def junit_names(mode: str, rows: Sequence[dict[str, object]]) -> list[str]:
    """A stable, unique testcase name per row: what was checked and where.

    A rule's check is evaluated once per period ('exports + imports = total' for 2024 and 2025), so
    its name carries the period; a claim's carries its source (file:line or argument N), a number's
    its file, line and column. Should two rows still coincide (the same claim twice in a TOML file
    without [[claim]] headers, so without lines), the later ones get ' #2', ' #3' in report order,
    which stays the same from run to run for the same input.
    """
    names = [_junit_name(mode, row) for row in rows]
    taken = set(names)
    repeats: Counter[str] = Counter()
    unique: list[str] = []
    for name in names:
        repeats[name] += 1
        if repeats[name] == 1:
            unique.append(name)
            continue
        number = repeats[name]
        while f"{name} #{number}" in taken:  # a name that itself ends in ' #2'
            number += 1
        repeats[name] = number
        taken.add(f"{name} #{number}")
        unique.append(f"{name} #{number}")
    return unique


def _junit_name(mode: str, row: dict[str, object]) -> str:
    if mode == "rules":
        return f"{row['check']} ({row['period']})"
    if mode == "text":
        return f"{row['file']}:{row['line']}:{row['column']}: {row['text']}"
    return f"{row['source']}: {row['claim']}"


def _testcase(report: Report, row: dict[str, object], suite_name: str, name: str) -> Element:
    import xml.etree.ElementTree as ET

    if report.mode == "rules":
        classname, message = f"{suite_name}.{row['rule']}", str(row["message"])
    else:
        classname, message = suite_name, f"{row['verdict']}: {row['reason']}"
    attributes = {"classname": classname, "name": name}
    if row.get("file"):
        attributes["file"] = str(row["file"])
    if row.get("line"):
        attributes["line"] = str(row["line"])
    case = ET.Element("testcase", attributes)
    if not row["ok"]:
        failure = ET.SubElement(case, "failure", {"message": message, "type": str(row["verdict"])})
        failure.text = message
    elif row["verdict"] in _JUNIT_SKIPPED:
        ET.SubElement(case, "skipped", {"message": message})
    return case


def _make_printable(root: Element) -> None:
    """Every attribute and text shown with control and format characters as escapes (printable).

    XML 1.0 cannot hold most C0 controls, lone surrogates or U+FFFE/U+FFFF even as character
    references, and ElementTree writes them anyway, so one such character in a claim, a file name
    or an article made the whole report unreadable. printable escapes every one of them (each is a
    control, surrogate or unassigned character), and a dashboard then shows ESC or a bidi control as
    a terminal table would. Done before indenting, which adds the only real newlines.
    """
    for element in root.iter():
        element.attrib = {key: printable(value) for key, value in element.attrib.items()}
        if element.text:
            element.text = printable(element.text)


_JUNIT_SKIPPED = ("unverifiable", "note", "skipped", "mismatch")  # a mismatch that passes is uncertain
