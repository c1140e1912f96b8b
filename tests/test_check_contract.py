"""Issue 12, the check parts: one JSON contract for every check mode (and the pinned shapes of the
listing commands), many articles in one `check --text`, unique JUnit names, misspelt claim fields."""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tradecli.progressbar import Bar, wanted

from .conftest import ROOT, Invoke
from .test_smoke import entry_point
from .test_terminal import _in_terminal, needs_pty

ARTICLE = ROOT / "docs" / "examples" / "article.md"
CLAIMS = ROOT / "docs" / "examples" / "claims.csv"
HEAD = ["tool", "version", "mode", "dataset", "strict", "ok", "summary", "findings"]
SUMMARY = ["total", "failed", "verdicts"]
RIGHT = "Exports rose 6.1% to 26.99 trillion yuan.\n"
WRONG = "Exports rose 6.8% to 26.99 trillion yuan.\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- 1. one JSON contract -----------------------------------------------------------------------


CHECK_MODES: list[tuple[str, list[str], str]] = [
    ("rules", ["check"], "rules"),
    ("inline claims", ["check", "exports=26.99", "imports growth=1.5%"], "claims"),
    ("claims file", ["check", "--claims", str(CLAIMS)], "claims"),
    ("one article", ["check", "--text", str(ARTICLE)], "text"),
    ("several articles", ["check", "--text", str(ARTICLE), str(ARTICLE.parent)], "text"),
]


@pytest.mark.parametrize(("label", "argv", "mode"), CHECK_MODES, ids=[m[0] for m in CHECK_MODES])
def test_every_check_mode_prints_ok_summary_and_findings(
    invoke: Invoke, label: str, argv: list[str], mode: str
) -> None:
    result = invoke(*argv, "--format", "json")
    document = json.loads(result.stdout)
    assert isinstance(document, dict) and list(document) == HEAD
    assert document["mode"] == mode and "results" not in document
    assert list(document["summary"]) == SUMMARY
    assert isinstance(document["findings"], list) and document["findings"]
    assert document["summary"]["total"] == len(document["findings"])
    assert document["summary"]["failed"] == sum(not f["ok"] for f in document["findings"])
    assert sum(document["summary"]["verdicts"].values()) == len(document["findings"])
    assert document["ok"] is (result.exit_code == 0) is (document["summary"]["failed"] == 0)


def test_an_empty_check_still_has_the_findings_key(invoke: Invoke, tmp_path: Path) -> None:
    article = _write(tmp_path / "plain.md", "Nothing to check here.\n")
    document = json.loads(invoke("check", "--text", str(article), "--format", "json").stdout)
    assert document["findings"] == [] and document["summary"] == {"total": 0, "failed": 0, "verdicts": {}}


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--section", "headline"],
        ["filter", "--where", "growth > 5"],
        ["compare", "exports", "imports"],
        ["fields"],
    ],
    ids=["list", "filter", "compare", "fields"],
)
def test_listing_commands_print_an_array_of_objects(invoke: Invoke, argv: list[str]) -> None:
    result = invoke(*argv, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert isinstance(document, list) and document and all(isinstance(row, dict) for row in document)
    assert len({tuple(row) for row in document}) == 1  # every row has the same keys, in the same order


def test_an_empty_listing_is_an_empty_array(invoke: Invoke) -> None:
    result = invoke("filter", "--search", "zzzqqq", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


@pytest.mark.parametrize(
    "argv",
    [["list"], ["filter", "--where", "growth > 5"], ["compare", "exports", "imports"], ["fields"],
     ["check"], ["check", "exports=26.99", "imports=1"], ["check", "--text", str(ARTICLE)]],
    ids=["list", "filter", "compare", "fields", "check rules", "check claims", "check text"],
)  # fmt: skip
def test_jsonl_is_one_object_per_line(invoke: Invoke, argv: list[str]) -> None:
    lines = invoke(*argv, "--format", "jsonl").stdout.splitlines()
    assert lines and all(isinstance(json.loads(line), dict) for line in lines)


def test_show_prints_one_object(invoke: Invoke) -> None:
    document = json.loads(invoke("show", "exports", "--format", "json").stdout)
    assert isinstance(document, dict) and document["id"] == "exports" and "implied_prior" in document


# -- 2. many articles in one check ----------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """docs/ with articles at two levels, a hidden directory and file, and files that are not articles."""
    docs = tmp_path / "docs"
    _write(docs / "b.md", RIGHT)
    _write(docs / "a.txt", WRONG)
    _write(docs / "sub" / "c.markdown", RIGHT)
    _write(docs / "sub" / "D.MD", RIGHT)
    _write(docs / ".hidden" / "e.md", WRONG)
    _write(docs / ".f.md", WRONG)
    _write(docs / "notes.rst", WRONG)
    return tmp_path


def _files(result_stdout: str) -> list[str]:
    return list(dict.fromkeys(row["file"] for row in json.loads(result_stdout)["findings"]))


def test_a_directory_is_searched_for_articles_sorted_skipping_hidden_ones(invoke: Invoke, tree: Path) -> None:
    result = invoke("check", "--text", str(tree / "docs"), "--format", "json")
    docs = tree / "docs"
    expected = [docs / "a.txt", docs / "b.md", docs / "sub" / "D.MD", docs / "sub" / "c.markdown"]
    assert _files(result.stdout) == [str(p) for p in expected]
    assert result.exit_code == 1  # a.txt has a mismatch: the worst finding decides
    assert result.stderr.startswith("8 figures in 4 files: ")


def test_several_files_give_one_report_with_the_file_on_every_finding(invoke: Invoke, tree: Path) -> None:
    docs = tree / "docs"
    result = invoke("check", "--text", str(docs / "b.md"), str(docs / "sub" / "c.markdown"), "--format", "csv",
                    "--fields", "file,line,column,verdict")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        f"{docs / 'b.md'},1,14,match",
        f"{docs / 'b.md'},1,22,match",
        f"{docs / 'sub' / 'c.markdown'},1,14,match",
        f"{docs / 'sub' / 'c.markdown'},1,22,match",
    ]


def test_the_worst_finding_decides_the_exit_status(invoke: Invoke, tree: Path) -> None:
    docs = tree / "docs"
    assert invoke("check", "--text", str(docs / "b.md"), str(docs / "sub" / "D.MD")).exit_code == 0
    assert invoke("check", "--text", str(docs / "b.md"), str(docs / "a.txt")).exit_code == 1


def test_globs_are_expanded_by_tradecli_too(invoke: Invoke, tree: Path) -> None:
    docs = tree / "docs"
    result = invoke("check", "--text", str(docs / "**" / "*.md"), "--format", "json")
    assert _files(result.stdout) == [str(docs / "b.md")]  # a glob is case-sensitive; hidden ones are not matched
    both = invoke("check", "--text", str(docs / "*.md"), str(docs / "sub" / "*"), "--format", "json")
    assert _files(both.stdout) == [str(docs / "b.md"), str(docs / "sub" / "D.MD"), str(docs / "sub" / "c.markdown")]


def test_a_file_given_twice_is_read_once(invoke: Invoke, tree: Path) -> None:
    docs = tree / "docs"
    result = invoke("check", "--text", str(docs / "b.md"), str(docs), str(docs / "b.md"), "--format", "json")
    assert _files(result.stdout) == [str(docs / "b.md"), str(docs / "a.txt"), str(docs / "sub" / "D.MD"),
                                     str(docs / "sub" / "c.markdown")]  # fmt: skip


def test_stdin_among_files(invoke: Invoke, runner: object, tree: Path) -> None:
    from typer.testing import CliRunner

    from tradecli.cli import app

    assert isinstance(runner, CliRunner)
    docs = tree / "docs"
    result = runner.invoke(app, ["check", "--text", str(docs / "b.md"), "-", "--format", "json"], input=WRONG)
    assert result.exit_code == 1
    assert _files(result.stdout) == [str(docs / "b.md"), "<stdin>"]


def test_a_glob_matching_nothing_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("check", "--text", str(tmp_path / "**" / "*.md"))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"tradecli: check: no file matches '{tmp_path / '**' / '*.md'}'\n"


def test_unreadable_files_are_all_named_and_no_report_is_made(invoke: Invoke, tree: Path) -> None:
    docs = tree / "docs"
    binary = docs / "binary.txt"
    binary.write_bytes(b"abc\0def")
    result = invoke("check", "--text", str(docs / "b.md"), str(tree / "missing.md"), str(binary))
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"tradecli: {tree / 'missing.md'}: file: no such file",
        f"tradecli: {binary}: line 1: binary data (a NUL byte); expected a text file",
    ]


def test_an_unlistable_directory_is_exit_3_located(invoke: Invoke, tree: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root may list any directory")
    locked = tree / "docs" / "sub"
    locked.chmod(0)
    try:
        result = invoke("check", "--text", str(tree / "docs"))
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 3
    assert result.stderr == f"tradecli: {locked}: directory: cannot be read (Permission denied)\n"


@pytest.mark.parametrize("option", [["--period", "2024"], ["--all"], ["--strict"]])
def test_period_all_and_strict_apply_to_every_file(invoke: Invoke, tree: Path, option: list[str]) -> None:
    docs = tree / "docs"
    one = [invoke("check", "--text", str(docs / name), *option, "--format", "jsonl").stdout
           for name in ("b.md", "a.txt")]  # fmt: skip
    both = invoke("check", "--text", str(docs / "b.md"), str(docs / "a.txt"), *option, "--format", "jsonl")
    assert both.stdout == "".join(one)


def test_github_and_output_with_several_files(invoke: Invoke, tree: Path) -> None:
    docs = tree / "docs"
    github = invoke("check", "--text", str(docs), "--format", "github")
    assert github.stdout == f"::error file={docs / 'a.txt'},line=1,col=14,title=tradecli check%3A mismatch::" + (
        "6.8%25: mismatch (exports growth): official figure is 6.1 [6.05, 6.15); the claim 6.8 [6.75, 6.85) is "
        "incompatible with it\n"
    )
    report = tree / "report.xml"
    written = invoke("check", "--text", str(docs), "--output", str(report))
    assert written.exit_code == 1 and written.stdout == ""
    assert ET.fromstring(report.read_text(encoding="utf-8")).get("tests") == "8"


# -- the progress bar -------------------------------------------------------------------------------


def test_a_bar_is_wanted_only_at_a_terminal_outside_ci_without_quiet() -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    assert wanted(terminal, quiet=False, environ={})  # type: ignore[arg-type]
    assert not wanted(terminal, quiet=True, environ={})  # type: ignore[arg-type]
    assert not wanted(terminal, quiet=False, environ={"CI": "true"})  # type: ignore[arg-type]
    assert not wanted(open(os.devnull, "w"), quiet=False, environ={})  # noqa: SIM115


class Clock:
    """time.monotonic for Bar, and for Rich's own timing once the bar is drawn."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_short_run_draws_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr("tradecli.progressbar.time.monotonic", clock)
    with Bar() as bar:
        bar(0, 2, "a.md")
        clock.now = 0.5
        bar(1, 2, "b.md")
    assert bar.progress is None


def test_a_slow_run_draws_a_bar_after_a_second_and_many_files_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr("tradecli.progressbar.time.monotonic", clock)
    with Bar() as slow:
        slow(0, 2, "a.md")
        assert slow.progress is None
        clock.now = 1.5
        slow(1, 2, "b.md")
        assert slow.progress is not None
    with Bar() as many:
        many(0, 4, "a.md")
        assert many.progress is not None


def _many_articles(tmp_path: Path, count: int = 5) -> str:
    for number in range(count):
        _write(tmp_path / f"article-{number}.md", RIGHT)
    return str(tmp_path)


@needs_pty
def test_a_progress_bar_appears_at_a_terminal(tmp_path: Path) -> None:
    folder = _many_articles(tmp_path)
    seen = _in_terminal(f"tradecli check --text {folder} --format csv > /dev/null", 100, CI="")
    assert re.search(r"reading .*article-\d\.md.*\d/5 files", seen), seen
    assert "10 figures in 5 files: 10 match" in seen


@needs_pty
@pytest.mark.parametrize(
    ("command", "env"),
    [("--format csv 2>&1 >/dev/null | cat", {"CI": ""}), ("-q", {"CI": ""}), ("--format csv >/dev/null", {"CI": "1"})],
    ids=["stderr a pipe", "quiet", "in CI"],
)
def test_no_progress_bar_in_a_pipe_with_quiet_or_in_ci(tmp_path: Path, command: str, env: dict[str, str]) -> None:
    folder = _many_articles(tmp_path)
    seen = _in_terminal(f"tradecli check --text {folder} {command}", 100, 40, **env)
    assert "reading" not in seen and "files" not in seen.replace("10 figures in 5 files", "")


def test_the_installed_command_reads_quoted_globs_and_draws_no_bar_in_a_pipe(tmp_path: Path) -> None:
    folder = Path(_many_articles(tmp_path / "docs"))
    env = {k: v for k, v in os.environ.items() if k not in ("TRADECLI_DATA", "NO_COLOR")}
    result = subprocess.run([entry_point(), "check", "--text", str(folder / "*.md"), "--format", "csv"],
                            capture_output=True, text=True, env=env, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == "10 figures in 5 files: 10 match\n"
    assert result.stdout.count("article-") == 10


# -- 3. JUnit: a unique, stable name for every testcase -----------------------------------------


def _junit_names(xml: str) -> list[str]:
    return [case.get("name", "") for case in ET.fromstring(xml).iter("testcase")]


def test_rule_testcases_have_unique_names_with_their_period(invoke: Invoke) -> None:
    names = _junit_names(invoke("check", "--format", "junit").stdout)
    checks = len(invoke("check", "--format", "jsonl").stdout.splitlines())  # one testcase per check run
    assert len(names) == checks > 50 and len(set(names)) == len(names), Counter(names).most_common(3)
    assert "exports + imports = total (2025)" in names and "exports + imports = total (2024)" in names


def test_claims_file_testcases_have_unique_names(invoke: Invoke, tmp_path: Path) -> None:
    claims = _write(tmp_path / "claims.csv", "figure,value\nexports,26.99\nexports,26.99\nimports,1\n")
    names = _junit_names(invoke("check", "--claims", str(claims), "--format", "junit").stdout)
    assert names == [
        f"{claims}:2: exports value=26.99",
        f"{claims}:3: exports value=26.99",
        f"{claims}:4: imports value=1",
    ]


def test_claims_without_lines_are_numbered_to_stay_unique(invoke: Invoke, tmp_path: Path) -> None:
    claims = _write(
        tmp_path / "c.toml", 'claim = [{figure = "exports", value = 27}, {figure = "exports", value = 27}]\n'
    )
    names = _junit_names(invoke("check", "--claims", str(claims), "--format", "junit").stdout)
    assert names == [f"{claims}: exports value=27", f"{claims}: exports value=27 #2"]


def test_multi_file_text_testcases_have_unique_names(invoke: Invoke, tree: Path) -> None:
    docs = tree / "docs"
    names = _junit_names(invoke("check", "--text", str(docs), str(ARTICLE), "--format", "junit").stdout)
    assert len(names) == 8 + 19 and len(set(names)) == len(names)
    assert f"{docs / 'b.md'}:1:14: 6.1%" in names and f"{docs / 'sub' / 'D.MD'}:1:14: 6.1%" in names


def test_junit_names_stay_unique_when_a_suffix_is_taken() -> None:
    from tradecli.report import junit_names

    rows: list[dict[str, object]] = [{"source": "f", "claim": c} for c in ("a", "a", "a #2", "a")]
    names = junit_names("claims", rows)
    assert len(set(names)) == 4 and names[0] == "f: a" and names[2] == "f: a #2"


def test_junit_is_well_formed_for_hostile_file_names(invoke: Invoke, tmp_path: Path) -> None:
    article = _write(tmp_path / "a\x1b[31m&<\u202e>.md", WRONG)
    xml = invoke("check", "--text", str(article), "--format", "junit").stdout
    (name,) = _junit_names(xml)[:1]
    assert "\\x1b" in name and "\\u202e" in name and "&<" in name


# -- 4. a misspelt field: the same error inline and in a file -------------------------------------

FIELD_ERROR = "unknown field 'grwth' (expected one of: value, growth, share, share_change); did you mean 'growth'?"


def test_a_misspelt_field_inline_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("check", "exports grwth=6.1")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"tradecli: claim 1 ('exports grwth=6.1'): {FIELD_ERROR}\n"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("c.csv", "figure,field,value\nexports,growth,6.1\nexports,grwth,6.1\n"),
        ("c.csv", "figure,value\nexports,6.1\nexports grwth,6.1\n"),
        ("c.toml", '[[claim]]\nfigure = "exports"\nvalue = 1\n\n[[claim]]\nfigure = "exports"\n'
                   'field = "grwth"\nvalue = 1\n'),
    ],
    ids=["field column", "in the figure", "toml"],
)  # fmt: skip
def test_a_misspelt_field_in_a_file_has_the_same_words_located(
    invoke: Invoke, tmp_path: Path, name: str, text: str
) -> None:
    path = _write(tmp_path / name, text)
    result = invoke("check", "--claims", str(path))
    line = 5 if name.endswith(".toml") else 3
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"tradecli: {path}: line {line}: {FIELD_ERROR}\n"


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ("exports share chnge=57", "unknown field 'share chnge'"),
        ("private-enterprises shar=57", "unknown field 'shar'"),
    ],
)
def test_misspelt_field_words_are_recognised(invoke: Invoke, claim: str, message: str) -> None:
    result = invoke("check", claim)
    assert result.exit_code == 2 and message in result.stderr and "did you mean" in result.stderr


def test_an_unknown_figure_is_still_a_failed_check(invoke: Invoke) -> None:
    result = invoke("check", "exprots=26.99", "--format", "csv", "--fields", "verdict")
    assert (result.exit_code, result.stdout) == (1, "verdict\nunknown-figure\n")


def test_an_unlistable_directory_deep_down_is_exit_3_located(monkeypatch: pytest.MonkeyPatch, invoke: Invoke,
                                                             tree: Path) -> None:  # fmt: skip
    """As root no directory is unlistable, so the walk reports the error itself (os.walk's onerror)."""
    real_walk = os.walk
    locked = str(tree / "docs" / "sub")

    def walk(top: str, onerror: Callable[[OSError], None] | None = None) -> object:
        for entry in real_walk(top):
            if entry[0] == locked and onerror is not None:
                onerror(PermissionError(13, "Permission denied", locked))
                continue
            yield entry

    monkeypatch.setattr("tradecli.articles.os.walk", walk)
    result = invoke("check", "--text", str(tree / "docs"))
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"tradecli: {locked}: directory: cannot be read (Permission denied)\n"


def test_a_whole_number_in_a_toml_claims_file_keeps_its_precision(invoke: Invoke, tmp_path: Path) -> None:
    claims = _write(tmp_path / "c.toml", '[[claim]]\nfigure = "exports"\nvalue = 27\n')
    result = invoke("check", "--claims", str(claims), "--format", "csv", "--fields", "claim,verdict")
    assert result.stdout == "claim,verdict\nexports value=27,rounded\n"  # 27, not 27.000000 (a mismatch)


def test_a_piped_multi_file_check_never_imports_rich_progress(tmp_path: Path) -> None:
    import sys

    folder = _many_articles(tmp_path)
    probe = (
        "import sys\n"
        f"sys.argv = ['tradecli', 'check', '--text', {folder!r}, '--format', 'csv']\n"
        "from tradecli.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('PROGRESS=' + str('rich.progress' in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False)
    assert result.stderr.endswith("10 figures in 5 files: 10 match\nPROGRESS=False"), result.stderr
