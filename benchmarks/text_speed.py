"""Time `tradecli check --text` on multi-megabyte articles, as whole processes.

Two articles are generated from the evaluation corpus: a typical one (one sentence with figures
among four of plain prose, as in news reports) and a dense one (nothing but figure sentences).
Each is timed as a complete `tradecli check --text FILE --format json` process and printed with
its throughput and its ratio to `python -c pass` measured in the same run.

Usage: python benchmarks/text_speed.py [--megabytes 3] [--runs 3]
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
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "text-corpus.toml"
PROSE = (
    "Analysts said the outlook for the coming year depended on demand in major markets and on policy. "
    "Officials at the briefing also discussed logistics, customs procedures and the business environment. "
    "Several exporters interviewed said orders had held up better than they had expected at the start. "
    "Economists cautioned that external conditions remained complex and that uncertainty would persist. "
)


def article(megabytes: float, dense: bool) -> str:
    with CORPUS.open("rb") as handle:
        sentences = [case["text"] for case in tomllib.load(handle)["case"]]
    unit = "\n\n".join(sentences if dense else (s + " " + PROSE for s in sentences)) + "\n\n"
    return unit * max(1, int(megabytes * 1_000_000 / len(unit.encode())))


def median_seconds(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--megabytes", type=float, default=3.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    program = shutil.which("tradecli") or str(Path(sys.executable).with_name("tradecli"))
    baseline = median_seconds([sys.executable, "-c", "pass"], args.runs)
    print(f"baseline  python -c pass: {baseline * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        for label, dense in (("typical", False), ("dense", True)):
            path = Path(folder) / f"{label}.md"
            path.write_text(article(args.megabytes, dense), encoding="utf-8")
            size = os.path.getsize(path) / 1_000_000
            seconds = median_seconds([program, "check", "--text", str(path), "--format", "json"], args.runs)
            print(f"{label:8} {size:5.2f} MB  {seconds:6.2f} s  {size / seconds:5.2f} MB/s  "
                  f"{seconds / baseline:6.0f}x baseline")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
