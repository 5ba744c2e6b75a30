"""The compiled-tree cache: a second open skips parsing; changes and damage are never served."""

from __future__ import annotations

import os
import pickle
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


class Planted:
    """A pickle that, if ever unpickled, leaves a marker file: code run from the cache."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_planted_pickles_never_run(write, cache_folder, tmp_path):
    path = write(SMALL)
    open_tree(path)
    marker = tmp_path / "ran"
    planted = pickle.dumps({"format": 1, "files": {}, "flow": Planted(marker)})
    entries = list(cache_folder.iterdir())
    for name in [*(e.name for e in entries), "tree-0123456789abcdef.pickle"]:
        (cache_folder / name).write_bytes(planted)
    flow = open_tree(path)
    assert not marker.exists()
    assert flow.tree.id == "small"
    assert not any(e.read_bytes().startswith(b"\x80") for e in cache_folder.glob("*.json"))


def test_the_cached_tree_is_the_tree(migraine_path, cache_folder):
    fresh = open_tree(migraine_path, cached=False)
    open_tree(migraine_path)
    cached = cache.load(migraine_path)
    assert cached is not None and cached is not fresh
    for name in ("nodes", "facts", "scores", "sources"):
        mine, theirs = getattr(cached.tree, name), getattr(fresh.tree, name)
        assert list(mine) == list(theirs)
        assert all(mine[k] == theirs[k] for k in mine)
    assert cached.tree.main == fresh.tree.main
    assert cached.remaining == fresh.remaining
    assert cached.warnings == fresh.warnings
    assert cached.depends == fresh.depends
    assert sorted(cached.graph.edges(keys=True)) == sorted(fresh.graph.edges(keys=True))


@pytest.fixture
def migraine_path():
    from decisionaid.shipped import default_tree

    return default_tree()


def test_a_folder_others_can_write_is_never_read(write, cache_folder):
    path = write(SMALL)
    open_tree(path)
    assert cache.load(path) is not None
    cache_folder.chmod(0o777)  # anyone could have planted the entry
    assert cache.load(path) is None
    open_tree(path)  # saving tightens a folder of ours
    assert stat.S_IMODE(cache_folder.stat().st_mode) == 0o700
    assert cache.load(path) is not None


def test_a_cache_folder_holding_other_things_is_never_tightened(write, cache_folder):
    """$DECISIONAID_CACHE_DIR=/etc as root made /etc 0700: only a folder that holds nothing
    but the aid's own entries is tightened."""
    cache_folder.mkdir()
    (cache_folder / "passwd").write_text("root:x:0:0\n")
    cache_folder.chmod(0o755)
    path = write(SMALL)
    open_tree(path)
    assert stat.S_IMODE(cache_folder.stat().st_mode) == 0o755
    assert cache.load(path) is not None  # still used: no one else can write to it


def test_entries_others_can_write_or_own_are_never_read(write, cache_folder):
    path = write(SMALL)
    open_tree(path)
    (entry,) = cache_folder.iterdir()
    entry.chmod(0o666)
    assert cache.load(path) is None
    entry.chmod(0o600)
    assert cache.load(path) is not None
    if os.getuid() == 0:
        os.chown(entry, 12345, 12345)
        assert cache.load(path) is None


def test_a_shared_cache_folder_is_not_used(write, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: sticky, writable by all
    monkeypatch.setenv("DECISIONAID_CACHE_DIR", str(shared))
    path = write(SMALL)
    assert open_tree(path).tree.id == "small"
    assert list(shared.iterdir()) == []  # nothing written where others could swap it


def test_entries_that_are_links_or_pipes_are_not_followed(write, cache_folder, tmp_path):
    path = write(SMALL)
    open_tree(path)
    (entry,) = cache_folder.iterdir()
    victim = tmp_path / "victim"
    victim.write_text("precious")
    entry.unlink()
    entry.symlink_to(victim)
    assert open_tree(path).tree.id == "small"  # the link is neither read nor written through
    assert victim.read_text() == "precious"
    entry.unlink()
    os.mkfifo(entry)
    assert cache.load(path) is None  # and a pipe is not waited on


def test_an_include_link_pointed_elsewhere_is_noticed(write, cache_folder, tmp_path):
    main = write(SMALL.replace("title: Small", "title: Small\ninclude: [more.yaml]"))
    write("sources:\n  s1: {authors: A, title: First}\n", "a/more.yaml")
    write("sources:\n  s1: {authors: A, title: Second}\n", "b/more.yaml")
    link = tmp_path / "more.yaml"
    link.symlink_to(tmp_path / "a" / "more.yaml")
    assert open_tree(main).tree.sources["s1"].title == "First"
    link.unlink()
    link.symlink_to(tmp_path / "b" / "more.yaml")
    assert open_tree(main).tree.sources["s1"].title == "Second"
