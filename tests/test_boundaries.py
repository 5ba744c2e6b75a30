"""The package's boundaries, as tests: the engine, store and exports never import Textual (nor
the interface or the command line), and the interface never imports the command line.

Two ways, because each sees what the other cannot:

- Every module outside the interface is imported in a fresh Python process, one after
  another, and `sys.modules` is read after each: this catches Textual arriving through any
  chain, a third-party package included, at import time.
- Every module's source is read (AST, never imported): this catches an import inside a
  function, which the first way only sees when the function runs.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "decisionaid"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    module_name(path): path
    for path in sorted(PACKAGE.rglob("*.py"))
    if path.name != "__main__.py"  # importing it runs the command line
}


def layer(module: str) -> str:
    """Which side of the boundaries a module is on."""
    if module.startswith("decisionaid.tui"):
        return "interface"
    if module.startswith("decisionaid.cli"):
        return "command line"
    return "core"  # the engine, the store, the exports and what they share


def imports(module: str) -> set[str]:
    """Every module named in an import of `module`, at the top or in a function body;
    relative imports resolved."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def within(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


# What each layer may never import, at any depth of its code.
FORBIDDEN = {
    "core": ("textual", "decisionaid.tui", "decisionaid.cli"),
    "interface": ("decisionaid.cli",),
}


def test_the_scan_sees_every_layer_and_resolves_relative_imports():
    layers = {layer(m) for m in MODULES}
    assert layers == {"core", "interface", "command line"}
    assert "decisionaid.engine" in MODULES and "decisionaid.tui.app" in MODULES
    assert "textual.app" in imports("decisionaid.tui.app")
    assert "decisionaid.tui.app" in imports("decisionaid.cli.main")  # `run`, in a function


@pytest.mark.parametrize("side", sorted(FORBIDDEN))
def test_no_module_imports_across_a_boundary(side):
    crossings = {
        module: sorted(n for n in imports(module) if within(n, *FORBIDDEN[side]))
        for module in MODULES
        if layer(module) == side
    }
    assert {m: names for m, names in crossings.items() if names} == {}


# Stops at the first module whose import brought Textual in, with the project's modules that
# came in with it (the culprit is among them).
IMPORT_EACH = """
import importlib, json, sys
found = {}
for name in json.loads(sys.argv[1]):
    before = set(sys.modules)
    importlib.import_module(name)
    if "textual" in sys.modules:
        found[name] = sorted(m for m in set(sys.modules) - before if m.startswith("decisionaid"))
        break
print(json.dumps(found))
"""


def test_importing_anything_but_the_interface_never_loads_textual():
    """The command line is checked too: `decisionaid assess` or `history` must not pay for
    Textual (it is imported by `run`, when the app starts)."""
    outside = [m for m in MODULES if layer(m) != "interface"]
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH, json.dumps(outside)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {}
