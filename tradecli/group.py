"""How a run starts and ends: the root command group, global options anywhere, shell completion
requests, and the one place where every way a run can end becomes a message and an exit code.

Kept apart from the commands (tradecli.cli) so that each command only says what it does; the
rules for exit codes, interrupts and messages live here once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer import _click as click
from typer.core import TyperGroup, TyperOption

from tradecli.errors import ExitCode, OutputError, TradecliError
from tradecli.safetext import printable
from tradecli.streams import PipeClosed, silence_stdout, write_err, write_out

ISSUES_URL = "https://github.com/tradecli/tradecli/issues"
COMPLETE_VAR = "_TRADECLI_COMPLETE"  # set by the scripts in completions/; tradecli.completion loads only then
# Options whose usage errors are easier to fix with the list of valid values beside them.
OPTION_HINTS: dict[str, Callable[[], str]] = {
    "--fields": lambda: (
        f"available fields: {', '.join(_fields())} ('tradecli fields' describes them; "
        "compare has: metric, unit, the figure ids, difference, ratio)"
    )
}


def _fields() -> list[str]:
    from tradecli.model import FIELDS  # the figure model loads only when a message needs its fields

    return list(FIELDS)


class TradecliGroup(TyperGroup):
    """The root command; turns every way a run can end into one message and one exit code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        instruction = os.environ.get(COMPLETE_VAR)
        if instruction:
            sys.exit(_complete(self, instruction))

        def invoke() -> Any:
            return super(TradecliGroup, self).main(
                args=args,
                prog_name=prog_name or "tradecli",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )

        sys.exit(run_guarded(invoke))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(self, args))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None


class Interrupted(Exception):
    """Ctrl-C during a command, carried past Click, which would print a blank line and raise Abort for it."""


def hoist_global_options(group: TyperGroup, args: list[str]) -> list[str]:
    """Move the root's options found after the subcommand to the front, so `tradecli list --wide`
    means `tradecli --wide list`. Values of the subcommand's own options are never taken for one
    (`--where --wide` keeps its value), and nothing after `--` moves."""
    own = _options_of(group)
    front: list[str] = []
    rest: list[str] = []
    level: click.Command = group  # the command whose options come now
    index = 0
    while index < len(args):
        token = args[index]
        index += 1
        if token == "--":
            rest += args[index - 1 :]
            break
        if not token.startswith("-") or token == "-":
            sub = level.get_command(click.Context(level), token) if isinstance(level, TyperGroup) else None
            level = sub or level
            rest.append(token)
            continue
        name = token.split("=", 1)[0]
        hoist = level is not group and name in own and name not in _options_of(level)
        option = own.get(name) if hoist else _options_of(level).get(name)
        takes_value = option is not None and not option.is_flag and not option.count and "=" not in token
        taken = [token, *args[index : index + 1]] if takes_value else [token]
        index += len(taken) - 1
        (front if hoist else rest).extend(taken)
    return front + rest


def _options_of(command: click.Command) -> dict[str, TyperOption]:
    return {name: p for p in command.params if isinstance(p, TyperOption) for name in (*p.opts, *p.secondary_opts)}


def _complete(cli: click.Command, instruction: str) -> int:
    """Answer the shell's completion request (see tradecli/completion.py): candidates, never a traceback."""
    from tradecli.completion import respond

    try:
        answer = respond(cli, instruction)
        (write_err if answer.error else write_out)(answer.text)
    except (OSError, PipeClosed, OutputError, KeyboardInterrupt):  # the shell gave up waiting: nothing to say
        return 1
    except Exception:  # noqa: BLE001 - a TAB must never show a traceback; respond() already catches most
        return 1
    return answer.status


def run_guarded(invoke: Callable[[], Any]) -> int:
    """Run the command; map exceptions to exit codes, writing one clear line to stderr."""
    try:
        result = invoke()
        write_out("")  # flushes: a write error surfaces here, not in the interpreter's last flush
    except TradecliError as exc:
        for line in exc.lines():
            _message(line)
        return int(exc.exit_code)
    except click.exceptions.NoArgsIsHelpError as exc:
        write_err(exc.ctx.get_help() + "\n" if exc.ctx else "")
        return int(ExitCode.USAGE)
    except click.exceptions.UsageError as exc:
        _write_stderr(_usage_message(exc))
        return int(ExitCode.USAGE)
    except click.exceptions.ClickException as exc:
        _message(exc.format_message())
        return int(ExitCode.USAGE)
    except (BrokenPipeError, PipeClosed):
        silence_stdout()
        return int(ExitCode.OK)
    except (KeyboardInterrupt, Interrupted, typer.Abort):
        _message("interrupted")
        return int(ExitCode.INTERRUPTED)
    except Exception as exc:  # noqa: BLE001 - the last resort: a crash becomes exit 4
        _message(f"internal error: {type(exc).__name__}: {exc}. This is a bug; please report it at {ISSUES_URL}")
        return int(ExitCode.INTERNAL)
    if result == ExitCode.INTERRUPTED:
        _message("interrupted")
    return result if isinstance(result, int) else int(ExitCode.OK)


def _usage_message(exc: click.exceptions.UsageError) -> str:
    command = exc.ctx.command_path if exc.ctx else "tradecli"
    message = " ".join(exc.format_message().split()).rstrip(".")  # one line, whatever click laid out
    option = getattr(exc, "option_name", None)
    if option in OPTION_HINTS:
        message += "; " + OPTION_HINTS[option]()
    return f"{command}: {message} (see '{command} --help')"


def _message(line: str) -> None:
    _write_stderr(f"tradecli: {line}")


def _write_stderr(line: str) -> None:
    """A message for a person: names and values echoed from input cannot drive the terminal.

    A message that cannot be written (stderr closed or full) is dropped: the exit status says
    what happened whether or not anyone could read about it.
    """
    write_err(printable(line, keep="\n\t") + "\n")
