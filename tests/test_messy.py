"""Messy mode (issue 12): the same world as a real CRM holds it, and cleaning it through the door
for data recovers the clean world — the same people with the same labels. Expected values come
from the clean world and from what ``case.messy`` says was done, never from ``clean`` itself."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

import phanloai
from phanloai import SCHEMES, PhanloaiError
from phanloai.intake.places import current_provinces
from phanloai.messy import RATES, clean, make_messy

SIZE = 1500


@pytest.fixture(scope="module", params=["spa", "bolts", "fashion"])
def worlds(request):
    clean_world = phanloai.load(request.param, n=SIZE, seed=4)
    return clean_world, phanloai.load(request.param, n=SIZE, seed=4, messy=True)


def _labels(table, scheme):
    try:
        labels = phanloai.classify(table, scheme)
    except PhanloaiError:
        return None
    return pd.Series(labels.astype(str).to_numpy(), index=table["customer_id"].astype(str))


def test_the_mess_is_what_a_crm_holds(worlds):
    world, messy = worlds
    c, truth = messy.customers, messy.messy
    assert len(truth["duplicate_of"]) == round(RATES["duplicate"] * SIZE)
    assert len(truth["junk"]) == round(RATES["junk"] * SIZE)
    assert len(c) == SIZE + len(truth["duplicate_of"]) + len(truth["junk"])
    # every duplicate has its original's phone digits, and no order of its own
    by_id = c.set_index("customer_id")
    for copy, original in list(truth["duplicate_of"].items())[:20]:
        digits = [
            "".join(ch for ch in str(by_id.loc[k, "phone"]) if ch.isdigit())[-9:]
            for k in (copy, original)
        ]
        assert digits[0] == digits[1] and by_id.loc[copy, "n_orders"] == 0
    assert c["source"].isna().sum() == len(truth["source_blank"]) + len(truth["junk"])
    current = set(current_provinces()["province"])
    written = c.loc[c["customer_id"].isin(truth["province_old"]), "province"]
    assert len(written) and not written.isin(current).any()  # names from before 1/7/2025
    assert c["phone"].astype(str).str.startswith("+84").any()
    name = "full_name" if "full_name" in c else "contact_name"
    texts = c[name].dropna().astype(str)
    assert (texts != texts.map(lambda t: unicodedata.normalize("NFC", t))).any()  # decomposed


def test_the_same_seed_gives_the_same_mess_and_the_clean_world_is_untouched(worlds):
    world, messy = worlds
    again = phanloai.load(world.name, n=SIZE, seed=4, messy=True)
    pd.testing.assert_frame_equal(messy.customers, again.customers)
    pd.testing.assert_frame_equal(
        world.customers, phanloai.load(world.name, n=SIZE, seed=4).customers
    )
    pd.testing.assert_frame_equal(messy.tables["orders"], world.tables["orders"])
    other = phanloai.load(world.name, n=SIZE, seed=5, messy=True)
    assert set(other.messy["junk"]) != set(messy.messy["junk"]) or not other.customers.equals(
        messy.customers
    )


def test_cleaning_through_the_door_recovers_the_clean_world(worlds):
    world, messy = worlds
    cleaned, removed = clean(messy)
    truth = messy.messy
    assert set(cleaned["customer_id"].astype(str)) == set(
        world.customers["customer_id"].astype(str)
    )
    # every removed contact is one the mess added; duplicates merged into their original
    dup = removed[removed["why"] == "duplicate"]
    assert set(removed["customer_id"]) == set(truth["duplicate_of"]) | set(truth["junk"])
    assert all(
        truth["duplicate_of"].get(k, v) == v
        for k, v in zip(dup["customer_id"], dup["kept"], strict=True)
    )
    compared = []
    for scheme in SCHEMES:
        before, after = _labels(world.customers, scheme), _labels(cleaned, scheme)
        if before is None or after is None:
            continue
        differ = set(before.index[before != after.reindex(before.index)])
        if scheme == "source":  # a blanked source cannot be recovered: those become Unknown
            assert differ == set(truth["source_blank"])
        else:
            assert not differ, (scheme, sorted(differ)[:5])
        compared.append(scheme)
    assert {"ladder", "rfm", "geographic", "source"} <= set(compared)


def test_an_unknown_kind_of_mess_is_refused():
    world = phanloai.load("spa", n=100)
    with pytest.raises(PhanloaiError, match="không có loại lộn xộn typo"):
        make_messy(world, {"typo": 0.1})
