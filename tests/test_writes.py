"""Writes that lose nothing: two writers to one folder, Ctrl-C in the middle of a large write, a
full disk, a planted symlink, formula-like text, strict numbers and any console encoding."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import phanloai
from phanloai import PhanloaiError
from phanloai.cli import main
from phanloai.export import save_tables

CLI = [sys.executable, "-m", "phanloai.cli"]


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if ".tmp" in p.name]


def test_two_writers_to_one_folder_never_mix(tmp_path):
    out = tmp_path / "spa"
    runs = [
        subprocess.Popen(
            [
                *CLI,
                "generate",
                "spa",
                "--n",
                "1500",
                "--seed",
                str(seed),
                "--out",
                f"{out}/",
                "--force",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        for seed in (1, 2)
    ]
    for run in runs:
        run.communicate(timeout=300)
    assert any(run.returncode == 0 for run in runs)
    customers = pd.read_csv(out / "customers.csv", encoding="utf-8-sig")
    assert customers["customer_id"].is_unique  # no half of one run inside the other
    assert customers["customer_id"].str.fullmatch(r"KH\d+").all()
    orders = pd.read_csv(out / "orders.csv", encoding="utf-8-sig")
    seeds = [s for s in (1, 2) if phanloai.load("spa", n=1500, seed=s).tables["orders"].shape[0]
             == len(orders)]  # fmt: skip
    assert seeds, "orders.csv comes from neither run"
    same = phanloai.load("spa", n=1500, seed=seeds[0]).customers
    assert customers["full_name"].tolist() == same["full_name"].astype(str).tolist()
    assert _leftovers(tmp_path) == []


def test_ctrl_c_in_a_large_write_leaves_the_old_world(tmp_path):
    out = tmp_path / "fashion"
    assert main(["generate", "fashion", "--n", "300", "--out", f"{out}/"]) == 0
    before = _snapshot(out)
    run = subprocess.Popen(
        [*CLI, "generate", "fashion", "--n", "100000", "--out", f"{out}/", "--force"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.time() + 120
    while time.time() < deadline and not any(out.glob(".phanloai.*")):
        time.sleep(0.05)  # wait until it has started writing
    time.sleep(0.3)
    run.send_signal(signal.SIGINT)
    run.communicate(timeout=120)
    assert _snapshot(out) == before  # the old world, whole
    assert _leftovers(tmp_path) == []


def test_a_full_disk_leaves_the_old_files(tmp_path, monkeypatch):
    out = tmp_path / "spa"
    assert main(["generate", "spa", "--n", "100", "--out", f"{out}/"]) == 0
    before = _snapshot(out)
    real = pd.DataFrame.to_csv
    calls = {"n": 0}

    def full(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # the third table hits a full disk
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    with pytest.raises(PhanloaiError, match="ổ đĩa đã đầy") as err:
        save_tables(phanloai.load("spa", n=120, seed=5).tables, f"{out}/", force=True)
    assert "disk is full" in err.value.en
    assert _snapshot(out) == before
    assert _leftovers(tmp_path) == []


def test_a_planted_symlink_is_never_followed(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("đừng ghi vào đây", "utf-8")
    out = tmp_path / "spa"
    out.mkdir()
    os.symlink(precious, out / ".customers.csv.tmp")  # the old fixed temporary name
    os.symlink(precious, out / "orders.csv")  # and one of the targets
    assert main(["generate", "spa", "--n", "100", "--out", f"{out}/", "--force"]) == 0
    assert precious.read_text("utf-8") == "đừng ghi vào đây"
    assert not (out / "orders.csv").is_symlink()
    assert (out / ".customers.csv.tmp").is_symlink()  # not ours: left alone


def test_formula_like_text_stays_text(tmp_path):
    evil = pd.DataFrame({"full_name": ["=1+1", "+84 90", "@x", "Nguyễn"], "n": [1, 2, 3, 4]})
    xlsx = save_tables({"customers": evil}, tmp_path / "a.xlsx")[0]
    with zipfile.ZipFile(xlsx) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert not any("<f>" in z.read(n).decode() for n in sheets)
    assert pd.read_excel(xlsx, sheet_name="customers")["full_name"].tolist()[0] == "=1+1"
    csv = save_tables({"customers": evil}, tmp_path / "csv/")[0]
    text = csv.read_text("utf-8-sig")
    assert '"\'=1+1"' in text and '"\'+84 90"' in text and '"Nguyễn"' in text
    own = save_tables({"my_list": evil}, tmp_path / "b.xlsx")[0]
    assert pd.ExcelFile(own).sheet_names == ["my_list"]  # no empty dictionary sheet


@pytest.mark.parametrize(("flag", "value"), [("--n", "2.5"), ("--seed", "1.5"), ("--n", "1e3")])
def test_numbers_are_whole_or_refused(tmp_path, capsys, flag, value):
    assert main(["generate", "spa", flag, value, "--out", f"{tmp_path}/x/"]) == 2
    assert "phải là số nguyên" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_thousands_written_the_vietnamese_way(tmp_path):
    assert main(["generate", "spa", "--n", "1.000", "--out", f"{tmp_path}/x/"]) == 0
    assert len(pd.read_csv(tmp_path / "x" / "customers.csv", encoding="utf-8-sig")) == 1000


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_any_console_encoding(tmp_path, encoding):
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    ok = subprocess.run(
        [*CLI, "generate", "spa", "--n", "50", "--out", f"{tmp_path}/{encoding}/"],
        env=env, capture_output=True,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert b"UnicodeEncodeError" not in ok.stderr
    bad = subprocess.run([*CLI, "generate", "moon", "--out", "x/"], env=env, capture_output=True)
    assert bad.returncode == 2 and b"moon" in bad.stderr and b"Traceback" not in bad.stderr


def test_docs_and_params_are_whole_or_not_at_all(tmp_path, capsys):
    target = tmp_path / "cac_phuong_phap.md"
    target.write_text("của tôi", "utf-8")
    assert main(["docs", "--out", str(target)]) == 2
    assert target.read_text("utf-8") == "của tôi"
    assert main(["params", "spa", "--out", str(target)]) == 2
    assert target.read_text("utf-8") == "của tôi"
    assert main(["docs", "--out", str(target), "--force"]) == 0
    assert target.read_text("utf-8").startswith("#")
    assert _leftovers(tmp_path) == []


def test_a_result_is_never_written_inside_an_input_folder(tmp_path):
    """A folder of order files is read whole: a result put inside it would be read as orders
    by the next run (and with --force could replace one of them)."""
    from phanloai import PhanloaiError
    from phanloai.files import check_target

    folder = tmp_path / "don_hang"
    folder.mkdir()
    (folder / "p0.parquet").write_bytes(b"orders")
    for target in (folder / "p0.parquet", folder / "ket_qua.parquet"):
        with pytest.raises(PhanloaiError, match="nằm trong thư mục đầu vào"):
            check_target(target, True, (folder,))
    assert (folder / "p0.parquet").read_bytes() == b"orders"
    assert check_target(tmp_path / "ket_qua.parquet", False, (folder,)).name == "ket_qua.parquet"
