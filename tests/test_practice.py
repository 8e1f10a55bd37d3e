"""The exercise kinds, with answers worked out by hand (not from the code under test)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import phanloai
from phanloai import practice


@pytest.fixture(autouse=True)
def _vietnamese():
    phanloai.set_language("vi")
    yield
    phanloai.set_language("vi")


def _number(value, kind="count", tolerance=0.005):
    return practice.number(
        "1", ("Bao nhiêu?", "How many?"), lambda: value, kind=kind, tolerance=tolerance,
        hint=("gợi ý", "hint"), how=("cách", "how"),
    )  # fmt: skip


def test_count_right_wrong_and_written_the_vietnamese_way():
    ex = _number(1250)
    assert ex.check(1250).kind == "right"
    assert ex.check("1.250").kind == "right"  # Vietnamese thousands dot
    assert ex.check(1255).kind == "right"  # within 0.5 % of 1250 (6.25)
    assert ex.check(1260).kind == "wrong"  # 10 away: outside 6.25
    assert "cao hơn" in str(ex.check(1300))
    assert "thấp hơn" in str(ex.check(1000))
    assert ex.check("nhiều lắm").kind == "malformed"
    assert ex.check(None).kind == "empty"


def test_a_count_of_people_is_exact_by_default():
    ex = practice.number(
        "1", ("Bao nhiêu khách?", "How many customers?"), lambda: 991,
        hint=("gợi ý", "hint"), how=("cách", "how"),
    )  # fmt: skip
    assert ex.check(991).kind == "right"
    assert ex.check(990).kind == "wrong"  # one customer short is not the count
    assert ex.check(992).kind == "wrong"


def test_money_read_as_written_in_vietnam():
    ex = _number(1_250_000, kind="money")
    assert ex.check("1.250.000 ₫").kind == "right"
    assert ex.check("1.250.000 đ").kind == "right"
    assert ex.check(1_500_000).kind == "wrong"


def test_share_as_fraction_or_percent():
    ex = _number(0.35, kind="share")
    assert ex.check(0.35).kind == "right"
    assert ex.check("35 %").kind == "right"
    assert ex.check("35%").kind == "right"
    assert ex.check(0.36).kind == "wrong"  # 1 point away; the tolerance is half a point
    assert ex.check(35).kind == "malformed"  # a percentage written as 35 is asked back


@pytest.mark.parametrize("right", [0.0, 0.05, 0.35, 0.6, 0.65, 0.8, 0.95, 1.0])
def test_share_samples_are_judged_as_they_say(right):
    """The wrong sample of a share stays a share (a 0.8 answer once got 1.3, 'malformed')."""
    judged = practice.check_samples(_number(right, kind="share"))
    assert {k: f.kind for k, f in judged.items()} == {
        "right": "right",
        "wrong": "wrong",
        "malformed": "malformed",
    }


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False), st.sampled_from(["count", "money"]))
def test_number_samples_property(value, kind):
    judged = practice.check_samples(_number(value, kind=kind))
    assert [judged[k].kind for k in ("right", "wrong", "malformed")] == [
        "right",
        "wrong",
        "malformed",
    ]


def _choice():
    return practice.choice(
        "2", ("Kênh nào?", "Which channel?"),
        lambda: [("facebook", "Facebook", "Facebook"), ("referral", "Giới thiệu", "Referral"),
                 ("walk_in", "Vãng lai", "Walk-in")],
        lambda: "referral",
        hint=("gợi ý", "hint"), why=lambda: ("vì chốt cao nhất", "it converts best"),
    )  # fmt: skip


def test_choice_by_letter_code_or_text():
    ex = _choice()
    for answer in ("B", "b", "B.", "referral", "Giới thiệu", "Referral"):
        assert ex.check(answer).kind == "right", answer
    assert ex.check("A").kind == "wrong"
    # a wrong pick is named (by letter, whichever way it was given) and the question's own hint
    # follows, not a remark about a chart the question may not have
    assert "bạn chọn C. Gợi ý: gợi ý" in str(ex.check("walk_in"))
    assert ex.check("D").kind == "malformed"
    assert "A, B, C" in str(ex.check("D"))


def test_choice_in_english():
    phanloai.set_language("en")
    ex = _choice()
    assert "Right (B)" in str(ex.check("B"))
    assert "it converts best" in str(ex.check("B"))
    assert "you picked A. Hint: hint" in str(ex.check("Facebook"))


def test_choice_options_are_on_lines_of_their_own_in_html():
    html = _choice()._repr_html_()
    assert "<br>A. Facebook<br>B. Giới thiệu<br>C. Vãng lai</div>" in html


FIRMS = pd.DataFrame(
    {"staff_count": [10, 50, 150, 250, 400], "revenue_bn": [1.0, 5.0, 20.0, 50.0, 300.0]}
)


def _thresholds():
    def target(labels):
        large = int((labels == "large").sum())
        return large == 3, f"{large} doanh nghiệp lớn", f"{large} large firms"

    return practice.thresholds(
        "3", ("Ngưỡng nào?", "Which limits?"), "company_size", lambda: FIRMS, target,
        right={"staff_max": 100}, wrong={"staff_max": 200}, hint=("gợi ý", "hint"),
    )  # fmt: skip


def test_thresholds_by_hand():
    ex = _thresholds()
    # staff_max 100: 150, 250, 400 staff are large → 3
    assert ex.check({"staff_max": 100}).kind == "right"
    # default 200: 250 and 400 are large (and 300 bn revenue is the 400-staff firm) → 2
    assert ex.check({"staff_max": 200}).kind == "wrong"
    assert "2 doanh nghiệp lớn" in str(ex.check({"staff_max": 200}))
    # revenue above 10 bn: the firms with 20, 50, 300 bn → 3
    assert ex.check({"revenue_max_bn": 10}).kind == "right"
    assert ex.check("cao hơn").kind == "malformed"
    # a parameter the scheme refuses is said, not raised
    assert ex.check({"staff_max": -5}).kind == "malformed"


def _strategy():
    return practice.strategy(
        "4", ("Chiến lược?", "Strategy?"), "relationship",
        levels=["won", "lost"], min_words=3, hint=("gợi ý", "hint"),
    )  # fmt: skip


def test_strategy_asks_every_segment_a_sentence_each_no_repeat():
    ex = _strategy()
    good = {"won": "gọi điện cảm ơn khách", "Không mua": "hỏi lý do không mua"}
    assert ex.check(good).kind == "right"
    assert "thiếu" in str(ex.check({"won": "gọi điện cảm ơn khách"}))
    assert "quá ngắn" in str(ex.check({"won": "cảm ơn", "lost": "hỏi lý do không mua"}))
    same = {"won": "gửi tin nhắn ưu đãi", "lost": "Gửi tin nhắn ưu đãi"}
    assert "cùng một câu" in str(ex.check(same))
    wrong_key = str(ex.check({**good, "vip": "tặng quà sinh nhật"}))
    assert "không có nhóm: ['vip']" in wrong_key and "các mã: won, lost" in wrong_key
    assert ex.check("chăm sóc tốt").kind == "malformed"


def test_strategy_takes_the_names_students_read_without_accents_or_brackets():
    ex = practice.strategy(
        "5", ("Chiến lược?", "Strategy?"), "rfm", levels=["champions", "at_risk"],
        min_words=3, hint=("gợi ý", "hint"),
    )  # fmt: skip
    # the tables say "Khách hàng xuất sắc (Champions)" and "Có nguy cơ rời bỏ (At risk)"
    answer = {"Khách hàng xuất sắc": "gửi quà tri ân sớm", "co nguy co roi bo": "gọi hỏi thăm"}
    assert ex.check(answer).kind == "right", str(ex.check(answer))
    assert ex.check({"Champions": "gửi quà tri ân sớm", "AT RISK": "gọi hỏi thăm"}).kind == "right"


def test_every_kind_hint_and_solution_in_both_languages():
    for ex in (_number(0.35, kind="share"), _choice(), _thresholds(), _strategy()):
        phanloai.set_language("vi")
        vi = (str(ex.hint()), str(ex.solution()))
        phanloai.set_language("en")
        en = (str(ex.hint()), str(ex.solution()))
        assert vi != en
    phanloai.set_language("en")
    assert "Answer: 35" in str(_number(0.35, kind="share").solution())
