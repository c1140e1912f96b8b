"""Rewrite the outputs of the README's console examples from real runs, for a maintainer to review.

tests/test_docs.py runs every `$ ` line of the README's ```console blocks and compares its output;
when the bundled data grow, outputs that list figures change. Run this, then read `git diff
README.md` line by line before committing: it records what the tool does, not what it should do.

Usage: python docs/refresh_examples.py  (from the repository, with tradecli installed)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def run(command: str) -> str:
    """The command's stdout, run as tests/test_docs.py runs it."""
    env = {k: v for k, v in os.environ.items() if k not in ("TRADECLI_DATA", "NO_COLOR", "COLUMNS")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    result = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"example failed ({result.returncode}): {command}\n{result.stderr}")
    return result.stdout


def refresh(block: str) -> str:
    """A console block with each command's output replaced by what the command prints now."""
    lines: list[str] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            lines.append(line)
            lines.extend(run(line[2:]).splitlines())
    return "\n".join(lines) + "\n"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = re.sub(r"(```console\n)(.*?)(```)", lambda m: m.group(1) + refresh(m.group(2)) + m.group(3), text,
                 flags=re.DOTALL)  # fmt: skip
    README.write_text(new, encoding="utf-8")
    print("README.md refreshed; review it with: git diff README.md", file=sys.stderr)


if __name__ == "__main__":
    main()
