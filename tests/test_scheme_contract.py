"""The contract every scheme keeps, checked over the whole registry with the public
``phanloai.check_scheme`` (like scikit-learn's ``check_estimator``); ``check_scheme`` itself
catches schemes that break it; declaration mistakes fail when the scheme is declared."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai import PhanloaiError, check_scheme
from phanloai.schemes import (
    SCHEMES,
    Column,
    Increasing,
    Level,
    Param,
    Rule,
    Scheme,
    register,
    unregister,
)
from phanloai.schemes.check import SchemeCheckError

NAMES = list(SCHEMES)
SRC = Path(phanloai.__file__).resolve().parent


def test_every_method_of_the_articles_is_registered():
    assert set(SCHEMES) >= {
        "relationship",
        "group",
        "source",
        "demographic",
        "psychographic",
        "geographic",
        "behavioral",
        "company_size",
        "product_need",
        "support_need",
        "contract_status",
        "purchase_behavior",
        "internal_external",
        "service_level",
        "journey_4a",
        "journey_5a",
        "ladder",
        "rfm",
        "clusters",
    }
    numbers = [s.number for s in SCHEMES.values()]
    assert numbers[:19] == list(range(1, 20))  # catalogue order: METHODS.md's numbering


def _variants():
    """Every scheme at its defaults, and each part of a scheme with a choice of parts (``by``)."""
    out = []
    for name, s in SCHEMES.items():
        out.append((name, {}))
        switch = getattr(s, "switch", None)
        if switch:
            out += [
                (name, {switch: v})
                for v in s.params[switch].choices
                if v != s.params[switch].default
            ]
    return out


VARIANTS = _variants()


@pytest.mark.parametrize(
    ("name", "params"),
    VARIANTS,
    ids=[f"{n}{'-' + '-'.join(map(str, p.values())) if p else ''}" for n, p in VARIANTS],
)
def test_contract(cases, name, params):
    """The whole contract, on the table the scheme classifies in the first case that fits."""
    scheme = SCHEMES[name]
    needed = [c.name for c in scheme.requires_for(scheme.check_params(params))]
    case = next(
        c for c in scheme.cases if all(col in cases[c].table_for(name).columns for col in needed)
    )
    report = check_scheme(name, cases[case].table_for(name), **params)
    assert report["passed"].dropna().all()
    assert len(report) == 11
    # only "a blank needed value → unknown" may not apply, and the database check for the
    # schemes that cannot run there yet
    assert report["passed"].notna().sum() >= 9
    in_database = report["passed"].iloc[-1]  # every registered scheme runs in DuckDB
    assert bool(in_database) and report["detail"].iloc[-1].startswith("DuckDB: ")


# -- check_scheme catches schemes that break the contract ------------------------------------------------
def _levels(*codes: str) -> tuple[Level, ...]:
    return tuple(
        Level(c, f"Nhóm {c}", f"Group {c}", "nghĩa", "meaning", "làm", "do") for c in codes
    )


def _scheme(cls=Scheme, **kw) -> Scheme:
    base = dict(
        code="test_orders",
        title_vi="Thử",
        title_en="Test",
        purpose_vi="thử",
        purpose_en="test",
        levels=_levels("many", "few"),
        requires=(Column("n_orders", "count"),),
        source=("000",),
        cases=("spa",),
        params={"at": Param("at", 2, "Ngưỡng", "Threshold", 1, 10, 1, kind="integer")},
        rules=(
            Rule(
                "many",
                lambda t, p: t["n_orders"] >= p["at"],
                "{n_orders} ≥ {p_at}",
                "{n_orders} ≥ {p_at}",
            ),
            Rule("few", None, "{n_orders} < {p_at}", "{n_orders} < {p_at}"),
        ),
    )
    return cls(**(base | kw))


def _table(n: int = 60) -> pd.DataFrame:
    return pd.DataFrame({"n_orders": np.arange(n) % 5})


def test_a_good_scheme_of_your_own_passes():
    report = check_scheme(_scheme(), _table())
    assert report["passed"].dropna().all()


class _Shuffles(Scheme):
    def assign(self, table, p):
        codes, reasons = super().assign(table, p)
        return codes[::-1], reasons[::-1]


class _Changes(Scheme):
    def assign(self, table, p):
        table["n_orders"] = table["n_orders"] + 0  # writes into the caller's table
        table.loc[table.index[0], "n_orders"] = 99
        return super().assign(table, p)


class _Random(Scheme):
    def assign(self, table, p):
        codes, reasons = super().assign(table, p)
        flip = np.random.default_rng().random(len(codes)) < 0.5
        return np.where(flip, 1 - np.minimum(codes, 1), codes), reasons


@pytest.mark.parametrize(
    ("cls", "failing"),
    [
        (_Shuffles, "row order"),
        (_Changes, "input untouched"),
        (_Random, "deterministic"),
    ],
)
def test_check_scheme_catches_a_broken_scheme(cls, failing):
    with pytest.raises(SchemeCheckError) as err:
        check_scheme(_scheme(cls), _table())
    assert failing in str(err.value) and "English:" in str(err.value)
    results = err.value.results
    assert not results["passed"].dropna().all()


def test_check_scheme_needs_a_table_for_a_scheme_of_your_own_data():
    with pytest.raises(PhanloaiError, match="check_scheme"):
        check_scheme(_scheme(cases=("own",)))
    with pytest.raises(SchemeCheckError, match="my_shop") as err:  # a typo in the cases
        check_scheme(_scheme(cases=("my_shop",)), _table())
    assert err.value.results["passed"].tolist() == [False]


@pytest.mark.parametrize(
    ("broken", "words"),
    [
        (
            {
                "rules": (
                    Rule("many", lambda t, p: t["n_orders"] >= 2, "{n_order} ≥ 2", "{n_order} ≥ 2"),
                    Rule("few", None, "", ""),
                )
            },
            "n_order",
        ),
        (
            {"levels": (*_levels("many"), Level("few", "Ít", "Nhom many", "m", "m", "a", "a"))},
            "many",
        ),
        ({"table": "client"}, "table"),
    ],
)
def test_check_scheme_catches_declaration_mistakes(broken, words):
    with pytest.raises(SchemeCheckError, match=words):
        check_scheme(_scheme(**broken), _table())


def test_check_scheme_catches_a_rule_reading_an_undeclared_column():
    sneaky = _scheme(
        rules=(
            Rule("many", lambda t, p: t["n_orders"] + t["extra"] >= 2, "{n_orders}", "{n_orders}"),
            Rule("few", None, "{n_orders}", "{n_orders}"),
        )
    )
    with pytest.raises(SchemeCheckError, match="extra"):
        check_scheme(sneaky, _table().assign(extra=1))


# -- declaration mistakes fail at declaration time -----------------------------------------------------
@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            {
                "rules": (
                    Rule("lots", lambda t, p: t["n_orders"] > 1, "", ""),
                    Rule("few", None, "", ""),
                )
            },
            "lots",
        ),
        ({"params": {"limit": Param("at", 2, "Ngưỡng", "Threshold", 1, 10, 1)}}, "'limit'"),
        ({"levels": _levels("many", "many")}, "many"),
        ({"levels": _levels("many", "Few Ones")}, "Few Ones"),
        ({"rules": (Rule("many", lambda t, p: t["n_orders"] > 1, "", ""),)}, "otherwise"),
        (
            {"params": {"at": Param("at", 20, "Ngưỡng", "Threshold", 1, 10, 1, kind="integer")}},
            "default",
        ),
        ({"increasing": (Increasing(("at", "to")),)}, "increasing"),
        ({"exits": ("gone",)}, "exits"),
        ({"source": ("999",)}, "source"),
        ({"code": "Có dấu"}, "code"),
        (  # a choice without words would show its raw code in a widget
            {
                "params": {
                    "how": Param("how", "a", "Cách", "How", choices=("a", "b"), kind="choice")
                }
            },
            "choice_labels",
        ),
    ],
)
def test_declaration_mistakes_are_bilingual_errors(change, words):
    with pytest.raises(PhanloaiError, match=words) as err:
        register(_scheme(**change))
    assert "Khai báo" in err.value.vi and "declaration" in err.value.en
    assert "test_orders" not in SCHEMES


def test_register_twice_and_replace():
    try:
        register(_scheme())
        with pytest.raises(PhanloaiError, match="replace=True"):
            register(_scheme())  # re-running the cell without replace=True
        register(
            _scheme(params={"at": Param("at", 3, "Ngưỡng", "Threshold", 1, 10, 1, kind="integer")}),
            replace=True,
        )
        assert SCHEMES["test_orders"].params["at"].default == 3
        labels = phanloai.classify(_table(), "test_orders")
        assert labels.phanloai.scheme is SCHEMES["test_orders"]
    finally:
        unregister("test_orders")
    assert "test_orders" not in SCHEMES and list(SCHEMES) == NAMES


def test_declaration_checks_hold_under_python_O():
    """Checks are not ``assert``s: a typo in a rule's level fails at declaration under -O too."""
    code = textwrap.dedent(
        """
        import phanloai
        from phanloai.schemes import Column, Level, Rule, Scheme, register
        levels = tuple(Level(c, c, c.upper(), "m", "m", "a", "a") for c in ("a", "b"))
        try:
            register(Scheme(code="x", title_vi="x", title_en="x", purpose_vi="x", purpose_en="x",
                            levels=levels, requires=(Column("n_orders", "count"),), source=("000",),
                            cases=("spa",), rules=(Rule("c", lambda t, p: t.n_orders > 0, "", ""),
                                                   Rule("a", None, "", ""))))
        except phanloai.PhanloaiError as exc:
            print("refused:", exc.en.splitlines()[1])
        """
    )
    out = subprocess.run(
        [sys.executable, "-O", "-c", code], capture_output=True, text=True, check=True
    )
    assert "refused: - a rule names a level that is not declared: ['c']" in out.stdout, (
        out.stdout + out.stderr
    )


def test_increasing_parameters_one_message():
    with pytest.raises(PhanloaiError, match="loyal_orders") as err:
        phanloai.classify(
            _table().assign(n_orders=1), "service_level", repeat_orders=5, loyal_orders=5
        )
    assert "tăng dần" in err.value.vi and "must increase" in err.value.en
    with pytest.raises(PhanloaiError, match="age_2"):
        phanloai.classify(pd.DataFrame({"age": [30]}), "demographic", age_1=40, age_2=30)
    # the age edges only matter when classifying by age
    assert (
        phanloai.classify(
            pd.DataFrame({"gender": ["Nữ"]}), "demographic", by="gender", age_1=40
        ).iloc[0]
        == "female"
    )
    with pytest.raises(PhanloaiError, match="r_days_2"):
        phanloai.classify(
            _table().assign(total_spend=1, recency_days=1), "rfm", method="fixed", r_days_1=200
        )
    phanloai.classify(
        _table().assign(total_spend=1, recency_days=1), "rfm", r_days_1=200
    )  # quantile: cuts unused
    # a key account buys at least as often as a frequency buyer (equal is allowed)
    with pytest.raises(PhanloaiError, match="key_orders"):
        phanloai.classify(
            _table().assign(total_spend=1, distance_km=1),
            "ladder",
            frequent_orders=10,
            key_orders=5,
        )
    phanloai.classify(
        _table().assign(total_spend=1, distance_km=1), "ladder", frequent_orders=6, key_orders=6
    )


def test_switch_scheme_does_not_change_its_parts():
    from phanloai.schemes import profile

    assert profile._AGE.code == "part" and profile._AGE.params == {}
    assert SCHEMES["demographic"].parts["age"].code == "demographic"


def test_a_new_scheme_is_one_new_file(tmp_path):
    """A module dropped into ``phanloai/schemes/`` is found without editing ``__init__.py``."""
    shutil.copytree(SRC, tmp_path / "phanloai", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "phanloai" / "schemes" / "visits.py").write_text(
        textwrap.dedent(
            """
            from .base import Column, Level, Rule, Scheme
            from .registry import register

            VISITS = register(Scheme(
                code="visits", title_vi="Theo số lượt", title_en="By visits",
                purpose_vi="Thử một cách phân loại mới.", purpose_en="Try a new scheme.",
                levels=(Level("often", "Hay đến", "Often", "m", "m", "a", "a"),
                        Level("rarely", "Ít đến", "Rarely", "m", "m", "a", "a")),
                requires=(Column("n_orders", "count"),), source=("001",), cases=("spa",),
                rules=(Rule("often", lambda t, p: t["n_orders"] >= 3, "{n_orders} ≥ 3", "{n_orders} ≥ 3"),
                       Rule("rarely", None, "{n_orders} < 3", "{n_orders} < 3")),
            ))
            """
        ),
        "utf-8",
    )
    code = "import phanloai; print(list(phanloai.SCHEMES)[-1], len(phanloai.SCHEMES))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["visits", str(len(NAMES) + 1)], out.stdout + out.stderr
