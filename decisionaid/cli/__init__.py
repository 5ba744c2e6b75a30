"""The command line: `main` (click) and its command modules; the line-by-line mode lives
here too, since like the CLI it is an edge where errors become messages and exit codes."""

from decisionaid.cli.main import main

__all__ = ["main"]
