"""decisionaid: a terminal decision aid for headaches and migraines.

The engine (everything but `decisionaid.tui`) never imports Textual, so answers files,
batches and tests run the same logic as the interface without a screen.
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"


def open_tree(path: Path | str | None = None):
    """Load, validate and compile a tree (the shipped one by default)."""
    from decisionaid.graph import compile_tree
    from decisionaid.loader import load_tree
    from decisionaid.shipped import default_tree

    return compile_tree(load_tree(path or default_tree()))
