"""Time `tradecli check --claims` as whole processes on claims files of growing size, and endless inputs.

Issue 11: a CSV header's duplicate check, the lines of TOML claims and the 'did you mean' of unknown
names grew with the square of the file (50,000 TOML claims took 42 s against 4.5 s as CSV). Each
shape is timed at n and 4n items; the cost above a one-claim check (start-up and the dataset,
measured in the same run) should grow 4 times for linear work, 16 times for quadratic. Endless
inputs (/dev/zero, an endless pipe) must stop at once or at the size limit, not when memory runs out.

--before DIR times an older source tree (python -m tradecli with DIR on PYTHONPATH) in the same
run, for a before/after table; it skips the endless inputs, which an unfixed tree reads until memory
runs out.

Usage: python benchmarks/input_scaling.py [--items 5000] [--runs 3] [--before DIR]
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

SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "csv claims": ("claims.csv", lambda n: "figure,value\n" + "exports,26.99\n" * n),
    "toml claims": ("claims.toml", lambda n: '[[claim]]\nfigure = "exports"\nvalue = 26.99\n\n' * n),
    "one misspelt name": ("claims.csv", lambda n: "figure,value\n" + "exprots,26.99\n" * n),
    "distinct misspelt": ("claims.csv", lambda n: "figure,value\n" + "".join(f"exprots{i},1\n" for i in range(n))),
    "header columns": ("claims.csv", lambda n: "figure,value," + ",".join(f"c{i}" for i in range(n)) + "\n"),
    "repeated column": ("claims.csv", lambda n: "figure,value," + ",".join(["field"] * n) + "\n"),
}
ENDLESS = "import sys\nwhile True: sys.stdout.write('exports rose 6.1%\\n' * 1000)"


def seconds(argv: list[str], runs: int, env: dict[str, str], stdin_from: list[str] | None = None) -> float:
    """Median wall time of complete processes (optionally fed by an endless writer), run outside the
    source tree so that `python -m tradecli` imports the tree on PYTHONPATH."""
    times = []
    for _ in range(runs):
        feeder = subprocess.Popen(stdin_from, stdout=subprocess.PIPE) if stdin_from else None
        start = time.perf_counter()
        subprocess.run(argv, stdin=feeder.stdout if feeder else subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=env, check=False, timeout=600,
                       cwd=tempfile.gettempdir())  # fmt: skip
        times.append(time.perf_counter() - start)
        if feeder:
            feeder.kill()
            feeder.wait()
    return statistics.median(times)


def scaling(label: str, program: list[str], env: dict[str, str], items: int, runs: int, folder: Path) -> None:
    """Each shape at n and 4n items: time, and how the cost above a one-claim check grows."""
    floor = seconds([*program, "check", "exports=26.99"], runs, env)
    print(f"{label}: one-claim check {floor * 1000:.0f} ms (start-up and dataset; the cost is above it)")
    print("  cost at n -> 4n: x4 is linear, x16 quadratic")
    for shape, (name, make) in SHAPES.items():
        timed = []
        for size in (items, 4 * items):
            path = folder / f"{size}-{name}"
            path.write_text(make(size), encoding="utf-8")
            timed.append(seconds([*program, "check", "-q", "--claims", str(path)], runs, env))
        small, large = (t - floor for t in timed)
        growth = f"x{large / small:5.1f}" if min(small, large) > 0.05 else "  (within start-up noise)"
        print(f"  {shape:18} n={items:<6} {timed[0]:6.2f} s   4n {timed[1]:6.2f} s   "
              f"cost {max(small, 0):5.2f} -> {max(large, 0):5.2f} s {growth}")  # fmt: skip


def endless(program: list[str], env: dict[str, str], runs: int) -> None:
    """Inputs that never end: they must stop at once (binary) or at the size limit (16 MB by default)."""
    cases = [
        ("--data /dev/zero list", [*program, "--data", "/dev/zero", "list"], None),
        ("check --text /dev/zero", [*program, "check", "--text", "/dev/zero"], None),
        ("endless pipe | check --text -", [*program, "check", "--text", "-"], [sys.executable, "-c", ENDLESS]),
        ("endless pipe | check --claims -", [*program, "check", "--claims", "-"], [sys.executable, "-c", ENDLESS]),
    ]
    for label, argv, feeder in cases:
        print(f"  {label:32} {seconds(argv, runs, env, feeder):6.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="an older source tree to time in the same run")
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k not in ("TRADECLI_DATA", "TRADECLI_MAX_INPUT")}
    program = [shutil.which("tradecli") or str(Path(sys.executable).with_name("tradecli"))]
    baseline = seconds([sys.executable, "-c", "pass"], args.runs, env)
    print(f"baseline python -c pass: {baseline * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        if args.before:
            before_env = {**env, "PYTHONPATH": str(args.before.resolve())}
            scaling("before", [sys.executable, "-m", "tradecli"], before_env, args.items, args.runs, Path(folder))
        scaling("this tree", program, env, args.items, args.runs, Path(folder))
    print("endless inputs (this tree)")
    endless(program, env, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
