"""Reading prose for `check --text`: what is prose, where sentences and clauses are, and the numbers.

Everything here works on the text as written and never moves a character, so a finding's line
and column point at the number in the user's file. Each step is one left-to-right pass with
bounded look-arounds: the cost grows with the length of the text, whatever its shape (a long
bullet list, a table, one endless line).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from tradecli.claims import NUMBER_PATTERN, ClaimError, Quantity, latin, parse_quantity
from tradecli.fullwidth import ascii_digits
from tradecli.limits import number_problem
from tradecli.model import Words

_FENCE_LINE = re.compile(r"^[ \t]{0,3}(```|~~~)", re.MULTILINE)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LINK_TARGET = re.compile(r"\]\([^()\s]*\)")  # no "(" inside: a run of "](" cannot make it backtrack
_BARE_URL = re.compile(r"https?://\S+")
# A sentence ends at . ! ? followed by a space, at the CJK full stop and marks, at a blank line, and before a line that
# starts a block of its own (a list item, heading, quote or table row) or after a table row.
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=\S)|(?<=[\u3002\uff01\uff1f])|\n[ \t]*\n"
    r"|\n(?=[ \t]*(?:[-*+][ \t]|\d{1,3}[.)][ \t]|#|>|\|))|(?<=\|)[ \t]*\n"
)
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.)+$|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|No|"
                           r"vs|etc|Co|Ltd|Inc|Corp|St|approx|est)\.$")  # fmt: skip
_LONGEST_SENTENCE = 2000  # a longer run without full stops (a list, a table) is read line by line
_DIGIT = re.compile(r"\d")
_LEADING_NUMBER = re.compile(r"\s*[-+]?[\d.,]*")
_CLAUSE_BREAK = re.compile(
    r"[;\uff1b:\uff1a\u3001\uff0c\u2014\u2013]|,(?!\d{3})|\s--?\s"
    r"|\b(?:while|whereas|but|although|though|whilst|meanwhile|despite)\b|(?:而|但|同时|同時|其中)",
    re.IGNORECASE,
)
_SQUEEZABLE = re.compile(  # spaces beside CJK; a pinyin reading after a character, 國(guó)
    r"(?<=[\u3000-\u9fff])\s+|\s+(?=[\u3000-\u9fff])|(?<=[\u4e00-\u9fff])\([a-z\u00e0-\u01dc]{1,8}\)"
)
_RATE_BEFORE = re.compile(r"(?:%|\bper\s?cent|\bpercent)\s*$", re.IGNORECASE)
_ARTICLE = re.compile(r"(?<=\s)the(?=\s)", re.IGNORECASE)
_BARE = "a bare number without a unit or anything it counts"
_WORDLESS = re.compile(r"[\W_]*")
_COMPOUND = re.compile(r"(\d+(?:\.\d+)?)\s*兆\s*(\d{1,3}(?:,\d{3})?|\d{1,4})\s*[億亿]")


class Mention(NamedTuple):
    """A number with its unit words, located in its sentence."""

    start: int
    end: int
    text: str
    quantity: Quantity
    counted: bool = False  # a bare whole number followed by what it counts ("240 countries")


BEYOND_LIMITS = "a number beyond tradecli's limits (see docs/dataset.md, Limits)"


class Skipped(NamedTuple):
    """A number that is not a figure at all (a year, an ordinal, a bare number), and why."""

    start: int
    end: int
    text: str
    reason: str


# -- what is prose --------------------------------------------------------------------------------


def clean(text: str) -> str:
    """Blank out what is not prose (code, link targets, URLs) without moving any character.

    Full-width digits and points (45.47 typed in CJK width) become ASCII ones, one character for
    one, so they read as numbers.
    """
    text = ascii_digits(same_lines(text))
    text = _blank_fences(text)
    text = _INLINE_CODE.sub(_blank, text)
    text = _LINK_TARGET.sub(lambda m: "]" + " " * (len(m.group()) - 1), text)
    return _BARE_URL.sub(_blank, text)


def same_lines(text: str) -> str:
    """Any line endings as newlines, one character for one (CRLF becomes a space and a newline)."""
    return text.replace("\r\n", " \n").replace("\r", "\n")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def _blank_fences(text: str) -> str:
    """Code fences, found line by line: an unclosed fence runs to the end, as in Markdown."""
    pieces, position, opened = [], 0, None
    for match in _FENCE_LINE.finditer(text):
        if opened is None:
            pieces.append(text[position : match.start()])
            position, opened = match.start(), match.group(1)
        elif match.group(1) == opened:
            end = text.find("\n", match.end())
            end = len(text) if end < 0 else end
            pieces.append(re.sub(r"[^\n]", " ", text[position:end]))
            position, opened = end, None
    rest = text[position:]
    pieces.append(re.sub(r"[^\n]", " ", rest) if opened is not None else rest)
    return "".join(pieces)


# -- sentences and clauses ------------------------------------------------------------------------


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """The sentences that contain a digit, with their offsets; prose without numbers is skipped."""
    starts, ends = [0], []
    for match in _SENTENCE_END.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()]
        if before.endswith(".") and _ABBREVIATION.search(before):
            continue  # "U.S. exports", "Jan. 14": not the end of a sentence
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(text))
    wanted = sorted({bisect_right(starts, m.start()) - 1 for m in _DIGIT.finditer(text)})
    for index in wanted:
        start, end = starts[index], ends[index]
        if end - start <= _LONGEST_SENTENCE:
            yield start, text[start:end]
            continue
        yield from _lines(text, start, end)


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """A very long 'sentence' read as lines, and a very long line in pieces: each stays short."""
    position = start
    while position < end:
        stop = text.find("\n", position, end)
        stop = end if stop < 0 else stop
        if stop - position > _LONGEST_SENTENCE:  # cut where a clause or word ends, never inside a number
            limit = position + _LONGEST_SENTENCE
            cut = max(text.rfind(mark, position, limit) for mark in (", ", "; ", "\uff0c", "\u3001"))
            cut = cut if cut > position else text.rfind(" ", position, limit)
            stop = cut + 1 if cut > position else limit
        piece = text[position:stop]
        if _DIGIT.search(piece):
            yield position, piece
        position = stop + 1 if stop < end and text[stop] == "\n" else stop


def clause_starts(sentence: str) -> list[int]:
    """Where each clause of a sentence begins: after commas, semicolons, dashes, brackets, 'while'."""
    starts = [0]
    for match in _CLAUSE_BREAK.finditer(sentence):
        start = match.start() if match.group()[:1].isalpha() else match.end()
        if not _WORDLESS.fullmatch(sentence, starts[-1], start):
            starts.append(start)
        elif len(starts) > 1:
            starts[-1] = start  # ", while": one break, not an empty clause between the two
    return starts


# -- numbers --------------------------------------------------------------------------------------


class NumberReader(NamedTuple):
    """The number pattern built from the dataset's unit words, compiled once per dataset."""

    numbers: re.Pattern[str]
    prefix: re.Pattern[str]  # qualifier and currency words that end right before a number
    counted: re.Pattern[str] | None  # nouns a bare number may count
    threshold: re.Pattern[str] | None  # words that make a number a bound ("the 45 trillion mark")
    coordinators: re.Pattern[str] | None  # words that join list items ("and", "、", "和")
    tail: re.Pattern[str]  # unit words after a number
    more_after: re.Pattern[str] | None  # words right after a number that make it a lower bound (240多)
    words: Words


def number_reader(words: Words, alternation: str, before: str, cues: dict[str, re.Pattern[str]]) -> NumberReader:
    """'45.47 trillion yuan', 'CNY45.47 trillion', '3.8 percent': digits first, then the unit words."""
    numbers = re.compile(rf"(?<![\d.,])[-+]?{NUMBER_PATTERN}(?![\d])(?:\s*(?:{alternation}))*", re.IGNORECASE)
    prefix = re.compile(rf"(?:(?:{before})\s*(?:the\s+)?)+$", re.IGNORECASE)
    joined, more = cues.get("coordinators"), cues.get("more_after")
    coordinators = re.compile(rf"(?:\s*(?:{joined.pattern})\s*)+", re.IGNORECASE) if joined else None
    tail = re.compile(rf"(?:\s*(?:{alternation}))*", re.IGNORECASE)
    more_after = re.compile(rf"\s*(?:{more.pattern})", re.IGNORECASE) if more else None
    return NumberReader(
        numbers, prefix, cues.get("counted"), cues.get("threshold"), coordinators, tail, more_after, words
    )


def mentions(sentence: str, reader: NumberReader) -> tuple[list[Mention], list[Skipped]]:
    """The numbers of a sentence that may be figures, and those that cannot be (with why)."""
    found: list[Mention] = []
    skipped: list[Skipped] = []
    compounds = {m.start(): m for m in _COMPOUND.finditer(sentence)}
    covered_until = -1
    for match in reader.numbers.finditer(sentence):
        if match.start() < covered_until:
            continue
        compound = compounds.get(match.start())
        if compound is not None:
            mention = _compound(sentence, compound, reader)
            covered_until = mention.end
            if number_problem(mention.quantity.number) is None:
                found.append(mention)
            else:  # as parse_quantity does for every other number: beyond tradecli.limits, never graded
                skipped.append(Skipped(mention.start, mention.end, mention.text, BEYOND_LIMITS))
            continue
        item = _mention(sentence, match, reader)
        if isinstance(item, Mention):
            found.append(item)
        else:
            skipped.append(item)
    return _listed_units(sentence, found, skipped, reader)


def _listed_units(
    sentence: str, found: list[Mention], skipped: list[Skipped], reader: NumberReader
) -> tuple[list[Mention], list[Skipped]]:
    """'成长5.5%和0', '0.3个及1个百分点': a bare number listed with a percentage shares its unit."""
    items: list[Mention | Skipped] = sorted([*found, *skipped], key=lambda m: m.start)
    result: list[Mention | Skipped] = list(items)
    for index, item in enumerate(items):
        if not (item.reason == _BARE if isinstance(item, Skipped) else item.counted):
            continue
        for other in (items[index - 1] if index else None, items[index + 1] if index + 1 < len(items) else None):
            if not isinstance(other, Mention) or other.quantity.percent is None:
                continue
            gap = sentence[min(item.end, other.end) : max(item.start, other.start)]
            if reader.coordinators is not None and reader.coordinators.fullmatch(gap.strip() or ","):
                number = Decimal(re.sub(r"[^\d.\-]", "", item.text) or "0")
                if number_problem(number):
                    break
                quantity = Quantity(number, "exact", None, None, other.quantity.percent, item.text)
                result[index] = Mention(item.start, item.end, item.text, quantity)
                break
    mentions_ = [m for m in result if isinstance(m, Mention)]
    return mentions_, [s for s in result if isinstance(s, Skipped)]


def _mention(sentence: str, match: re.Match[str], reader: NumberReader) -> Mention | Skipped:
    before = reader.prefix.search(sentence, max(0, match.start() - 40), match.start())
    start, end = (before.start() if before else match.start()), match.end()
    if start > 0 and latin(sentence[start - 1]) and before is not None:
        start = match.start()  # "US$" must not take the "s" of a word: only whole words qualify
    written = sentence[start:end].strip()
    why_not = _not_a_figure(sentence, match)
    if why_not:
        return Skipped(match.start(), match.end(), match.group().strip(), why_not)
    quantity = _parse_longest(written, reader.words)
    if quantity is None:
        leading = len(sentence[start:end]) - len(sentence[start:end].lstrip())
        return Skipped(start + leading, end, written, "not a number the dataset's unit words describe")
    end = start + len(sentence[start:end]) - len(written) + len(quantity.text) if quantity.text else end
    written = quantity.text or written
    if before is not None and quantity.qualifier != "exact" and _after_a_rate(sentence, before.start()):
        quantity = quantity._replace(qualifier="exact")  # "up 19.96% over the $993 billion": "over" compares
    bare = quantity.scale is None and quantity.currency is None and quantity.percent is None
    counted = bare and _counted(sentence, end, reader)
    if quantity.qualifier == "exact" and reader.more_after is not None and reader.more_after.match(sentence, end):
        quantity = quantity._replace(qualifier="more than")  # "240多个国家", "1200余亿"
    if quantity.qualifier == "exact" and _threshold(sentence, start, end, reader):
        quantity = quantity._replace(qualifier="at least")
    if bare and quantity.qualifier == "exact" and not counted:
        return Skipped(match.start(), end, written, _BARE)
    offset = len(sentence[start:end]) - len(sentence[start:end].lstrip())
    return Mention(start + offset, end, written, quantity, counted)


def _after_a_rate(sentence: str, start: int) -> bool:
    """Just after a percentage ('19.96 percent over …', '20% above …'): a comparison follows."""
    return _RATE_BEFORE.search(sentence, max(0, start - 24), start) is not None


def _parse_longest(written: str, words: Words) -> Quantity | None:
    """The number with as many of its unit words as read well together ('61.39万亿元人民币' says
    the currency twice: the first is kept)."""
    for cut in range(len(written), 0, -1):
        if cut < len(written) and (latin(written[cut - 1]) and latin(written[cut])):
            continue  # never cut inside a word
        try:  # "over the $1,389 billion": the article between a qualifier and its number says nothing
            quantity = parse_quantity(_ARTICLE.sub(" ", written[:cut]), words)
        except ClaimError:
            continue
        return quantity._replace(text=written[:cut].strip())
    return None


EXPONENT = "a number in scientific notation (figures are never published so)"
BROKEN = "a number broken by an invisible character (U+200B and the like)"
GROUPED = "digits grouped by a space or an apostrophe (45 470): not read as one number"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_GROUP = "[ \u00a0\u202f\u2009']"


def _grouped(sentence: str, start: int, digits: str, beyond: str) -> bool:
    """Part of a number whose digits are grouped by a space or an apostrophe (45 470, 45'470): the
    part after a group of one to three digits, or a group of one to three digits before three more."""
    before = sentence[max(0, start - 6) : start]
    after_a_group = re.search(rf"(?:^|[^\d.,])\d{{1,3}}{_GROUP}$", before) is not None
    if after_a_group and re.match(r"\d{3}(?![\d.,])", sentence[start:].lstrip("+-")):
        return True
    leading = re.match(r"[-+]?(\d[\d.,]*)", digits)
    return bool(leading and re.fullmatch(r"\d{1,3}", leading[1]) and re.match(rf"{_GROUP}\d{{3}}(?![\d.,])", beyond))


NAME_PART = "part of a name or code (COVID-19)"


def _not_a_figure(sentence: str, match: re.Match[str]) -> str:
    digits = match.group().strip()
    following = sentence[match.end() : match.end() + 3]
    preceding = sentence[max(0, match.start() - 3) : match.start()]
    after_digits = _LEADING_NUMBER.match(sentence, match.start())
    beyond = sentence[after_digits.end() : after_digits.end() + 8] if after_digits else ""
    if re.match(r"[eE][-+]?\d", beyond) or re.search(r"\d[eE][-+]?$", preceding):
        return EXPONENT  # 1e400, 6.1e0%: its digits are not the figure's (400, 0)
    if digits[:1] in "-+" and preceding[-1:].isalnum():
        return NAME_PART  # a hyphen joins words here; it is no minus sign
    if any(edge and edge in _INVISIBLE for edge in (preceding[-1:], beyond[:1])):
        return BROKEN  # 2\u200b6.99: read as 2 and 6.99 it would be graded as 6.99
    if _grouped(sentence, match.start(), digits, beyond):
        return GROUPED  # 45 470 billion: read as 45 and 470 billion it would be graded as 470
    if re.match(r"(?:st|nd|rd|th)\b", following) or sentence[: match.start()].endswith("第"):
        return "an ordinal"
    if re.match(r"\s*(?:年|月|日|届|屆|號|号)", following):
        return "a date"
    if re.fullmatch(r"(19|20)\d\d", digits):
        return "a year"
    return ""


def _counted(sentence: str, end: int, reader: NumberReader) -> bool:
    """A bare whole number followed (within two words) by what it counts ('240 countries', '78万家')."""
    found = reader.counted.search(sentence, end, end + 40) if reader.counted else None
    if found is None:
        return False
    gap = sentence[end : found.start()]
    return len(gap.split()) <= 2 and not _DIGIT.search(gap)


def _threshold(sentence: str, start: int, end: int, reader: NumberReader) -> bool:
    """'the 45 trillion yuan mark', '4万亿美元的心理关口': a number named as a threshold is a bound."""
    if reader.threshold is None:
        return False
    found = reader.threshold.search(sentence, end, end + 16)
    if found is not None and not _DIGIT.search(sentence[end : found.start()]):
        return True
    before = list(reader.threshold.finditer(sentence, max(0, start - 24), start))  # "the thresholds of 40 trillion"
    return bool(before) and re.fullmatch(r"\s*(?:of|at)?\s*", sentence[before[-1].end() : start]) is not None


def _compound(sentence: str, match: re.Match[str], reader: NumberReader) -> Mention:
    """'2兆5,829億' (Taiwan's writing of 2.5829 trillion): one number, stated to the 億."""
    whole, hundred_millions = match.group(1), match.group(2).replace(",", "")
    number = Decimal(f"{whole}.{int(hundred_millions):04d}") if "." not in whole else Decimal(whole)
    if int(hundred_millions) % 10 == 0:  # trailing zeros of a whole count of 億 are rounding, as elsewhere
        number = number.normalize()
    after = reader.tail.match(sentence, match.end())  # the unit words after 億
    unit_end = after.end() if after else match.end()
    tail = sentence[match.end() : unit_end]
    try:
        currency = parse_quantity("1" + tail, reader.words).currency if tail.strip() else None
    except ClaimError:
        currency = None
    before = reader.prefix.search(sentence, max(0, match.start() - 40), match.start())
    start = before.start() if before else match.start()
    try:
        prefix = parse_quantity(sentence[start : match.start()] + "1", reader.words) if before else None
    except ClaimError:  # "$$1兆": words that do not read together say nothing of the number
        prefix, start = None, match.start()
    qualifier = prefix.qualifier if prefix else "exact"
    currency = (prefix.currency if prefix else None) or currency
    text = sentence[start:unit_end].strip()
    scale = reader.words.scale.get("兆", Decimal("1e12"))
    return Mention(start, unit_end, text, Quantity(number, qualifier, scale, currency, None, text))


# -- asides ---------------------------------------------------------------------------------------

ASIDE = re.compile(  # asides: (…), full-width brackets, […], ——…——, — … —
    r"[(\uff08\[][^()\uff08\uff09\[\]]{0,200}[)\uff09\]]|\u2014\u2014[^\u2014]{1,100}\u2014\u2014"
    r"|\s?\u2014[^\u2014]{1,100}\u2014\s?|\s[-\u2013]\s[^-\u2013]{1,100}\s[-\u2013]\s|\s--\s[^\n]{1,100}?\s--\s"
)


def unbracketed(text: str, keep: int = -1) -> str:
    """Text with bracketed asides blanked (one character for one), except the one holding `keep`."""

    def blank(match: re.Match[str]) -> str:
        return match.group() if match.start() <= keep < match.end() else " " * len(match.group())

    return ASIDE.sub(blank, text)


def squeeze(text: str) -> tuple[str, Squeezed]:
    """The text as names are written, and where each kept character stands in the text: without
    spaces beside CJK characters ('前 11 個月', '對 美國') and without pinyin readings set in brackets
    after a character ('貿(mào)易' reads as 貿易). Most text has neither: it is returned as it is."""
    removed = [(m.start(), m.end()) for m in _SQUEEZABLE.finditer(text)]
    if not removed:
        return text, Squeezed(())
    kept, position = [], 0
    for start, end in removed:
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept), Squeezed(tuple(removed))


class Squeezed(NamedTuple):
    """Where the characters a squeeze removed were, to place what is found back in the text."""

    removed: tuple[tuple[int, int], ...]

    def where(self, index: int) -> int:
        """The position in the text of the character at index in the squeezed text."""
        for start, end in self.removed:
            if index < start:
                break
            index += end - start
        return index
