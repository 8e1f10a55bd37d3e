"""Every write is whole or not at all, and never over the user's file unasked."""

from __future__ import annotations

import os

import pytest

from phanloai import PhanloaiError
from phanloai.files import inert_text, writing


def test_new_file_and_no_overwrite(tmp_path):
    target = tmp_path / "a.txt"
    with writing(target) as tmp:
        tmp.write_text("một", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "một"
    with pytest.raises(PhanloaiError, match="đã có sẵn"), writing(target) as tmp:
        tmp.write_text("hai", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "một"
    with writing(target, force=True) as tmp:
        tmp.write_text("ba", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "ba"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_nothing_else(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("cũ", encoding="utf-8")
    with pytest.raises(RuntimeError), writing(target, force=True) as tmp:
        tmp.write_text("nửa chừ", encoding="utf-8")
        raise RuntimeError("the disk went away")
    assert target.read_text(encoding="utf-8") == "cũ"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path):
    target = tmp_path / "a.txt"
    with pytest.raises(PhanloaiError, match="already exists"), writing(target) as tmp:
        tmp.write_text("mine", encoding="utf-8")
        target.write_text("someone else's", encoding="utf-8")  # appears while we write
    assert target.read_text(encoding="utf-8") == "someone else's"


def test_force_replaces_a_symlink_not_what_it_points_to(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("đừng động vào", encoding="utf-8")
    link = tmp_path / "list.csv"
    os.symlink(precious, link)
    with pytest.raises(PhanloaiError), writing(link) as tmp:  # a symlink counts as existing
        tmp.write_text("x", encoding="utf-8")
    with writing(link, force=True) as tmp:
        tmp.write_text("danh sách", encoding="utf-8")
    assert precious.read_text(encoding="utf-8") == "đừng động vào"
    assert not link.is_symlink() and link.read_text(encoding="utf-8") == "danh sách"


def test_folders(tmp_path):
    target = tmp_path / "csv"
    with writing(target, folder=True) as tmp:
        (tmp / "a.csv").write_text("1", encoding="utf-8")
    assert (target / "a.csv").exists()
    with pytest.raises(PhanloaiError), writing(target, folder=True) as tmp:
        (tmp / "b.csv").write_text("2", encoding="utf-8")
    assert sorted(p.name for p in target.iterdir()) == ["a.csv"]
    with pytest.raises(PhanloaiError, match="thư mục"), writing(target, force=True) as tmp:
        pass  # a file cannot replace a folder, even with force


def test_unwritable_place_is_said(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(PhanloaiError, match="quyền"), writing(locked / "a.txt") as tmp:
        tmp.write_text("x", encoding="utf-8")


@pytest.mark.parametrize("text", ["=1+1", "+84", "-3", "@A1", "\tx", "\rx"])
def test_formula_starts_become_text(text):
    assert inert_text(text) == "'" + text


@pytest.mark.parametrize("value", ["Nguyễn", "0912345678", "a=b", 5, None, -2.5])
def test_other_values_unchanged(value):
    assert inert_text(value) == value
