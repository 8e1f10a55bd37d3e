"""Lesson 07 "Dữ liệu của bạn": the exercises' answers, worked out from what was planted in the
messy sample (:mod:`phanloai.intake.sample`) and from small files written here by hand."""

from __future__ import annotations

import pytest

import phanloai
from phanloai.intake.sample import messy_files
from phanloai.lessons import your_data as lesson


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = messy_files(tmp_path_factory.mktemp("mau"))
    return phanloai.from_files(customers=folder / "khach_hang.csv", orders=folder / "don_hang.xlsx")


def test_the_sample_has_the_two_planted_order_errors(sample):
    # planted: one date "32/13/2025" and one amount "liên hệ"; nothing else is unreadable
    assert lesson.error_rows(sample, "orders") == 2


def test_the_sample_has_one_row_sharing_a_phone(sample):
    # planted: row 61's phone copied onto row 60 (two people of one family)
    assert lesson.shared_phones(sample) == 1


def test_commonest_old_province_of_a_hand_made_list(tmp_path):
    path = tmp_path / "khach.csv"
    path.write_text(
        "Mã KH,Họ tên,Tỉnh/Thành phố\n"
        "KH1,An,Bình Dương\nKH2,Bình,Bình Dương\nKH3,Chi,Hà Tây\nKH4,Dũng,Hà Nội\n",
        encoding="utf-8",
    )
    case = phanloai.from_files(customers=path)
    assert lesson.commonest_old_province(case) == "Bình Dương"
    province = lesson.exercises(case)[1]
    # Bình Dương joined Ho Chi Minh City on 1 July 2025 (Resolution 202/2025/QH15)
    assert province.check("TP Hồ Chí Minh").ok is True
    assert province.check("Bình Dương").ok is False


def test_no_old_province_means_none(tmp_path):
    path = tmp_path / "khach.csv"
    path.write_text("Mã KH,Tỉnh/Thành phố\nKH1,Hà Nội\nKH2,Huế\n", encoding="utf-8")
    assert lesson.commonest_old_province(phanloai.from_files(customers=path)) is None
