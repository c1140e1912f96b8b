"""Shell completion scripts shipped in completions/, generated from Typer's templates.

The scripts call back into `tradecli` (via _TRADECLI_COMPLETE) for the actual candidates, so
they only go stale when Typer's templates change; tests/test_completions.py catches that.
Regenerate with:  python -m tradecli.completion completions/
"""

from __future__ import annotations

import sys
from pathlib import Path

PROG = "tradecli"
COMPLETE_VAR = "_TRADECLI_COMPLETE"
FILES = {"bash": "tradecli.bash", "zsh": "_tradecli", "fish": "tradecli.fish", "powershell": "tradecli.ps1"}


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


if __name__ == "__main__":
    for written_path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "completions")):
        print(written_path)
