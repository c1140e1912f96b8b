"""The program's entry point, for the console script and `python -m tradecli`: Ctrl-C is ours from here on.

Importing this module takes over SIGINT before anything else loads (it is the program's entry, not a
library module), so an interrupt while Typer, Click and the dataset code load (the first ~0.1 s) ends
like one during the command: "tradecli: interrupted" and exit 130, never a traceback. Only what runs
before this module (the interpreter's start-up, the console script's `import re` and the package's
__init__, which imports nothing; ~10-20 ms) is out of our reach.

While importing, Ctrl-C exits at once: nothing has been done that needs undoing. During the command it
raises KeyboardInterrupt once, so the code running can clean up (a half-written --output file, the
pager) and tradecli.group.run_guarded reports it; a second Ctrl-C while that happens exits at once. Once
the command has ended and its exit status is decided, Ctrl-C no longer changes it.

When SIGINT was ignored when we started (`tradecli ... &` in a script, nohup), it stays ignored, as
Python itself leaves it: the Ctrl-C is meant for the job in the foreground.
"""

# signal's C half, loaded with the interpreter: nothing to import before the handler is in place
# (signal.py costs ~0.5 ms building its enums, time in which Ctrl-C would still print a traceback).
import _signal  # type: ignore[import-not-found]
import gc
import os
import sys

INTERRUPTED = 130  # ExitCode.INTERRUPTED, not imported: nothing may load before the handler is in place
MESSAGE = b"tradecli: interrupted\n"
IMPORTING, RUNNING, STOPPING, DONE = "importing", "running", "stopping", "done"
state = IMPORTING


def on_interrupt(signum: int, frame: object) -> None:
    """SIGINT: see the module's docstring for what it does in each state."""
    global state
    if state == DONE:
        return
    if state == RUNNING:
        state = STOPPING
        raise KeyboardInterrupt
    if state == IMPORTING:
        say_interrupted()
    os._exit(INTERRUPTED)


def say_interrupted() -> None:
    """One line on stderr, written directly: the streams may not be set up yet, and may be closed."""
    try:  # noqa: SIM105 - contextlib would be one more import before the handler is in place
        os.write(2, MESSAGE)
    except OSError:
        pass


if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:  # Python's own: not ignored by our parent
    _signal.signal(_signal.SIGINT, on_interrupt)


def run_cli() -> None:
    """Import tradecli.cli and run it.

    The import runs with the garbage collector off. It makes ~19,000 objects (Typer, Click and our
    modules) that all live until the process ends, and the default thresholds would scan them 44 times
    while they are made, to free ~500 (~5 ms, a sixth of what a lookup adds to Python's start-up).
    Afterwards they are frozen, out of the generations the collector scans, and collection is on again
    at the thresholds tradecli.cli.main sets."""
    gc.disable()
    try:
        from tradecli.cli import main as run
    finally:
        gc.freeze()
        gc.enable()
    global state
    state = RUNNING
    run()


def main() -> None:
    """Run tradecli with SIGINT handled from the start; exit with the command's status."""
    global state
    try:
        run_cli()  # always ends in SystemExit
        code: int | str | None = 0
    except SystemExit as done:
        state = DONE
        code = done.code
    except KeyboardInterrupt:  # raised outside the command's own handling (tradecli.group.run_guarded)
        state = DONE
        say_interrupted()
        code = INTERRUPTED
    sys.exit(code)


if __name__ == "__main__":
    main()
