"""Parsed datasets kept as JSON, so that a run does not parse and validate TOML it has seen before.

Two places hold them, in one format:

- the bundled dataset's parsed form ships in the package (tradecli/briefing-2025.parsed.json),
  written by `python -m tradecli.snapshot` and checked by tests to equal a fresh parse;
- a user's `--data` file is parsed and validated once per version of its content, and kept in the
  user's cache directory (README, "The parse cache"), until the file, tradecli or this format changes.

Each one is keyed by what it was made from: the TOML's SHA-256, plus for a user file its absolute
path, size and mtime_ns, and always tradecli's version and SCHEMA. Anything else (a stale key, a
truncated or corrupt file, another program's file) is ignored: the TOML is parsed and validated
as if there were no cache, and the cache is written again. A stale bundled form is never used; the
file is then parsed (and cached like a user file) until the form is regenerated.

Why JSON, not pickle: a cache file is data we read back, and unpickling can run code, so a file
planted in the cache directory would run as the user. JSON builds only plain lists, dicts, strings
and numbers; every Decimal is stored as its text ("8.0" stays "8.0", exactly). The payload's CRC-32
in the first line catches truncation and corruption (a torn write, a bad disk block) at a fraction of
a hash's cost; it is no signature, nor need it be: whoever can write your cache directory can also
write your shell's start-up file, and what JSON can hold is data, never code.

Format: line 1 is a JSON header (format, schema, tool, source key, payload_crc32); the rest is the
payload: a line of the dataset's tables (with an index: each figure's id and where its line starts),
then the figures as one JSON array, a figure per line, each a list in the order of model.Figure's
fields. A figure's line is decoded only when a command needs it (StoredFigures), so `show ID` decodes
a handful of lines whatever the size of the dataset; a listing decodes them all, in batches.

Caches are written whole to a temporary file in the same directory and renamed over the old one
(os.replace), so concurrent runs never see half a file. A cache directory that is missing and
cannot be made, or is read-only, means no caching, silently. TRADECLI_NO_CACHE=1 turns every
shortcut off: both the bundled form and the cache (nothing is read from or written to it).
"""

from __future__ import annotations

import json
import os
import stat
import sys
import zlib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from tradecli import __version__
from tradecli.errors import DatasetError, Problem
from tradecli.header import BUNDLED_NAME, bundled_path
from tradecli.interval import Rounding
from tradecli.model import Dataset, Figure, Quote, Rate, Relation, Source, Unit, Words

FORMAT = "tradecli-parsed-dataset"
SCHEMA = 2  # raise when the payload's layout changes (the tool version is part of the key too)
NO_CACHE_VAR = "TRADECLI_NO_CACHE"
CACHE_DIR_VAR = "TRADECLI_CACHE_DIR"
ARTIFACT = Path(__file__).with_name(BUNDLED_NAME.removesuffix(".toml") + ".parsed.json")
REGENERATE = "python -m tradecli.snapshot"
KIND = "a dataset (TOML)"

FIELDS = Figure._fields
_DECIMALS = tuple(FIELDS.index(name) for name in ("value", "growth", "share", "share_change"))
_SOURCE, _QUOTES, _ALIASES = (FIELDS.index(name) for name in ("source", "quotes", "aliases"))
_CORRUPT = (KeyError, TypeError, ValueError, IndexError, AttributeError, InvalidOperation, RecursionError)


# -- loading ------------------------------------------------------------------------------------


@cache
def _builtin_sha256() -> Callable[[bytes | memoryview], Any] | None:
    try:
        if sys.version_info >= (3, 12):
            from _sha2 import sha256 as builtin  # type: ignore[import-not-found,unused-ignore]
        else:
            from _sha256 import sha256 as builtin  # type: ignore[import-not-found,no-redef,unused-ignore]
    except ImportError:  # another Python than CPython
        return None
    return builtin  # type: ignore[no-any-return,unused-ignore]


def sha256(data: bytes | memoryview) -> str:
    """The SHA-256 of data, in hex. Inputs under 512 KB (the bundled dataset) use CPython's built-in
    implementation: importing hashlib starts OpenSSL (~2 ms, a sixth of a lookup's own time);
    larger ones use hashlib, which hashes 4 times faster."""
    builtin = _builtin_sha256() if len(data) < 1 << 19 else None
    if builtin is not None:
        return str(builtin(data).hexdigest())
    import hashlib

    return hashlib.sha256(data).hexdigest()


def load(path: str | Path | None = None) -> Dataset:
    """The dataset at path (None: the bundled one), from its parsed form when a valid one exists."""
    if path is None:
        return _load_bundled()
    return _load_file(Path(path), limit=None)


def disabled(environ: dict[str, str] | os._Environ[str] | None = None) -> bool:
    """TRADECLI_NO_CACHE set to anything but empty or 0."""
    value = (os.environ if environ is None else environ).get(NO_CACHE_VAR, "").strip()
    return value not in ("", "0")


def _load_bundled() -> Dataset:
    file = bundled_path()
    if disabled():
        return _parse(file, sys.maxsize)
    try:
        raw = file.read_bytes()
    except OSError:
        return _parse(file, sys.maxsize)  # reports what is wrong with it
    found = read(ARTIFACT, bundled_key(raw), len(raw), follow=True)
    dataset = decode(found, str(file)) if found is not None else None
    return dataset if dataset is not None else _load_file(file, limit=sys.maxsize)


def bundled_key(raw: bytes) -> dict[str, Any]:
    """What the bundled form is keyed by: the TOML file's name, size and CRC-32 (its mtime differs per
    checkout). A CRC, not a SHA-256 as for user files: this key guards against one mistake, an edit of
    data/briefing-2025.toml without `python -m tradecli.snapshot` (which a test also catches), not
    against anyone; a change that keeps both size and CRC-32 is a 1-in-4-billion accident. It is
    checked on every run with the bundled data, and hashing the file took 1 ms of a lookup's ~20."""
    return {"name": BUNDLED_NAME, "size": len(raw), "crc32": zlib.crc32(raw)}


class Lookup(NamedTuple):
    """A --data file looked up in the cache: its entry's file and key, what was found, the bytes read."""

    target: Path
    key: dict[str, Any]
    found: Stored | None
    raw: bytes | None  # the file's bytes, when it was small enough to be read whole


def _look_up(file: Path, limit: int) -> Lookup | None:
    """The cache entry for a dataset file; None where no cache applies (turned off, no cache directory,
    not a regular file, over the size limit, unreadable: the ordinary reader then says what is wrong)."""
    target = None if disabled() else cache_file(file)
    try:
        info = file.stat()
    except OSError:
        return None
    if target is None or not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        return None
    try:
        raw, digest = _read_and_hash(file, info.st_size)
    except OSError:
        return None
    key = file_key(file, info, digest)
    return Lookup(target, key, read(target, key, info.st_size), raw)


def _load_file(file: Path, limit: int | None) -> Dataset:
    """A dataset file through the user's cache: a hit decodes JSON; a miss parses, validates and writes it."""
    from tradecli.inputs import max_input

    limit = max_input() if limit is None else limit
    looked = _look_up(file, limit)
    if looked is None:
        return _parse(file, limit)
    dataset = decode(looked.found, str(file)) if looked.found is not None else None
    if dataset is not None:
        return dataset
    from tradecli.dataset import parse_dataset
    from tradecli.inputs import read_text

    raw, key, cache_path = looked.raw, looked.key, looked.target
    if raw is None:  # hashed in chunks: read it now, and key the cache by the very bytes parsed
        try:
            raw = file.read_bytes()
        except OSError:
            return _parse(file, limit)
        key["sha256"] = sha256(raw)
    text = read_text(file, raw, DatasetError, KIND, limit, name=str(file))[1]
    del raw, looked
    dataset = parse_dataset(text, str(file))[0]  # raises DatasetError: an invalid file is never cached
    write(cache_path, key, dataset, quiet=True)
    return dataset


def stored_identity(path: str | Path | None) -> tuple[Path, str | None, str | None] | None:
    """(file, version, date) of a dataset from its valid parsed form, decoding no figure (--version);
    None when it has none: the caller reads the file's [dataset] table instead."""
    if disabled():
        return None
    if path is None:
        file = bundled_path()
        try:
            raw = file.read_bytes()
            found = read(ARTIFACT, bundled_key(raw), len(raw), follow=True)
        except OSError:
            return None
    else:
        from tradecli.inputs import max_input

        file = Path(path)
        looked = _look_up(file, max_input())
        found = looked.found if looked is not None else None
    if found is None:
        return None
    try:
        blob, start = found.blob, found.start
        tables = json.loads(blob[start : blob.index(b"\n", start)])
        version, date = tables["version"], tables["date"]
    except _CORRUPT:
        return None
    if not (version is None or isinstance(version, str)) or not (date is None or isinstance(date, str)):
        return None
    return file, version, date


HASHED_WHOLE = 1 << 22  # files up to 4 MB are read whole (a miss parses those bytes); larger ones hashed in chunks


def _read_and_hash(file: Path, size: int) -> tuple[bytes | None, str]:
    """(the file's bytes, or None when it was hashed in chunks without keeping them; its SHA-256):
    a cache hit on a 35 MB file then never holds the file in memory."""
    if size <= HASHED_WHOLE:
        raw = file.read_bytes()
        return raw, sha256(raw)
    import hashlib

    digest = hashlib.sha256()
    with file.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return None, digest.hexdigest()


def file_key(file: Path, info: os.stat_result, digest: str) -> dict[str, Any]:
    """What a user file's cache is keyed by: where it is, its size and mtime, its content, and the
    code that validated it (so a checkout whose rules changed, at the same version, parses again)."""
    return {
        "path": os.path.abspath(file),
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "sha256": digest,
        "rules": rules_fingerprint(),
    }


# The modules whose code decides what a valid dataset is and what it becomes.
RULE_MODULES = ("dataset.py", "model.py", "header.py", "limits.py", "periods.py", "interval.py", "snapshot.py")


@cache
def rules_fingerprint() -> list[int]:
    """Size and mtime of each validating module: unchanged in an installed package, changed by any edit
    of a checkout (a stat each; hashing the sources would cost more than the cache saves)."""
    here = Path(__file__).parent
    stats = [(here / name).stat() for name in RULE_MODULES]
    return [n for info in stats for n in (info.st_size, info.st_mtime_ns)]


def _parse(file: Path, limit: int) -> Dataset:
    """The ordinary way: read the file (every error located), parse the TOML and validate it."""
    from tradecli.dataset import parse_dataset
    from tradecli.inputs import read_text

    name, text = read_text(file, error=DatasetError, kind=KIND, limit=limit)
    return parse_dataset(text, name)[0]


# -- the cache directory ------------------------------------------------------------------------


def cache_root(environ: dict[str, str] | os._Environ[str] | None = None) -> Path | None:
    """The user's cache directory for tradecli, by platform convention (None when there is no home).

    TRADECLI_CACHE_DIR if set; else on Linux and other Unix $XDG_CACHE_HOME/tradecli (an absolute
    XDG_CACHE_HOME), else ~/.cache/tradecli; macOS: ~/Library/Caches/tradecli; Windows:
    %LOCALAPPDATA%\\tradecli\\Cache.
    """
    env = os.environ if environ is None else environ
    if env.get(CACHE_DIR_VAR):
        return Path(env[CACHE_DIR_VAR])
    try:
        if sys.platform == "win32":
            local = env.get("LOCALAPPDATA")
            return Path(local) / "tradecli" / "Cache" if local else None
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "tradecli"
        xdg = env.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    except RuntimeError:  # no home directory to be found
        return None
    return base / "tradecli"


def cache_file(file: Path) -> Path | None:
    """Where the parsed form of this dataset file is cached: one file per absolute path."""
    root = cache_root()
    if root is None:
        return None
    name = sha256(os.fsencode(os.path.abspath(file)))[:32]
    return root / "datasets" / f"{name}.json"


def _make_dirs(target: Path) -> bool:
    """Create the cache's directories (the base, e.g. ~/.cache, only if its own parent exists)."""
    datasets = target.parent
    try:
        for folder in (datasets.parent.parent, datasets.parent, datasets):
            if not folder.is_dir():
                folder.mkdir(mode=0o700)
    except OSError:
        return False
    return True


# -- reading and writing the format ------------------------------------------------------------


class Stored(NamedTuple):
    """A parsed-dataset file's bytes and where its payload starts (kept whole: no copy of a 65 MB file)."""

    blob: bytes
    start: int
    file: Path | None = None  # where it was read from, to name (and remove) it if a figure proves damaged


def read(file: Path, key: dict[str, Any], source_size: int, follow: bool = False) -> Stored | None:
    """The payload of a parsed-dataset file made from exactly this source by this tradecli, else None.

    source_size: the TOML's size; an entry far larger than its source's parsed form is none of ours.
    follow: whether the file may be a symbolic link (the bundled form may be installed as one; a
    cache entry never is)."""
    blob = _read_entry(file, ENTRY_GROWTH * source_size + (1 << 20), follow)
    if blob is None:
        return None
    end = blob.find(b"\n")
    if end < 0:
        return None
    try:
        header = json.loads(blob[:end])
    except (ValueError, RecursionError):
        return None
    if not isinstance(header, dict) or not _same_maker(header) or header.get("source") != key:
        return None
    if header.get("payload_crc32") != zlib.crc32(memoryview(blob)[end + 1 :]):
        return None  # truncated or corrupted
    return Stored(blob, end + 1, file)


ENTRY_GROWTH = 8  # a parsed form is 1.5-2 times its TOML's size


def _read_entry(file: Path, limit: int, follow: bool) -> bytes | None:
    """A parsed form's bytes, if it is a regular file of at most `limit` bytes. Anything else in its
    place (a FIFO, which would block the read; a link to /dev/zero, which never ends; a huge file)
    is no entry of ours: None, and the TOML is parsed instead."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    try:
        descriptor = os.open(file, flags)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    blob = b"".join(chunks)
    return blob if len(blob) <= limit else None


def _same_maker(header: dict[str, Any]) -> bool:
    return header.get("format") == FORMAT and header.get("schema") == SCHEMA and header.get("tool") == __version__


def write(file: Path, key: dict[str, Any], dataset: Dataset, quiet: bool = False) -> bool:
    """Write a parsed-dataset file atomically (a temporary file renamed over it); False if it could not be.

    quiet: a cache that cannot be written is no error (read-only or missing directory, full disk).
    """
    if quiet and not _make_dirs(file):
        return False
    parts = payload_parts(dataset)
    crc = 0
    for part in parts:
        crc = zlib.crc32(part, crc)
    header = {"format": FORMAT, "schema": SCHEMA, "tool": __version__, "source": key, "payload_crc32": crc}
    parts.insert(0, json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n")
    temporary = file.with_name(f".{file.name}.{os.getpid()}.{id(parts):x}.tmp")
    created = False
    try:
        with open(temporary, "xb") as out:  # x: never another writer's temporary file
            created = True
            out.writelines(parts)  # piece by piece: a 100,000-figure payload is never one 65 MB string
        os.replace(temporary, file)
        created = False
    except OSError:
        if not quiet:
            raise
        return False
    finally:
        if created:  # failed or interrupted half-way: leave nothing behind
            try:  # noqa: SIM105 - contextlib costs an import on every cache write
                os.unlink(temporary)
            except OSError:
                pass
    return True


def dumps(dataset: Dataset) -> str:
    """The payload, as text (what a parsed-dataset file holds after its header line)."""
    return b"".join(payload_parts(dataset)).decode("utf-8")


def payload_parts(dataset: Dataset) -> list[bytes]:
    """The payload in pieces: a line of the dataset's tables (with every figure's id and where its line
    starts), then the figures as a JSON array, one a line (diffs of the bundled form stay readable)."""
    rows = [json.dumps(encode_figure(f), ensure_ascii=False).encode("utf-8") for f in dataset.figures]
    offsets, at = [], 2  # after "[\n"
    for row in rows:
        offsets.append(at)
        at += len(row) + 2  # ",\n" (the last: "\n]")
    tables = encode_tables(dataset)
    tables["index"] = {"ids": [f.id for f in dataset.figures], "offsets": offsets, "periods": list(dataset.periods)}
    parts = [json.dumps(tables, ensure_ascii=False).encode("utf-8") + b"\n[\n"]
    parts += [row + b",\n" for row in rows[:-1]]
    parts += [rows[-1] + b"\n]\n"] if rows else [b"]\n"]
    return parts


BATCH = 2000  # figure lines decoded per json.loads call when every figure is wanted


class StoredFigures:
    """model.LazyFigures over a payload's figure lines: one line is decoded when its figure is asked for;
    all of them at once (one JSON array) when every figure is, after which the file's bytes are let go."""

    __slots__ = ("_blob", "_done", "_entry", "_ids", "_offsets", "_periods", "_start")

    def __init__(
        self, blob: bytes, start: int, ids: list[str], offsets: list[int], periods: list[str], entry: Path | None = None
    ) -> None:
        if len(ids) != len(offsets) or blob[start : start + 1] != b"[" or not blob.endswith(b"\n]\n"):
            raise ValueError("not a figure array")
        if not all(isinstance(i, str) for i in ids) or not all(isinstance(o, int) for o in offsets):
            raise ValueError("not an index")
        self._blob, self._start, self._ids, self._offsets, self._periods = blob, start, ids, offsets, periods
        self._done: list[Figure | None] = [None] * len(ids)
        self._entry = entry

    def at(self, index: int) -> Figure:
        figure = self._done[index]
        if figure is None:
            following = index + 1
            end = self._start + self._offsets[following] if following < len(self._offsets) else len(self._blob) - 1
            try:
                figure = decode_figure(json.loads(self._blob[self._start + self._offsets[index] : end - 2]))
            except _CORRUPT as exc:
                raise self._damaged(exc) from None
            self._done[index] = figure
        return figure

    def all(self) -> tuple[Figure, ...]:
        if self._blob:
            blob, start, offsets, done = self._blob, self._start, self._offsets, self._done
            for first in range(0, len(offsets), BATCH):  # a few thousand lines per call: no copy of the whole
                last = min(first + BATCH, len(offsets))
                end = start + offsets[last] - 2 if last < len(offsets) else len(blob) - 3
                try:
                    rows = json.loads(b"[" + blob[start + offsets[first] : end] + b"]")
                    for index, row in enumerate(rows, first):
                        if done[index] is None:
                            done[index] = decode_figure(row)
                except _CORRUPT as exc:
                    raise self._damaged(exc) from None
            self._blob = b""  # every figure is decoded: the file's bytes are not needed any more
        return tuple(f for f in self._done if f is not None)

    def ids(self) -> list[str]:
        return self._ids

    def _damaged(self, problem: BaseException) -> DatasetError:
        """A figure line that is no figure, in a file whose checksum is right: written by someone else
        (the CRC catches accidents, not forgeries). Not a bug (exit 4) but a damaged input (exit 3):
        a cache entry is removed, so the next run parses the TOML; the bundled form needs a reinstall."""
        entry = self._entry
        where = str(entry) if entry is not None else "parsed dataset"
        if entry is None or entry == ARTIFACT:
            advice = "reinstall tradecli, or set TRADECLI_NO_CACHE=1 to read the TOML instead"
        else:
            try:  # noqa: SIM105 - contextlib costs an import
                entry.unlink()
            except OSError:
                pass
            advice = "it is not what tradecli wrote and has been removed: run the command again"
        kind = type(problem).__name__
        return DatasetError([Problem(where, "cache entry", f"a figure cannot be read ({kind}); {advice}")])

    def periods(self) -> list[str]:
        return self._periods


# -- encoding and decoding ----------------------------------------------------------------------


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def encode_figure(figure: Figure) -> list[Any]:
    """A figure as a list of plain values in model.Figure's field order (Decimals as their text)."""
    row: list[Any] = list(figure)
    for index in _DECIMALS:
        row[index] = _text(row[index])
    source = figure.source
    row[_SOURCE] = [*source[:-1], list(source.urls)]
    row[_QUOTES] = [list(quote) for quote in figure.quotes]
    row[_ALIASES] = list(figure.aliases)
    return row


def decode_figure(row: list[Any]) -> Figure:
    """A figure from its row; ValueError or TypeError when the row is not one (see _check_row)."""
    _check_row(row)
    values = list(row)
    for index in _DECIMALS:
        if values[index] is not None:
            values[index] = Decimal(values[index])
    source = values[_SOURCE]
    document, url, speaker, part, paragraph, tier, page, urls = source
    values[_SOURCE] = Source(document, url, speaker, part, paragraph, tier, page, tuple(urls))
    values[_QUOTES] = tuple(Quote(*quote) for quote in values[_QUOTES])
    values[_ALIASES] = tuple(values[_ALIASES])
    return Figure(*values)


_TEXT = tuple(i for i, name in enumerate(FIELDS) if Figure.__annotations__[name] is str)
_MAYBE_TEXT = tuple(i for i, name in enumerate(FIELDS) if Figure.__annotations__[name] == (str | None))
_PERIODS = tuple(FIELDS.index(name) for name in ("period", "comparison_period"))
_LINE = FIELDS.index("line")


def _check_row(row: object) -> None:
    """What a figure row must be for the commands to work on it: a cache entry whose checksum is
    right may still not be what tradecli wrote, and a wrong type would fail far from here."""
    from tradecli.periods import is_period

    if not isinstance(row, list) or len(row) != len(FIELDS):
        raise ValueError("not a figure row")
    if not all(isinstance(row[i], str) for i in _TEXT) or not all(row[i] is None or isinstance(row[i], str)
                                                                  for i in _MAYBE_TEXT):  # fmt: skip
        raise TypeError("a text field is not text")
    if not all(is_period(row[i]) for i in _PERIODS) or not (row[_LINE] is None or type(row[_LINE]) is int):
        raise ValueError("a period or line is not one")
    aliases, quotes, source = row[_ALIASES], row[_QUOTES], row[_SOURCE]
    if not (isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
        raise TypeError("aliases are not texts")
    if not (isinstance(quotes, list) and all(isinstance(q, list) and len(q) == 3 and all(isinstance(t, str) for t in q)
                                             for q in quotes)):  # fmt: skip
        raise TypeError("quotes are not (text, lang, url)")
    if not (isinstance(source, list) and len(source) == 8 and all(isinstance(t, str) for t in source[:2])
            and isinstance(source[7], list)):  # fmt: skip
        raise TypeError("a source is not one")


def encode_tables(dataset: Dataset) -> dict[str, Any]:
    """Everything but the figures: metadata, units, rounding, words, relations, rates."""
    words = dataset.words
    return {
        "fields": list(FIELDS),
        "title": dataset.title,
        "period": dataset.period,
        "comparison_period": dataset.comparison_period,
        "sections": list(dataset.sections),
        "total_id": dataset.total_id,
        "currency": dataset.currency,
        "version": dataset.version,
        "date": dataset.date,
        "units": [[u.name, u.kind, u.description, _text(u.scale), u.currency] for u in dataset.units.values()],
        "rounding": {name: str(value) for name, value in dataset.rounding._asdict().items()},
        "words": {
            "scale": {word: str(value) for word, value in words.scale.items()},
            "currency": words.currency,
            "percent": words.percent,
            "qualifier": words.qualifier,
            "cues": {word: list(value) for word, value in words.cues.items()},
            "names": {kind: {key: list(v) for key, v in names.items()} for kind, names in words.names.items()},
            "periods": words.periods,
        },
        "relations": [[r.kind, r.whole, list(r.parts)] for r in dataset.relations],
        "rates": [[r.period, r.currency, list(r.yuan), list(r.foreign)] for r in dataset.rates],
    }


def decode(stored: Stored, path: str) -> Dataset | None:
    """The Dataset a payload holds (figures decoded when first used); None if it is not one."""
    try:
        blob, start = stored.blob, stored.start
        end = blob.index(b"\n", start)
        tables = json.loads(blob[start:end])
        if tables["fields"] != list(FIELDS):
            return None
        index = tables["index"]
        figures = StoredFigures(blob, end + 1, index["ids"], index["offsets"], index["periods"], stored.file)
        words = tables["words"]
        units = [Unit(name, kind, description, _number(scale), currency)
                 for name, kind, description, scale, currency in tables["units"]]  # fmt: skip
        return Dataset(
            path=path,
            title=tables["title"],
            period=tables["period"],
            comparison_period=tables["comparison_period"],
            sections=tuple(tables["sections"]),
            units={unit.name: unit for unit in units},
            lazy=figures,
            relations=tuple(Relation(kind, whole, tuple(parts)) for kind, whole, parts in tables["relations"]),
            total_id=tables["total_id"],
            rounding=Rounding(**{name: Decimal(value) for name, value in tables["rounding"].items()}),
            words=Words(
                scale={word: Decimal(value) for word, value in words["scale"].items()},
                currency=dict(words["currency"]),
                percent=dict(words["percent"]),
                qualifier=dict(words["qualifier"]),
                cues={word: tuple(value) for word, value in words["cues"].items()},
                names={kind: {key: tuple(v) for key, v in names.items()} for kind, names in words["names"].items()},
                periods=dict(words["periods"]),
            ),
            currency=tables["currency"],
            rates=tuple(Rate(p, c, tuple(y), tuple(f)) for p, c, y, f in tables["rates"]),
            version=tables["version"],
            date=tables["date"],
        )
    except _CORRUPT:
        return None


# -- the bundled form ---------------------------------------------------------------------------


def regenerate(check: bool = False) -> int:
    """Write (or with check, only verify) the bundled dataset's parsed form; 1 if it was stale."""
    file = bundled_path()
    raw = file.read_bytes()
    key = bundled_key(raw)
    current = read(ARTIFACT, key, len(raw), follow=True) is not None
    if check:
        print(f"{ARTIFACT.name}: {'up to date' if current else f'STALE: run {REGENERATE}'}")
        return 0 if current else 1
    from tradecli.dataset import parse_dataset
    from tradecli.inputs import read_text

    dataset = parse_dataset(read_text(file, raw, DatasetError, KIND, sys.maxsize, name=str(file))[1], str(file))[0]
    write(ARTIFACT, key, dataset)
    print(f"wrote {ARTIFACT} ({len(dataset.figures)} figures, from {file.name}, CRC-32 {key['crc32']:08x})")
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog=REGENERATE, description="Regenerate the bundled dataset's parsed form (after editing data/*.toml)."
    )
    parser.add_argument("--check", action="store_true", help="only check that it is up to date (exit 1 if stale)")
    return regenerate(check=parser.parse_args(argv).check)


if __name__ == "__main__":
    sys.exit(main())
