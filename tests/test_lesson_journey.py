"""Lesson 04 (article 003): internal / external customers, the three service levels, the 4A / 5A
journeys, experience and the journey-mapping template.

Every expected answer is worked out here again with plain pandas — not with the lesson's own
helpers — at two seeds, on the spa and on the fashion shop."""

from __future__ import annotations

import re

import numpy as np
import openpyxl
import pandas as pd
import pytest

import phanloai
from phanloai import practice
from phanloai.lessons import LESSONS, facts
from phanloai.lessons import journey as lesson
from phanloai.reports.journey_map import (
    FILL_IN,
    STAGES,
    experience,
    journey_map,
    journey_steps,
    save_journey_map,
)

VIETNAMESE = re.compile(
    "[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.IGNORECASE
)
INTERNAL_VI = ["Cấp trên", "Đồng nghiệp", "Cấp dưới", "Chi nhánh khác", "Đối tác"]
WORLDS = [("spa", 0), ("spa", 1), ("fashion", 0), ("fashion", 1)]


@pytest.fixture(scope="module", params=WORLDS, ids=[f"{c}-{s}" for c, s in WORLDS])
def world(request):
    name, seed = request.param
    case = phanloai.load(name, seed=seed)
    return case, phanloai.exercises("journey", case)


# -- answers computed independently --------------------------------------------------------------
def stage_5a(c: pd.DataFrame) -> pd.Series:
    """The 5A stage by the declared default rules, in plain pandas (index into STAGES)."""
    stage = np.zeros(len(c), dtype=int)
    stage[(c["appeal_events"] >= 1).to_numpy()] = 1
    stage[(c["ask_events"] >= 1).to_numpy()] = 2
    stage[((c["n_orders"] >= 1) | (c["act_events"] >= 1)).to_numpy()] = 3
    stage[(c["advocate_events"] >= 1).to_numpy()] = 4
    return pd.Series(stage, index=c.index)


def expected(case) -> dict:
    c = case.customers
    buyers = c[c["n_orders"] >= 1]
    stage = stage_5a(c)
    reached = [int((stage >= i).sum()) for i in range(5)]
    rates = [reached[i] / reached[i - 1] for i in range(1, 5)]
    shares = {k: (buyers["n_orders"] >= k).mean() for k in range(2, 11)}
    k_star = next(k for k, s in shares.items() if s <= 1 / 3)
    spoke = buyers["advocate_events"] >= 1
    return {
        "q1": int(case.contacts["relation"].isin(INTERNAL_VI).sum()),
        "q2": float((buyers["n_orders"] >= 4).mean()),
        "q3": STAGES[1 + int(np.argmin(rates))],
        "q4": k_star,
        "q5": float(
            buyers.loc[spoke, "total_spend"].mean() / buyers.loc[~spoke, "total_spend"].mean()
        ),
        "repeat_spoke": float((buyers.loc[spoke, "n_orders"] >= 2).mean()),
        "repeat_quiet": float((buyers.loc[~spoke, "n_orders"] >= 2).mean()),
    }


def test_the_lesson_is_declared():
    assert LESSONS["journey"] is lesson
    assert lesson.NOTEBOOK == "04_hanh_trinh.ipynb"
    assert set(lesson.CASES) == {"spa", "fashion"}
    assert all(t.strip() for t in lesson.TITLE)
    with pytest.raises(phanloai.PhanloaiError):
        phanloai.exercises("journey", phanloai.load("bolts", n=300))


def test_exercises_cover_the_four_schemes(world):
    _, bt = world
    practised = {s for ex in bt.all for s in ex.schemes}
    assert {"internal_external", "service_level", "journey_4a", "journey_5a"} <= practised
    assert [ex.number for ex in bt.all] == ["1", "2", "3", "4", "5", "6"]
    kinds = {ex.judge.__qualname__.split(".")[0] for ex in bt.all}
    assert {"number", "choice", "thresholds", "strategy"} <= kinds


def test_samples_are_right_wrong_and_malformed_in_both_languages(world):
    _, bt = world
    for lang in ("vi", "en"):
        with phanloai.language(lang):
            for ex in bt.all:
                got = {k: f.kind for k, f in practice.check_samples(ex).items()}
                assert got == {"right": "right", "wrong": "wrong", "malformed": "malformed"}, (
                    lang,
                    ex.number,
                    got,
                )


def test_q1_internal_customers(world):
    case, bt = world
    want = expected(case)["q1"]
    assert want == len(case.tables["internal"])
    assert bt.q1.check(want).ok is True
    assert bt.q1.check(str(want)).ok is True
    assert bt.q1.check(want + 5).ok is False
    assert bt.q1.check(len(case.contacts)).ok is False  # everyone is not internal
    assert bt.q1.check("nhiều").ok is None


def test_q2_loyal_share(world):
    case, bt = world
    want = expected(case)["q2"]
    assert bt.q2.check(want).ok is True
    assert bt.q2.check(f"{want * 100:.1f} %".replace(".", ",")).ok is True
    assert bt.q2.check(want + 0.05).ok is False
    # the share of all contacts, not of buyers, is a classic slip
    loyal = (case.customers["n_orders"] >= 4).mean()
    assert bt.q2.check(float(loyal)).ok is False
    assert bt.q2.check(want * 100).ok is None  # 18.4 without "%" is asked back


def test_q3_lowest_step_rate(world):
    case, bt = world
    want = expected(case)["q3"]
    steps = list(STAGES[1:])  # option A is aware → appeal, B appeal → ask, …
    with phanloai.language("en"):
        shown = str(bt.q3)
    for letter, code in zip("ABCD", steps, strict=True):
        level = next(lv for lv in phanloai.SCHEMES["journey_5a"].levels_for() if lv.code == code)
        assert re.search(rf"^{letter}\. .* → {re.escape(level.en)}$", shown, re.M), shown
    letter = "ABCD"[steps.index(want)]
    assert bt.q3.check(letter).ok is True
    assert bt.q3.check(letter.lower()).ok is True
    assert bt.q3.check(want).ok is True
    assert bt.q3.check("ABCD"[(steps.index(want) + 1) % 4]).ok is False
    assert bt.q3.check("E").ok is None


def test_q4_act_again_threshold(world):
    case, bt = world
    k = expected(case)["q4"]
    assert bt.q4.check({"act_again_orders": k}).ok is True
    assert bt.q4.check({"act_again_orders": k, "min_interest": 3}).ok is True
    if k > 2:
        assert bt.q4.check({"act_again_orders": k - 1}).ok is False  # over a third
    assert bt.q4.check({"act_again_orders": k + 1}).ok is False  # not the smallest
    assert bt.q4.check({"act_again_orders": 99}).ok is None  # outside the slider's range
    assert bt.q4.check({"no_such_param": 3}).ok is None
    assert bt.q4.check(3).ok is None


def test_q5_spend_ratio(world):
    case, bt = world
    want = expected(case)["q5"]
    assert want > 1  # buyers who spoke up spend more, in every world
    assert bt.q5.check(round(want, 2)).ok is True
    assert bt.q5.check(f"{want:.2f}".replace(".", ",")).ok is True
    assert bt.q5.check(want * 1.1).ok is False
    assert bt.q5.check(1 / want).ok is False  # the ratio the other way round
    assert bt.q5.check("gấp đôi").ok is None


def test_q6_strategy_per_5a_stage(world):
    _, bt = world
    good = {
        "aware": "Marketing: chạy quảng cáo nhắc lại cho người đã xem video",
        "appeal": "Marketing: gửi bảng giá kèm ưu đãi có hạn trong tuần",
        "ask": "Tư vấn: gọi lại trong ngày và đề nghị một lịch hẹn",
        "act": "Kỹ thuật viên và lễ tân: hỏi cảm nhận sau mỗi buổi",
        "advocate": "Chăm sóc khách hàng: cảm ơn và tặng quà khi giới thiệu bạn",
    }
    assert bt.q6.check(good).ok is True
    missing = dict(good)
    del missing["advocate"]
    assert bt.q6.check(missing).ok is False
    assert bt.q6.check({**good, "ask": "gọi"}).ok is False  # too short
    assert bt.q6.check("làm marketing tốt").ok is None


def test_english_texts_are_english(world):
    _, bt = world
    with phanloai.language("en"):
        for ex in bt.all:
            for text in (str(ex), str(ex.hint()), str(ex.solution())):
                assert text.strip()
                assert not VIETNAMESE.search(text), (ex.number, text)
            samples = practice.check_samples(ex)
            for kind in ("right", "wrong"):  # a malformed answer is echoed as it was written
                assert not VIETNAMESE.search(str(samples[kind])), (ex.number, str(samples[kind]))


def test_hints_name_the_case_in_front_of_the_student(world):
    case, bt = world
    assert f"{case.name}.contacts" in str(bt.q1.hint())
    assert f"{case.name}.customers" in str(bt.q5.solution())


@pytest.mark.parametrize("seed", [0, 1])
def test_facts_quoted_in_the_notebook(seed):
    case = phanloai.load("spa", seed=seed)
    want = expected(case)
    assert facts.value("spa.journey_advocate_repeat", seed) == pytest.approx(want["repeat_spoke"])
    assert facts.value("spa.journey_quiet_repeat", seed) == pytest.approx(want["repeat_quiet"])
    assert want["repeat_spoke"] > want["repeat_quiet"]


# -- the journey map -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["spa", "fashion", "bolts"])
def test_journey_map_counts_every_event_once(name):
    case = phanloai.load(name, n=2000, seed=3)
    before = case.events.copy()
    table = journey_map(case)
    pd.testing.assert_frame_equal(case.events, before)  # the input is not touched
    assert int(table["events"].sum()) == len(case.events)
    assert list(table.index) == list(range(1, len(table) + 1))
    assert list(table.columns[-3:]) == list(FILL_IN)
    assert (table[list(FILL_IN)] == "").all().all()
    # stages in 5A order, every stage present, busiest touchpoint first within a stage
    order = [STAGES.index(s) for s in table["journey_stage"]]
    assert order == sorted(order) and set(table["journey_stage"]) == set(STAGES)
    for _, part in table.groupby("journey_stage"):
        assert part["events"].is_monotonic_decreasing
        if part["events"].sum():
            assert part["share_in_stage"].sum() == pytest.approx(1.0)
    # each row, counted again with pandas
    ev = case.events.assign(event_type=case.events["event_type"].astype(str))
    for row in table[table["events"] > 0].itertuples():
        mine = ev[ev["event_type"] == row.touchpoint]
        assert row.events == len(mine)
        assert row.customers == mine["customer_id"].nunique()


def test_journey_map_by_channel():
    spa = phanloai.load("spa", n=2000, seed=5)
    table = journey_map(spa, channels=True)
    assert "touch_channel" in table.columns
    assert int(table["events"].sum()) == len(spa.events)
    ev = spa.events.astype({"event_type": str, "channel": str})
    want = ev.groupby(["event_type", "channel"]).size()
    got = table.set_index(["touchpoint", "touch_channel"])["events"]
    assert got.sort_index().to_dict() == want[want > 0].sort_index().to_dict()


def test_journey_map_on_the_fashion_shop_uses_session_sources():
    fashion = phanloai.load("fashion", n=3000, seed=2)
    table = journey_map(fashion, channels=True)
    assert int(table["events"].sum()) == len(fashion.events)
    # the aware stage is not in the web events: one row left for the class
    aware = table[table["journey_stage"] == "aware"]
    assert aware["touchpoint"].tolist() == ["not_recorded"] and aware["events"].sum() == 0
    # web events take their session's traffic source; reviews (no session) have no channel
    source = fashion.sessions.set_index(fashion.sessions["session_id"].astype(str))[
        "traffic_source"
    ]
    views = fashion.events[fashion.events["event_type"] == "xem_trang"]
    want = source.reindex(views["session_id"].astype(str)).astype(str).value_counts()
    got = table[table["touchpoint"] == "xem_trang"].set_index("touch_channel")["events"]
    assert got.to_dict() == want[want > 0].to_dict()
    reviews = table[table["touchpoint"] == "danh_gia_san_pham"]
    assert reviews["touch_channel"].isna().all()


def test_journey_map_is_shown_in_words_in_both_languages():
    spa = phanloai.load("spa", n=1500, seed=1)
    table = journey_map(spa, channels=True)
    for lang, stage, head in (
        ("vi", "Tìm hiểu (Ask)", "Bộ phận phụ trách"),
        ("en", "Ask", "Department in charge"),
    ):
        with phanloai.language(lang):
            shown = phanloai.show(table, n=None).data
            assert head in shown.columns and stage in set(shown.iloc[:, 0])
            codes = set(table["touchpoint"]) | {"journey_stage", "touchpoint", "touch_channel"}
            cells = set(shown.astype(str).to_numpy().ravel()) | set(shown.columns)
            assert not codes & cells, codes & cells
    with phanloai.language("en"):
        words = phanloai.in_words(journey_steps())
        assert not VIETNAMESE.search(words.to_string())


def test_journey_map_of_an_events_table_of_ones_own():
    events = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c", "c"],
            "event_type": ["saw_post", "called", "called", "bought", "weird"],
            "channel": ["Facebook", "Phone", "Phone", "Shop", None],
        }
    )
    stages = {"saw_post": "aware", "called": "ask", "bought": "act"}
    table = journey_map(events, stages=stages, channels=True)
    assert table["journey_stage"].tolist() == [
        "aware",
        "appeal",
        "ask",
        "act",
        "advocate",
        "unknown",
    ]
    assert table.set_index("touchpoint").loc["called", "customers"] == 2
    assert table["journey_stage"].iloc[-1] == "unknown"  # an event type with no stage, last
    assert phanloai.show(table, n=None).data.shape[0] == 6


@pytest.mark.parametrize(
    "call",
    [
        lambda spa: journey_map(spa, channels="yes"),
        lambda spa: journey_map(spa, stages={"thay_quang_cao": "buy"}),
        lambda spa: journey_map(spa.events.drop(columns="event_type")),
        lambda spa: journey_map([1, 2, 3]),
        lambda spa: save_journey_map(spa.events, "x.xlsx"),
        lambda spa: save_journey_map(journey_map(spa), "x.csv"),
        lambda spa: experience(spa.customers.drop(columns="advocate_events")),
    ],
)
def test_bad_input_is_a_clear_error(call):
    spa = phanloai.load("spa", n=500)
    with pytest.raises(phanloai.PhanloaiError):
        call(spa)


def test_save_journey_map_writes_a_sheet_to_fill(tmp_path):
    spa = phanloai.load("spa", n=1500)
    table = journey_map(spa)
    path = save_journey_map(table, tmp_path / "ban_do.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["ban_do_hanh_trinh"]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Bước 5A", "Điểm tiếp xúc"] and header[-1] == "Việc cần làm"
    assert sheet.max_row == len(table) + 1
    assert sheet.cell(row=2, column=1).value == "Nhận biết (Aware)"
    assert "cac_buoc" in book.sheetnames
    with pytest.raises(phanloai.PhanloaiError):  # never overwritten by accident
        save_journey_map(table, path)
    with phanloai.language("en"):
        again = save_journey_map(table, path, force=True)
    assert openpyxl.load_workbook(again)["journey_map"].cell(row=1, column=1).value == "5A stage"


@pytest.mark.parametrize("name,seed", [("spa", 0), ("fashion", 1)])
def test_experience_table(name, seed):
    case = phanloai.load(name, seed=seed)
    c = case.customers
    table = experience(c)
    buyers = c[c["n_orders"] >= 1]
    spoke = buyers["advocate_events"] >= 1
    assert table.loc["advocate", "customers"] == int(spoke.sum())
    assert table.loc["quiet", "customers"] == int((~spoke).sum())
    assert table.loc["advocate", "repeat_share"] == pytest.approx(
        (buyers.loc[spoke, "n_orders"] >= 2).mean()
    )
    assert table.loc["quiet", "revenue_per_customer"] == pytest.approx(
        buyers.loc[~spoke, "total_spend"].mean()
    )
    shown = phanloai.show(table).data
    assert "Tỷ lệ mua lại" in shown.columns and "Chưa lên tiếng" in shown.index
