"""Time `tradecli check --text` as whole processes on articles of several shapes and sizes.

Articles are made from the published sentences of the evaluation set (tests/fixtures/text-eval):
typical prose (one sentence with figures among five), dense prose (only figure sentences), a
Markdown bullet list and a Markdown table of the same sentences, and a hostile line of brackets
("[" * n + "](" * n) that a backtracking link pattern would choke on. Each is timed as a complete
`tradecli check --text FILE --format json` process; the throughput is printed with the ratio to
`python -c pass` measured in the same run, and bullet lists of growing length show whether the
cost per line stays flat (linear time).

Usage: python benchmarks/text_speed.py [--megabytes 2] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from text_eval import load_sentences  # noqa: E402 - after the path is set

PROSE = (
    "Analysts said the outlook for the coming year depended on demand in major markets and on policy. "
    "Officials at the briefing also discussed logistics, customs procedures and the business environment. "
    "Several exporters interviewed said orders had held up better than they had expected at the start. "
    "Economists cautioned that external conditions remained complex and that uncertainty would persist. "
)


def _sentences() -> list[str]:
    return [entry["text"] for entry in load_sentences()]


def _repeat(unit: str, megabytes: float) -> str:
    """The unit repeated, or cut at a line end, to about this many megabytes of UTF-8."""
    characters = int(megabytes * 1_000_000 * len(unit) / len(unit.encode()))
    text = unit * (characters // len(unit) + 1)
    end = text.find("\n", characters)
    return text[: end + 1] if end >= 0 else text


def typical(megabytes: float) -> str:
    return _repeat("\n\n".join(s + " " + PROSE for s in _sentences()) + "\n\n", megabytes)


def dense(megabytes: float) -> str:
    return _repeat("\n\n".join(_sentences()) + "\n\n", megabytes)


def bullets(megabytes: float) -> str:
    return _repeat("".join(f"- {s}\n" for s in _sentences()), megabytes)


def table(megabytes: float) -> str:
    rows = "".join(f"| {i} | {s.replace('|', '/')} |\n" for i, s in enumerate(_sentences()))
    return "| # | sentence |\n|---|---|\n" + _repeat(rows, megabytes)


def brackets(megabytes: float) -> str:
    half = max(1, int(megabytes * 1_000_000 / 3))
    return "[" * half + "exports rose 6.1%" + "](" * half + "\n"


SHAPES: dict[str, Callable[[float], str]] = {
    "typical": typical, "dense": dense, "bullets": bullets, "table": table, "brackets": brackets,
}  # fmt: skip


def median_seconds(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed(program: str, folder: str, name: str, text: str, runs: int) -> tuple[float, float]:
    path = Path(folder) / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    seconds = median_seconds([program, "check", "--text", str(path), "--format", "json"], runs)
    return os.path.getsize(path) / 1_000_000, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--megabytes", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    program = shutil.which("tradecli") or str(Path(sys.executable).with_name("tradecli"))
    baseline = median_seconds([sys.executable, "-c", "pass"], args.runs)
    print(f"baseline  python -c pass: {baseline * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        for name, shape in SHAPES.items():
            size, seconds = timed(program, folder, name, shape(args.megabytes), args.runs)
            print(f"{name:9} {size:5.2f} MB  {seconds:6.2f} s  {size / seconds:5.2f} MB/s  "
                  f"{seconds / baseline:6.0f}x baseline")  # fmt: skip
        print("bullet lists of growing length (linear time: seconds per 1,000 lines stay flat)")
        lines = [f"- {s}\n" for s in _sentences()]
        for count in (1000, 2000, 4000, 8000):
            text = "".join(lines[i % len(lines)] for i in range(count))
            _, seconds = timed(program, folder, f"list{count}", text, args.runs)
            print(f"  {count:5} lines  {seconds:6.2f} s  {seconds / count * 1000:6.3f} s per 1,000 lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
