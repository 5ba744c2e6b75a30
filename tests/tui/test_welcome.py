"""The welcome screen's title, read before the tree is loaded."""

from __future__ import annotations

from decisionaid.shipped import default_tree
from decisionaid.tui.screens.welcome import DEFAULT_TITLE, PEEK_BYTES, peek_title


def test_the_shipped_title_and_description():
    title, description = peek_title(default_tree())
    assert title == "Headache and migraine decision aid"
    assert description.startswith("Checks for warning signs first")


def test_only_top_level_keys_count(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        "tree: t\nsources:\n  s: {title: Not this one}\nnodes: []\ntitle: This one\n",
        encoding="utf-8",
    )
    assert peek_title(path) == ("This one", None)


def test_a_huge_tree_is_not_read_to_its_end(tmp_path):
    """The title is found at the head; what lies past the peek is never parsed."""
    path = tmp_path / "big.yaml"
    filler = "".join(f"  - id: n{i}\n    kind: info\n" for i in range(PEEK_BYTES // 20))
    path.write_text(f"title: Big\nnodes:\n{filler}  - [this is not: valid yaml\n", encoding="utf-8")
    assert peek_title(path) == ("Big", None)


def test_problems_fall_back_to_the_default(tmp_path):
    assert peek_title(tmp_path / "missing.yaml") == (DEFAULT_TITLE, None)
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    assert peek_title(bad) == (DEFAULT_TITLE, None)
    listed = tmp_path / "list.yaml"
    listed.write_text("- title: no\n", encoding="utf-8")
    assert peek_title(listed) == (DEFAULT_TITLE, None)
