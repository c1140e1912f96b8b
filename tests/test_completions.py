"""Shipped completion scripts must match what Typer generates today, and completion must work."""

from __future__ import annotations

import pytest

from tradecli.completion import FILES, script

from .conftest import ROOT, Invoke


@pytest.mark.parametrize(("shell", "name"), list(FILES.items()))
def test_shipped_completion_script_is_current(shell: str, name: str) -> None:
    shipped = (ROOT / "completions" / name).read_text(encoding="utf-8")
    assert shipped == script(shell), f"completions/{name} is stale: run 'python -m tradecli.completion completions'"
    assert "_TRADECLI_COMPLETE" in shipped


def test_completion_callback_offers_commands_and_options(invoke: Invoke) -> None:
    commands = invoke(env={"_TRADECLI_COMPLETE": "complete_bash", "COMP_WORDS": "tradecli sh", "COMP_CWORD": "1"})
    assert commands.stdout.split() == ["show"]
    options = invoke(env={"_TRADECLI_COMPLETE": "complete_bash", "COMP_WORDS": "tradecli list --fo", "COMP_CWORD": "2"})
    assert options.stdout.split() == ["--format"]
