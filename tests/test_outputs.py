"""Output that must not attack or corrupt: hostile text through every machine format, and --output.

Each format is read back the way its consumers read it (csv.reader, a split on tab, a GFM table
row, an XML parser, the workflow-command grammar) and must give back the same records.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import stat
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradecli import outfile
from tradecli.checks import run_rules
from tradecli.dataset import load_dataset
from tradecli.render import RenderOptions, cell_text, csv_field, markdown_cell, render, spreadsheet_text
from tradecli.report import _make_printable
from tradecli.safetext import printable

from .conftest import Invoke

# Characters that break records, cells, quoting or XML, mixed with anything else Unicode has.
NASTY = "\r\n\t\v\f\x00\x01\x08\x1b\x1c\x1e\x7f\x85\u2028\u2029\ufeff\ufffe\uffff\u202e\\|,\"'=+-@ %:;<>&]"
hostile = st.text(st.sampled_from(NASTY) | st.characters(), max_size=12)
hostile_no_surrogates = st.text(st.sampled_from(NASTY) | st.characters(exclude_categories=["Cs"]), max_size=12)
COLUMNS = ["a", "b", "c"]
rows_of_text = st.lists(st.fixed_dictionaries({c: hostile for c in COLUMNS}), max_size=4)
CLI_EXAMPLES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def expected_records(rows: list[dict[str, str]], header: bool = True) -> list[list[str]]:
    return ([COLUMNS] if header else []) + [[cell_text(r[c]) for c in COLUMNS] for r in rows]


# -- CSV ------------------------------------------------------------------------------------


def test_a_bare_cr_is_quoted_so_the_record_stays_whole() -> None:
    text = render([{"a": "x\ry", "b": "1", "c": ""}], COLUMNS, "csv")
    assert text == 'a,b,c\n"x\ry",1,\n'
    assert list(csv.reader(io.StringIO(text, newline=""))) == [COLUMNS, ["x\ry", "1", ""]]


@settings(max_examples=300, deadline=None)
@given(rows_of_text, st.booleans())
def test_csv_reads_back_as_the_same_fields(rows: list[dict[str, str]], header: bool) -> None:
    text = render(rows, COLUMNS, "csv", RenderOptions(header=header))
    assert list(csv.reader(io.StringIO(text, newline=""))) == expected_records(rows, header)


@settings(max_examples=300, deadline=None)
@given(st.lists(hostile, min_size=1, max_size=4))
def test_csv_quotes_exactly_as_pythons_writer_does_with_crlf_line_ends(cells: list[str]) -> None:
    """Ordinary data is unchanged: only the line end (\\n) differs from the RFC 4180 writer."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    columns = [f"c{i}" for i in range(len(cells))]
    ours = render([dict(zip(columns, cells, strict=True))], columns, "csv", RenderOptions(header=False))
    assert ours == buffer.getvalue()[:-2] + "\n"


def test_csv_field_quotes_only_what_needs_it() -> None:
    assert [csv_field(t) for t in ("plain", "a,b", 'say "x"', "a\nb", "")] == [
        "plain",
        '"a,b"',
        '"say ""x"""',
        '"a\nb"',
        "",
    ]


# -- TSV ------------------------------------------------------------------------------------

_PG = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}


def pg_unescape(field: str) -> str:
    """PostgreSQL text format, as COPY FROM reads it (only the escapes tradecli writes)."""
    return re.sub(r"\\(.)", lambda m: _PG[m.group(1)], field, flags=re.DOTALL)


def test_tsv_escapes_tab_newline_cr_and_backslash_and_quotes_nothing() -> None:
    row = {"a": "x\ty", "b": "1\n2\r3", "c": 'C:\\dir "quoted"'}
    assert render([row], COLUMNS, "tsv", RenderOptions(header=False)) == 'x\\ty\t1\\n2\\r3\tC:\\\\dir "quoted"\n'


@settings(max_examples=300, deadline=None)
@given(rows_of_text, st.booleans())
def test_tsv_is_one_line_per_record_and_unescapes_to_the_same_fields(rows: list[dict[str, str]], header: bool) -> None:
    text = render(rows, COLUMNS, "tsv", RenderOptions(header=header))
    lines = text.split("\n")
    assert lines.pop() == ""  # every record ends in a newline
    assert [[pg_unescape(f) for f in line.split("\t")] for line in lines] == expected_records(rows, header)


# -- Markdown -------------------------------------------------------------------------------


def gfm_cells(line: str) -> list[str]:
    """A GitHub table row's cells as its parser splits them: a backslash escapes the next character."""
    cells, current, index = [], "", 0
    while index < len(line):
        if line[index] == "\\" and index + 1 < len(line):
            current, index = current + line[index : index + 2], index + 2
        elif line[index] == "|":
            cells.append(current)
            current, index = "", index + 1
        else:
            current, index = current + line[index], index + 1
    return [*cells, current][1:-1]


def test_markdown_cells_cannot_break_the_row_or_split_the_cell() -> None:
    assert markdown_cell("a\r\nb\tc") == "a\\x0d\\x0ab\\x09c"
    assert markdown_cell("a|b") == "a\\|b"
    assert markdown_cell("ends in \\|x") == "ends in \\\\\\|x"  # \| in the data: the backslash is doubled
    assert gfm_cells("| " + markdown_cell("ends in \\|x") + " | 2 |") == [" ends in \\\\\\|x ", " 2 "]


@settings(max_examples=300, deadline=None)
@given(rows_of_text)
def test_markdown_is_one_line_per_row_with_one_cell_per_column(rows: list[dict[str, str]]) -> None:
    text = render(rows, COLUMNS, "markdown")
    lines = text.splitlines()  # splits on every line break there is, U+2028 included
    assert len(lines) == len(rows) + 2 and text.endswith("\n")
    assert all(len(gfm_cells(line)) == len(COLUMNS) for line in lines)


def test_markdown_header_cells_are_escaped_too() -> None:
    assert render([], ["x|y\n"], "markdown").splitlines()[0] == "| x\\|y\\x0a |"


# -- JSON -----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(rows_of_text)
def test_jsonl_is_one_line_per_row_encodable_and_reads_back(rows: list[dict[str, str]]) -> None:
    text = render(rows, COLUMNS, "jsonl")
    text.encode("utf-8")  # lone surrogates are \u escapes, so the output can be written as UTF-8
    lines = text.splitlines()
    assert [json.loads(line) for line in lines] == rows


# -- spreadsheets (--safe-csv) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("exports", "exports"),
        ("a=b", "a=b"),
        ("", ""),
        (["=x", "y"], "'=x; y"),
        (Decimal("-18.7"), "-18.7"),
        (-3, "-3"),
        (None, ""),
        (False, "false"),
    ],
)
def test_safe_csv_neutralises_text_that_starts_a_formula_and_keeps_numbers(value: object, cell: str) -> None:
    assert spreadsheet_text(value) == cell


def test_safe_csv_applies_to_csv_and_tsv_only() -> None:
    rows = [{"a": "=1+1", "b": Decimal("-18.7"), "c": "-"}]
    safe = RenderOptions(spreadsheet=True)
    assert render(rows, COLUMNS, "csv", safe) == "a,b,c\n'=1+1,-18.7,'-\n"
    assert render(rows, COLUMNS, "tsv", safe) == "a\tb\tc\n'=1+1\t-18.7\t'-\n"
    assert render(rows, COLUMNS, "csv") == "a,b,c\n=1+1,-18.7,-\n"
    assert json.loads(render(rows, COLUMNS, "json", safe))[0] == {"a": "=1+1", "b": -18.7, "c": "-"}


def test_safe_csv_on_the_command_line(invoke: Invoke, tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text('figure,value\n"=HYPERLINK(""http://evil"",""x"")",1\nimports,-18.7\n', encoding="utf-8")
    fields = ("--fields", "figure,claim,claimed,difference", "--format", "csv")
    plain = invoke("check", "--claims", str(claims), *fields)
    safe = invoke("check", "--claims", str(claims), *fields, "--safe-csv")
    assert safe.exit_code == plain.exit_code == 1, safe.stderr
    plain_rows = list(csv.reader(io.StringIO(plain.stdout)))
    safe_rows = list(csv.reader(io.StringIO(safe.stdout)))
    assert plain_rows[1][1].startswith("=HYPERLINK") and safe_rows[1][1].startswith("'=HYPERLINK")
    assert safe_rows[2] == plain_rows[2] == ["imports", "imports value=-18.7", "-18.7", "-37.18"]
    assert invoke("--safe-csv", "compare", "imports", "exports", "--format", "tsv").stdout.splitlines()[1] == (
        "value\ttrillion yuan\t18.48\t26.99\t-8.51\t0.68"
    )


# -- JUnit and GitHub annotations -----------------------------------------------------------


def toml_string(text: str) -> str:
    """A TOML basic string holding exactly text (controls and non-ASCII as \\u escapes)."""
    out = []
    for ch in text:
        if " " <= ch <= "~" and ch not in '"\\':
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


NAME_CHARS = st.characters(exclude_categories=["Cs"], exclude_characters="/\0")
file_names = st.text(st.sampled_from(NASTY.replace("\x00", "")) | NAME_CHARS, max_size=10)  # what a Linux name holds


def claims_file(directory: Path, name: str, figures: list[str]) -> Path:
    path = directory / f"c{name}.toml"
    body = "".join(f"[[claim]]\nfigure = {toml_string('x' + f)}\nvalue = 1\n\n" for f in figures)
    path.write_text(body, encoding="utf-8")
    return path


def test_junit_stays_well_formed_with_controls_in_a_claim(invoke: Invoke, tmp_path: Path) -> None:
    path = claims_file(tmp_path, "\x1b[2J\x01", ["\x00\x0b\ufffe\x1b]8;;x\x07"])
    result = invoke("check", "--claims", str(path), "--format", "junit")
    case = ET.fromstring(result.stdout).find("./testsuite/testcase")
    assert case is not None and "x\\x00\\x0b\\ufffe\\x1b]8;;x\\x07" in case.get("name", "")
    assert case.get("file", "").endswith("c\\x1b[2J\\x01.toml")


@CLI_EXAMPLES
@given(file_names, st.lists(hostile_no_surrogates, min_size=1, max_size=3))
def test_junit_and_github_stay_well_formed_for_hostile_claims_files(
    invoke: Invoke, tmp_path_factory: pytest.TempPathFactory, name: str, figures: list[str]
) -> None:
    path = claims_file(tmp_path_factory.mktemp("claims"), name, figures)
    junit = invoke("check", "--claims", str(path), "--format", "junit")
    assert junit.exit_code in (0, 1), junit.stderr
    cases = ET.fromstring(junit.stdout).findall("./testsuite/testcase")
    assert len(cases) == len(figures)
    assert all(printable(("x" + f).strip()) in c.get("name", "") for c, f in zip(cases, figures, strict=True))
    github = invoke("check", "--claims", str(path), "--format", "github")
    assert_annotations(github.stdout, len(figures))


def assert_annotations(text: str, most: int) -> None:
    """One workflow command per line; properties hold no bare : or , and the message no CR or LF."""
    lines = text.splitlines()
    assert text == "".join(line + "\n" for line in lines) and len(lines) <= most
    for line in lines:
        assert re.fullmatch(r"::(error|warning|notice) ([a-z]+=[^,:]*)(,[a-z]+=[^,:]*)*::[^\r\n]*", line), line
        assert printable(line) == line  # controls made visible


articles = st.lists(
    st.sampled_from(["exports grew 6.1%", "imports rose 1.5%", "45.47 trillion yuan", "ASEAN", " ", "\n", "2025"])
    | hostile_no_surrogates,
    max_size=8,
).map("".join)


@CLI_EXAMPLES
@given(file_names, articles)
def test_junit_and_github_stay_well_formed_for_hostile_articles(
    invoke: Invoke, tmp_path_factory: pytest.TempPathFactory, name: str, article: str
) -> None:
    path = tmp_path_factory.mktemp("text") / f"a{name}.md"
    path.write_text(article.replace("\x00", ""), encoding="utf-8")
    junit = invoke("check", "--text", str(path), "--all", "--format", "junit")
    assert junit.exit_code in (0, 1), junit.stderr
    cases = ET.fromstring(junit.stdout).findall("./testsuite/testcase")
    assert all(c.get("file") == printable(str(path)) for c in cases)
    github = invoke("check", "--text", str(path), "--all", "--format", "github")
    assert_annotations(github.stdout, len(cases))


def test_undecodable_bytes_on_the_command_line_give_valid_json_and_junit(invoke: Invoke) -> None:
    claim = "exp\udcffrts=1"  # what Python makes of the byte 0xff in argv
    document = json.loads(invoke("check", claim, "--format", "json").stdout)
    assert document["findings"][0]["claim"] == claim
    case = ET.fromstring(invoke("check", claim, "--format", "junit").stdout).find("./testsuite/testcase")
    assert case is not None and "exp\\udcffrts=1" in case.get("name", "")


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "file", "message"]), hostile), hostile)
def test_every_attribute_and_text_node_is_xml(attributes: dict[str, str], text: str) -> None:
    root = ET.Element("testsuites", attributes)
    ET.SubElement(root, "failure", attributes).text = text
    _make_printable(root)
    ET.fromstring(ET.tostring(root, encoding="unicode"))


# -- --output -------------------------------------------------------------------------------


def only_file(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_output_onto_a_directory_is_refused_and_leaves_nothing(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "report.csv").mkdir()
    result = invoke("check", "--output", str(tmp_path / "report.csv"))
    assert result.exit_code == 5 and result.stdout == ""
    assert result.stderr == f"tradecli: --output: cannot write {tmp_path / 'report.csv'} (it is a directory)\n"
    assert only_file(tmp_path) == ["report.csv"] and not any((tmp_path / "report.csv").iterdir())


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_output_to_a_full_device_is_one_line_and_exit_5(invoke: Invoke) -> None:
    result = invoke("check", "--output", "/dev/full")
    assert result.exit_code == 5 and result.stdout == ""
    assert result.stderr == "tradecli: --output: cannot write /dev/full (No space left on device)\n"


def test_a_full_disk_leaves_the_old_report_and_no_temporary_file(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "report.json"
    report.write_text("old\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = invoke("check", "--output", str(report))
    assert result.exit_code == 5
    assert result.stderr == f"tradecli: --output: cannot write {report} (No space left on device)\n"
    assert only_file(tmp_path) == ["report.json"] and report.read_text(encoding="utf-8") == "old\n"


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        outfile.write_output(tmp_path / "r.csv", b"x\n")
    assert only_file(tmp_path) == []


@pytest.mark.skipif(getattr(os, "geteuid", lambda: 0)() == 0, reason="root may write anywhere")
def test_a_read_only_directory_or_file_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = invoke("check", "--output", str(locked / "r.csv"))
    assert result.exit_code == 5 and "no temporary file can be made" in result.stderr and only_file(locked) == []
    kept = tmp_path / "kept.csv"
    kept.write_text("old\n", encoding="utf-8")
    kept.chmod(0o444)
    result = invoke("check", "--output", str(kept))
    assert (
        result.exit_code == 5 and "(Permission denied)" in result.stderr and kept.read_text(encoding="utf-8") == "old\n"
    )


def test_refusals_as_root_sees_them(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read-only cases above, for a root that may write anywhere: the same checks, simulated."""
    import tempfile

    kept = tmp_path / "kept.csv"
    kept.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(outfile, "_writable", lambda path: False)
    result = invoke("check", "--output", str(kept))
    assert result.stderr == f"tradecli: --output: cannot write {kept} (Permission denied)\n"
    monkeypatch.undo()

    def denied(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    result = invoke("check", "--output", str(kept))
    assert result.exit_code == 5 and result.stderr == (
        f"tradecli: --output: cannot write {kept}: no temporary file can be made in {tmp_path} (Permission denied); "
        "the report is written whole or not at all\n"
    )
    assert kept.read_text(encoding="utf-8") == "old\n" and only_file(tmp_path) == ["kept.csv"]


def test_an_existing_report_keeps_its_mode_and_a_new_one_gets_the_umask(invoke: Invoke, tmp_path: Path) -> None:
    kept = tmp_path / "kept.csv"
    kept.write_text("old\n", encoding="utf-8")
    kept.chmod(0o640)
    assert invoke("check", "--output", str(kept)).exit_code == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text(encoding="utf-8").startswith("verdict,")
    previous = os.umask(0o027)
    try:
        assert invoke("check", "--output", str(tmp_path / "new.csv")).exit_code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640


def test_a_symbolic_link_keeps_pointing_at_the_report_it_names(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    target = tmp_path / "reports" / "latest.xml"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "report.xml"
    link.symlink_to(target)
    assert invoke("check", "--output", str(link)).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert ET.fromstring(target.read_text(encoding="utf-8")).get("tests") == str(len(run_rules(load_dataset())))
    assert only_file(tmp_path / "reports") == ["latest.xml"]


def test_a_dangling_link_creates_the_file_it_names(invoke: Invoke, tmp_path: Path) -> None:
    link = tmp_path / "report.csv"
    link.symlink_to(tmp_path / "made.csv")
    assert invoke("check", "--output", str(link)).exit_code == 0
    assert link.is_symlink() and (tmp_path / "made.csv").read_text(encoding="utf-8").startswith("verdict,")


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_output_dash_and_dev_stdout_are_stdout_even_when_quiet(invoke: Invoke, name: str) -> None:
    result = invoke("check", "imports growth=1.5%", "--output", name, "--format", "csv", "--fields", "verdict")
    assert (result.exit_code, result.stdout) == (1, "verdict\nmismatch\n")
    assert result.stderr == "1 claim: 1 mismatch\n"
    quiet = invoke("check", "imports growth=1.5%", "-q", "-o", name, "--fields", "verdict")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (1, "verdict\nmismatch\n", "")


def test_a_descriptor_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    log = tmp_path / "log"
    with open(log, "ab") as handle:
        handle.write(b"earlier\n")
        handle.flush()
        outfile.write_output(Path(f"/dev/fd/{handle.fileno()}"), b"report\n")
    assert log.read_bytes() == b"earlier\nreport\n"  # appended, as `>> log` asked; not truncated


@pytest.mark.parametrize(
    ("path", "number"),
    [("-", 1), ("/dev/stdout", 1), ("/dev/stderr", 2), ("/dev/fd/3", 3), ("/proc/self/fd/1", 1), ("/dev/fda", None)],
)
def test_descriptor_names(path: str, number: int | None) -> None:
    assert outfile.descriptor(path) == number


def test_undecodable_bytes_reach_the_file_as_they_came(invoke: Invoke, tmp_path: Path) -> None:
    report = tmp_path / "r.csv"
    result = invoke("check", "exp\udcffrts=1", "--output", str(report), "--fields", "claim")
    assert result.exit_code == 1, result.stderr
    assert report.read_bytes() == b"claim\nexp\xffrts=1\n" and only_file(tmp_path) == ["r.csv"]


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    yield path


def test_a_fifo_is_written_in_place(tmp_path: Path, fifo: Path) -> None:
    import threading

    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    outfile.write_output(fifo, b"report\n")
    reader.join(timeout=10)
    assert received == [b"report\n"] and stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_field_named_twice_is_a_usage_error(invoke: Invoke, fmt: str) -> None:
    result = invoke("show", "exports", "--fields", "value,id,value", "--format", fmt)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "tradecli: --fields: 'value' is given twice; name each field once\n"
