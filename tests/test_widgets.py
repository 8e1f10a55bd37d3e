"""The explorers: built from each scheme's declaration, driven through every parameter's range
without raising, showing what the package computes; the comparison; the controls; bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai import PhanloaiError
from phanloai.schemes import SCHEMES
from phanloai.widgets.controls import ParamControl, snap

PNG = b"\x89PNG"


def _case_for(cases, scheme):
    return cases[next(c for c in scheme.cases if c in cases)]


@pytest.fixture(scope="module")
def small():
    """Small worlds: an explorer sweep classifies many times."""
    return {name: phanloai.load(name, n=2000 if name != "spa" else 1500) for name in phanloai.CASES}


@pytest.mark.parametrize("name", list(SCHEMES))
def test_every_explorer_through_every_parameters_range(small, name):
    scheme = SCHEMES[name]
    ex = phanloai.explore(_case_for(small, scheme), name)
    assert set(ex.controls) == set(scheme.params)  # one control per declared parameter
    assert bytes(ex.image.value[:4]) == PNG
    for pname, param in scheme.params.items():
        for value in param.grid():
            if param.choices and value not in ex.controls[pname].offered:  # the data lacks it
                with pytest.raises(PhanloaiError, match="chưa dùng được với dữ liệu này"):
                    ex.set(**{pname: value})
                continue
            ex.set(**{pname: snap(param, value)})
            assert bytes(ex.image.value[:4]) == PNG
            assert ex.report["customers"].sum() == len(ex.table)
        ex.set(**{pname: param.default})
    # what it shows is what the package computes for those parameters
    expected = phanloai.profile(ex.table, phanloai.classify(ex.table, name, **ex.params))
    pd.testing.assert_frame_equal(ex.report, expected)
    movable = any(
        not p.choices or len(ex.controls[n].offered) > 1 for n, p in scheme.params.items()
    )
    assert len(ex.timings) >= (1 if movable else 0) and all(t > 0 for t in ex.timings)


def test_explorer_tabs_and_why(small):
    ex = phanloai.explore(small["fashion"], "ladder")
    ex.tabs.selected_index = 2
    ex.who_level.value = "key"
    assert "Khách hàng lớn (Key account)" in ex.why.value and "<li>" in ex.why.value
    first = str(small["fashion"].customers["customer_id"].iloc[0])
    assert ex.who_id.placeholder == first  # an id of this table as the example
    ex.who_id.value = f" {first.lower()} "  # typed as people type
    name = str(small["fashion"].customers["full_name"].iloc[0])
    assert f"<b>{first}</b> ({name})" in ex.why.value
    ex.who_id.value = first
    expected = phanloai.explain(ex.table, "ladder")["reason"].iloc[0]
    assert expected in ex.why.value.replace("&#x27;", "'")
    ex.who_id.value = "KH9999999"
    assert "Không có khách" in ex.why.value
    ex.tabs.selected_index = 1
    ex.priority_by.value = "revenue"
    assert "<table" in ex.priority.value
    assert "Khách hàng lớn" in ex.levels.value  # the level sheet


def test_explorer_reasons_use_the_whole_table(small):
    """An RFM score depends on every row: the explorer's reason for one customer is the one
    ``explain`` gives on the whole table."""
    ex = phanloai.explore(small["fashion"], "rfm")
    buyers = np.flatnonzero((small["fashion"].customers["n_orders"] > 0).to_numpy())[:3]
    whole = phanloai.explain(ex.table, "rfm")["reason"].to_numpy()[buyers]
    assert ex.reasons_for(buyers) == list(whole)


def test_explorer_case_choice(small):
    ex = phanloai.explore("spa", "service_level")
    assert ex.data.choices == ["spa", "bolts", "fashion"]
    picker = ex.children[1]
    picker.value = "bolts"
    assert len(ex.table) == 10_000 and ex.report["customers"].sum() == 10_000


def test_explorer_on_a_table_of_ones_own():
    table = pd.DataFrame({"n_orders": [0, 1, 2, 5, 9], "customer_id": list("abcde")})
    ex = phanloai.explore(table, "service_level", loyal_orders=5)
    assert ex.params["loyal_orders"] == 5
    assert ex.labels.tolist() == ["none", "first", "repeat", "loyal", "loyal"]


def test_explorer_says_what_is_wrong():
    with pytest.raises(PhanloaiError, match="n_orders"):
        phanloai.explore(pd.DataFrame({"x": [1]}), "service_level")
    with pytest.raises(PhanloaiError, match="radius"):
        phanloai.explore("fashion", "ladder", radius=5)
    with pytest.raises(PhanloaiError, match="DataFrame"):
        phanloai.explore([1, 2], "ladder")


def test_a_clash_between_sliders_is_said_not_raised(small):
    """Said beside the sliders, by their labels; the picture and table, which no longer match
    the sliders, are hidden until the values fit again."""
    ex = phanloai.explore(small["spa"], "service_level")
    before = ex.image.value
    assert ex.children.index(ex.status) < ex.children.index(ex.tabs)  # above the chart
    ex.set(repeat_orders=5)  # now repeat 5 ≥ loyal 4: the parameters must increase
    assert (
        "«Số đơn để tính là mua lặp lại» (5) phải nhỏ hơn «Số đơn để tính là khách trung thành» (4)"
        in ex.status.value
    )
    assert ex.image.value == before and ex.image.layout.display == "none"
    assert ex.summary.layout.display == "none"
    ex.set(loyal_orders=8)
    assert ex.status.value == "" and ex.params == {"repeat_orders": 5, "loyal_orders": 8}
    assert ex.image.layout.display is None and ex.summary.layout.display is None
    with phanloai.language("en"):
        ex = phanloai.explore(small["fashion"], "rfm", method="fixed")
        ex.set(m_spend_1=50_000_000)  # above m_spend_2 (its default: 2 million)
        said = ex.status.value
    assert "must be below" in said and "50,000,000 VND" in said and "2,000,000 VND" in said


def test_a_clash_in_a_comparison_is_said_beside_its_sliders(small):
    cmp = phanloai.compare(small["spa"], "service_level", "relationship")
    cmp.controls_a["repeat_orders"].set(6)  # loyal stays at 4
    assert "«Số đơn để tính là mua lặp lại» (6) phải nhỏ hơn" in cmp.status.value
    assert cmp.image.layout.display == "none"
    cmp.controls_a["repeat_orders"].set(2)
    assert cmp.status.value == "" and cmp.image.layout.display is None


def test_the_library_says_an_order_clash_with_each_language_s_numbers():
    with pytest.raises(PhanloaiError) as err:
        phanloai.classify(
            pd.DataFrame({"recency_days": [1], "n_orders": [1], "total_spend": [1]}),
            "rfm",
            method="fixed",
            m_spend_1=50_000_000,
        )
    assert "m_spend_1 = 50.000.000" in err.value.vi and "m_spend_1 = 50,000,000" in err.value.en


def test_explorer_in_english(small):
    with phanloai.language("en"):
        ex = phanloai.explore(small["fashion"], "ladder")
        assert (
            "Key account" in ex.summary.value and "The six customer levels" in ex.children[0].value
        )
        assert ex.controls["radius_km"].box.children[0].value == "<b>Service radius (km)</b>"


def test_compare(small):
    cmp = phanloai.compare(small["bolts"], "company_size", "contract_status")
    assert bytes(cmp.image.value[:4]) == PNG
    assert int(cmp.table.to_numpy().sum()) == len(small["bolts"].customers)
    cmp.controls_a["staff_max"].set(50)
    expected = phanloai.cross(
        small["bolts"].customers,
        phanloai.classify(small["bolts"].customers, "company_size", staff_max=50),
        phanloai.classify(small["bolts"].customers, "contract_status"),
    )
    # nobody is unknown here, so the grid leaves the "unknown" row and column out
    assert "unknown" in expected.index and "unknown" not in cmp.table.index
    pd.testing.assert_frame_equal(
        cmp.table, expected.drop(index="unknown", columns="unknown"), check_index_type=False
    )
    cmp.values.value = "revenue"
    cmp.normalize.value = "index"
    assert np.allclose(cmp.table.sum(axis=1, min_count=1).dropna(), 1)  # rows with customers
    with pytest.raises(PhanloaiError, match="bảng"):
        phanloai.compare(small["spa"], "internal_external", "source")  # contacts vs customers


def test_compare_starts_with_shares_and_shows_unknown_when_there_is_one(small):
    firms = small["bolts"].customers.copy()
    firms.loc[firms.index[:3], "staff_count"] = None  # three firms whose size cannot be told
    firms.loc[firms.index[:3], "revenue_bn"] = None
    cmp = phanloai.compare(firms, "company_size", "contract_status", normalize="columns")
    assert cmp.normalize.value == "columns"
    assert "unknown" in cmp.table.index and "unknown" not in cmp.table.columns
    assert np.allclose(cmp.table.sum(axis=0), 1)  # shares within each column
    with pytest.raises(PhanloaiError, match="normalize"):
        phanloai.compare(firms, "company_size", "contract_status", normalize="rows")


@pytest.mark.parametrize(
    ("scheme", "param"),
    [
        ("ladder", "key_spend"),
        ("rfm", "m_spend_4"),
        ("product_need", "custom_min"),
        ("geographic", "radius_km"),
        ("rfm", "method"),
    ],
)
def test_controls_follow_the_declaration(scheme, param):
    p = SCHEMES[scheme].params[param]
    ctl = ParamControl(p)
    assert ctl.value == p.check("t", p.default)
    assert p.label in ctl.box.children[0].value
    for value in p.grid():
        ctl.set(snap(p, value))
        assert p.check("t", ctl.value) == ctl.value  # always a valid value for the scheme


def test_why_names_an_impossible_value():
    people = pd.DataFrame(
        {
            "customer_id": ["A", "B"],
            "n_orders": [3, 2],
            "total_spend": [3_000_000, 2_000_000],
            "distance_km": [-5.0, 2.0],  # A: a distance that cannot be
        }
    )
    ex = phanloai.explore(people, "ladder")
    assert ex.labels.tolist() == ["unknown", "rebuy"]
    why = ex.reasons_for(np.array([0, 1]))
    assert "-5" in why[0] and "Không xác định" in why[0]
    assert why[1] == phanloai.explain(people, "ladder")["reason"].iloc[1]


def test_chart_and_levels_follow_a_name_that_holds_the_parameter():
    """The geographic levels are named after the radius ("Trong bán kính 12 km"): a slider move
    lays the chart and the level table out again with the new names, not only new bars."""
    ex = phanloai.explore("fashion", "geographic", by="radius")
    assert any("10 km" in name for name in ex.chart.names)
    ex.controls["radius_km"].set(12)
    assert any("12 km" in name for name in ex.chart.names), ex.chart.names
    assert not any("10 km" in name for name in ex.chart.names)
    assert "12 km" in ex.levels.value
    assert any("12 km" in label for label, _ in ex.who_level.options)


def test_a_parameter_that_does_not_count_is_greyed_out(small):
    """The persona's gender and ages count only with persona='fits', the age edges only with
    by='age', the radius only with by='radius' (Param.only_when): their controls are disabled
    and say why until that choice is made, in both languages."""
    ex = phanloai.explore(small["fashion"], "ladder")
    persona = ("persona_gender", "persona_age_min", "persona_age_max")
    assert [ex.controls[n].input.disabled for n in persona] == [True, True, True]
    assert "Chỉ người hợp chân dung" in ex.controls["persona_age_min"].note.value
    assert ex.controls["persona_age_min"].box.layout.display == "none"  # out of sight too
    assert not ex.controls["radius_km"].input.disabled
    ex.set(persona="fits")
    assert [ex.controls[n].input.disabled for n in persona] == [False, False, False]
    assert ex.controls["persona_age_min"].note.value == ""
    assert ex.controls["persona_age_min"].box.layout.display is None
    rfm = phanloai.explore(small["fashion"], "rfm")  # by quantile: the twelve cuts hidden
    cuts = [n for n in rfm.controls if n[-2:] in ("_1", "_2", "_3", "_4")]
    assert len(cuts) == 12 and all(rfm.controls[n].box.layout.display == "none" for n in cuts)
    rfm.set(method="fixed")
    assert all(rfm.controls[n].box.layout.display is None for n in cuts)
    assert rfm.controls["bins"].box.layout.display == "none"
    ex.set(persona="all")
    assert ex.controls["persona_age_max"].input.disabled
    demo = phanloai.explore(small["spa"], "demographic", by="gender")
    assert all(demo.controls[f"age_{i}"].input.disabled for i in range(1, 5))
    demo.set(by="age")
    assert not any(demo.controls[f"age_{i}"].input.disabled for i in range(1, 5))
    with phanloai.language("en"):
        geo = phanloai.explore(small["fashion"], "geographic", by="region")
        assert geo.controls["radius_km"].input.disabled
        assert "Counts only when" in geo.controls["radius_km"].note.value


def test_only_when_must_name_a_choice_of_another_parameter():
    from dataclasses import replace

    scheme = SCHEMES["ladder"]
    bad = dict(scheme.params)
    bad["persona_age_min"] = replace(bad["persona_age_min"], only_when=("persona", "some"))
    bad["persona_age_max"] = replace(bad["persona_age_max"], only_when=("nothing", "fits"))
    problems = replace(scheme, params=bad).problems()
    words = " ".join(en for _, en in problems)
    assert "'persona_age_min' counts only when persona = 'some'" in words
    assert "'persona_age_max' counts only when nothing = 'fits'" in words
    assert not scheme.problems()
    # the choice comes first: the greyed-out control says "chosen above"
    later = {k: v for k, v in scheme.params.items() if k != "persona"}
    later["persona"] = scheme.params["persona"]
    words = " ".join(en for _, en in replace(scheme, params=later).problems())
    assert "'persona' must be declared before 'persona_gender'" in words


def test_a_choice_the_data_cannot_feed_is_refused_when_asked_for_by_name():
    table = pd.DataFrame({"customer_id": ["A", "B"], "region": ["Bắc", "Nam"]})
    with pytest.raises(PhanloaiError, match="chưa dùng được với dữ liệu này") as err:
        phanloai.explore(table, "geographic", by="radius")
    assert "distance_km" in err.value.en
    ex = phanloai.explore(table, "geographic")  # fitted quietly: nothing drawn twice
    assert ex.controls["by"].offered == ["region"] and ex.timings == []


def test_controls_fitted_to_one_case_offer_again_what_another_feeds(small):
    """clusters on the spa (no web visits), then the fashion shop (which has them)."""
    ex = phanloai.explore(small["spa"], "clusters")
    assert "engagement" not in ex.controls["features"].offered
    picker = next(c for c in ex.children if "phanloai-case" in c._dom_classes)
    ex.data.cases["fashion"] = small["fashion"]  # the small world, not a default one
    picker.value = "fashion"
    assert "engagement" in ex.controls["features"].offered
    assert ex.controls["features"].missing.value == ""
