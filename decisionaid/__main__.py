"""`python -m decisionaid` runs the command line."""

from decisionaid.cli.main import main

main()
