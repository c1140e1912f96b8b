"""Lets ``python -m tradecli`` behave exactly like the console script."""

from tradecli.cli import main

main()
