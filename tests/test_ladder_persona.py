"""The persona-aware ladder (issue 12, article 004): with persona="fits" a non-buyer who does not
fit the persona is "outside"; suspects and prospects are people who fit it. Worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai import PhanloaiError

TABLE = pd.DataFrame(
    {
        "customer_id": ["A", "B", "C", "D", "E", "F"],
        "gender": ["Nữ", "Nữ", "Nam", "Nữ", "Nam", "Nữ"],
        "age": [35, 35, 35, 50, 60, np.nan],
        "distance_km": [5.0, 20.0, 5.0, 5.0, 30.0, 5.0],
        "n_orders": [0, 0, 0, 0, 1, 0],
        "total_spend": [0, 0, 0, 0, 400_000, 0],
    }
)


def test_without_a_persona_nothing_changes():
    labels = phanloai.classify(TABLE, "ladder")
    assert labels.tolist() == [
        "prospect",
        "suspect",
        "prospect",
        "prospect",
        "first_buy",
        "prospect",
    ]
    assert "outside" not in labels.cat.categories


def test_with_the_persona_people_outside_it_get_their_own_level():
    labels = phanloai.classify(TABLE, "ladder", persona="fits")
    # C is a man, D is 50, F's age is not known: none fits "women aged 30–40"; E has bought
    assert labels.tolist() == ["prospect", "suspect", "outside", "outside", "first_buy", "outside"]
    assert labels.cat.categories[0] == "outside"
    why = phanloai.explain(TABLE, "ladder", persona="fits").set_index(TABLE["customer_id"])
    assert "ngoài chân dung" in why.loc["C", "reason"] and "35" in why.loc["C", "reason"]


def test_the_persona_can_be_changed():
    men = phanloai.classify(TABLE, "ladder", persona="fits", persona_gender="male")
    assert men.tolist() == ["outside", "outside", "prospect", "outside", "first_buy", "outside"]
    anyone = phanloai.classify(
        TABLE,
        "ladder",
        persona="fits",
        persona_gender="any",
        persona_age_min=30,
        persona_age_max=55,
    )
    assert anyone.tolist() == [
        "prospect",
        "suspect",
        "prospect",
        "prospect",
        "first_buy",
        "outside",
    ]


def test_the_funnel_follows_the_articles_narrowing():
    labels = phanloai.classify(TABLE, "ladder", persona="fits")
    funnel = phanloai.funnel(labels)
    reached = funnel["reached"].dropna().astype(int).to_dict()
    # everyone → fits the persona or bought (A, B, E) → within the radius or bought (A, E) → bought
    assert reached["outside"] == 6 and reached["suspect"] == 3 and reached["prospect"] == 2
    assert reached["first_buy"] == 1


def test_bad_personas_are_refused_in_both_languages():
    with pytest.raises(PhanloaiError, match="persona_age_min") as err:
        phanloai.classify(TABLE, "ladder", persona="fits", persona_age_min=45, persona_age_max=40)
    assert "(English:" in str(err.value)
    with pytest.raises(PhanloaiError, match="gender"):
        phanloai.classify(TABLE.drop(columns=["gender"]), "ladder", persona="fits")
    # without a persona the gender column is not needed
    assert len(phanloai.classify(TABLE.drop(columns=["gender", "age"]), "ladder")) == 6
