"""Text as a terminal will show it: control characters made visible, and its width in cells.

Labels, notes, claims, reasons and names echoed in messages come from datasets, claims files,
articles and the command line, which nobody vouches for. Written raw, an ESC sequence could clear
the screen, plant a link or recolour what follows, and a bidi control could reorder a figure. So
every human-facing output (tables, messages, charts) shows such characters as escapes (\\x1b,
\\u202e). So do the CI formats (GitHub annotations, JUnit XML), which people read on a page, and
which XML could not even hold otherwise. Data formats (CSV, TSV, JSON) keep the data as it is;
their own quoting and escaping apply (README, "Escaping").
"""

from __future__ import annotations

_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def printable(text: str, keep: str = "") -> str:
    """The text with control and format characters escaped; those in `keep` (e.g. a newline in a
    multi-line message) stay as they are."""
    if text.isprintable():
        return text
    import unicodedata  # here: most text is printable, and the module costs start-up time

    return "".join(ch if ch in keep or unicodedata.category(ch) not in _UNSAFE else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def display_width(text: str) -> int:
    """Terminal cells the text takes: wide (CJK) characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
