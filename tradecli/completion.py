"""Shell completion: the scripts (generated from Typer's templates) and the protocol they call back.

The scripts shipped in completions/ and printed by `tradecli completion SHELL` only forward the
command line to `tradecli` (with _TRADECLI_COMPLETE set); the candidates come from the CLI's own
parameters (tradecli/candidates.py), so the scripts only go stale when Typer's templates change,
which tests/test_completions.py catches. Regenerate with:  python -m tradecli.completion completions/

The answer for the shells is formatted here rather than by Typer's classes because those leave a
file parameter's text as the only candidate (so the shell never lists files), lose arguments with
spaces in bash and PowerShell, and import Rich to show help in zsh and fish (slow on every TAB).
A completion request must never print a traceback: anything that goes wrong yields no candidates.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tradecli.group import COMPLETE_VAR as COMPLETE_VAR  # where it always was, for callers
from tradecli.safetext import printable

if TYPE_CHECKING:
    from typer._click.core import Command, Context
    from typer._click.shell_completion import CompletionItem

PROG = "tradecli"
FILES = {"bash": "tradecli.bash", "zsh": "_tradecli", "fish": "tradecli.fish", "powershell": "tradecli.ps1"}
SHELLS = tuple(FILES)
FILE_TYPES = ("file", "dir")  # what click's Path type answers: the shell's own file completion does better
_BASH_SAFE = re.compile(r"[\w,./:=+@%^-]*")
_POWERSHELL_SAFE = re.compile(r"[\w./:=+%^-]*")


def script(shell: str) -> str:
    """The completion script for one shell, as it should appear in completions/."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell) + "\n"


def write_all(folder: Path) -> list[Path]:
    """(Re)write every shipped completion script into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for shell, name in FILES.items():
        path = folder / name
        path.write_text(script(shell), encoding="utf-8")
        written.append(path)
    return written


# -- the protocol ---------------------------------------------------------------------------


class Answer(NamedTuple):
    """What a completion request prints and its exit status (fish asks 'any candidates?' by status)."""

    text: str
    status: int = 0
    error: bool = False  # text is a message for stderr, not candidates


def parse_instruction(instruction: str) -> tuple[str, str] | None:
    """(action, shell) from 'complete_bash' (Typer's order, used by the scripts) or 'bash_complete' (click's)."""
    first, _, second = instruction.partition("_")
    for action, shell in ((first, second), (second, first)):
        if action in ("complete", "source") and shell in (*SHELLS, "pwsh"):
            return action, "powershell" if shell == "pwsh" else shell
    return None


def respond(cli: Command, instruction: str, env: Mapping[str, str] | None = None) -> Answer:
    """Answer one completion request from the shell script; never raises (no candidates instead)."""
    env = os.environ if env is None else env
    parsed = parse_instruction(instruction)
    if parsed is None:
        return Answer(f"tradecli: unknown completion request {instruction!r} in {COMPLETE_VAR}\n", 2, error=True)
    action, shell = parsed
    if action == "source":
        return Answer(script(shell))
    fish_test = shell == "fish" and env.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args"
    try:
        args, incomplete = completion_args(shell, env)
        items, files = candidates(cli, args, incomplete)
    except Exception:  # noqa: BLE001 - completion runs on every TAB: a failure must only mean no candidates
        items, files = [], False
    plain = [item for item in items if item.type not in FILE_TYPES]
    if fish_test:  # status 0: use our candidates; 1: let fish complete file names
        return Answer("", 0 if plain else 1)
    return Answer(FORMATTERS[shell](plain, files and not plain))


def completion_args(shell: str, env: Mapping[str, str]) -> tuple[list[str], str]:
    """(complete words after the program name, the word being completed), as each script sends them."""
    from typer._click.shell_completion import split_arg_string

    if shell == "bash":
        words = split_arg_string(env.get("COMP_WORDS", ""))
        cword = int(env.get("COMP_CWORD", "0") or 0)
        return words[1:cword], words[cword] if cword < len(words) else ""
    line = env.get("_TYPER_COMPLETE_ARGS", "")
    words = split_arg_string(line)
    if shell == "powershell":
        incomplete = env.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        incomplete = incomplete[1:] if incomplete[:1] in ("'", '"') else incomplete  # we quote what we offer
        return (words[1:-1] if incomplete else words[1:]), incomplete
    if len(words) > 1 and not line.endswith(" "):
        return words[1:-1], words[-1]
    return words[1:], ""


def candidates(cli: Command, args: list[str], incomplete: str) -> tuple[list[CompletionItem], bool]:
    """What click would offer for this command line (commands, options, or a parameter's values),
    and whether the word is a file name (a path parameter): then the shell's own file completion is best."""
    from typer._click.shell_completion import _resolve_context, _resolve_incomplete

    ctx = _resolve_context(cli, {}, PROG, list(args))
    words = list(args)
    target, incomplete = _resolve_incomplete(ctx, words, incomplete)
    if words and words[-1] in getattr(target, "opts", ()):
        # click stops parsing at an option still waiting for its value, losing the arguments before
        # it (`compare exports imports --fields`); parse the line without it for the candidates.
        settled = _resolve_context(cli, {}, PROG, words[:-1])
        if settled.command.name == ctx.command.name:
            ctx = settled
    files = getattr(getattr(target, "type", None), "name", "") == "path" or _articles(ctx, target)
    return target.shell_complete(ctx, incomplete), files


def _articles(ctx: Context, target: object) -> bool:
    """check's arguments are file names after --text (they are claims without it)."""
    return ctx.command.name == "check" and getattr(target, "name", "") == "claims" and bool(ctx.params.get("text"))


# -- formatting per shell ---------------------------------------------------------------------


def _help(item: CompletionItem) -> str:
    """Help as one plain line: shells show it beside the candidate (zsh, fish, PowerShell). It comes
    from the dataset (a figure's label), so control characters are shown as escapes, never sent raw."""
    return printable(" ".join(str(item.help or "").split()))


def _value(item: CompletionItem) -> str:
    """A candidate from the dataset (an id, an alias) with control characters shown as escapes: a
    newline would split it in two, an ESC would reach the terminal."""
    return printable(str(item.value))


def bash_quote(value: str) -> str:
    """A candidate as bash must insert it: 'new three' becomes new\\ three, one word."""
    if _BASH_SAFE.fullmatch(value):
        return value
    return re.sub(r"([^\w,./:=+@%^-])", r"\\\1", value)


def format_bash(items: list[CompletionItem], files: bool) -> str:
    """One candidate per line; none when files are wanted, so `complete -o default` lists them."""
    return "".join(bash_quote(_value(item)) + "\n" for item in items)


def _zsh_escape(text: str) -> str:
    """Text for a double-quoted word in the list _arguments evals: a backslash first (one at the end
    of an alias escaped its closing quote, and the label after it ran as a command), then what the
    quotes would otherwise end or expand."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("'", "''")
    return escaped.replace("$", "\\$").replace("`", "\\`").replace(":", r"\\:")


def format_zsh(items: list[CompletionItem], files: bool) -> str:
    """A `_arguments` call for the script to eval; `_files` when a file is wanted; nothing otherwise."""
    if not items:
        return "_files\n" if files else ""
    described = [
        f'"{_zsh_escape(_value(item))}":"{_zsh_escape(_help(item))}"' if item.help else f'"{_zsh_escape(_value(item))}"'
        for item in items
    ]
    return "_arguments '*: :((" + "\n".join(described) + "))'\n"


def format_fish(items: list[CompletionItem], files: bool) -> str:
    """value<TAB>help per line, as `complete --arguments` reads it."""
    return "".join(f"{_value(item)}\t{_help(item)}\n" if item.help else f"{_value(item)}\n" for item in items)


def format_powershell(items: list[CompletionItem], files: bool) -> str:
    """value:::help per line; a value with spaces is single-quoted so PowerShell keeps it one argument."""
    lines = []
    for item in items:
        value = _value(item)
        if not _POWERSHELL_SAFE.fullmatch(value):  # a comma would make an array, a space two arguments
            value = "'" + value.replace("'", "''") + "'"
        lines.append(f"{value}:::{_help(item) or ' '}\n")
    return "".join(lines)


FORMATTERS = {"bash": format_bash, "zsh": format_zsh, "fish": format_fish, "powershell": format_powershell}


if __name__ == "__main__":
    for written_path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "completions")):
        print(written_path)
