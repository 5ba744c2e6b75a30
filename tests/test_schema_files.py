"""The JSON Schemas as editors use them: every shipped tree file names its schema on its first
line, and the YAML language server (behind VS Code's YAML extension and other editors) finds
no problem in any of them, while it flags the mistakes a tree author makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT
from tests.judges import YamlLanguageServer

# One worker runs this module (`--dist loadgroup`): one yaml-language-server for the module.
pytestmark = pytest.mark.xdist_group("yaml-language-server")

MAIN_FILES = [ROOT / "trees" / "migraine.yaml", EXAMPLE]
INCLUDED_FILES = sorted((ROOT / "trees" / "migraine").glob("*.yaml"))
COMMENT = "# yaml-language-server: $schema="


def named_schema(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(COMMENT), f"{path.name}: the first line does not name a schema"
    return (path.parent / first.removeprefix(COMMENT)).resolve()


def test_every_shipped_tree_file_names_its_schema():
    assert INCLUDED_FILES, "the shipped tree includes files"
    for path in MAIN_FILES:
        assert named_schema(path) == ROOT / "schema" / "tree.schema.json", path
    for path in INCLUDED_FILES:
        assert named_schema(path) == ROOT / "schema" / "fragment.schema.json", path


@pytest.fixture(scope="module")
def server():
    server = YamlLanguageServer()
    yield server
    server.close()


@pytest.mark.parametrize("path", MAIN_FILES + INCLUDED_FILES, ids=lambda p: p.name)
def test_the_yaml_language_server_accepts_every_shipped_tree_file(server, path):
    assert server.diagnostics(path) == []


INCLUDED_WITH_MISTAKES = """\
# yaml-language-server: $schema=../../schema/fragment.schema.json
nodes:
  - id: a
    kind: info
    text: A page
    next: b
    colour: red
facts:
  many:
    label: Many
    when: {answer: cups, gte: 4, lt: 9}
"""


def test_the_yaml_language_server_flags_mistakes(server, tmp_path):
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    included = tmp_path / "trees" / "parts" / "more.yaml"
    included.parent.mkdir(parents=True)
    included.write_text(INCLUDED_WITH_MISTAKES, encoding="utf-8")
    main = tmp_path / "trees" / "coffee.yaml"
    main.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("    min: 0\n", "    min: 0\n    mni: 1\n"),
        encoding="utf-8",
    )
    flagged = {d["range"]["start"]["line"] + 1 for d in server.diagnostics(included)}
    assert flagged == {7, 11}, "an unknown key, and a condition with two comparisons"
    lines = main.read_text(encoding="utf-8").splitlines()
    typo = next(number for number, line in enumerate(lines, start=1) if "mni:" in line)
    assert {d["range"]["start"]["line"] + 1 for d in server.diagnostics(main)} == {typo}
