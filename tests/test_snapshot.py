"""Parsed forms of datasets (tradecli.snapshot): the bundled one shipped in the package, and the
parse cache of --data files. What is asserted is what was read, parsed or written (counted by
patching the parser), never a time: benchmarks/scale.py times whole processes."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import tradecli.dataset as dataset_module
from tradecli import __version__, snapshot
from tradecli.dataset import load_dataset, parse_dataset
from tradecli.errors import DatasetError
from tradecli.header import bundled_path
from tradecli.model import Dataset

from .conftest import MINIMAL_TOML, Invoke

TRADECLI = str(Path(sys.executable).with_name("tradecli"))


def exactly(dataset: Dataset) -> list[str]:
    """Everything a dataset holds, with every Decimal's written precision (repr: Decimal('8.0'))."""
    names = [n for n in Dataset.__slots__ if not n.startswith("_")] + ["figures"]
    return [f"{name}={getattr(dataset, name)!r}" for name in sorted(names)]


def many(count: int) -> str:
    """MINIMAL_TOML with `count` more figures, parts of the total."""
    extra = "".join(
        f'\n[[figure]]\nid = "part-{i}"\nlabel = "Part {i}"\nsection = "headline"\nflow = "exports"\n'
        f'value = {i}.50\nunit = "trillion yuan"\ngrowth = 8\nbasis = "value"\npart_of = "total"\n'
        'source = { ref = "doc" }\n'
        for i in range(count)
    )
    return MINIMAL_TOML + extra


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRADECLI_CACHE_DIR", str(folder))
    monkeypatch.delenv("TRADECLI_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files parsed from TOML (and validated) from now on."""
    calls: list[str] = []
    original = dataset_module.parse_dataset

    def counted(text: str, name: str) -> tuple[Dataset, dict[str, Any]]:
        calls.append(name)
        return original(text, name)

    monkeypatch.setattr(dataset_module, "parse_dataset", counted)
    return calls


def cached_files(cache: Path) -> list[Path]:
    return sorted((cache / "datasets").glob("*")) if (cache / "datasets").is_dir() else []


# -- the bundled dataset's parsed form ---------------------------------------------------------


def test_the_bundled_parsed_form_is_current_and_equals_a_fresh_parse() -> None:
    raw = bundled_path().read_bytes()
    stored = snapshot.read(snapshot.ARTIFACT, snapshot.bundled_key(raw), len(raw), follow=True)
    assert stored is not None, f"{snapshot.ARTIFACT.name} is stale: run '{snapshot.REGENERATE}' and commit it"
    fresh = parse_dataset(raw.decode("utf-8"), str(bundled_path()))[0]
    assert stored.blob[stored.start :] == snapshot.dumps(fresh).encode("utf-8")
    decoded = snapshot.decode(stored, str(bundled_path()))
    assert decoded is not None and exactly(decoded) == exactly(fresh)


def test_the_bundled_dataset_loads_from_its_parsed_form_without_parsing(parses: list[str]) -> None:
    loaded = load_dataset()
    assert parses == []
    assert loaded.path == str(bundled_path())
    assert loaded.get("exports") is not None


def test_a_stale_bundled_form_is_never_used(
    parses: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    """The TOML changed after the form was written (data edited, form not regenerated): the TOML is parsed."""
    edited = tmp_path / "briefing-2025.toml"
    edited.write_text(bundled_path().read_text(encoding="utf-8").replace("26.99", "26.98", 1), encoding="utf-8")
    monkeypatch.setattr(snapshot, "bundled_path", lambda: edited)
    loaded = load_dataset()
    assert parses == [str(edited)]
    exports = loaded.get("exports")
    assert exports is not None and str(exports.value) == "26.98"


def test_the_regenerate_command_reports_a_stale_form(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "ARTIFACT", tmp_path / "form.json")
    assert snapshot.main(["--check"]) == 1
    assert snapshot.main([]) == 0
    assert snapshot.main(["--check"]) == 0


# -- the format --------------------------------------------------------------------------------


def test_decimals_keep_their_written_precision_through_the_cache(
    write_dataset: Callable[[str], Path], cache: Path
) -> None:
    path = write_dataset(many(3).replace("value = 10.0", "value = 10.000"))
    fresh = parse_dataset(path.read_text(encoding="utf-8"), str(path))[0]
    load_dataset(path)
    again = load_dataset(path)
    assert exactly(again) == exactly(fresh)
    total = again.get("total")
    assert total is not None and repr(total.value) == "Decimal('10.000')" and repr(total.growth) == "Decimal('5')"


@pytest.mark.parametrize("batch", [1, 7, 2000])
def test_every_figure_decoded_in_batches_equals_a_fresh_parse(
    write_dataset: Callable[[str], Path], cache: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(snapshot, "BATCH", batch)
    path = write_dataset(many(30))
    fresh = load_dataset(path)
    cached = load_dataset(path)
    cached.get("part-12")  # one decoded alone first, then the rest around it
    assert exactly(cached) == exactly(fresh) and len(cached.figures) == 33


def test_a_lookup_decodes_only_the_figures_it_needs(
    write_dataset: Callable[[str], Path], cache: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    """show ID on a cached dataset of 2,000 figures decodes the figure and the few it refers to."""
    path = write_dataset(many(2000))
    assert invoke("--data", str(path), "show", "part-1500", "--format", "csv").exit_code == 0
    decoded: list[str] = []
    original = snapshot.decode_figure

    def counted(row: list[Any]) -> Any:
        decoded.append(row[0])
        return original(row)

    monkeypatch.setattr(snapshot, "decode_figure", counted)
    result = invoke("--data", str(path), "show", "part-1500", "--fields", "id,value,share_computed", "--format", "csv")
    assert result.output == "id,value,share_computed\npart-1500,1500.50,15005.00\n"
    assert sorted(set(decoded)) == ["part-1500", "total"]


# -- the parse cache ---------------------------------------------------------------------------


def test_a_second_load_comes_from_the_cache(
    write_dataset: Callable[[str], Path], cache: Path, parses: list[str]
) -> None:
    path = write_dataset(MINIMAL_TOML)
    first = load_dataset(path)
    assert parses == [str(path)] and len(cached_files(cache)) == 1
    second = load_dataset(path)
    assert parses == [str(path)], "the second load parsed the TOML again"
    assert exactly(second) == exactly(first)


@pytest.mark.parametrize("whole", [True, False], ids=["read whole", "hashed in chunks"])
def test_a_change_of_content_with_the_same_size_and_mtime_is_seen(
    write_dataset: Callable[[str], Path], cache: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch, whole: bool
) -> None:
    if not whole:
        monkeypatch.setattr(snapshot, "HASHED_WHOLE", 10)
    path = write_dataset(MINIMAL_TOML)
    load_dataset(path)
    load_dataset(path)
    assert len(parses) == 1, "no cache hit"
    before = path.stat()
    path.write_text(MINIMAL_TOML.replace("value = 6.0", "value = 7.0"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    exports = load_dataset(path).get("exports")
    assert exports is not None and str(exports.value) == "7.0"
    assert len(parses) == 2 and len(cached_files(cache)) == 1
    load_dataset(path)
    assert len(parses) == 2, "the rebuilt cache is not used"


def test_a_touched_file_is_parsed_again(write_dataset: Callable[[str], Path], cache: Path, parses: list[str]) -> None:
    path = write_dataset(MINIMAL_TOML)
    load_dataset(path)
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 1_000_000_000))
    load_dataset(path)
    assert len(parses) == 2


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: blob.replace(b"6.0", b"6.1"), id="a digit changed"),
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: b"\x80\x04\x95 not json at all", id="binary"),
        pytest.param(lambda blob: blob.replace(b'"schema": 2', b'"schema": 99', 1), id="another schema"),
        pytest.param(
            lambda blob: blob.replace(f'"tool": "{__version__}"'.encode(), b'"tool": "0.0.1"', 1), id="another version"
        ),
        pytest.param(lambda blob: blob.replace(b"tradecli-parsed-dataset", b"something-else", 1), id="foreign"),
        pytest.param(lambda blob: b'{"format": "tradecli-parsed-dataset"}\n[]', id="header only"),
    ],
)
def test_a_damaged_or_foreign_cache_file_is_ignored_and_rebuilt(
    damage: Callable[[bytes], bytes], write_dataset: Callable[[str], Path], cache: Path, parses: list[str]
) -> None:
    path = write_dataset(MINIMAL_TOML)
    load_dataset(path)
    (cached,) = cached_files(cache)
    good = cached.read_bytes()
    cached.write_bytes(damage(good))
    exports = load_dataset(path).get("exports")
    assert exports is not None and str(exports.value) == "6.0"
    assert len(parses) == 2, "the damaged cache was used"
    assert cached.read_bytes() == good, "the cache was not rebuilt"


def test_a_cache_of_another_path_is_not_used(
    write_dataset: Callable[..., Path], cache: Path, parses: list[str]
) -> None:
    """Same content, another file: its own cache entry (the key holds the absolute path)."""
    first = write_dataset(MINIMAL_TOML, "a.toml")
    second = write_dataset(MINIMAL_TOML, "b.toml")
    load_dataset(first)
    assert load_dataset(second).path == str(second)
    assert len(parses) == 2 and len(cached_files(cache)) == 2


def test_an_invalid_dataset_is_reported_on_every_run_and_never_cached(
    write_dataset: Callable[[str], Path], cache: Path
) -> None:
    path = write_dataset(MINIMAL_TOML.replace('flow = "imports"', 'flow = "sideways"'))
    for _ in range(2):
        with pytest.raises(DatasetError, match="unknown flow 'sideways'"):
            load_dataset(path)
    assert cached_files(cache) == []


def test_the_size_limit_still_applies_to_a_cached_file(
    write_dataset: Callable[[str], Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_dataset(MINIMAL_TOML)
    monkeypatch.setenv("TRADECLI_MAX_INPUT", "1MB")
    load_dataset(path)
    monkeypatch.setenv("TRADECLI_MAX_INPUT", "100")
    with pytest.raises(DatasetError, match="the size limit"):
        load_dataset(path)


def test_no_cache_opts_out_of_reading_and_writing(
    write_dataset: Callable[[str], Path], cache: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_dataset(MINIMAL_TOML)
    monkeypatch.setenv("TRADECLI_NO_CACHE", "1")
    load_dataset(path)
    load_dataset(path)
    load_dataset()  # the bundled one too: parsed from its TOML
    assert parses == [str(path), str(path), str(bundled_path())]
    assert not cache.exists()
    monkeypatch.setenv("TRADECLI_NO_CACHE", "0")  # 0 means caching stays on
    load_dataset(path)
    assert len(cached_files(cache)) == 1


def test_a_cache_directory_that_cannot_be_made_means_no_cache(
    write_dataset: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("TRADECLI_CACHE_DIR", str(blocker / "cache"))
    path = write_dataset(MINIMAL_TOML)
    assert load_dataset(path).get("exports") is not None
    assert load_dataset(path).get("exports") is not None
    assert len(parses) == 2 and blocker.read_text(encoding="utf-8") == "not a directory"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only directories")
def test_a_read_only_cache_directory_means_no_cache(
    write_dataset: Callable[[str], Path], cache: Path, parses: list[str]
) -> None:
    (cache / "datasets").mkdir(parents=True)
    (cache / "datasets").chmod(0o500)
    try:
        path = write_dataset(MINIMAL_TOML)
        assert load_dataset(path).get("exports") is not None
        assert load_dataset(path).get("exports") is not None
        assert len(parses) == 2 and cached_files(cache) == []
    finally:
        (cache / "datasets").chmod(0o700)


def test_a_failed_cache_write_leaves_no_file_behind(
    write_dataset: Callable[[str], Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only directory as root cannot be simulated with chmod: the rename fails instead."""

    def refuse(source: str, target: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    path = write_dataset(MINIMAL_TOML)
    assert load_dataset(path).get("exports") is not None
    assert list((cache / "datasets").iterdir()) == []


def test_the_cache_directory_follows_the_platform_convention(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    assert snapshot.cache_root({"XDG_CACHE_HOME": "/x/cache"}) == Path("/x/cache/tradecli")
    assert snapshot.cache_root({"XDG_CACHE_HOME": "relative"}) == Path.home() / ".cache" / "tradecli"
    assert snapshot.cache_root({}) == Path.home() / ".cache" / "tradecli"
    assert snapshot.cache_root({"TRADECLI_CACHE_DIR": "/y", "XDG_CACHE_HOME": "/x"}) == Path("/y")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert snapshot.cache_root({}) == Path.home() / "Library" / "Caches" / "tradecli"
    monkeypatch.setattr(sys, "platform", "win32")
    assert snapshot.cache_root({"LOCALAPPDATA": "C:/Users/u/AppData/Local"}) == Path(
        "C:/Users/u/AppData/Local/tradecli/Cache"
    )
    assert snapshot.cache_root({}) is None


# -- concurrent writers ------------------------------------------------------------------------


def _write_many(target: str, key: dict[str, Any], text: str, times: int) -> None:
    dataset = parse_dataset(text, "x.toml")[0]
    for _ in range(times):
        snapshot.write(Path(target), key, dataset, quiet=True)


@pytest.fixture
def spawn() -> Iterator[multiprocessing.context.SpawnContext]:
    yield multiprocessing.get_context("spawn")


def test_concurrent_writers_never_leave_a_torn_file(
    tmp_path: Path, spawn: multiprocessing.context.SpawnContext
) -> None:
    """Four processes rewrite one cache file 40 times each while it is read: every read finds a whole,
    valid file (a writer writing in place would be seen half-written), and no temporary file is left."""
    target = tmp_path / "datasets" / "one.json"
    key = {"path": "x.toml", "size": 1, "mtime_ns": 1, "sha256": "0"}
    text = many(300)
    _write_many(str(target), key, text, 1)
    writers = [spawn.Process(target=_write_many, args=(str(target), key, text, 40)) for _ in range(4)]
    for writer in writers:
        writer.start()
    reads = 0
    while any(w.is_alive() for w in writers) or reads < 50:
        payload = snapshot.read(target, key, len(text))
        assert payload is not None, "a reader saw a torn or partial cache file"
        reads += 1
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert sorted(p.name for p in target.parent.iterdir()) == ["one.json"]
    stored = snapshot.read(target, key, len(text))
    decoded = snapshot.decode(stored, "x.toml") if stored is not None else None
    assert decoded is not None and len(decoded.figures) == 303


# -- the installed program ---------------------------------------------------------------------


def test_the_installed_program_parses_once_then_reads_the_cache(tmp_path: Path) -> None:
    """Two runs of the console script: the first imports tomllib (it parses) and writes the cache, the
    second does not import it; neither writes anywhere but the cache directory."""
    data = tmp_path / "data"
    data.mkdir()
    path = data / "figures.toml"
    path.write_text(MINIMAL_TOML, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if k not in ("TRADECLI_DATA", "TRADECLI_NO_CACHE")}
    env.update(TRADECLI_CACHE_DIR=str(cache), PYTHONPROFILEIMPORTTIME="1")
    runs = []
    for _ in range(2):
        result = subprocess.run([TRADECLI, "--data", str(path), "show", "exports", "--fields", "id,value,share",
                                 "--format", "csv"], cwd=work, env=env, capture_output=True, text=True,
                                timeout=120, check=False)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout == "id,value,share\nexports,6.0,60\n"
        runs.append(result.stderr)
    assert " tomllib\n" in runs[0]
    assert " tomllib\n" not in runs[1], "the second run parsed the TOML again"
    assert len(cached_files(cache)) == 1
    assert list(work.iterdir()) == [] and sorted(p.name for p in data.iterdir()) == ["figures.toml"]


# -- --version from the parsed form ------------------------------------------------------------


def test_version_reads_the_parsed_form_when_there_is_a_valid_one(
    write_dataset: Callable[[str], Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--version names a dataset's version and date; with a parsed form it reads no TOML at all."""
    import tradecli.inputs
    from tradecli.header import Identity, read_identity

    path = write_dataset(MINIMAL_TOML.replace('version = "1"', 'version = "2025.10"'))
    toml_read = read_identity(path)
    load_dataset(path)

    def no_toml(*args: object, **kwargs: object) -> None:
        raise AssertionError("the TOML was parsed")

    monkeypatch.setattr(tradecli.inputs, "parse_toml", no_toml)
    assert read_identity(path) == toml_read == Identity(str(path), False, "2025.10", "2026-01-14")
    bundled = read_identity()
    assert bundled.bundled and bundled.version == "2025.2" and bundled.date == "2026-01-14"


def test_version_without_a_parsed_form_reads_the_dataset_table(
    write_dataset: Callable[[str], Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never cached (invalid figures) or cache off: the [dataset] table is read, as before."""
    from tradecli.header import read_identity

    path = write_dataset(MINIMAL_TOML.replace('flow = "imports"', 'flow = "sideways"'))
    assert read_identity(path).version == "1"
    monkeypatch.setenv("TRADECLI_NO_CACHE", "1")
    assert read_identity().version == "2025.2"


def test_a_cache_entry_is_keyed_by_the_validating_code_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules changed in a checkout, at the same version, must not serve a dataset they would refuse."""
    from tradecli import snapshot

    data, rules = tmp_path / "d.toml", tmp_path / "rules.py"
    data.write_text("x", encoding="utf-8")
    rules.write_text("x", encoding="utf-8")
    monkeypatch.setattr(snapshot, "RULE_MODULES", (str(rules),))  # an absolute name stands for itself
    snapshot.rules_fingerprint.cache_clear()
    key = snapshot.file_key(data, data.stat(), "0")
    rules.write_text("xy", encoding="utf-8")  # the rules edited
    snapshot.rules_fingerprint.cache_clear()
    assert snapshot.file_key(data, data.stat(), "0") != key
    snapshot.rules_fingerprint.cache_clear()


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "huge"])
def test_a_cache_entry_that_is_no_regular_file_is_ignored_not_read(
    kind: str, write_dataset: Callable[[str], Path], cache: Path, parses: list[str]
) -> None:
    """A FIFO blocked the read forever and a link to /dev/zero never ended: only a regular file of
    plausible size is read as an entry; anything else is as if there were none (and is replaced)."""
    path = write_dataset(MINIMAL_TOML)
    load_dataset(path)
    (cached,) = cached_files(cache)
    cached.unlink()
    if kind == "fifo":
        os.mkfifo(cached)
    elif kind == "link to /dev/zero":
        cached.symlink_to("/dev/zero")
    else:
        cached.write_bytes(b"x" * (snapshot.ENTRY_GROWTH * path.stat().st_size + (1 << 20) + 1))
    exports = load_dataset(path).get("exports")
    assert exports is not None and str(exports.value) == "6.0" and len(parses) == 2
    assert cached.is_file() and not cached.is_symlink() and cached.stat().st_size < 1 << 20  # rewritten


def _forge(cached: Path, change: Callable[[list[Any]], object]) -> None:
    """Rewrite the first figure's row and fix the header's CRC, as someone writing the cache could."""
    header, tables, opening, *rows = cached.read_bytes().split(b"\n")
    first = json.loads(rows[0].rstrip(b","))
    rows[0] = json.dumps(change(first)).encode() + (b"," if rows[0].endswith(b",") else b"")
    payload = b"\n".join([tables, opening, *rows])
    head = json.loads(header)
    head["payload_crc32"] = zlib.crc32(payload)
    cached.write_bytes(json.dumps(head).encode() + b"\n" + payload)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda row: row[:-3], id="too short"),
        pytest.param(lambda row: [*row, 1, 2, 3], id="too long"),
        pytest.param(lambda row: [*row[:6], "x", *row[7:]], id="source not a list"),
        pytest.param(lambda row: [*row[:4], "zzz", *row[5:]], id="period not a period"),
        pytest.param(lambda row: [*row[:1], 5, *row[2:]], id="label not text"),
    ],
)
def test_a_forged_cache_entry_with_a_right_checksum_is_a_dataset_error_and_is_removed(
    change: Callable[[list[Any]], object], write_dataset: Callable[[str], Path], cache: Path, invoke: Invoke
) -> None:
    """Exit 3 with one line naming the entry (it was exit 4, 'internal error'); the next run parses the TOML."""
    path = write_dataset(MINIMAL_TOML)
    load_dataset(path)
    (cached,) = cached_files(cache)
    _forge(cached, change)
    result = invoke("--data", str(path), "show", "total", "--format", "csv")
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.startswith(f"tradecli: {cached}: cache entry: a figure cannot be read (")
    assert result.stderr.endswith("it is not what tradecli wrote and has been removed: run the command again\n")
    assert not cached.exists()
    again = invoke("--data", str(path), "show", "total", "--format", "csv", "--fields", "value")
    assert again.exit_code == 0 and again.stdout == "value\n10.0\n"
