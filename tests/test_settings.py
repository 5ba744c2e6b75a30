"""Remembered settings: private, replaced whole, and never a reason not to start."""

from __future__ import annotations

import os
import stat

from decisionaid import settings


def test_a_theme_is_remembered_privately(tmp_path):
    folder = tmp_path / "config"
    assert settings.theme(folder) == "dark"
    settings.remember_theme("high-contrast", folder)
    assert settings.theme(folder) == "high-contrast"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / settings.FILE_NAME).stat().st_mode) == 0o600


def test_anything_wrong_with_the_file_means_the_defaults(tmp_path):
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / settings.FILE_NAME
    for content in (
        b"\xff\xfe{",
        b"[1, 2]",
        b'{"theme": "purple"}',
        b'{"theme": 3}',
        b" " * 70_000,
    ):
        path.write_bytes(content)
        assert settings.theme(folder) == "dark"
    path.unlink()
    os.mkfifo(path)  # a FIFO would hang a plain open(); it is passed over
    assert settings.theme(folder) == "dark"
    path.unlink()
    path.mkdir()
    assert settings.theme(folder) == "dark"


def test_other_settings_are_kept_when_the_theme_changes(tmp_path):
    folder = tmp_path / "config"
    folder.mkdir(mode=0o700)
    (folder / settings.FILE_NAME).write_text('{"later": 1}')
    settings.remember_theme("light", folder)
    assert settings.load(folder) == {"later": 1, "theme": "light"}


def test_a_config_folder_holding_other_things_is_never_tightened(tmp_path):
    folder = tmp_path / "etc"
    folder.mkdir()
    folder.chmod(0o755)
    (folder / "passwd").write_text("root:x:0:0\n")
    settings.remember_theme("light", folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert settings.load(folder)["theme"] == "light"
