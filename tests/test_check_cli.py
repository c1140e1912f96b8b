"""`tradecli check` end to end: exit codes, claims files, and every report format."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tradecli.checks import RuleResult
from tradecli.cli import app
from tradecli.dataset import bundled_path

from .conftest import Invoke

BUNDLED = bundled_path().read_text(encoding="utf-8")
CLAIMS_CSV = """\
figure,field,value,unit
exports,,26.99,trillion yuan
exports,growth,6.1%,
asean,value,7.6,trillion yuan
total,,45.5,
imports,growth,1.5,%
exprots,,26.99,
asean,,1.05,trillion USD
"""
CLAIMS_TOML = """\
# claims made in an article
[[claim]]
figure = "exports"
value = 26.99
unit = "trillion yuan"

[[claim]]
figure = "private-enterprises"
field = "share"
value = "57%"

[[claim]]
figure = "B&R"
field = "growth"
value = 7.3
"""
RULE_KEYS = [
    "verdict", "ok", "rule", "period", "check", "figures", "inputs", "computed", "computed_low", "computed_high",
    "computed_interval", "stated", "stated_low", "stated_high", "stated_interval", "slack", "slack_steps",
    "derived", "file", "line", "message",
]  # fmt: skip
CLAIM_KEYS = [
    "verdict", "ok", "source", "file", "line", "argument", "claim", "figure", "field", "claimed", "official",
    "official_qualifier", "unit", "difference", "reason", "suggestions",
]  # fmt: skip
DOCUMENT_KEYS = ["tool", "version", "mode", "dataset", "strict", "ok", "summary", "findings"]
WORKFLOW_COMMAND = re.compile(r"^::(error|warning|notice) (file=[^,:]+,line=\d+,)?title=[^,:]+::[^\r\n]+$")


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    def make(text: str | bytes, name: str = "claims.csv") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return make


def bundled_checks() -> list[RuleResult]:
    """What the core finds in the bundled data: the CLI must report exactly these (their number
    grows with the data, so it is not written here)."""
    from tradecli.checks import run_rules
    from tradecli.dataset import load_dataset

    return run_rules(load_dataset())


def test_dataset_check_passes_with_exit_0(invoke: Invoke) -> None:
    checks = len(bundled_checks())
    result = invoke("check", "--format", "csv", "--fields", "verdict,rule")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("pass,") == checks - 1 and "fail" not in result.stdout
    assert result.stdout.count("revision,revision") == 1
    assert result.stderr == f"{checks} checks: {checks - 1} pass, 1 revision\n"


def test_period_and_tier_narrow_the_dataset_check(invoke: Invoke) -> None:
    result = invoke("check", "--period", "2024", "--tier", "briefing", "--format", "csv", "--fields", "rule,check")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "sum,exports + imports = total",
        "share,private-enterprises / total x 100 = share",
        "containment,exports <= total",
        "containment,imports <= total",
        "containment,private-enterprises <= total",
        "growth,total growth = total / sum of prior-year exports + imports - 1",
    ]


def test_broken_dataset_fails_with_exit_1_naming_rule_and_figures(invoke: Invoke, write: Callable[..., Path]) -> None:
    data = write(BUNDLED.replace("value = 26.99\n", "value = 27.99\n"), "bad.toml")
    result = invoke("--data", str(data), "check", "--rule", "sum", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    from tradecli.checks import pick_rules, run_rules
    from tradecli.dataset import load_dataset

    expected = run_rules(load_dataset(data), pick_rules(["sum"]))
    failed = sum(not r.ok for r in expected)
    assert document["ok"] is False and document["summary"] == {
        "total": len(expected),
        "failed": failed,
        "verdicts": {"fail": failed, "pass": len(expected) - failed},
    }
    (row,) = [r for r in document["findings"] if r["verdict"] == "fail" and r["figures"][-1] == "total"]
    assert row["rule"] == "sum" and row["figures"] == ["exports", "imports", "total"]
    assert row["inputs"] == ["exports.value = 27.99", "imports.value = 18.48", "total.value = 45.47"]
    assert row["computed"] == pytest.approx(46.47) and row["stated_interval"] == "[45.46500, 45.47500)"
    assert row["slack_steps"] == pytest.approx(-99.5)


def test_json_document_has_the_documented_keys(invoke: Invoke) -> None:
    document = json.loads(invoke("check", "--format", "json").stdout)
    assert list(document) == DOCUMENT_KEYS
    assert document["mode"] == "rules" and document["ok"] is True
    assert all(list(r) == RULE_KEYS for r in document["findings"])
    growth = next(r for r in document["findings"] if r["rule"] == "growth")
    assert growth["computed"] == 3.7504 and growth["slack_steps"] == 0.004
    assert growth["derived"] == "prior_of_parts = 43.8263; prior_of_whole = 43.8054"


def test_claims_json_keys_and_verdicts(invoke: Invoke, write: Callable[..., Path]) -> None:
    result = invoke("check", "--claims", str(write(CLAIMS_CSV)), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["mode"] == "claims"
    assert all(list(r) == CLAIM_KEYS for r in document["findings"])
    verdicts = [(r["line"], r["verdict"]) for r in document["findings"]]
    assert verdicts == [
        (2, "match"),
        (3, "match"),
        (4, "rounded"),
        (5, "rounded"),
        (6, "mismatch"),
        (7, "unknown-figure"),
        (8, "unverifiable"),
    ]
    mismatch = document["findings"][4]
    assert mismatch["official"] == 0.5 and mismatch["claimed"] == 1.5 and mismatch["difference"] == 1.0
    assert document["summary"]["failed"] == 2


def test_inline_claims_exit_0_when_all_agree(invoke: Invoke) -> None:
    result = invoke("check", "exports=26.99", "exports growth=6.1%", "asean=7.6 trillion yuan",
                    "private-enterprises share=57%", "--format", "csv", "--fields", "claim,verdict")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "exports=26.99,match",
        "exports growth=6.1%,match",
        "asean=7.6 trillion yuan,rounded",
        "private-enterprises share=57%,rounded",
    ]
    assert result.stderr == "4 claims: 2 match, 2 rounded\n"


def test_a_claim_about_a_figure_without_a_version_in_the_period_says_so(
    invoke: Invoke, write: Callable[..., Path], usd_2024_only_file: Path
) -> None:
    """total-usd exists for 2024 only: a 2025 claim is unverifiable, never a mismatch against 6.16."""
    reason = "no 2025 figure for total-usd; the dataset has 2024 (use --period 2024 to check against it)"
    data = ("--data", str(usd_2024_only_file))
    inline = invoke(
        *data, "check", "total-usd=6.35 trillion USD", "--format", "csv", "--fields", "figure,official,verdict,reason"
    )
    assert inline.exit_code == 0
    assert inline.stdout.splitlines()[1] == f"total-usd,,unverifiable,{reason}"
    assert inline.stderr == "1 claim: 1 unverifiable\n"
    claims = write("figure,field,value,unit\ndollar trade,value,6.35,trillion USD\n", "claims.csv")
    from_file = invoke(*data, "check", "--claims", str(claims), "--format", "json")
    (only,) = json.loads(from_file.stdout)["findings"]
    assert (only["line"], only["verdict"], only["reason"]) == (2, "unverifiable", reason)
    in_2024 = invoke(
        *data, "check", "total-usd=6.35 trillion USD", "--period", "2024", "--format", "csv", "--fields", "verdict"
    )
    assert in_2024.exit_code == 1 and in_2024.stdout.splitlines()[1] == "mismatch"  # asked for, so compared


def test_strict_turns_rounded_into_failure(invoke: Invoke) -> None:
    assert invoke("check", "total=45.5", "--format", "csv").exit_code == 0
    strict = invoke("check", "total=45.5", "--strict", "--format", "csv")
    assert strict.exit_code == 1 and "--strict" in strict.stderr


def test_toml_claims_keep_their_lines(invoke: Invoke, write: Callable[..., Path]) -> None:
    result = invoke("check", "--claims", str(write(CLAIMS_TOML, "claims.toml")), "--format", "json")
    rows = json.loads(result.stdout)["findings"]
    assert [(r["line"], r["figure"], r["verdict"]) for r in rows] == [
        (2, "exports", "match"),
        (7, "private-enterprises", "rounded"),
        (12, "belt-and-road", "mismatch"),
    ]
    assert result.exit_code == 1


def test_github_format_is_exact_workflow_command_syntax(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write(CLAIMS_CSV)
    result = invoke("check", "--claims", str(path), "--format", "github")
    lines = result.stdout.splitlines()
    assert all(WORKFLOW_COMMAND.match(line) for line in lines), lines
    assert lines[2] == (
        f"::error file={path},line=6,title=tradecli check%3A mismatch::imports growth=1.5%25: mismatch: "
        "official figure is 0.5 [0.45, 0.55); the claim 1.5 [1.45, 1.55) is incompatible with it"
    )
    levels = [line.split(" ", 1)[0] for line in lines]
    assert levels == ["::notice", "::notice", "::error", "::error", "::warning"]


def test_github_escapes_newlines_and_percent_in_data() -> None:
    from tradecli.report import _escape_data, _escape_property

    assert _escape_data("6.1%\nnext") == "6.1%25%0Anext"
    assert _escape_property("a:b,c") == "a%3Ab%2Cc"


def test_junit_parses_and_counts_failures(invoke: Invoke, write: Callable[..., Path]) -> None:
    result = invoke("check", "--claims", str(write(CLAIMS_CSV)), "--format", "junit")
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("7", "2", "1")
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 7
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.find("failure").get("type") for c in failed] == ["mismatch", "unknown-figure"]  # type: ignore[union-attr]
    assert cases[4].get("line") == "6" and cases[4].get("file", "").endswith("claims.csv")


def test_junit_for_rules_has_one_testcase_per_check(invoke: Invoke) -> None:
    root = ET.fromstring(invoke("check", "--format", "junit").stdout)
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(bundled_checks()) and root.get("failures") == "0"
    assert {c.get("classname") for c in cases} >= {"tradecli.rules.sum", "tradecli.rules.growth"}


def test_output_file_is_written_and_format_follows_its_suffix(invoke: Invoke, tmp_path: Path) -> None:
    report = tmp_path / "report.xml"
    result = invoke("check", "--output", str(report))
    assert result.exit_code == 0 and result.stdout == ""
    assert ET.fromstring(report.read_text(encoding="utf-8")).get("tests") == str(len(bundled_checks()))
    assert [p.name for p in tmp_path.iterdir()] == ["report.xml"]  # no temporary file left behind


def test_output_to_a_missing_directory_is_a_write_error(invoke: Invoke, tmp_path: Path) -> None:
    """Exit 5 like a full stdout: the output had nowhere to go (README, "Exit codes")."""
    result = invoke("check", "--output", str(tmp_path / "nope" / "r.json"))
    assert result.exit_code == 5 and result.stdout == ""
    missing = tmp_path / "nope" / "r.json"
    assert result.stderr == f"tradecli: --output: cannot write {missing} (No such file or directory)\n"


@pytest.mark.parametrize(
    ("fmt", "first_line"),
    [
        ("csv", "verdict,source,claim"),
        ("tsv", "verdict\tsource\tclaim"),
        ("markdown", "| verdict | source | claim |"),
        ("jsonl", '{"verdict": "rounded", "source": "argument 1", "claim": "total=45.5"}'),
    ],
)
def test_claim_reports_in_every_listing_format(invoke: Invoke, fmt: str, first_line: str) -> None:
    result = invoke("check", "total=45.5", "--format", fmt, "--fields", "verdict,source,claim")
    line = result.stdout.splitlines()[0]
    assert line == first_line
    if fmt != "jsonl":
        assert "rounded" in result.stdout.splitlines()[-1] and "total=45.5" in result.stdout


def test_cli_check_formats_are_the_report_formats() -> None:
    from tradecli.options import CheckFormat
    from tradecli.report import CHECK_FORMATS

    assert tuple(f.value for f in CheckFormat) == CHECK_FORMATS


def test_list_rules(invoke: Invoke) -> None:
    result = invoke("check", "--list-rules", "--format", "csv")
    assert result.exit_code == 0
    counts = Counter(r.rule for r in bundled_checks())
    assert result.stdout.splitlines()[:3] == [
        "rule,checks,description",
        f"sum,{counts['sum']},parts declared by a sum relation add up to the whole",
        f"share,{counts['share']},part / parent x 100 equals the stated share",
    ]


def test_table_on_a_terminal_is_the_default(invoke: Invoke) -> None:
    from tradecli.checks import run_rules
    from tradecli.dataset import load_dataset
    from tradecli.render import RenderOptions
    from tradecli.report import Report, render_report

    dataset = load_dataset()
    text = render_report(Report("rules", "d.toml", False, rules=run_rules(dataset)), "table",
                         None, RenderOptions(terminal=False, width=200))  # fmt: skip
    assert "| pass     | growth" in text and "[3.6661, 3.8348]" in text and "| revision | revision" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--rule", "sums"], "unknown rule 'sums'"),
        (["check", "--rule", "sum", "exports=1"], "cannot be combined with claims"),
        (["check", "exports"], "claim 1 ('exports'): expected FIGURE"),
        (["check", "exports=59%"], "not a percentage"),
        (["check", "--format", "xml"], "'xml' is not one of"),
        (["check", "exports=1", "--fields", "nope"], "unknown field"),
    ],
)
def test_usage_errors_exit_2(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("", "claims.csv", "claims.csv: file: empty claims file; expected a header row"),
        ("figure,field,value,unit\n", "claims.csv", "no claims in the file"),
        ("figure,amount\nexports,1\n", "claims.csv", "line 1: unknown column 'amount'"),
        ("figure,field,valeu\nexports,,1\n", "claims.csv", "'valeu' (expected: figure, field, value, unit, period)"),
        ("figure,field\nexports,value\n", "claims.csv", "line 1: missing column 'value'"),
        ("figure,value\nexports,26.9.9\n", "claims.csv", "line 2: more than one number"),
        ("figure,value\nexports,abc\n", "claims.csv", "line 2: no number in 'abc'"),
        ("figure,value\nexports,1\nimports\n", "claims.csv", "line 3: expected 2 cells, got 1"),
        ("figure,value\n,1\n", "claims.csv", "line 2: empty figure"),
        ("figure,value,field\nexports,1,size\n", "claims.csv", "line 2: unknown field 'size'"),
        ("figure,value\nexports,59%\n", "claims.csv", "line 2: exports's value is in trillion yuan, not a percentage"),
        (b"\x00\x01\x02binary", "claims.csv", "line 1: binary data"),
        (b"figure,value\nexports,\xff\xfe\n", "claims.csv", "line 2: not UTF-8 text"),
        ("[[claim]\nfigure = 1", "claims.toml", "malformed TOML"),
        ("[[claim]]\nfigure = 'exports'\nvalue = 1\ncolour = 'red'\n", "claims.toml", "line 1: unknown key 'colour'"),
        ("[[claim]]\nfigure = 'exports'\n", "claims.toml", "line 1: missing key 'value'"),
        ("[[claim]]\nfigure = 'exports'\nvalue = true\n", "claims.toml", "value must be a number"),
        ("title = 'x'\n", "claims.toml", "unexpected 'title'"),
    ],
)  # fmt: skip
def test_bad_claims_files_exit_3_with_located_errors(
    invoke: Invoke, write: Callable[..., Path], content: str | bytes, name: str, message: str
) -> None:
    path = write(content, name)
    result = invoke("check", "--claims", str(path))
    assert result.exit_code == 3, result.stdout + result.stderr
    assert message in result.stderr, result.stderr
    assert result.stderr.startswith(f"tradecli: {path}: ")
    assert result.stdout == "" and "Traceback" not in result.stderr


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=200), suffix=st.sampled_from([".csv", ".toml"]))
def test_any_bytes_are_claims_or_a_located_input_error(tmp_path_factory: pytest.TempPathFactory, data: bytes,
                                                       suffix: str) -> None:  # fmt: skip
    from tradecli.claimfile import load_claims
    from tradecli.claims import verify_all
    from tradecli.dataset import load_dataset
    from tradecli.errors import InputFileError

    dataset = load_dataset()
    path = tmp_path_factory.mktemp("junk") / f"claims{suffix}"
    path.write_bytes(data)
    try:
        verify_all(load_claims(path, dataset.words), dataset)
    except InputFileError as exc:
        assert all(line.startswith(f"{path}: ") for line in exc.lines())


def test_every_bad_row_is_reported_at_once(invoke: Invoke, write: Callable[..., Path]) -> None:
    path = write("figure,value\nexports,x\nimports,1\ntotal,y\n")
    result = invoke("check", "--claims", str(path))
    assert result.exit_code == 3
    assert [line.split(": ")[2] for line in result.stderr.splitlines()] == ["line 2", "line 4"]


def test_csv_lines_count_blank_comment_and_multiline_rows(invoke: Invoke, write: Callable[..., Path]) -> None:
    text = 'figure,value\r\n\r\n# a comment row\r\nexports,"26.99"\r\nimports,"18.48\n"\r\ntotal,45.47\r\n'
    result = invoke("check", "--claims", str(write(text)), "--format", "json")
    assert [r["line"] for r in json.loads(result.stdout)["findings"]] == [4, 5, 7]


def test_claims_from_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--claims", "-", "--format", "github"], input="figure,value\nimports,1\n")
    assert result.exit_code == 1
    assert result.stdout.startswith("::error line=2,title=tradecli check%3A mismatch::imports value=1: mismatch")


def test_empty_stdin_is_a_located_input_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--claims", "-"], input="")
    assert result.exit_code == 3 and "<stdin>: file: empty claims file" in result.stderr


def test_missing_claims_file_exits_3(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("check", "--claims", str(tmp_path / "absent.csv"))
    assert result.exit_code == 3 and "absent.csv: file: no such file" in result.stderr


def test_invalid_dataset_exits_3(invoke: Invoke, write: Callable[..., Path]) -> None:
    data = write("[dataset]\n", "broken.toml")
    assert invoke("--data", str(data), "check").exit_code == 3


# -- --quiet ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["check"], 0),
        (["check", "exports=26.99"], 0),
        (["check", "imports growth=1.5%"], 1),
        (["check", "imports growth=1.5%", "--format", "github"], 1),
    ],
)
def test_quiet_check_says_nothing_and_exits_with_the_verdict(invoke: Invoke, args: list[str], status: int) -> None:
    loud = invoke(*args)
    assert loud.stdout and loud.stderr  # what -q takes away
    for flag in ("-q", "--quiet"):
        quiet = invoke(*args, flag)
        assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (status, "", "")


def test_quiet_check_still_writes_the_output_file(invoke: Invoke, tmp_path: Path) -> None:
    report = tmp_path / "report.xml"
    result = invoke("check", "imports growth=1.5%", "-q", "--output", str(report))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    assert "<testsuite" in report.read_text(encoding="utf-8")


def test_quiet_check_still_reports_errors(invoke: Invoke) -> None:
    result = invoke("check", "-q", "--rule", "sums")
    assert result.exit_code == 2 and "unknown rule 'sums'" in result.stderr


# -- check --text --period: what an article means when it names no period ----------------------

ARTICLE_2024 = "China's exports rose 7.1 percent to 25.45 trillion yuan, while imports grew 2.3 percent.\n"


def test_text_period_is_the_articles_default_period(invoke: Invoke, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(ARTICLE_2024, encoding="utf-8")
    of_2024 = invoke("check", "--text", str(article), "--period", "2024", "--fields", "figure,period,verdict")
    assert of_2024.exit_code == 0
    assert of_2024.stdout.splitlines()[1:] == ["exports,2024,match", "exports,2024,match", "imports,2024,match"]
    default = invoke("check", "--text", str(article), "--strict", "--fields", "figure,period,verdict")
    assert default.exit_code == 1 and "exports,2025,mismatch" in default.stdout  # not silently 2024


@pytest.mark.parametrize(("period", "message"), [("all", "'all' cannot be an article's period"),
                                                 ("2023", "the dataset has no figures in 2023")])  # fmt: skip
def test_text_period_that_is_not_one_period_is_a_usage_error(
    invoke: Invoke, tmp_path: Path, period: str, message: str
) -> None:
    article = tmp_path / "a.md"
    article.write_text(ARTICLE_2024, encoding="utf-8")
    result = invoke("check", "--text", str(article), "--period", period)
    assert result.exit_code == 2 and result.stdout == "" and message in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("mode", [["exports=26.99"], ["--text", "ARTICLE"], ["--rule", "sum", "--period", "2025"]])
def test_fields_pick_the_keys_of_json_and_jsonl_findings_in_their_order(
    invoke: Invoke, tmp_path: Path, mode: list[str]
) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Exports rose 6.1% to 26.99 trillion yuan.\n", encoding="utf-8")
    mode = [str(article) if word == "ARTICLE" else word for word in mode]
    fields = "verdict,check" if "--rule" in mode else "verdict,figure"
    lines = invoke("check", *mode, "--fields", fields, "--format", "jsonl").stdout.splitlines()
    assert lines and all(list(json.loads(line)) == fields.split(",") for line in lines)
    document = json.loads(invoke("check", *mode, "--fields", fields, "--format", "json").stdout)
    assert document["summary"]["total"] == len(lines)  # the head and summary stay whole
    assert all(list(finding) == fields.split(",") for finding in document["findings"])


@pytest.mark.parametrize("fmt", ["github", "junit"])
def test_fields_with_a_fixed_ci_layout_is_a_usage_error(invoke: Invoke, fmt: str) -> None:
    result = invoke("check", "exports=26.99", "--fields", "claim", "--format", fmt)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"tradecli: --fields: --format {fmt} has a fixed layout; use --fields with another format\n"


def test_a_file_given_as_a_claim_gets_a_hint_to_the_option_that_reads_it(invoke: Invoke, tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text("Exports rose 6.1%.\n", encoding="utf-8")
    result = invoke("check", str(article))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.rstrip("\n").endswith(
        f"; to check a file, give --text {article} (an article) or --claims {article} (a claims file)"
    )
    assert "to check a file" not in invoke("check", "exports").stderr  # a bare name is no file
