"""Bad input gets a clear message, Vietnamese first, and nothing of the user's is overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

import phanloai
from phanloai import PhanloaiError
from phanloai.cli import main
from phanloai.params import synthetic_dir


def spa_text() -> str:
    return (synthetic_dir() / "spa.toml").read_text("utf-8")


def write(tmp_path: Path, text: str, name: str = "p.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_message_is_vietnamese_first_then_english():
    with pytest.raises(PhanloaiError) as err:
        phanloai.load("moon")
    text = str(err.value)
    assert text.startswith("Không có tình huống 'moon'")
    assert text.index("English:") > text.index("spa, bolts, fashion")
    phanloai.set_language("en")
    assert str(err.value) == "Unknown case 'moon'. Available cases: spa, bolts, fashion."


@pytest.mark.parametrize("n", [0, -5, 2_000_001, 10**12])
def test_size_out_of_range(n):
    with pytest.raises(PhanloaiError, match="'n'"):
        phanloai.load("spa", n=n)


@pytest.mark.parametrize("n", [2.5, "100", True])
def test_size_of_the_wrong_type(n):
    with pytest.raises(PhanloaiError, match="số nguyên"):
        phanloai.load("spa", n=n)


def test_negative_seed():
    with pytest.raises(PhanloaiError, match="seed"):
        phanloai.load("spa", seed=-1)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("default_n = 4800", "default_n = [4800"), "TOML"),
        (
            lambda t: t.replace(
                "share = 0.36\nconversion = 0.08", "share = 0.46\nconversion = 0.08"
            ),
            "sources",
        ),
        (
            lambda t: t.replace("conversion = 0.08", 'conversion = "cao"'),
            "sources.facebook_ads.conversion",
        ),
        (lambda t: t.replace("conversion = 0.08", "conversion = 1.7"), "[0, 1]"),
        (
            lambda t: t.replace('province = "TP Hồ Chí Minh"', 'province = "Sài Gòn"'),
            "shop.province",
        ),
        (lambda t: t.replace("end_date = 2025-12-31", "end_date = 2023-12-31"), "end_date"),
        (lambda t: t.replace('case = "spa"', 'case = "cafe"'), "cafe"),
        (
            lambda t: t.replace(
                "[season]\nmonth_weights = [1.3, 1.0,", "[season]\nmonth_weights = ["
            ),
            "month_weights",
        ),
        (lambda t: t.replace('"Độc thân" = 0.36', '"Độc thân" = 0.66'), "people.marital"),
        (lambda t: t.replace('group = "nail"', 'group = "toc"', 1), "services[5].group"),
        (lambda t: t.replace("title_en", "title_xx"), "title_en"),
    ],
)
def test_broken_parameter_file_names_the_key(tmp_path, edit, expected):
    path = write(tmp_path, edit(spa_text()))
    with pytest.raises(PhanloaiError) as err:
        phanloai.load(path, n=200)
    assert expected in err.value.vi and expected in err.value.en
    assert str(path) in err.value.vi


def test_parameter_file_not_utf8_or_missing(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes('case = "spa"\ntitle_vi = "Spa Hoa Sen"\n'.encode("utf-16"))
    with pytest.raises(PhanloaiError, match="UTF-8"):
        phanloai.load(path)
    with pytest.raises(PhanloaiError, match="Không tìm thấy"):
        phanloai.load(tmp_path / "none.toml")


def test_parameter_file_for_another_case(tmp_path):
    path = write(tmp_path, spa_text())
    with pytest.raises(PhanloaiError, match="'spa', không phải 'bolts'"):
        phanloai.load("bolts", params=path)


# -- the command line ----------------------------------------------------------------------------
def test_cli_refuses_to_overwrite_and_keeps_the_file(tmp_path, capsys):
    out = tmp_path / "spa.xlsx"
    out.write_bytes(b"my own work")
    assert main(["generate", "spa", "--n", "50", "--out", str(out)]) == 2
    assert out.read_bytes() == b"my own work"
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ") and "đã có sẵn" in err and "--force" in err and "English:" in err
    assert main(["generate", "spa", "--n", "50", "--out", str(out), "--force"]) == 0
    assert out.read_bytes()[:2] == b"PK"  # now an .xlsx (zip) file


def test_cli_csv_folder_keeps_other_files(tmp_path):
    folder = tmp_path / "spa"
    folder.mkdir()
    (folder / "ghi_chu.txt").write_text("ghi chú của tôi", "utf-8")
    (folder / "orders.csv").write_text("của tôi", "utf-8")
    assert main(["generate", "spa", "--n", "50", "--out", f"{folder}/"]) == 2
    assert (folder / "orders.csv").read_text("utf-8") == "của tôi"
    assert not (folder / "customers.csv").exists()  # nothing written when anything clashes
    assert main(["generate", "spa", "--n", "50", "--out", f"{folder}/", "--force"]) == 0
    assert (folder / "ghi_chu.txt").read_text("utf-8") == "ghi chú của tôi"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["generate", "moon", "--out", "x/"], "Không có tình huống 'moon'"),
        (["generate", "spa", "--n", "0", "--out", "x/"], "'n' = 0"),
        (["generate", "spa", "--n", "nhiều", "--out", "x/"], "'--n' phải là số nguyên"),
        (["generate", "spa", "--n", "10", "--out", "x.txt"], "Không rõ định dạng"),
        (["generate", "spa", "--n", "10", "--out", "/proc/phanloai/out/"], "Không ghi được"),
    ],
)
def test_cli_errors(tmp_path, monkeypatch, capsys, args, expected):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert expected in capsys.readouterr().err


def test_cli_unwritable_place(tmp_path, capsys):
    """A folder that cannot be made (its parent is a file) — unwritable even for root."""
    blocker = tmp_path / "tep_thuong.txt"
    blocker.write_text("không phải thư mục", "utf-8")
    assert main(["generate", "spa", "--n", "10", "--out", f"{blocker}/ket_qua/"]) == 2
    err = capsys.readouterr().err
    assert "Không ghi được" in err and "ket_qua" in err
    assert blocker.read_text("utf-8") == "không phải thư mục"


def test_cli_usage_error_is_vietnamese(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["generate"])
    assert exit_info.value.code == 2
    assert "Lỗi cú pháp lệnh" in capsys.readouterr().err
