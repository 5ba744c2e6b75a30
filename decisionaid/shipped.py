"""Find the trees shipped with decisionaid, in an installed wheel or in a checkout."""

from __future__ import annotations

from pathlib import Path

DEFAULT_TREE = "migraine.yaml"


def trees_dir() -> Path:
    """The folder of shipped trees: inside the package when installed, else the checkout's."""
    inside = Path(__file__).parent / "trees"
    if inside.is_dir():
        return inside
    return Path(__file__).parent.parent / "trees"


def default_tree() -> Path:
    return trees_dir() / DEFAULT_TREE
