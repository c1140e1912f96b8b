"""Start-up benchmark: whole `tradecli` processes, as ratios to `python -c pass`.

Whole processes, because what a person waits for is interpreter start-up plus imports plus
work; ratios to a baseline measured in the same run, so numbers compare across machines.
Run from an environment where tradecli is installed:  python benchmarks/startup.py
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# (label, argv after the program, budget as a ratio to `python -c pass`, or None)
CASES: list[tuple[str, list[str], float | None]] = [
    ("show exports --format csv", ["show", "exports", "--format", "csv"], 6.0),
    ("list (table, COLUMNS=120)", ["list", "--format", "table"], 10.0),
    ("list --format csv", ["list", "--format", "csv"], None),
    ("--help", ["--help"], 7.0),
    ("compare exports imports", ["compare", "exports", "imports"], None),
    ("check (all rules, csv)", ["check", "--format", "csv"], None),
    ("check 3 claims (csv)", ["check", "exports=26.99", "asean=7.6 tn yuan", "total growth=3.8%"], None),
    ("--version", ["--version"], 6.0),
    ("TAB: show ex (bash completion)", [], 7.0),
]
# Cases that are requests from a shell's completion script rather than command lines.
CASE_ENV: dict[str, dict[str, str]] = {
    "TAB: show ex (bash completion)": {
        "_TRADECLI_COMPLETE": "complete_bash",
        "COMP_WORDS": "tradecli show ex",
        "COMP_CWORD": "2",
    },
}


def entry_point() -> str:
    """The installed console script next to this interpreter, else the one on PATH."""
    beside = Path(sys.executable).with_name("tradecli")
    found = str(beside) if beside.exists() else shutil.which("tradecli")
    if not found:
        sys.exit("benchmarks/startup.py: no installed 'tradecli' found; run 'pip install .' first")
    return found


def median_seconds(argv: list[str], runs: int, env: dict[str, str]) -> float:
    """Median wall time of `runs` runs, after one warm-up run that fills the OS file cache."""
    times = []
    for index in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        if index:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=20, help="runs per command (median taken); default 20")
    parser.add_argument("--check", action="store_true", help="exit 1 if a budget is exceeded")
    args = parser.parse_args()
    env = {**os.environ, "COLUMNS": "120"}
    program = entry_point()
    baseline = median_seconds([sys.executable, "-c", "pass"], args.runs, env)
    print(f"baseline  python -c pass: {baseline * 1000:.1f} ms (median of {args.runs})")
    print(f"{'command':<32} {'median ms':>9} {'ratio':>6} {'budget':>6}")
    over = []
    for label, argv, budget in CASES:
        seconds = median_seconds([program, *argv], args.runs, {**env, **CASE_ENV.get(label, {})})
        ratio = seconds / baseline
        verdict = "" if budget is None else (" ok" if ratio <= budget else " OVER")
        budget_text = "-" if budget is None else f"{budget:.0f}x"
        print(f"{label:<32} {seconds * 1000:>9.1f} {ratio:>5.1f}x {budget_text:>6}{verdict}")
        if budget is not None and ratio > budget:
            over.append(label)
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
