"""The installed program in real processes: entry point, python -m, pipes, imports, the wheel."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


def entry_point() -> str:
    beside = Path(sys.executable).with_name("tradecli")
    found = str(beside) if beside.exists() else shutil.which("tradecli")
    assert found, "the tradecli console script is not installed in this environment"
    return found


def run(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TRADECLI_DATA", "NO_COLOR")}
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, check=False, **kwargs)  # type: ignore[call-overload,no-any-return]


def test_installed_entry_point_compares_exports_and_imports(tmp_path: Path) -> None:
    result = run([entry_point(), "compare", "exports", "imports", "--format", "json"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    value = json.loads(result.stdout)[0]
    assert value["metric"] == "value" and value["difference"] == 8.51 and value["ratio"] == 1.46
    assert list(tmp_path.iterdir()) == [], "read commands must not write files"


def test_installed_check_exits_0_then_1_on_a_wrong_claim(tmp_path: Path) -> None:
    from tradecli.checks import run_rules
    from tradecli.dataset import load_dataset

    checks = len(run_rules(load_dataset()))  # the core's count: it grows with the bundled data
    good = run([entry_point(), "check", "--format", "json"], cwd=tmp_path)
    assert good.returncode == 0 and json.loads(good.stdout)["summary"]["total"] == checks
    assert good.stderr == f"{checks} checks: {checks - 1} pass, 1 revision\n"
    bad = run([entry_point(), "check", "imports growth=1.5%", "--format", "json"], cwd=tmp_path)
    assert bad.returncode == 1 and json.loads(bad.stdout)["findings"][0]["verdict"] == "mismatch"
    assert list(tmp_path.iterdir()) == [], "check without --output must not write files"


def test_python_dash_m_works() -> None:
    result = run([sys.executable, "-m", "tradecli", "show", "asean", "--fields", "id,value,growth", "--format", "csv"])
    assert result.stdout == "id,value,growth\nasean,7.55,8\n"


def test_errors_are_one_line_without_traceback() -> None:
    result = run([entry_point(), "show", "exprts"])
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "tradecli: no figure named 'exprts'; did you mean 'exports' or 'exports-usd'?\n"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for pipefail")
@pytest.mark.parametrize("reader", ["head -1", "true"])
def test_closed_pipe_exits_quietly(reader: str) -> None:
    """`| true` closes the pipe before tradecli writes, so this really hits EPIPE."""
    command = f"set -o pipefail; '{entry_point()}' list --format csv --fields id,label,notes,source,url | {reader}"
    result = run(["bash", "-c", command])
    assert result.returncode == 0 and result.stderr == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "exports", "--format", "csv"],
        ["list", "--format", "csv"],
        ["--help"],
        ["list", "--help"],
        ["--version"],
        ["completion", "bash"],
    ],
)
def test_lookup_paths_never_import_pandas_or_rich_tables(argv: list[str]) -> None:
    probe = (
        "import sys\n"
        f"sys.argv = ['tradecli', *{argv!r}]\n"
        "from tradecli.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('pandas', 'rich.table', 'rich.console') if m in sys.modules)\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    result = run([sys.executable, "-c", probe])
    assert result.stderr.endswith("HEAVY="), result.stderr


@pytest.mark.parametrize(
    ("argv", "rich"),
    [
        (["list", "--format", "table"], False),  # every cell fits: tradecli draws Rich's ASCII box itself
        (["show", "exports", "--format", "table"], True),  # at COLUMNS=60 quotes fold over lines: Rich lays them out
    ],
)
def test_only_tables_that_need_laying_out_load_rich(argv: list[str], rich: bool) -> None:
    probe = (
        f"import os, sys\nos.environ['COLUMNS'] = '60'\nsys.argv = ['tradecli', *{argv!r}]\n"
        "from tradecli.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('RICH=' + str('rich.table' in sys.modules) + ' PANDAS=' + str('pandas' in sys.modules))\n"
    )
    assert run([sys.executable, "-c", probe]).stderr.endswith(f"RICH={rich} PANDAS=False")


def test_non_editable_wheel_ships_the_dataset(tmp_path: Path) -> None:
    """Build the wheel, unpack it outside the repository and run it from there."""
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                 str(tmp_path / "dist"), str(ROOT)])  # fmt: skip
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("tradecli-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "tradecli/data/briefing-2025.toml" in names
    assert "tradecli/briefing-2025.parsed.json" in names  # the bundled dataset, pre-parsed (tradecli.snapshot)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import tradecli.dataset as d, sys; from tradecli.cli import main\n"
        "sys.stderr.write(str(d.bundled_path()) + '\\n')\n"
        "d.load_dataset(); sys.stderr.write('parsed TOML: ' + str('tomllib' in sys.modules) + '\\n')\n"
        "sys.argv = ['tradecli', 'show', 'exports', '--fields', 'id,value', '--format', 'csv']; main()\n"
    )
    env_path = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-c", probe], cwd=elsewhere, env=env_path, capture_output=True,
                            text=True, check=False)  # fmt: skip
    assert result.stdout == "id,value\nexports,26.99\n", result.stderr
    assert result.stderr.startswith(str(site / "tradecli" / "data"))
    assert "parsed TOML: False" in result.stderr  # loaded from the parsed form the wheel ships


def test_benchmark_script_runs_every_case() -> None:
    """Not a timing test: one run each, to keep the script working as the CLI changes."""
    result = run([sys.executable, str(ROOT / "benchmarks" / "startup.py"), "--runs", "1"])
    assert result.returncode == 0, result.stderr
    for label in ("show exports --format csv", "list (table, COLUMNS=120)", "--help", "compare exports imports"):
        assert label in result.stdout
    assert "python -c pass" in result.stdout


def test_scale_benchmark_runs_every_case() -> None:
    """Not a timing test: a small generated dataset, one run each, to keep the script working."""
    result = run([sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--runs", "1", "--sizes", "300"])
    assert result.returncode == 0, result.stderr
    for label in ("show exports --format csv", "--help", "list --format table", "300 figures",
                  "show ID --format csv (2nd run)", "list --format csv (2nd run)", "gc-off floor"):  # fmt: skip
        assert label in result.stdout, result.stdout


def test_version_reads_the_dataset_header_without_the_validator() -> None:
    """--version stays fast: only the [dataset] table is read (tradecli.header), not the full loader."""
    probe = (
        "import sys\nsys.argv = ['tradecli', '--version']\n"
        "from tradecli.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('VALIDATOR=' + str('tradecli.dataset' in sys.modules))\n"
    )
    result = run([sys.executable, "-c", probe])
    assert result.stdout.startswith("tradecli ") and "dataset 2025.2" in result.stdout
    assert result.stderr.endswith("VALIDATOR=False")


def test_the_entry_point_imports_without_collecting_garbage_then_collects_again() -> None:
    """tradecli.__main__.run_cli: no collection while Typer, Click and tradecli load (their objects live
    to the end), then the collector is on, with those objects frozen out of its scans. A plain import
    of the same modules collects dozens of times (checked too, so that the probe can see collections)."""
    probe = (
        "import gc, sys\nimport tradecli.__main__ as entry\n"
        "during = []\n"
        "def seen(phase, info):\n"
        "    if phase == 'start' and getattr(sys.modules.get('tradecli.cli'), 'main', None) is None:\n"
        "        during.append(info['generation'])\n"
        "gc.callbacks.append(seen)\n"
        "sys.argv = ['tradecli', *sys.argv[1:]]\n"
        "try:\n    entry.run_cli() if sys.argv[1:] else __import__('tradecli.cli')\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(f'DURING={len(during)} ENABLED={gc.isenabled()} FROZEN={gc.get_freeze_count()}')\n"
    )
    through_entry = run([sys.executable, "-c", probe, "show", "exports", "--format", "csv"])
    assert through_entry.stdout.startswith("id,"), through_entry.stderr
    during, enabled, frozen = (part.split("=")[1] for part in through_entry.stderr.split()[-3:])
    assert (during, enabled) == ("0", "True") and int(frozen) > 10_000, through_entry.stderr
    plain = run([sys.executable, "-c", probe])
    assert int(plain.stderr.split()[-3].split("=")[1]) > 10, plain.stderr
