"""Atomic replacement: no truncated file, permissions kept, devices written in place (never replaced)."""

from __future__ import annotations

import os
import stat

import pytest

from termshift.files import replace_atomically


def test_replaces_whole_and_keeps_mode(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    replace_atomically(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    def full_disk(fh, data):
        fh.write(data[:1])
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        replace_atomically(target, b"new", writer=full_disk)
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_link_is_written_through(tmp_path):
    real = tmp_path / "real.csv"
    real.write_bytes(b"old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    replace_atomically(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_device_is_written_in_place_never_renamed_over(monkeypatch):
    """`--out /dev/null` once replaced /dev/null by a regular file; no rename may target a device."""
    renamed = []
    monkeypatch.setattr(os, "replace", lambda src, dst: renamed.append(dst))
    replace_atomically("/dev/null", b"discarded")
    assert renamed == [] and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_cli_out_dev_null_keeps_the_device(cli, tmp_path, monkeypatch):
    from termshift.paths import CORPUS_DIR, TERMS_FILE

    renamed = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: renamed.append(dst) or real_replace(src, dst))
    code, out, err = cli(["count", CORPUS_DIR, "--terms", TERMS_FILE, "--out", "/dev/null", "-q"])
    assert code == 0, err
    assert "/dev/null" not in [str(d) for d in renamed] and stat.S_ISCHR(os.stat("/dev/null").st_mode)
