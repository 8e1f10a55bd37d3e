"""The instructor's story table agrees with the independent story checks of ``test_stories``,
also when a story is broken on purpose; the seed plan gives each group its own seed."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pytest

import phanloai
from phanloai import PhanloaiError
from phanloai.lessons.instructor import EVIDENCE, seed_plan, story_evidence

_spec = importlib.util.spec_from_file_location(
    "story_checks", Path(__file__).with_name("test_stories.py")
)
stories = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stories)


def _holds(case) -> dict[str, bool]:
    table = story_evidence(case).reset_index()
    return table.groupby("id")["holds"].first().to_dict()


@pytest.mark.parametrize("name", phanloai.CASES)
def test_every_story_has_evidence_and_agrees_with_the_checks(cases, name):
    case = cases[name]
    assert {s["id"] for s in case.stories} <= set(EVIDENCE)
    held = _holds(case)
    assert held == {s["id"]: bool(stories.CHECKS[s["id"]](case)) for s in case.stories}
    assert all(held.values())  # the default world keeps every story


def test_a_broken_story_is_said_broken(cases):
    spa = copy.deepcopy(cases["spa"])
    k = spa.tables["customers"]
    nv03 = k["staff_id"] == "NV03"
    k.loc[nv03, "n_orders"] = 0  # NV03 now sells nothing
    k.loc[nv03, "total_spend"] = 0
    assert not stories.CHECKS["spa_star_consultant"](spa)
    assert _holds(spa)["spa_star_consultant"] is False
    assert _holds(cases["spa"])["spa_star_consultant"] is True  # the shared case untouched


def test_story_table_in_english(cases):
    with phanloai.language("en"):
        table = story_evidence(cases["fashion"])
    assert "Revenue share of the top 5 % of buyers" in table.index.get_level_values("figure")


def test_seed_plan_one_seed_per_group():
    plan = seed_plan("fashion", groups=3, first_seed=4, n=2000)
    assert plan.index.tolist() == [1, 2, 3] and plan["seed"].tolist() == [4, 5, 6]
    assert plan.shape[1] == 1 + 6 + 1  # seed, one figure per story, every story holds
    figures = plan.drop(columns=["seed"]).iloc[:, 0]
    assert figures.nunique() > 1  # different numbers for different groups
    with pytest.raises(PhanloaiError, match="nhóm"):
        seed_plan("fashion", groups=0)
    with pytest.raises(PhanloaiError, match="spa, bolts, fashion"):
        seed_plan("bakery")
