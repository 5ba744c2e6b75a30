"""The interface only asks: no module of decisionaid.tui imports the command line."""

from __future__ import annotations

import ast
from pathlib import Path

import decisionaid.tui

TUI = Path(decisionaid.tui.__file__).parent


def imported(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_interface_module_imports_the_cli():
    modules = sorted(TUI.rglob("*.py"))
    assert len(modules) > 5
    offenders = {
        str(path.relative_to(TUI)): sorted(
            n for n in imported(path) if n.startswith("decisionaid.cli")
        )
        for path in modules
    }
    assert {path: names for path, names in offenders.items() if names} == {}
