"""Tree titles remembered in the cache folder for the first screen: recalled only for the
same, unchanged file; anything odd about the memory is ignored, never an error or a hang."""

from __future__ import annotations

import os

import pytest

from decisionaid import titles


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("DECISIONAID_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def tree(tmp_path):
    path = tmp_path / "tree.yaml"
    path.write_text("title: T\n", encoding="utf-8")
    return path


def test_a_title_is_recalled_for_the_same_unchanged_file(cache, tree):
    assert titles.recall(tree) is None
    titles.remember(tree, "Headaches", "What it does.")
    assert titles.recall(tree) == ("Headaches", "What it does.")
    assert (cache / titles.FILE).stat().st_mode & 0o777 == 0o600


def test_a_changed_file_is_not_recalled(cache, tree):
    titles.remember(tree, "Headaches", None)
    tree.write_text("title: Other\n", encoding="utf-8")
    assert titles.recall(tree) is None
    titles.remember(tree, "Headaches", None)
    times = os.stat(tree)
    os.utime(tree, ns=(times.st_atime_ns, times.st_mtime_ns))  # set back: its change time moves
    assert titles.recall(tree) is None


def test_nothing_is_kept_when_the_cache_is_off(tmp_path, monkeypatch, tree):
    monkeypatch.setenv("DECISIONAID_CACHE_DIR", "off")
    titles.remember(tree, "Headaches", None)
    assert titles.recall(tree) is None


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"x": {"stamp": 1}}'])
def test_a_damaged_memory_is_ignored_and_replaced(cache, tree, content):
    cache.mkdir(mode=0o700)
    (cache / titles.FILE).write_bytes(content)
    assert titles.recall(tree) is None
    titles.remember(tree, "Headaches", None)
    assert titles.recall(tree) == ("Headaches", None)


def test_a_pipe_in_its_place_does_not_hang_the_start(cache, tree):
    cache.mkdir(mode=0o700)
    os.mkfifo(cache / titles.FILE)
    assert titles.recall(tree) is None


def test_only_the_latest_trees_are_kept(cache, tmp_path):
    paths = []
    for n in range(titles.KEPT + 3):
        path = tmp_path / f"t{n}.yaml"
        path.write_text("title: T\n", encoding="utf-8")
        titles.remember(path, f"T{n}", None)
        paths.append(path)
    assert titles.recall(paths[0]) is None
    assert titles.recall(paths[-1]) == (f"T{titles.KEPT + 2}", None)
