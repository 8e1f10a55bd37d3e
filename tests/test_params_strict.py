"""Strict parameter files: unknown keys, shares, duplicate labels, non-finite and negative
numbers, values of the wrong kind, a byte-order mark — every refusal is a bilingual message
naming the file, the full key and the rule.

Each bad file is a shipped file (``synthetic/*.toml``) with one small edit made here, so the
tests follow the shipped files; an edit that no longer applies fails loudly."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import phanloai
from phanloai import PhanloaiError
from phanloai.cli import main
from phanloai.params import Params, synthetic_dir

N = 200  # small worlds: these tests are about the files, not the data


def shipped(case: str) -> str:
    return (synthetic_dir() / f"{case}.toml").read_text("utf-8")


# -- small edits of a shipped file ------------------------------------------------------------
Edit = Callable[[str], str]


def swap(old: str, new: str, count: int = 1) -> Edit:
    """Replace the first ``count`` occurrences of ``old`` (which must be in the file)."""

    def edit(text: str) -> str:
        assert old in text, f"the shipped file no longer has {old!r}"
        return text.replace(old, new, count)

    return edit


def top(line: str) -> Edit:
    """Add a line among the top-level keys (before the first table)."""

    def edit(text: str) -> str:
        m = re.search(r"^case = ", text, flags=re.M)
        assert m
        return f"{text[: m.start()]}{line}\n{text[m.start() :]}"

    return edit


def drop_table(header: str) -> Edit:
    """Remove a table (``[internal]``) or every entry of a list of tables (``[[stories]]``) with
    its keys, up to the next table or comment line."""

    def edit(text: str) -> str:
        pattern = rf"^{re.escape(header)}[^\n]*\n(?:(?!\[|#)[^\n]*\n?)*"
        out, k = re.subn(pattern, "", text, flags=re.M)
        assert k, f"no {header} in the file"
        return out

    return edit


def both(*edits: Edit) -> Edit:
    def edit(text: str) -> str:
        for e in edits:
            text = e(text)
        return text

    return edit


def write(tmp_path: Path, case: str, text: str) -> Path:
    path = tmp_path / f"{case}_sua.toml"
    path.write_text(text, "utf-8")
    return path


SPA_STAGES = (
    '"Mới có thông tin" = 0.12\n"Đã liên hệ" = 0.20\n"Đang tư vấn" = 0.18\n'
    '"Đã hẹn lịch" = 0.08\n"Không mua" = 0.42'
)
FASHION_TIERS = 'tiers = { "once" = 0.46, "rebuy" = 0.30, "frequent" = 0.19, "key" = 0.05 }'
BOLTS_KINDS = (
    'kinds = ["Hỗ trợ kỹ thuật lắp đặt", "Kiểm định / chứng chỉ", "Đổi trả", "Giao hàng trễ", '
    '"Bảo trì định kỳ"]'
)
BOLTS_STD_SHARES = "standard_shares = [0.24, 0.18, 0.24, 0.16, 0.18]"
SPA_FB = "share = 0.36\nconversion = 0.08"

# case, edit, key named in the message, Vietnamese words, English words
BAD = [
    # -- unknown keys, with the nearest valid name ----------------------------------------------
    pytest.param(
        "spa",
        swap("female_share = 0.88", "female_share = 0.88\nfemal_share = 0.5"),
        "people.femal_share",
        ["khoá lạ", "có phải ý bạn là 'people.female_share'"],
        ["unknown key", "did you mean 'people.female_share'"],
        id="typo-extra-key",
    ),
    pytest.param(
        "spa",
        swap("female_share = 0.88", "femal_share = 0.88"),
        "people.female_share",
        ["thiếu khoá", "people.femal_share", "gõ nhầm"],
        ["missing", "people.femal_share", "typo"],
        id="typo-instead-of-key",
    ),
    pytest.param(
        "spa",
        top('mau_sac = "đỏ"'),
        "mau_sac",
        ["khoá lạ", "xoá khoá này"],
        ["unknown key", "remove it"],
        id="stray-top-level-key",
    ),
    pytest.param(
        "spa",
        top("female_share = 0.9"),
        "female_share",
        ["khoá lạ", "'people.female_share'"],
        ["unknown key", "did you mean 'people.female_share'"],
        id="key-in-the-wrong-table",
    ),
    pytest.param(
        "fashion",
        swap(
            'label = "Facebook"\nshare = 0.34', 'label = "Facebook"\nshare = 0.34\nconversion = 0.1'
        ),
        "sources.facebook.conversion",
        ["khoá lạ", "tình huống 'fashion'"],
        ["unknown key", "'fashion' world"],
        id="key-of-another-world",
    ),
    pytest.param(
        "bolts",
        swap('region = "Bắc"', 'regoin = "Bắc"'),
        "staff[0].regoin",
        ["khoá lạ", "'staff[0].region'"],
        ["unknown key", "did you mean 'staff[0].region'"],
        id="typo-in-an-optional-entry-key",
    ),
    pytest.param(
        "spa",
        top("normalize_shares = true"),
        "normalize_shares",
        ["khoá lạ", "'normalise_shares'"],
        ["unknown key", "did you mean 'normalise_shares'"],
        id="american-spelling",
    ),
    pytest.param(
        "spa",
        swap('vi = "Facebook Ads mang', 'vj = "Facebook Ads mang'),
        "stories[0].vj",
        ["khoá lạ", "'stories[0].vi'"],
        ["unknown key", "did you mean 'stories[0].vi'"],
        id="typo-in-a-story",
    ),
    # -- shares -----------------------------------------------------------------------------------
    pytest.param(
        "fashion",
        swap(
            FASHION_TIERS, 'tiers = { "once" = 0.9, "rebuy" = 0.9, "frequent" = 0.9, "key" = 0.3 }'
        ),
        "buying.tiers",
        ["cộng lại bằng 1", "3.000", "normalise_shares = true"],
        ["add up to 1", "3.000", "normalise_shares = true"],
        id="tiers-sum-to-3",
    ),
    pytest.param(
        "bolts",
        swap(BOLTS_STD_SHARES, "standard_shares = [0.72, 0.54, 0.72, 0.48, 0.54]"),
        "products.standard_shares",
        ["cộng lại bằng 1", "3.000"],
        ["add up to 1", "3.000"],
        id="share-list-sums-to-3",
    ),
    pytest.param(
        "spa",
        swap(SPA_STAGES, SPA_STAGES.replace("0.42", "0.62")),
        "stages",
        ["cộng lại bằng 1", "1.200"],
        ["add up to 1", "1.200"],
        id="flat-shares-sum-to-1.2",
    ),
    pytest.param(
        "fashion",
        lambda t: re.sub(r"(\[categories\.[^\n]*\n)share = [0-9.]+", r"\1share = 0", t),
        "categories",
        ["đều bằng 0"],
        ["all the shares are 0"],
        id="category-shares-all-zero",
    ),
    pytest.param(
        "fashion",
        swap(FASHION_TIERS, 'tiers = { "once" = 0, "rebuy" = 0, "frequent" = 0, "key" = 0 }'),
        "buying.tiers",
        ["đều bằng 0"],
        ["all the shares are 0"],
        id="tiers-all-zero",
    ),
    pytest.param(
        "spa",
        swap(SPA_FB, "share = -0.1\nconversion = 0.08"),
        "sources.facebook_ads.share",
        ["-0.1", "ngoài khoảng", "[0.0, 1.0]"],
        ["-0.1", "outside the allowed range", "[0.0, 1.0]"],
        id="negative-share",
    ),
    pytest.param(
        "spa",
        swap(SPA_FB, "share = inf\nconversion = 0.08"),
        "sources.facebook_ads.share",
        ["số hữu hạn", "inf"],
        ["finite number", "inf"],
        id="infinite-share",
    ),
    pytest.param(
        "spa",
        swap(SPA_FB, "share = nan\nconversion = 0.08"),
        "sources.facebook_ads.share",
        ["số hữu hạn", "nan"],
        ["finite number", "nan"],
        id="nan-share",
    ),
    pytest.param(
        "spa",
        swap(SPA_FB, 'share = "nhiều"\nconversion = 0.08'),
        "sources.facebook_ads.share",
        ["cần số", "'nhiều'"],
        ["expected a number", "'nhiều'"],
        id="text-share",
    ),
    pytest.param(
        "bolts",
        swap(BOLTS_STD_SHARES, "standard_shares = [-0.24, 0.18, 0.24, 0.16, 0.18]"),
        "products.standard_shares[0]",
        ["-0.24", "ngoài khoảng"],
        ["-0.24", "outside the allowed range"],
        id="negative-share-in-a-list",
    ),
    pytest.param(
        "bolts",
        swap(BOLTS_STD_SHARES, 'standard_shares = ["a", 0.18, 0.24, 0.16, 0.18]'),
        "products.standard_shares[0]",
        ["cần số", "'a'"],
        ["expected a number", "'a'"],
        id="text-in-a-share-list",
    ),
    pytest.param(
        "bolts",
        swap(BOLTS_STD_SHARES, "standard_shares = [nan, 0.18, 0.24, 0.16, 0.18]"),
        "products.standard_shares[0]",
        ["số hữu hạn"],
        ["finite number"],
        id="nan-in-a-share-list",
    ),
    pytest.param(
        "bolts",
        swap(BOLTS_STD_SHARES, "standard_shares = [0.24, 0.18, 0.24, 0.16]"),
        "products.standard_shares",
        ["đúng 5", "4"],
        ["exactly 5", "got 4"],
        id="share-list-too-short",
    ),
    # -- duplicate labels ---------------------------------------------------------------------------
    pytest.param(
        "spa",
        swap('label = "TikTok"', 'label = "Facebook Ads"'),
        "sources.tiktok.label",
        ["trùng", "sources.facebook_ads.label"],
        ["same as", "sources.facebook_ads.label"],
        id="two-sources-one-label",
    ),
    pytest.param(
        "spa",
        swap('label = "Nail"', 'label = "Massage & thư giãn"'),
        "groups.nail.label",
        ["trùng", "groups.massage.label"],
        ["same as", "groups.massage.label"],
        id="two-groups-one-label",
    ),
    pytest.param(
        "bolts",
        swap('label = "Cơ khí chế tạo"', 'label = "Xây dựng"'),
        "industries.co_khi_che_tao.label",
        ["trùng", "industries.xay_dung.label"],
        ["same as", "industries.xay_dung.label"],
        id="two-industries-one-label",
    ),
    pytest.param(
        "spa",
        swap('name = "Điều trị mụn chuyên sâu"', 'name = "Chăm sóc da cơ bản 60 phút"'),
        "services[1].name",
        ["trùng", "services[0].name"],
        ["same as", "services[0].name"],
        id="two-services-one-name",
    ),
    pytest.param(
        "bolts",
        swap(
            'name = "Bu lông cường độ cao M20 cấp 10.9"',
            'name = "Bu lông lục giác M12 cấp bền 8.8"',
        ),
        "products.items[1].name",
        ["trùng", "products.items[0].name"],
        ["same as", "products.items[0].name"],
        id="two-products-one-name",
    ),
    pytest.param(
        "bolts",
        swap('"Đổi trả", "Giao hàng trễ"', '"Giao hàng trễ", "Giao hàng trễ"'),
        "support.kinds[3]",
        ["trùng", "support.kinds[2]"],
        ["same as", "support.kinds[2]"],
        id="a-ticket-kind-twice",
    ),
    pytest.param(
        "bolts",
        swap('"DIN", "TCVN"]', '"DIN", "DIN"]'),
        "products.standards[4]",
        ["trùng", "products.standards[3]"],
        ["same as", "products.standards[3]"],
        id="a-standard-twice",
    ),
    pytest.param(
        "spa",
        swap('staff_id = "NV02"', 'staff_id = "NV01"'),
        "staff[1].staff_id",
        ["trùng", "staff[0].staff_id"],
        ["same as", "staff[0].staff_id"],
        id="two-staff-one-id",
    ),
    pytest.param(
        "spa",
        swap('id = "spa_referral_best"', 'id = "spa_facebook_volume"'),
        "stories[1].id",
        ["trùng", "stories[0].id"],
        ["same as", "stories[0].id"],
        id="two-stories-one-id",
    ),
    pytest.param(
        "spa",
        swap('label = "TikTok"', 'label = ""'),
        "sources.tiktok.label",
        ["để trống"],
        ["empty"],
        id="empty-label",
    ),
    # -- values of the wrong kind or out of range -----------------------------------------------------
    pytest.param(
        "spa",
        swap("conversion = 0.08", "conversion = true"),
        "sources.facebook_ads.conversion",
        ["cần số", "true"],
        ["expected a number", "true"],
        id="bool-where-number",
    ),
    pytest.param(
        "spa",
        both(drop_table("[shop]"), top('shop = ["Spa Hoa Sen"]')),
        "shop",
        ["cần một bảng", "danh sách"],
        ["expected a table", "a list"],
        id="list-where-table",
    ),
    pytest.param(
        "fashion",
        both(drop_table("[categories."), top('categories = ["Áo dài", "Đầm"]')),
        "categories",
        ["bảng các mục có tên", "danh sách"],
        ["table of named entries", "a list"],
        id="list-where-named-entries",
    ),
    pytest.param(
        "spa",
        both(drop_table("[[stories]]"), top('stories = "không có"')),
        "stories",
        ["[[stories]]", "chuỗi"],
        ["[[stories]]", "string"],
        id="text-where-list-of-tables",
    ),
    pytest.param(
        "spa",
        both(drop_table("[internal]"), top("internal = [4, 14]")),
        "internal",
        ["bảng số lượng", "[4, 14]"],
        ["table of internal-customer counts", "[4, 14]"],
        id="list-where-counts",
    ),
    pytest.param(
        "spa",
        swap("month_weights = [1.3,", "month_weights = [inf,"),
        "season.month_weights[0]",
        ["số hữu hạn"],
        ["finite number"],
        id="infinite-month-weight",
    ),
    pytest.param(
        "spa",
        lambda t: re.sub(
            r"month_weights = \[[^\]]*\]", "month_weights = [" + ", ".join(["0"] * 12) + "]", t
        ),
        "season.month_weights",
        ["lớn hơn 0"],
        ["above 0"],
        id="month-weights-all-zero",
    ),
    pytest.param(
        "spa",
        swap("month_weights = [1.3,", "month_weights = [true,"),
        "season.month_weights[0]",
        ["cần số", "true"],
        ["expected a number", "true"],
        id="bool-month-weight",
    ),
    pytest.param(
        "spa",
        swap("month_weights = [1.3, 1.0,", "month_weights = [1.0,"),
        "season.month_weights",
        ["đúng 12", "11"],
        ["exactly 12", "got 11"],
        id="eleven-months",
    ),
    pytest.param(
        "spa",
        swap("start_date = 2024-01-01", "start_date = 2024-01-01T08:00:00"),
        "start_date",
        ["YYYY-MM-DD", "không kèm giờ"],
        ["YYYY-MM-DD", "without a time"],
        id="date-with-a-time",
    ),
    pytest.param(
        "spa",
        swap("end_date = 2025-12-31", 'end_date = "31/12/2025"'),
        "end_date",
        ["YYYY-MM-DD", "'31/12/2025'"],
        ["YYYY-MM-DD", "'31/12/2025'"],
        id="day-first-date-text",
    ),
    pytest.param(
        "spa",
        swap("default_n = 4800", "default_n = 4800.5"),
        "default_n",
        ["số nguyên", "4800.5"],
        ["whole number", "4800.5"],
        id="fractional-default-size",
    ),
    pytest.param(
        "fashion",
        swap("orders_key = [14, 40]", "orders_key = [14.5, 40]"),
        "buying.orders_key[0]",
        ["số nguyên", "14.5"],
        ["whole number", "14.5"],
        id="fractional-order-count",
    ),
    pytest.param(
        "fashion",
        swap("orders_key = [14, 40]", "orders_key = [40, 14]"),
        "buying.orders_key",
        ["thấp > cao"],
        ["low > high"],
        id="range-upside-down",
    ),
    pytest.param(
        "spa",
        swap('"Cấp trên" = 4', '"Cấp trên" = -4'),
        'internal."Cấp trên"',
        ["-4", "ngoài khoảng"],
        ["-4", "outside the allowed range"],
        id="negative-count",
    ),
    pytest.param(
        "bolts",
        swap('trade = ["Xây dựng", "Kết cấu thép", "Đầu tư Xây dựng"]', "trade = []"),
        "industries.xay_dung.trade",
        ["ít nhất 1"],
        ["at least 1"],
        id="no-trade-words",
    ),
    pytest.param(
        "bolts",
        swap('trade = ["Xây dựng", "Kết cấu thép", "Đầu tư Xây dựng"]', "trade = [1, 2]"),
        "industries.xay_dung.trade[0]",
        ["chuỗi chữ"],
        ["expected a string"],
        id="numbers-where-words",
    ),
    pytest.param(
        "bolts",
        swap(
            'foreign_countries = ["Campuchia", "Lào", "Thái Lan", "Malaysia", "Indonesia"]',
            "foreign_countries = []",
        ),
        "geography.foreign_countries",
        ["ít nhất 1"],
        ["at least 1"],
        id="no-foreign-countries",
    ),
    pytest.param(
        "bolts",
        swap(BOLTS_KINDS, 'kinds = ["Giao hàng trễ"]'),
        "support.kinds",
        ["ít nhất 2"],
        ["at least 2"],
        id="one-ticket-kind",
    ),
    pytest.param(
        "bolts",
        swap('"TCVN"]', '"Đặt riêng"]'),
        "products.standards[4]",
        ["đặt riêng"],
        ["custom goods"],
        id="standard-named-like-custom-goods",
    ),
    pytest.param(
        "bolts",
        swap(
            'region_weight = { "Bắc" = 0.8, "Trung" = 0.7, "Nam" = 1.9 }',
            'region_weight = { "Bắc" = 0, "Trung" = 0, "Nam" = 0 }',
        ),
        "industries.xay_dung.region_weight",
        ["lớn hơn 0"],
        ["above 0"],
        id="region-weights-all-zero",
    ),
    pytest.param(
        "bolts",
        swap('region = "Bắc"', "region = 1"),
        "staff[0].region",
        ["chuỗi chữ"],
        ["expected a string"],
        id="number-where-region",
    ),
    pytest.param(
        "spa",
        swap('id = "spa_facebook_volume"', "id = 5"),
        "stories[0].id",
        ["chuỗi chữ"],
        ["expected a string"],
        id="number-where-story-id",
    ),
    pytest.param(
        "spa",
        top('normalise_shares = "có"'),
        "normalise_shares",
        ["true/false", "'có'"],
        ["true/false", "'có'"],
        id="text-where-switch",
    ),
]


@pytest.mark.parametrize(("case", "edit", "key", "vi_words", "en_words"), BAD)
def test_malformed_file_is_refused_naming_file_key_and_rule(
    tmp_path, case, edit, key, vi_words, en_words
):
    path = write(tmp_path, case, edit(shipped(case)))
    with pytest.raises(PhanloaiError) as err:
        phanloai.load(path, n=N)
    vi, en = err.value.vi, err.value.en
    assert vi.startswith(f"Tệp tham số '{path}'") and en.startswith(f"Parameter file '{path}'")
    assert f"khoá '{key}'" in vi and f"key '{key}'" in en
    for word in vi_words:
        assert word in vi
    for word in en_words:
        assert word in en


def test_at_least_twenty_malformed_files():
    assert len(BAD) >= 20


def test_unknown_keys_are_all_listed(tmp_path):
    text = both(top("mau_sac = 1"), top("kich_co = 2"))(shipped("spa"))
    with pytest.raises(PhanloaiError) as err:
        phanloai.load(write(tmp_path, "spa", text), n=N)
    assert "'kich_co'" in err.value.en and "'mau_sac'" in err.value.en
    assert "Other unknown keys" in err.value.en and "Các khoá lạ khác" in err.value.vi


# -- the same file through every door -----------------------------------------------------------------
def test_every_door_refuses_the_same_file(tmp_path, capsys, monkeypatch):
    path = write(
        tmp_path, "spa", swap("age_sd = 8.0", "age_sd = 8.0\nage_sdd = 9.0")(shipped("spa"))
    )
    for call in (lambda: phanloai.load(path, n=N), lambda: phanloai.load("spa", n=N, params=path)):
        with pytest.raises(PhanloaiError, match=r"people\.age_sdd"):
            call()
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "spa", "--n", str(N), "--params", str(path), "--out", "x/"]) == 2
    err = capsys.readouterr().err
    assert "people.age_sdd" in err and "did you mean 'people.age_sd'" in err and str(path) in err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("case", phanloai.CASES)
def test_shipped_file_copied_by_the_cli_loads_unchanged(tmp_path, capsys, case):
    out = tmp_path / f"{case}_cua_toi.toml"
    assert main(["params", case, "--out", str(out)]) == 0
    assert out.read_bytes() == (synthetic_dir() / f"{case}.toml").read_bytes()
    mine, default = phanloai.load(out, n=N, seed=3), phanloai.load(case, n=N, seed=3)
    for name, table in default.tables.items():
        pd.testing.assert_frame_equal(mine.tables[name], table)


@pytest.mark.parametrize("case", phanloai.CASES)
def test_shipped_files_have_no_unread_key(case):
    from phanloai.case import resolve_params

    _, p = resolve_params(case)
    assert p.unknown_keys()  # nothing read yet: every key is still unknown
    phanloai.load(case, n=N)  # reads each key (and would refuse an unknown one)


# -- encodings and files -------------------------------------------------------------------------------
@pytest.mark.parametrize("case", phanloai.CASES)
def test_byte_order_mark_is_accepted(tmp_path, case):
    path = tmp_path / f"{case}_bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + shipped(case).encode("utf-8"))
    with_bom, plain = phanloai.load(path, n=N, seed=1), phanloai.load(case, n=N, seed=1)
    pd.testing.assert_frame_equal(with_bom.customers, plain.customers)


@pytest.mark.parametrize(
    "encoding", ["utf-16", "cp1258", "latin-1"], ids=["utf16", "windows-vietnamese", "latin1"]
)
def test_file_not_in_utf8_names_the_file(tmp_path, encoding):
    path = tmp_path / "ngoai_utf8.toml"
    path.write_bytes(shipped("spa").encode(encoding, errors="replace"))
    with pytest.raises(PhanloaiError) as err:
        phanloai.load(path, n=N)
    assert str(path) in err.value.vi and "UTF-8" in err.value.vi
    assert str(path) in err.value.en and "not UTF-8 text" in err.value.en


def test_missing_file_folder_and_too_long_name(tmp_path):
    for path, vi, en in [
        (tmp_path / "khong_co.toml", "Không tìm thấy", "not found"),
        (tmp_path, "thư mục", "folder"),
        (tmp_path / ("a" * 300 + ".toml"), "Không đọc được", "Cannot read"),
    ]:
        with pytest.raises(PhanloaiError) as err:
            phanloai.load("spa", params=path)
        assert str(path) in err.value.vi and vi in err.value.vi
        assert str(path) in err.value.en and en in err.value.en


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "spa", shipped("spa"))
    path.chmod(0)
    with pytest.raises(PhanloaiError, match="Không đọc được"):
        phanloai.load(path, n=N)


# -- shares: the rule and the switch -------------------------------------------------------------------
SPA_SOURCE_SHARES = {
    "share = 0.36\nconversion = 0.08": "share = 36\nconversion = 0.08",
    "share = 0.14\nconversion = 0.13": "share = 14\nconversion = 0.13",
    "share = 0.11\nconversion = 0.22": "share = 11\nconversion = 0.22",
    "share = 0.10\nconversion = 0.24": "share = 10\nconversion = 0.24",
    "share = 0.06\nconversion = 0.20": "share = 6\nconversion = 0.20",
    "share = 0.07\nconversion = 0.20": "share = 7\nconversion = 0.20",
    "share = 0.09\nconversion = 0.55": "share = 9\nconversion = 0.55",
    "share = 0.07\nconversion = 0.36": "share = 7\nconversion = 0.36",
}


def percent_sources(text: str) -> str:
    for old, new in SPA_SOURCE_SHARES.items():
        text = swap(old, new)(text)
    return text


def test_percentages_are_refused_without_the_switch(tmp_path):
    with pytest.raises(PhanloaiError) as err:
        phanloai.load(write(tmp_path, "spa", percent_sources(shipped("spa"))), n=N)
    assert "khoá 'sources.facebook_ads.share'" in err.value.vi and "36" in err.value.en


def test_percentages_are_scaled_with_the_switch(tmp_path):
    text = top("normalise_shares = true")(percent_sources(shipped("spa")))
    case = phanloai.load(write(tmp_path, "spa", text), n=3000, seed=4)
    share = case.customers["source"].value_counts(normalize=True)
    assert share["Facebook Ads"] == pytest.approx(0.36, abs=0.04)
    assert share["Website"] == pytest.approx(0.06, abs=0.02)


def test_doubled_shares_with_the_switch_give_the_same_world(tmp_path):
    """Doubling a binary number is exact, so scaled back the shares are the shipped ones."""
    text = shipped("fashion")
    block = text[text.index("[categories.") : text.index("# Web:")]
    doubled = re.sub(r"share = ([0-9.]+)", lambda m: f"share = {2 * float(m.group(1))!r}", block)
    text = top("normalise_shares = true")(text.replace(block, doubled))
    mine = phanloai.load(write(tmp_path, "fashion", text), n=N, seed=2)
    pd.testing.assert_frame_equal(mine.orders, phanloai.load("fashion", n=N, seed=2).orders)
    phanloai.set_language("en")
    with pytest.raises(PhanloaiError, match=r"add up to 2\.000"):
        phanloai.load(write(tmp_path, "fashion", text.replace("normalise_shares = true", "")), n=N)


def test_shares_within_the_tolerance_are_accepted(tmp_path):
    text = swap(SPA_STAGES, SPA_STAGES.replace("0.42", "0.425"))(shipped("spa"))
    case = phanloai.load(write(tmp_path, "spa", text), n=N)
    assert len(case.customers) == N


def test_labels_may_hold_a_dot(tmp_path):
    text = swap('"Dưới 10 triệu" = 0.30', '"Dưới 10.5 triệu" = 0.30')(shipped("spa"))
    case = phanloai.load(write(tmp_path, "spa", text), n=N)
    assert "Dưới 10.5 triệu" in case.customers["income_band"].cat.categories


def test_size_given_does_not_hide_a_bad_default(tmp_path):
    text = swap("default_n = 4800", "default_n = true")(shipped("spa"))
    with pytest.raises(PhanloaiError, match="default_n"):
        phanloai.load(write(tmp_path, "spa", text), n=N)


def test_params_records_what_it_reads():
    p = Params({"a": {"b": 1.0, "c": 2}, "d": [{"e": "x"}]}, "mem.toml")
    assert sorted(p.unknown_keys()) == [("a", "b"), ("a", "c"), ("d", 0, "e")]
    assert p.get("a.b") == 1.0 and p.entries("d")[0].label("e") == "x"
    assert p.unknown_keys() == [("a", "c")]
    assert p.suggest(("a", "bb")) == "a.b"  # a name that was read, never 'a.c' (unread)
    assert p.suggest(("e",)) == "d[0].e"  # the same name, in its table
    phanloai.set_language("en")
    with pytest.raises(PhanloaiError, match=r"key 'a\.c': unknown key"):
        p.check_unknown()


def test_weights_too_large_to_add_up(tmp_path):
    text = swap("month_weights = [1.3, 1.0,", "month_weights = [1e308, 1e308,")(shipped("spa"))
    with pytest.raises(PhanloaiError) as err:
        phanloai.load(write(tmp_path, "spa", text), n=N)
    assert "khoá 'season.month_weights'" in err.value.vi and "add up" in err.value.en
    text = top("normalise_shares = true")(
        swap(SPA_FB, "share = 1e308\nconversion = 0.08")(
            swap("share = 0.14\nconversion = 0.13", "share = 1e308\nconversion = 0.13")(
                shipped("spa")
            )
        )
    )
    with pytest.raises(PhanloaiError, match="'sources'"):
        phanloai.load(write(tmp_path, "spa", text), n=N)
