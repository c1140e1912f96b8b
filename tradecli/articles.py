"""Which files `check --text PATH...` reads: files, directories, globs and - for standard input.

Directories are searched recursively for articles (ARTICLE_SUFFIXES), in sorted order, skipping hidden
directories and files, so `check --text docs/` reads the same files in the same order everywhere.
Globs are expanded here too (`'docs/**/*.md'` quoted, or a shell that leaves a pattern that matched
nothing as it is): a pattern that matches nothing is a usage error (exit 2), since the command line,
not a file, is wrong. A plain path that does not exist is left to the reader, which reports it as an
input error (exit 3, located) like any missing or unreadable input; so is a directory with no
articles in it or one that cannot be listed.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tradecli.errors import InputFileError, Problem, UsageError

if TYPE_CHECKING:
    from tradecli.model import Dataset
    from tradecli.report import Article

STDIN = "-"
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
_GLOB_CHARACTERS = frozenset("*?[")


def expand(paths: Sequence[str]) -> list[str]:
    """The files to read, in order: each argument's files where it stands, each file once, '-' at most once."""
    if not paths:
        raise UsageError("check: --text needs files to read: files, directories, globs or - for standard input")
    if list(paths).count(STDIN) > 1:
        raise UsageError("check: - (standard input) can be read only once; give it once among the --text paths")
    chosen: dict[str, None] = {}  # insertion-ordered set
    seen: set[str] = set()
    for argument in paths:
        for name in _files_of(argument):
            key = name if name == STDIN else os.path.realpath(name)
            if key not in seen:
                seen.add(key)
                chosen[name] = None
    return list(chosen)


def _files_of(argument: str) -> list[str]:
    """An argument's files: stdin, a file as named, a directory's articles, or a glob's matches."""
    if argument == STDIN or (os.path.lexists(argument) and not os.path.isdir(argument)):
        return [argument]
    if os.path.isdir(argument):
        found = articles_in(argument)
        if not found:  # a real directory without what we read: bad input, like an empty claims file
            raise InputFileError([Problem(argument, "directory", f"no articles ({_suffixes()}) in it")])
        return found
    if "=" in argument and not _GLOB_CHARACTERS.intersection(argument):
        raise UsageError(f"check: give claims or --text, not both: {argument!r} is a claim, not a file")
    if not _GLOB_CHARACTERS.intersection(argument):
        return [argument]  # missing: the reader says so, located, like any unreadable input (exit 3)
    return _matches(argument)


def _matches(pattern: str) -> list[str]:
    """A glob's files, sorted; a directory it matches is searched like a directory argument."""
    found: list[str] = []
    for match in sorted(glob.glob(pattern, recursive=True)):
        found.extend(articles_in(match) if os.path.isdir(match) else [match])
    if not found:
        raise UsageError(f"check: no file matches {pattern!r}")
    return found


def articles_in(directory: str) -> list[str]:
    """The articles under a directory, sorted by path; hidden directories and files are skipped, and
    symbolic links to directories are not followed (a link back up would never end). A directory that
    cannot be listed is an input error (exit 3), located, like a file that cannot be read."""
    found = []
    for root, directories, files in os.walk(directory, onerror=_unreadable):
        directories[:] = [d for d in directories if not d.startswith(".")]
        found += [os.path.join(root, f) for f in files if _is_article(f)]
    return sorted(found)


def _is_article(name: str) -> bool:
    return not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES


def _unreadable(exc: OSError) -> None:
    name = exc.filename if isinstance(exc.filename, str) else "directory"
    raise InputFileError([Problem(name, "directory", f"cannot be read ({exc.strerror or exc})")])


def _suffixes() -> str:
    return ", ".join(f"*{suffix}" for suffix in ARTICLE_SUFFIXES)


# -- reading ------------------------------------------------------------------------------------


class Step(Protocol):
    """Told before each file is read (its number from 0, the count and its name), e.g. a progress bar."""

    def __call__(self, index: int, count: int, name: str) -> None: ...


def read_articles(
    names: Sequence[str],
    dataset: Dataset,
    include_skipped: bool = False,
    period: str | None = None,
    step: Step | None = None,
) -> list[Article]:
    """Each file's findings, in the order given. A file that cannot be read stops the checking but not
    the reading: every unreadable file is named in one input error (exit 3), and no report is made
    from the others, so a CI job never passes on part of its articles."""
    from tradecli.inputs import read_text, stdin_stream
    from tradecli.report import Article
    from tradecli.text import scan

    articles: list[Article] = []
    problems: list[Problem] = []
    for index, name in enumerate(names):
        if step is not None:
            step(index, len(names), name)
        try:
            stdin = stdin_stream(what="the article") if name == STDIN else None  # read in chunks, up to the size limit
            shown, text = read_text(Path(name), stdin, kind="an article (plain text or Markdown)")
        except InputFileError as exc:
            problems += exc.problems
            continue
        if not problems:
            articles.append(Article(shown, scan(text, dataset, include_skipped, period, parallel=True)))
    if problems:
        raise InputFileError(problems)
    return articles
