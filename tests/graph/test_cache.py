"""The compiled-tree cache: a second open skips parsing; changes and damage are never served."""

from __future__ import annotations

import stat

import pytest

from decisionaid import open_tree
from decisionaid.errors import TreeError
from decisionaid.graph import cache
from tests.conftest import SMALL


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("DECISIONAID_CACHE_DIR", str(folder))
    return folder


def no_loading(monkeypatch):
    def refuse(path):
        raise AssertionError("the tree was parsed again")

    monkeypatch.setattr("decisionaid.loader.load_tree", refuse)


def test_a_second_open_comes_from_the_cache(write, cache_folder, monkeypatch):
    path = write(SMALL)
    first = open_tree(path)
    (entry,) = cache_folder.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_folder.stat().st_mode) == 0o700
    no_loading(monkeypatch)
    again = open_tree(path)
    assert again.tree.id == first.tree.id
    assert sorted(again.graph.nodes) == sorted(first.graph.nodes)


def test_a_changed_file_is_loaded_afresh(write, cache_folder):
    path = write(SMALL)
    open_tree(path)
    write(SMALL.replace("How many?", "How many now?"))
    assert open_tree(path).tree.nodes["q2"].text == "How many now?"


def test_a_changed_include_is_noticed(write, cache_folder):
    main = write(SMALL.replace("title: Small", "title: Small\ninclude: [more.yaml]"))
    write("sources:\n  s1: {authors: A, title: First}\n", "more.yaml")
    assert open_tree(main).tree.sources["s1"].title == "First"
    write("sources:\n  s1: {authors: A, title: Second}\n", "more.yaml")
    assert open_tree(main).tree.sources["s1"].title == "Second"


def test_an_invalid_tree_is_never_cached(write, cache_folder):
    path = write(SMALL.replace("start: q1", "start: nowhere"))
    with pytest.raises(TreeError):
        open_tree(path)
    assert not cache_folder.exists() or not any(cache_folder.iterdir())


def test_a_damaged_entry_is_ignored_and_replaced(write, cache_folder):
    path = write(SMALL)
    open_tree(path)
    (entry,) = cache_folder.iterdir()
    entry.write_bytes(b"\x80\x05 not a pickle")
    assert open_tree(path).tree.id == "small"
    assert cache.load(path) is not None  # rewritten whole


def test_the_cache_can_be_turned_off(write, monkeypatch, tmp_path):
    monkeypatch.setenv("DECISIONAID_CACHE_DIR", "off")
    path = write(SMALL)
    open_tree(path)
    assert cache.load(path) is None


def test_an_unwritable_cache_folder_is_not_an_error(write, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("DECISIONAID_CACHE_DIR", str(blocker / "cache"))
    assert open_tree(write(SMALL)).tree.id == "small"
