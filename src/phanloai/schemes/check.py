"""``check_scheme``: hold any scheme — one of ours or one you wrote — to the whole contract.

Like scikit-learn's ``check_estimator``, it runs every promise a scheme makes on a real table:
the declaration is whole; the result has the input's index and order, one level code per row
(no gap, no overlap), exactly the declared levels as categories, and it carries what it is when
stored as a column; the input is untouched; the same call gives the same codes, in Vietnamese
and in English; every declared parameter value is accepted; missing data go to ``unknown``;
every row's explanation names its level; a row's level does not depend on the order of the
rows; an empty table works.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError, get_language, set_language
from .base import UNKNOWN_CODE, Scheme
from .registry import classify, explain, get_scheme
from .result import LevelDtype, describe

__all__ = ["SchemeCheckError", "check_scheme"]


class SchemeCheckError(PhanloaiError, AssertionError):
    """A scheme broke its contract; ``err.results`` holds every check and what it found."""

    def __init__(self, vi: str, en: str, results: pd.DataFrame):
        super().__init__(vi, en)
        self.results = results


def _sample(table: pd.DataFrame, rows: int) -> pd.DataFrame:
    """A shuffled sample with a text index that is not 0, 1, 2…: a scheme that relies on the
    default index or the row order shows it here."""
    sample = table.sample(n=min(len(table), rows), random_state=1)
    order = np.random.default_rng(2).permutation(len(sample))
    sample.index = pd.Index([f"r{i}" for i in range(len(sample))])[order]
    return sample


def _default_table(s: Scheme) -> pd.DataFrame:
    from ..case import CASES, load

    case = next((c for c in s.cases if c in CASES), None)
    if case is None:
        raise PhanloaiError(
            f"check_scheme(): '{s.code}' không áp dụng cho tình huống có sẵn nào ({', '.join(CASES)}); hãy đưa một bảng: "
            "check_scheme(scheme, bảng).",
            f"check_scheme(): '{s.code}' applies to none of the built-in cases ({', '.join(CASES)}); pass a table: "
            "check_scheme(scheme, table).",
        )
    return load(case, n=3000 if case != "spa" else None).table_for(s)


def check_scheme(
    scheme: str | Scheme, table: pd.DataFrame | None = None, *, rows: int = 1500
) -> pd.DataFrame:
    """Run the contract every scheme keeps on ``scheme`` (registered or not).

    Parameters
    ----------
    scheme : a scheme's code or a :class:`~phanloai.schemes.Scheme` object.
    table : the rows to try it on; by default the table it classifies in the first built-in case
        it applies to. A shuffled sample of ``rows`` rows with a text index is used.

    Returns
    -------
    DataFrame, one row per check: ``check``, ``passed`` (True, or None when it does not apply),
    ``detail``. Raises :class:`SchemeCheckError` (a bilingual :class:`~phanloai.PhanloaiError`)
    listing the checks that failed.

    Examples
    --------
    >>> import phanloai
    >>> report = phanloai.check_scheme("service_level")
    >>> bool(report["passed"].dropna().all())
    True
    """
    s = get_scheme(scheme)
    s.validate()
    if table is None:
        table = _default_table(s)
    if not isinstance(table, pd.DataFrame):
        raise PhanloaiError(
            f"check_scheme(): cần một bảng pandas DataFrame, nhận được {type(table).__name__}.",
            f"check_scheme(): needs a pandas DataFrame, got {type(table).__name__}.",
        )
    sample = _sample(table, rows)
    lang = get_language()
    results: list[dict] = []

    def run(name: str, func: Callable[[], str | None]) -> None:
        set_language("vi")
        try:
            detail = func()
            results.append(
                {
                    "check": name,
                    "passed": None if detail == "n/a" else True,
                    "detail": "" if detail == "n/a" else detail or "",
                }
            )
        except Exception as exc:  # a check that fails for any reason is reported, not raised
            results.append(
                {"check": name, "passed": False, "detail": f"{type(exc).__name__}: {exc}"}
            )
        finally:
            set_language("vi")

    try:
        for name, func in _checks(s, sample):
            run(name, func)
    finally:
        set_language(lang)
    report = pd.DataFrame(results, columns=["check", "passed", "detail"])
    failed = report[report["passed"] == False]  # noqa: E712 (None means "does not apply")
    if len(failed):
        lines = "\n".join(f"- {r.check}: {r.detail}" for r in failed.itertuples())
        raise SchemeCheckError(
            f"Cách phân loại '{s.code}' chưa giữ đúng hợp đồng ({len(failed)} kiểm tra không đạt):\n{lines}",
            f"Scheme '{s.code}' breaks its contract ({len(failed)} check(s) failed):\n{lines}",
            report,
        )
    return report


def _registry_holds(s: Scheme) -> bool:
    from .registry import SCHEMES

    return SCHEMES.get(s.code) is s


def _checks(s: Scheme, table: pd.DataFrame) -> list[tuple[str, Callable[[], str | None]]]:
    defaults = s.defaults()
    codes = s.codes(defaults)

    def result_shape():
        before = table.copy(deep=True)
        labels = classify(table, s)
        pd.testing.assert_frame_equal(table, before, obj="the input table (it must stay untouched)")
        assert labels.index.equals(table.index), (
            "the labels' index differs from the table's (order or rows)"
        )
        assert isinstance(labels.dtype, LevelDtype) and labels.cat.ordered, (
            f"not an ordered LevelDtype: {labels.dtype}"
        )
        assert list(labels.cat.categories) == codes, (
            f"categories {list(labels.cat.categories)} != codes {codes}"
        )
        assert labels.notna().all(), f"{int(labels.isna().sum())} row(s) got no level"
        counts = labels.value_counts()
        return ", ".join(f"{c}: {n}" for c, n in counts.items() if n)

    def deterministic():
        a, b = classify(table, s), classify(table, s)
        pd.testing.assert_series_equal(a, b)

    def same_codes_in_english():
        vi = classify(table, s)
        set_language("en")
        en = classify(table, s)
        pd.testing.assert_series_equal(vi, en)
        assert s.labels(defaults)[-1] == "Unknown"

    def survives_a_column():
        labels = classify(table, s)
        stored = table.assign(_labels=labels)["_labels"]
        info = describe(stored)
        assert info is not None and info.scheme.code == s.code and info.exact, (
            "stored as a column: the scheme is lost"
        )
        back = pickle.loads(pickle.dumps(stored))
        assert back.dtype.scheme_code == s.code and back.dtype.params == labels.dtype.params, (
            "pickled: the scheme is lost"
        )
        if _registry_holds(s):  # a pickle keeps the code; the registry gives the scheme back
            assert describe(back).scheme is s, "pickled: the scheme is not found again"

    def order_free():
        labels = classify(table, s)
        shuffled = table.iloc[np.random.default_rng(3).permutation(len(table))]
        other_order = classify(shuffled, s).reindex(table.index)
        moved = int((labels != other_order).sum())
        assert moved == 0, f"{moved} row(s) change level when the rows come in another order"

    def every_parameter_value():
        head = table.head(300)
        tried = 0
        for name, param in s.params.items():
            for value in param.grid():
                try:
                    labels = classify(head, s, **{name: value})
                except PhanloaiError as exc:
                    # a value may clash with another parameter's default (edges must increase…)
                    assert "tham số" in exc.vi and "parameter" in exc.en, (
                        f"{name}={value!r}: {exc.en}"
                    )
                    continue
                assert labels.notna().all(), f"{name}={value!r}: rows without a level"
                assert list(labels.cat.categories) == s.codes({name: value}), (
                    f"{name}={value!r}: categories"
                )
                tried += 1
        return f"{tried} value(s) tried"

    def missing_goes_to_unknown():
        cols = [c.name for c in s.requires_for(defaults) if c.unknown_if_missing]
        if not cols:
            return "n/a"
        part = table.head(200).copy()
        blank = part.index[:7]
        part[cols[0]] = part[cols[0]].astype("object")
        part.loc[blank, cols[0]] = None
        labels = classify(part, s)
        assert (labels.loc[blank] == UNKNOWN_CODE).all(), (
            f"blank '{cols[0]}' did not give 'unknown'"
        )
        assert labels.notna().all()
        return f"blank '{cols[0]}' → unknown"

    def explain_agrees():
        head = table.head(200)
        labels = classify(head, s)
        for lang in ("vi", "en"):
            set_language(lang)
            why = explain(head, s)
            assert list(why.columns) == ["level", "reason"], list(why.columns)
            assert why.index.equals(head.index)
            assert (why["level"] == labels).all(), "explain's levels differ from classify's"
            words = dict(zip(codes, s.labels(defaults), strict=True))
            for reason, code in zip(why["reason"], labels, strict=True):
                assert isinstance(reason, str) and "→" in reason, f"no reason: {reason!r}"
                assert reason.endswith(words[code]), f"{reason!r} does not end with {words[code]!r}"

    def empty_table():
        labels = classify(table.iloc[:0], s)
        assert len(labels) == 0 and list(labels.cat.categories) == codes

    return [
        ("result: same index, one declared level per row, input untouched", result_shape),
        ("deterministic", deterministic),
        ("each row's level is its own: the row order does not matter", order_free),
        ("same codes in Vietnamese and English", same_codes_in_english),
        ("what it is survives a DataFrame column and pickling", survives_a_column),
        ("every declared parameter value is accepted", every_parameter_value),
        ("missing data → unknown", missing_goes_to_unknown),
        ("explain gives a reason that ends with the level, in both languages", explain_agrees),
        ("empty table", empty_table),
    ]
