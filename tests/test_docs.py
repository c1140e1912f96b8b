"""The README cannot drift: its console examples are run, its test command is what CI runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def console_examples() -> list[tuple[str, str]]:
    """(command, expected stdout) for every `$ ` line in ```console blocks."""
    examples: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", README, re.DOTALL):
        command: str | None = None
        output: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    examples.append((command, "".join(output)))
                command, output = line[2:], []
            else:
                output.append(line + "\n")
        if command is not None:
            examples.append((command, "".join(output)))
    return examples


def test_readme_has_examples() -> None:
    assert len(console_examples()) >= 10


@pytest.mark.parametrize(("command", "expected"), console_examples())
def test_readme_example_output_is_real(command: str, expected: str) -> None:
    bin_dir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in ("TRADECLI_DATA", "NO_COLOR", "COLUMNS")}
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    result = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```sh\n(python3 -m venv .*)\n```", README)
    assert len(commands) == 2, "the quick start has exactly two commands"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_readme_documents_every_exit_code() -> None:
    from tradecli.errors import ExitCode

    for code in ExitCode:
        assert f"| {int(code)} |" in README


def test_every_command_is_in_the_readme() -> None:
    for command in (
        "list",
        "show",
        "filter",
        "compare",
        "chart",
        "fields",
        "data validate",
        "data info",
        "data fmt",
        "check",
        "completion bash",
    ):
        assert f"tradecli {command}" in README


@pytest.mark.parametrize(("label", "mode"), [("Rule findings:", "rules"), ("Claim findings:", "claims")])
def test_readme_documents_the_json_report_keys_in_order(label: str, mode: str) -> None:
    from tradecli.report import Report

    paragraph = README.split(label, 1)[1].split("\n\n", 1)[0]
    documented = [k for k in re.findall(r"`([a-z_]+)`", paragraph) if k in Report(mode, "", False).columns()]
    assert documented == list(Report(mode, "", False).columns())


def test_readme_documents_the_json_document_keys() -> None:
    section = README.split("### JSON report", 1)[1].split("Rule findings:", 1)[0]
    for key in ("tool", "version", "mode", "dataset", "strict", "ok", "summary", "findings"):
        assert f"`{key}`" in section


def test_readme_documents_the_text_findings_keys_in_order() -> None:
    from tradecli.report import TEXT_COLUMNS

    paragraph = README.split("The JSON output is the check report of every mode", 1)[1].split(";", 1)[0]
    documented = [k for k in re.findall(r"`([a-z_]+)`", paragraph) if k in TEXT_COLUMNS]
    assert documented == list(TEXT_COLUMNS)


def python_examples() -> list[str]:
    """Every ```python block of the README: doctest sessions of the Python API."""
    return re.findall(r"```python\n(.*?)```", README, re.DOTALL)


def test_readme_has_python_api_examples() -> None:
    examples = python_examples()
    assert len(examples) >= 2
    assert all(">>> " in block for block in examples), "a python block is a doctest session"


def test_readme_python_examples_are_real() -> None:
    """The blocks run in order in one namespace, as one session, so later blocks may use earlier names."""
    import doctest

    session = "\n".join(python_examples())
    test = doctest.DocTestParser().get_doctest(session, {}, "README.md", str(ROOT / "README.md"), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_the_readme_counts_the_bundled_figures_as_they_are() -> None:
    """The prose count drifted once (269 and 175 after the data grew to 270 and 176)."""
    from tradecli.dataset import load_dataset

    found = re.search(r"(\d+) figures, (\d+) of them for the year\s+2025", README)
    assert found, "the README's sentence counting the bundled figures"
    figures = load_dataset().figures
    assert (int(found[1]), int(found[2])) == (len(figures), sum(f.period == "2025" for f in figures))
