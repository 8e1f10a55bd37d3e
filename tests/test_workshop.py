"""The workshop dashboard without a browser: what it builds, the lists it saves (never over a
file), the language switch, and the command that serves it (the browser test opens it for real)."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

import phanloai
from phanloai import PhanloaiError
from phanloai.cli import main
from phanloai.dashboard import dashboard_notebook, voila_command


@pytest.fixture
def small():
    return phanloai.load("spa", n=600)


def test_builds_for_every_case_with_a_sensible_first_scheme(tmp_path):
    first = {"spa": "relationship", "bolts": "company_size", "fashion": "ladder"}
    for name in phanloai.CASES:
        w = phanloai.workshop(phanloai.load(name, n=500), downloads=tmp_path)
        assert w.explorer.scheme.code == first[name]
        assert all(name in phanloai.SCHEMES[c].cases for c in w.codes)
        assert [w.tabs.get_title(i) for i in range(3)] == [
            "Khám phá",
            "So sánh hai cách",
            "Tải danh sách",
        ]


def test_choosing_a_scheme_and_comparing(small, tmp_path):
    w = phanloai.workshop(small, downloads=tmp_path)
    w.scheme.value = "service_level"
    assert w.explorer.scheme.code == "service_level"
    assert w.comparison is None  # made when its tab is first opened
    w.tabs.selected_index = 1
    other = w.compare_with.value
    assert other != "service_level" and other is not None
    k = small.customers
    expected = phanloai.cross(k, phanloai.classify(k, "service_level"), phanloai.classify(k, other))
    shown = w.comparison.table
    assert int(shown.to_numpy().sum()) == len(k)
    for row in shown.index:
        for col in shown.columns:
            assert shown.loc[row, col] == expected.loc[row, col]
    assert "internal_external" not in [c for _, c in w.compare_with.options]  # other table


def test_lists_follow_the_sliders_and_never_overwrite(small, tmp_path):
    w = phanloai.workshop(small, scheme="service_level", downloads=tmp_path)
    w.explorer.controls["loyal_orders"].set(3)
    taken = tmp_path / "spa_service_level.xlsx"
    taken.write_bytes(b"a trainer's own file")
    first = w.save_lists()
    assert first.name == "spa_service_level (2).xlsx"
    assert taken.read_bytes() == b"a trainer's own file"
    second = w.save_lists()
    assert second.name == "spa_service_level (3).xlsx"
    wb = openpyxl.load_workbook(first)
    summary = [r for r in wb["Tổng hợp"].iter_rows(values_only=True) if r[0] == "Trung thành"]
    loyal = int((small.customers["n_orders"] >= 3).sum())  # loyal from 3 orders, as the slider says
    assert summary[0][1] == loyal
    assert "phanloai-download" in w.result.value and "base64," in w.result.value


def test_one_list_per_salesperson_and_csv(small, tmp_path):
    w = phanloai.workshop(small, scheme="relationship", downloads=tmp_path)
    w.split.value = "staff_id"
    path = w.save_lists()
    staff = sorted(small.customers["staff_id"].dropna().unique())
    assert openpyxl.load_workbook(path).sheetnames[1:] == staff
    w.file_kind.value = ".csv"
    csv = w.save_lists()
    assert csv.suffix == ".csv"
    assert len(pd.read_csv(csv, encoding="utf-8-sig")) == len(small.customers)


def test_language_switch_keeps_the_parameters(small, tmp_path):
    w = phanloai.workshop(small, scheme="service_level", downloads=tmp_path)
    try:
        w.explorer.controls["loyal_orders"].set(5)
        w.language.value = "en"
        assert w.explorer.params["loyal_orders"] == 5
        assert w.tabs.get_title(2) == "Download lists"
        assert w.scheme.description == "Classification"
        w.language.value = "vi"
        assert w.tabs.get_title(2) == "Tải danh sách"
    finally:
        phanloai.set_language("vi")


def test_language_switch_keeps_the_place_and_the_lists_saved(small, tmp_path):
    """A trainer on the lists tab, lists split by salesperson and saved, presses English: the
    page stays on that tab, with the same split and the link to the same file, now in English;
    the comparison chosen stays chosen."""
    w = phanloai.workshop(small, scheme="service_level", downloads=tmp_path)
    try:
        # what a dropdown shows in the browser is its index: None would be an empty box
        assert w.split.index == 0 and w.split.value == ""
        assert w.explorer.who_level.index == 0
        w.tabs.selected_index = 1
        against = [c for _, c in w.compare_with.options][-1]
        w.compare_with.value = against
        w.tabs.selected_index = 2
        w.split.value = "staff_id"
        w.file_kind.value = ".csv"
        path = w.save_lists()
        assert path.name == "spa_service_level_staff_id.csv"
        w.language.value = "en"
        assert w.tabs.selected_index == 2 and w.tabs.get_title(2) == "Download lists"
        assert w.split.value == "staff_id" and w.file_kind.value == ".csv"
        assert "Saved" in w.result.value and path.name in w.result.value
        assert w.compare_with.value == against
        w.tabs.selected_index = 1
        assert w.comparison is not None and w.comparison.schemes[1].code == against
    finally:
        phanloai.set_language("vi")


def test_bad_input_is_said(tmp_path):
    with pytest.raises(PhanloaiError, match="tình huống"):
        phanloai.workshop("bakery", downloads=tmp_path)
    with pytest.raises(PhanloaiError, match="company_size"):  # a B2B scheme on a spa
        phanloai.workshop(phanloai.load("spa", n=300), scheme="company_size", downloads=tmp_path)


def test_the_served_notebook_and_command(tmp_path):
    nb = dashboard_notebook("bolts", "en", tmp_path / "danh_sach")
    assert len(nb.cells) == 1
    code = nb.cells[0].source
    assert "phanloai.workshop('bolts'" in code and "set_language('en')" in code
    command = voila_command(tmp_path / "x.ipynb", 8899, open_browser=False)
    assert "--strip_sources=True" in command  # no code cell is shown
    assert "--Voila.ip=127.0.0.1" in command  # only this computer
    assert "--no-browser" in command and "--port=8899" in command


def test_cli_refuses_an_unknown_case(capsys):
    assert main(["workshop", "bakery", "--no-browser"]) == 2
    assert "Không có tình huống" in capsys.readouterr().err


def test_the_dashboard_works_on_your_own_files(tmp_path):
    from phanloai.intake.sample import messy_files

    folder = messy_files(tmp_path / "mau")
    data = phanloai.from_files(customers=folder / "khach_hang.csv", orders=folder / "don_hang.xlsx")
    board = phanloai.workshop(data, downloads=tmp_path / "ds")
    # the sample has orders, provinces and sources but no events: exactly what it can feed
    assert board.codes == data.schemes()
    assert {"rfm", "ladder", "geographic", "source"} <= set(board.codes)
    assert "journey_5a" not in board.codes
    nb = dashboard_notebook(
        str(folder / "khach_hang.csv"), "vi", tmp_path / "ds", folder / "x.xlsx"
    )
    code = nb.cells[0].source
    assert "phanloai.from_files(customers=" in code and "x.xlsx" in code


def test_the_dashboard_refuses_what_it_cannot_serve(tmp_path, monkeypatch):
    from phanloai.dashboard import serve

    with pytest.raises(PhanloaiError, match="Không có tình huống hay tệp 'khong_co.csv'"):
        serve("khong_co.csv", open_browser=False)
    with pytest.raises(PhanloaiError, match="--orders"):
        serve("spa", orders="don_hang.xlsx", open_browser=False)
    only_names = tmp_path / "ten.csv"
    only_names.write_text("Họ tên\nAn\nBình\n", encoding="utf-8")
    data = phanloai.from_files(customers=only_names)
    monkeypatch.setattr(type(data), "schemes", lambda self: [])
    with pytest.raises(PhanloaiError, match="chưa đủ cột cho cách phân loại nào"):
        phanloai.workshop(data, downloads=tmp_path / "ds")


def test_on_your_own_data_only_the_choices_it_can_feed_are_offered(tmp_path):
    """Own data with provinces and orders but no distance and no web visits: the geographic
    classification offers 'by region' only (its radius slider hidden), the clusters leave out
    the web-engagement features, and each says why beside the control."""
    customers, orders = tmp_path / "khach.csv", tmp_path / "don.csv"
    customers.write_text(
        "Mã KH,Tỉnh/Thành phố\n"
        + "".join(f"K{i},{p}\n" for i, p in enumerate(["Hà Nội", "Huế"] * 30)),
        encoding="utf-8",
    )
    orders.write_text(
        "Mã KH,Ngày mua,Thành tiền\n"
        + "".join(f"K{i % 60},{1 + i % 28:02d}/01/2025,{100 + i}.000\n" for i in range(150)),
        encoding="utf-8",
    )
    w = phanloai.workshop(phanloai.from_files(customers, orders=orders), downloads=tmp_path)
    w.scheme.value = "geographic"
    by = w.explorer.controls["by"]
    assert [c for _, c in by.input.options] == ["region"]
    assert "«Bán kính quanh cửa hàng» (cần cột Khoảng cách" in by.missing.value
    assert w.explorer.controls["radius_km"].box.layout.display == "none"
    w.scheme.value = "clusters"
    features = w.explorer.controls["features"]
    offered = [c for _, c in features.input.options]
    assert "engagement" not in offered and "value" in offered
    assert "(cần cột Số trang đã xem, Số lần thêm vào giỏ hàng" in features.missing.value


def test_no_list_is_made_while_two_sliders_are_out_of_order(small, tmp_path):
    """Repeat from 10 orders, loyal from 4: the segments on screen do not exist; the other
    views are hidden and the lists button says so instead of saving the last valid ones."""
    w = phanloai.workshop(small, scheme="service_level", downloads=tmp_path)
    w.explorer.controls["repeat_orders"].set(10)
    ex = w.explorer
    assert ex.problem is not None and "«Số đơn để tính là mua lặp lại» (10)" in ex.problem
    assert ex.priority.layout.display == "none" and ex.why.layout.display == "none"
    with pytest.raises(PhanloaiError, match="Chưa tạo danh sách") as err:
        w.save_lists()
    assert err.value.en.startswith("No lists made: “Orders to count as a repeat customer” (10)")
    assert "Chưa tạo danh sách" in w.result.value and list(tmp_path.iterdir()) == []
    w.explorer.controls["repeat_orders"].set(2)
    assert ex.problem is None and ex.priority.layout.display is None
    assert w.save_lists().exists()


def test_switching_language_while_two_sliders_clash_shows_the_last_valid_page(small, tmp_path):
    w = phanloai.workshop(small, scheme="service_level", downloads=tmp_path)
    try:
        w.explorer.controls["repeat_orders"].set(10)  # loyal stays at 4
        w.language.value = "en"
        assert w.explorer.problem is None
        assert w.explorer.params == {"repeat_orders": 2, "loyal_orders": 4}  # the defaults
    finally:
        phanloai.set_language("vi")
