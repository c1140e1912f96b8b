"""Shell completion: the shipped scripts, the candidates the protocol gives, each shell's format.

Candidates are asked of the installed program in a subprocess, exactly as the scripts ask
(environment variables in, candidates on stdout), and once through a real bash with the script
sourced. Formatting details are tested in process through tradecli.completion.respond.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main

from tradecli.cli import app
from tradecli.completion import COMPLETE_VAR, FILES, SHELLS, Answer, bash_quote, parse_instruction, respond, script
from tradecli.options import Shell

from .conftest import MINIMAL_TOML, ROOT, Invoke
from .test_smoke import entry_point

CLI = typer.main.get_command(app)


def complete(line: str, env: dict[str, str] | None = None, instruction: str = "complete_bash") -> list[str]:
    """Bash candidates for a command line (the word being completed is the last, maybe empty), via a process."""
    words = line.split(" ")
    base = {k: v for k, v in os.environ.items() if k not in ("TRADECLI_DATA", "NO_COLOR")}
    request = {COMPLETE_VAR: instruction, "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    result = subprocess.run(
        [entry_point()], env={**base, **request, **(env or {})}, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout.splitlines()


def ask(shell: str, env: dict[str, str]) -> Answer:
    return respond(CLI, f"complete_{shell}", env)


# -- the scripts ------------------------------------------------------------------------------


@pytest.mark.parametrize(("shell", "name"), list(FILES.items()))
def test_shipped_script_is_what_tradecli_completion_prints(invoke: Invoke, shell: str, name: str) -> None:
    shipped = (ROOT / "completions" / name).read_text(encoding="utf-8")
    assert shipped == script(shell), f"completions/{name} is stale: run 'python -m tradecli.completion completions'"
    printed = invoke("completion", shell)
    assert printed.exit_code == 0 and printed.stdout == shipped
    assert COMPLETE_VAR in shipped


def test_completion_shells_are_the_shells_with_a_script() -> None:
    assert tuple(s.value for s in Shell) == SHELLS == tuple(FILES)


def test_completion_takes_the_shell_in_any_case(invoke: Invoke) -> None:
    assert invoke("completion", "BASH").stdout == script("bash")


@pytest.mark.parametrize("argv", [["completion", "tcsh"], ["completion"]])
def test_completion_without_a_known_shell_is_a_usage_error_listing_them(invoke: Invoke, argv: list[str]) -> None:
    result = invoke(*argv)
    assert result.exit_code == 2 and result.stdout == ""
    assert "bash" in result.stderr and "powershell" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "\t" not in result.stderr


def test_completion_help_shows_how_to_install(invoke: Invoke) -> None:
    result = invoke("completion", "--help")
    assert result.exit_code == 0 and "tradecli completion bash >" in result.stdout


def test_installed_program_prints_the_script() -> None:
    result = subprocess.run([entry_point(), "completion", "zsh"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout == (ROOT / "completions" / "_tradecli").read_text()


# -- candidates, from the installed program ------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("tradecli sh", ["show"]),
        ("tradecli list --fo", ["--format"]),
        ("tradecli show ex", ["exports", "exports-usd", "export", "exports\\ in\\ dollars"]),
        ("tradecli show B", ["B\\&R", "BRI", "Belt\\ and\\ Road", "Belt\\ and\\ Road\\ partners"]),  # aliases too
        ("tradecli show expo", ["exports", "exports-usd", "export", "exports\\ in\\ dollars"]),
        ("tradecli compare exports export", ["exports-usd", "exports\\ in\\ dollars"]),  # not exports again
        ("tradecli compare exports imports --fields d", ["difference"]),
        ("tradecli compare exports --period 2024 --period 2025 --fields c", ["change"]),
        ("tradecli list --fields id,va", ["id,value"]),
        ("tradecli list --fields id,growth,", None),  # checked below: every field but those chosen
        ("tradecli show private-label-exports --period ", ["2025", "2024"]),  # the periods that figure has
        ("tradecli list --period De", ["December\\ 2025"]),
        ("tradecli list --period a", ["all"]),
        ("tradecli filter --section m", ["markets"]),
        ("tradecli list --flow i", ["imports"]),
        ("tradecli list --tier ", ["briefing", "reported"]),
        ("tradecli check --rule share", ["share", "share-change"]),
        ("tradecli check -r sum -r s", ["share", "share-change"]),  # a rule already chosen is not offered
        ("tradecli check --text a.md --fields verdict,li", ["verdict,line"]),
        ("tradecli list --sort gro", ["growth", "growth_currency"]),
        ("tradecli check --format g", ["github"]),
        ("tradecli list --currency ", ["usd"]),
        ("tradecli completion f", ["fish"]),
        ("tradecli show zzz", []),
        ("tradecli --data ", []),  # a file: nothing, so bash's own file-name completion takes over
        ("tradecli --version sh", ["show"]),  # completing never runs --version
    ],
)
def test_candidates_from_the_completion_protocol(line: str, expected: list[str] | None) -> None:
    got = complete(line)
    if expected is None:
        assert "id,growth,value" in got and not any(c.endswith((",id", ",growth")) for c in got)
        return
    assert got == expected


def test_click_style_instruction_works_too() -> None:
    assert complete("tradecli show exports-", instruction="bash_complete") == ["exports-usd"]


@pytest.fixture
def small_dataset(write_dataset: Callable[..., Path]) -> Path:
    return write_dataset(MINIMAL_TOML)


def test_candidates_come_from_the_data_option_on_the_line(small_dataset: Path) -> None:
    assert complete(f"tradecli --data {small_dataset} show ") == ["total", "exports", "imports"]
    assert complete(f"tradecli --data {small_dataset} show sa") == ["sales\\ abroad"]
    assert complete(f"tradecli --data {small_dataset} list --section ") == ["headline"]


def test_candidates_come_from_tradecli_data(small_dataset: Path) -> None:
    assert complete("tradecli compare ", env={"TRADECLI_DATA": str(small_dataset)}) == ["total", "exports", "imports"]


@pytest.mark.parametrize(
    "text",
    ["[dataset\n", MINIMAL_TOML.replace('basis = "value"', 'basis = "cost"'), None],
    ids=["malformed", "invalid", "missing"],
)
def test_a_broken_dataset_gives_no_candidates_and_no_error(
    write_dataset: Callable[..., Path], text: str | None
) -> None:
    path = write_dataset(text) if text is not None else Path("/nonexistent/figures.toml")
    for line in (f"tradecli --data {path} show ", f"tradecli --data {path} list --period "):
        assert complete(line) == []
    assert complete(f"tradecli --data {path} list --flow e") == ["exports"]  # not from the dataset: still offered


@pytest.mark.parametrize(
    "env",
    [
        {"COMP_WORDS": "tradecli show ex", "COMP_CWORD": "not a number"},
        {"COMP_WORDS": "tradecli show 'ex", "COMP_CWORD": "2"},  # an open quote
        {"COMP_WORDS": "tradecli show ex", "COMP_CWORD": "9"},
        {"COMP_WORDS": "", "COMP_CWORD": "0"},
    ],
)
def test_odd_requests_never_crash(env: dict[str, str]) -> None:
    complete("tradecli", env=env)  # asserts exit 0 and an empty stderr


def test_unknown_completion_instruction_is_one_line_and_exit_2() -> None:
    base = {k: v for k, v in os.environ.items() if k != "TRADECLI_DATA"}
    result = subprocess.run(
        [entry_point()], env={**base, COMPLETE_VAR: "complete_tcsh"}, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "tradecli: unknown completion request 'complete_tcsh' in _TRADECLI_COMPLETE\n"


def test_completion_loads_neither_rich_nor_pandas() -> None:
    """It runs on every TAB; zsh and fish help text must not pull in Rich to be rendered."""
    probe = (
        "import os, sys\n"
        f"os.environ.update({{'{COMPLETE_VAR}': 'complete_zsh', '_TYPER_COMPLETE_ARGS': 'tradecli list --'}})\n"
        "from tradecli.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('pandas', 'rich') if m in sys.modules)\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert result.stderr.endswith("HEAVY="), result.stderr
    assert '"--section":"Only this section' in result.stdout


# -- each shell's answer ----------------------------------------------------------------------------


def test_zsh_gets_described_candidates_files_or_nothing() -> None:
    described = ask("zsh", {"_TYPER_COMPLETE_ARGS": "tradecli show exports-"}).text
    assert described == '_arguments \'*: :(("exports-usd":"Exports, in US dollars"))\'\n'
    assert ask("zsh", {"_TYPER_COMPLETE_ARGS": "tradecli check --text "}).text == "_files\n"
    assert ask("zsh", {"_TYPER_COMPLETE_ARGS": "tradecli show zzz"}) == Answer("", 0)
    periods = ask("zsh", {"_TYPER_COMPLETE_ARGS": "tradecli list --period Dec"}).text
    assert '"December 2025"' in periods


def test_fish_gets_help_after_a_tab_and_a_status_for_files() -> None:
    args = {"_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    assert ask("fish", {**args, "_TYPER_COMPLETE_ARGS": "tradecli show exports-"}).text == (
        "exports-usd\tExports, in US dollars\n"
    )
    test = {"_TYPER_COMPLETE_FISH_ACTION": "is-args"}
    assert ask("fish", {**test, "_TYPER_COMPLETE_ARGS": "tradecli show ex"}).status == 0
    assert ask("fish", {**test, "_TYPER_COMPLETE_ARGS": "tradecli --data "}).status == 1  # fish lists files


def test_powershell_quotes_what_would_split() -> None:
    def ps(line: str, word: str) -> str:
        return ask("powershell", {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_WORD_TO_COMPLETE": word}).text

    assert ps("tradecli list --period Dec", "Dec") == "'December 2025'::: \n"
    assert ps("tradecli list --fields id,va", "id,va") == "'id,value':::stated value, in unit\n"
    assert ps("tradecli list --period 'Dec", "'Dec") == "'December 2025'::: \n"  # already inside a quote
    assert ps("tradecli show exports-", "exports-") == "exports-usd:::Exports, in US dollars\n"


@pytest.mark.parametrize(
    ("value", "quoted"),
    [("exports", "exports"), ("id,value", "id,value"), ("new three", "new\\ three"), ("B&R", "B\\&R")],
)
def test_bash_candidates_are_one_word_each(value: str, quoted: str) -> None:
    assert bash_quote(value) == quoted


@pytest.mark.parametrize(
    ("instruction", "parsed"),
    [
        ("complete_bash", ("complete", "bash")),
        ("bash_complete", ("complete", "bash")),
        ("source_zsh", ("source", "zsh")),
        ("complete_pwsh", ("complete", "powershell")),
        ("complete_tcsh", None),
        ("bash", None),
    ],
)
def test_instructions_in_either_order(instruction: str, parsed: tuple[str, str] | None) -> None:
    assert parse_instruction(instruction) == parsed


def test_source_instruction_prints_the_script() -> None:
    assert respond(CLI, "source_fish", {}) == Answer(script("fish"))


# -- a real bash ----------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["tradecli", "show", "exports-"], ["exports-usd"]),
        (["tradecli", "list", "--fields", "id,unit,gr"], ["id,unit,growth", "id,unit,growth_currency"]),
        (["tradecli", "list", "--period", "Dec"], ["December\\ 2025"]),
        (["tradecli", "show", "new\\ th"], ["new\\ three"]),
    ],
)
def test_real_bash_with_the_shipped_script_sourced(words: list[str], expected: list[str]) -> None:
    bin_dir = str(Path(entry_point()).parent)
    array = " ".join(f"'{w}'" for w in words)
    command = (
        f"source '{ROOT / 'completions' / 'tradecli.bash'}'\n"
        f"COMP_WORDS=({array}); COMP_CWORD={len(words) - 1}\n"
        "_tradecli_completion tradecli\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        "complete -p tradecli\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("TRADECLI_DATA", "NO_COLOR")}
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    result = subprocess.run(["bash", "--norc", "-c", command], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    *candidates, registered = result.stdout.splitlines()
    assert candidates == expected
    assert registered == "complete -o default -F _tradecli_completion tradecli"


def test_a_failure_while_completing_means_no_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("tradecli.completion.candidates", broken)
    assert ask("bash", {"COMP_WORDS": "tradecli show ex", "COMP_CWORD": "2"}) == Answer("", 0)
    fish = {"_TYPER_COMPLETE_FISH_ACTION": "is-args", "_TYPER_COMPLETE_ARGS": "tradecli show ex"}
    assert ask("fish", fish) == Answer("", 1)  # fish falls back to files rather than offering nothing forever


def test_even_a_failure_outside_the_candidates_prints_nothing(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("tradecli.completion.respond", broken)
    result = invoke(env={COMPLETE_VAR: "complete_bash", "COMP_WORDS": "tradecli sh", "COMP_CWORD": "1"})
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")


# -- hostile data in candidates ------------------------------------------------------------------

HOSTILE_ALIASES = 'aliases = ["sales abroad", "zz\\\\", "q\\"uote", "evil\\u001b[31mRED", "line\\nbreak"]'
HOSTILE_LABEL = 'label = "x) ; touch PWNED ; y=( \\\\\\""'


@pytest.fixture
def hostile_dataset(write_dataset: Callable[..., Path], tmp_path: Path) -> Path:
    marker = str(tmp_path / "pwned")
    text = MINIMAL_TOML.replace('aliases = ["sales abroad"]', HOSTILE_ALIASES)
    return write_dataset(text.replace('label = "Exports"', HOSTILE_LABEL.replace("PWNED", marker)))


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_candidates_from_a_hostile_dataset_carry_no_control_characters(hostile_dataset: Path, shell: str) -> None:
    """An ESC in an alias reached the terminal, a newline split a candidate in two."""
    for word, shown in (("ev", "evil\\x1b[31mRED"), ("li", "line\\x0abreak"), ("e", "x) ; touch")):
        line = f"tradecli --data {hostile_dataset} show {word}"
        request = {
            "COMP_WORDS": line,
            "COMP_CWORD": "4",
            "_TYPER_COMPLETE_ARGS": line,
            "_TYPER_COMPLETE_WORD_TO_COMPLETE": word,
        }
        text = ask(shell, request).text
        assert "\x1b" not in text and "\x07" not in text, text
        unquoted = re.sub(r"\\(.)", r"\1", text) if shell in ("bash", "zsh") else text  # the shell's quoting undone
        assert shown in unquoted or (shell == "bash" and word == "e"), (word, text)  # bash shows no labels
        assert not any(candidate.startswith(("break", '"break')) for candidate in text.splitlines()), text


@pytest.mark.skipif(shutil.which("zsh") is None, reason="needs zsh")
def test_zsh_evaluates_a_hostile_label_as_text_never_as_a_command(hostile_dataset: Path, tmp_path: Path) -> None:
    """An alias ending in a backslash escaped its closing quote, and zsh's _arguments ran the label."""
    line = f"tradecli --data {hostile_dataset} show zz"
    answer = ask("zsh", {"_TYPER_COMPLETE_ARGS": line})
    probe = (
        '_arguments() { local action=${1#*: :}; local -a ws; eval ws\\=\\( "${action[3,-3]}" \\); print -l -- $ws; }\n'
    )
    result = subprocess.run(["zsh", "-f", "-c", probe + answer.text], capture_output=True, text=True, timeout=30,
                            check=False)  # fmt: skip
    assert not (tmp_path / "pwned").exists()
    assert result.returncode == 0 and "; touch " in result.stdout, result  # the label came back as text
