"""Measure `check --text` on the labelled corpus: precision and recall of mismatch, false alarms.

Usage: python benchmarks/text_eval.py [--corpus tests/fixtures/text-corpus.toml] [--verbose]
Prints one line per metric; --verbose also lists every disagreement with the labels.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tradecli.dataset import load_dataset  # noqa: E402 - after the path is set
from tradecli.text import Finding, scan  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "text-corpus.toml"


class Scores(NamedTuple):
    """The evaluation's counts and the rates the README reports."""

    cases: int
    true_mismatches: int
    false_mismatches: int
    missed_mismatches: int
    correct_cases: int
    correct_cases_with_alarm: int
    expected_verdicts: int
    agreeing_verdicts: int
    disagreements: list[str]

    @property
    def precision(self) -> float:
        found = self.true_mismatches + self.false_mismatches
        return self.true_mismatches / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_mismatches + self.missed_mismatches
        return self.true_mismatches / wanted if wanted else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.correct_cases_with_alarm / self.correct_cases if self.correct_cases else 0.0

    @property
    def verdict_agreement(self) -> float:
        return self.agreeing_verdicts / self.expected_verdicts if self.expected_verdicts else 1.0


def _matching(findings: Sequence[Finding], number: str) -> Finding | None:
    return next((f for f in findings if f.text.lower() == number.lower()), None) or next(
        (f for f in findings if number.lower() in f.text.lower() or f.text.lower() in number.lower()), None
    )


def evaluate(cases: Sequence[dict[str, Any]]) -> Scores:
    dataset = load_dataset()
    counts = dict.fromkeys(("tp", "fp", "fn", "correct", "alarm", "expected", "agree"), 0)
    disagreements: list[str] = []
    for case in cases:
        findings = scan(case["text"], dataset)
        expected = {e["number"].lower(): e["verdict"] for e in case["expect"]}
        wrong = {n for n, v in expected.items() if v == "mismatch"}
        for number, verdict in expected.items():
            found = _matching(findings, number)
            counts["expected"] += 1
            got = found.verdict if found else "(none)"
            counts["agree"] += got == verdict
            if got != verdict:
                disagreements.append(f"{case['text']!r}: {number!r} expected {verdict}, got {got}")
            if verdict == "mismatch":
                counts["tp" if got == "mismatch" else "fn"] += 1
        for finding in findings:
            if finding.verdict == "mismatch" and not any(_same(finding.text, n) for n in wrong):
                counts["fp"] += 1
                disagreements.append(f"{case['text']!r}: false alarm on {finding.text!r}: {finding.reason}")
        if not wrong and case["category"] in ("correct", "usd", "unrelated", "basis"):
            counts["correct"] += 1
            counts["alarm"] += any(f.verdict == "mismatch" for f in findings)
    return Scores(len(cases), counts["tp"], counts["fp"], counts["fn"], counts["correct"], counts["alarm"],
                  counts["expected"], counts["agree"], disagreements)  # fmt: skip


def _same(text: str, number: str) -> bool:
    return text.lower() == number or number in text.lower() or text.lower() in number


def load_corpus(path: Path = CORPUS) -> list[dict[str, Any]]:
    with path.open("rb") as handle:
        cases: list[dict[str, Any]] = tomllib.load(handle)["case"]
    return cases


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    scores = evaluate(load_corpus(args.corpus))
    print(f"cases                          {scores.cases}")
    print(f"mismatch precision             {scores.precision:.1%} ({scores.true_mismatches} right, "
          f"{scores.false_mismatches} false alarms)")  # fmt: skip
    print(f"mismatch recall                {scores.recall:.1%} ({scores.true_mismatches} of "
          f"{scores.true_mismatches + scores.missed_mismatches} wrong numbers caught)")  # fmt: skip
    print(f"false alarms, correct sentences {scores.false_alarm_rate:.1%} ({scores.correct_cases_with_alarm} of "
          f"{scores.correct_cases})")  # fmt: skip
    print(f"verdicts as labelled           {scores.verdict_agreement:.1%} ({scores.agreeing_verdicts} of "
          f"{scores.expected_verdicts})")  # fmt: skip
    if args.verbose:
        for line in scores.disagreements:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
