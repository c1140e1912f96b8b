"""Measure `check --text` on real published sentences: false alarms, recall, and where it flags.

The evaluation set is tests/fixtures/text-eval/raw-*.toml: sentences from published pages, each
with its URL and a label made by reading it against the dataset (see LABELLING.md there).
Twins are made here from correct sentences, one covered number changed in a way that is
unambiguously false. Pages are split once, by a hash of their URL, into a development part (two
thirds) and a blind part (one third); `--part blind` is for the one final scoring.

Usage: python benchmarks/text_eval.py [--part dev|blind|own] [--verbose] [--failing-only]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tomllib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tradecli.dataset import load_dataset  # noqa: E402 - after the path is set
from tradecli.model import Dataset  # noqa: E402
from tradecli.text import Finding, scan  # noqa: E402

EVAL_DIR = ROOT / "tests" / "fixtures" / "text-eval"
BLIND_SHARE = 3  # one page in three, by URL hash
_QUALIFIED = re.compile(r"more|over|above|exceed|nearly|almost|about|around|some|close|approx|roughly|less|under|"
                        r"超|逾|近|约|約|多|余|餘|破|first|record", re.IGNORECASE)  # fmt: skip
_LOWER_BOUND = re.compile(
    r"less than|under|below|fewer|up to|不到|不足|低于|低於", re.IGNORECASE
)  # raising it keeps it true
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


class Case(NamedTuple):
    """One sentence to scan, what its label says, and which number is wrong (for twins and errors)."""

    url: str
    lang: str
    text: str
    label: str  # correct, wrong, uncovered
    wrong_spans: tuple[tuple[int, int], ...]
    twin: bool


class Scores(NamedTuple):
    correct: int
    correct_alarms: int
    uncovered: int
    uncovered_alarms: int
    wrong: int
    wrong_caught: int
    wrong_on_number: int
    details: list[str]

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("correct sentences with a mismatch", _rate(self.correct_alarms, self.correct)),
            ("uncovered sentences with a mismatch", _rate(self.uncovered_alarms, self.uncovered)),
            ("wrong sentences with a mismatch", _rate(self.wrong_caught, self.wrong)),
            ("... on the wrong number itself", _rate(self.wrong_on_number, self.wrong)),
        ]


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part} of {whole})" if whole else "- (0 of 0)"


def page_of(url: str) -> str:
    """A page's identity for the split: its URL without scheme, query or trailing slash."""
    bare = re.sub(r"^https?://(www\.)?", "", url.strip()).split("#")[0].split("?")[0].rstrip("/")
    return bare.lower()


def is_blind(url: str) -> bool:
    return hashlib.sha256(page_of(url).encode()).digest()[0] % BLIND_SHARE == 0


def load_sentences(directory: Path = EVAL_DIR, pattern: str = "raw-*.toml") -> list[dict[str, Any]]:
    """Every labelled sentence, once (collectors may have taken the same sentence)."""
    seen: set[str] = set()
    entries: list[dict[str, Any]] = []
    for path in sorted(directory.glob(pattern)):
        with path.open("rb") as handle:
            for entry in tomllib.load(handle).get("sentence", []):
                if entry["text"] not in seen:
                    seen.add(entry["text"])
                    entries.append(entry)
    return entries


def _span(text: str, number: str, occurrence: int = 1) -> tuple[int, int] | None:
    start = -1
    for _ in range(occurrence):
        start = text.find(number, start + 1)
        if start < 0:
            return None
    return start, start + len(number)


def cases(entries: Iterable[dict[str, Any]], dataset: Dataset) -> list[Case]:
    """The labelled sentences, then a twin of each correct one with one number made wrong."""
    result: list[Case] = []
    for entry in entries:
        numbers = entry.get("numbers", [])
        spans = tuple(s for n in numbers if n.get("expect") == "wrong"
                      if (s := _span(entry["text"], n["number"], n.get("occurrence", 1))))  # fmt: skip
        result.append(Case(entry["url"], entry.get("lang", "en"), entry["text"], entry["label"], spans, False))
        if entry["label"] == "correct":
            twin = make_twin(entry, dataset)
            if twin is not None:
                result.append(twin)
    return result


def _bounded(number: dict[str, Any], dataset: Dataset) -> bool:
    """The official figure is itself a bound ('more than 240'): no changed claim is unambiguously false."""
    figure = dataset.get(number["figure"], number.get("period", dataset.period))
    return figure is None or figure.qualifier_of(number.get("field", "value")) != "exact"


def make_twin(entry: dict[str, Any], dataset: Dataset) -> Case | None:
    """The first covered number that can be made unambiguously false: no qualifier ('more than
    780,000' stays true as 'more than 680,000'), and moved by far more than its rounding."""
    text = entry["text"]
    for number in entry.get("numbers", []):
        written = number["number"]
        if number.get("expect") != "right" or _QUALIFIED.search(written):
            continue
        digits = _DIGITS.search(written)
        span = _span(text, written, number.get("occurrence", 1))
        if (
            digits is None
            or span is None
            or "兆" in written
            or _bounded(number, dataset)
            or _LOWER_BOUND.search(text[max(0, span[0] - 20) : span[0]])
        ):
            continue
        changed = _wrong_value(digits.group())
        if changed is None:
            continue
        start = span[0] + digits.start()
        twin_text = text[:start] + changed + text[start + len(digits.group()) :]
        wrong_span = (span[0], span[1] + len(changed) - len(digits.group()))
        return Case(entry["url"], entry.get("lang", "en"), twin_text, "wrong", (wrong_span,), True)
    return None


def _wrong_value(digits: str) -> str | None:
    """A value about 40% larger (at least 3 units of its last digit more), written the same way."""
    plain = digits.replace(",", "")
    try:
        value = Decimal(plain)
    except ArithmeticError:
        return None
    if value == 0:
        return None
    step = Decimal(1).scaleb(value.as_tuple().exponent)  # type: ignore[arg-type]
    changed = (value * Decimal("1.4")).quantize(step)
    if changed - value < 3 * step:
        changed = value + 3 * step
    text = f"{changed:f}"
    if "," in digits:
        whole, _, fraction = text.partition(".")
        text = f"{int(whole):,}" + (f".{fraction}" if fraction else "")
    return text


def _overlaps(finding: Finding, span: tuple[int, int]) -> bool:
    start = finding.column - 1
    return start < span[1] and span[0] < start + len(finding.text)


def evaluate(items: Sequence[Case], dataset: Dataset, failing_only: bool = True) -> Scores:
    """Score scans against labels; a mismatch counts when it fails the run (certain), or any
    mismatch with failing_only=False (as with --strict)."""
    counts = dict.fromkeys(("correct", "ca", "uncovered", "ua", "wrong", "wc", "wn"), 0)
    details: list[str] = []
    for case in items:
        findings = scan(case.text, dataset)
        alarms = [f for f in findings if f.verdict == "mismatch" and (f.certain or not failing_only)]
        tag = f"[{case.label}{' twin' if case.twin else ''}] {case.text!r}"
        if case.label == "correct":
            counts["correct"] += 1
            counts["ca"] += bool(alarms)
        elif case.label == "uncovered":
            counts["uncovered"] += 1
            counts["ua"] += bool(alarms)
        else:
            counts["wrong"] += 1
            counts["wc"] += bool(alarms)
            on_number = any(_overlaps(f, s) for f in alarms for s in case.wrong_spans)
            counts["wn"] += on_number
            if not on_number:
                seen = "; ".join(f"{f.text!r}: {f.verdict}{'' if f.certain else '?'} {f.figure}" for f in findings)
                details.append(f"MISSED {tag}\n      found: {seen or 'nothing'}")
        if case.label != "wrong" and alarms:
            for f in alarms:
                details.append(f"FALSE ALARM {tag}\n      on {f.text!r} ({f.figure} {f.field}): {f.reason}")
    return Scores(counts["correct"], counts["ca"], counts["uncovered"], counts["ua"], counts["wrong"], counts["wc"],
                  counts["wn"], details)  # fmt: skip


OWN_SETS = ("text-corpus.toml", "text-holdout.toml", "text-holdout-2.toml", "text-holdout-3.toml")


def load_own(names: Sequence[str] = OWN_SETS) -> list[Case]:
    """The sentences this project wrote itself (scored separately from published prose): each
    `[[case]]` lists numbers with the verdict a fact-checker expects."""
    result: list[Case] = []
    for name in names:
        with (EVAL_DIR.parent / name).open("rb") as handle:
            for case in tomllib.load(handle)["case"]:
                expected = {e["number"]: e["verdict"] for e in case["expect"]}
                spans = tuple(s for n, v in expected.items() if v == "mismatch" if (s := _span(case["text"], n)))
                graded = any(v in ("match", "rounded", "mismatch") for v in expected.values())
                label = "wrong" if spans else "correct" if graded else "uncovered"
                result.append(Case(name, "own", case["text"], label, spans, False))
    return result


def part(items: Sequence[Case], name: str) -> list[Case]:
    """dev and blind split the first collection by page; own is what this project wrote; fresh is a
    second collection from pages outside the first, gathered after the blind part was spent; final a
    third, from pages outside both, gathered after the fresh one was spent."""
    if name == "own":
        return load_own()
    if name in ("fresh", "final"):
        return cases(load_sentences(pattern=f"{name}-*.toml"), load_dataset())
    if name == "blind":
        return [c for c in items if is_blind(c.url)]
    return [c for c in items if not is_blind(c.url)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--part", choices=("dev", "blind", "own", "fresh", "final"), default="dev")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--lang", default=None, help="only sentences in this language (en, zh-Hans, zh-Hant)")
    args = parser.parse_args(argv)
    dataset = load_dataset()
    items = part(cases(load_sentences(), dataset), args.part)
    if args.lang:
        items = [c for c in items if c.lang == args.lang]
    pages = len({page_of(c.url) for c in items})
    print(f"{args.part} part: {len(items)} sentences (twins included) from {pages} pages")
    for label, failing_only in (("failing (certain) mismatches", True), ("any mismatch (--strict)", False)):
        scores = evaluate(items, dataset, failing_only)
        print(f"  {label}:")
        for name, value in scores.rows():
            print(f"    {name:38} {value}")
        if args.verbose and failing_only:
            for line in scores.details:
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
