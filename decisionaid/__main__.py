"""`python -m decisionaid` runs the command line."""

from decisionaid.cli import main

main()
