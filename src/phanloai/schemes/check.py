"""``check_scheme``: hold any scheme — one of ours or one you wrote — to the whole contract.

Like scikit-learn's ``check_estimator``, it runs every promise a scheme makes on a real table:
the declaration is whole; the result has the input's index and order, one level code per row
(no gap, no overlap), exactly the declared levels as categories, and it carries what it is when
stored as a column; the input is untouched; the same call gives the same codes, in Vietnamese
and in English; a row's level does not depend on the order of the rows; the scheme reads only
the columns it declares; every declared parameter value is accepted; a blank in any needed
column gives ``unknown``; every row's explanation names its level; an empty table works.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError, language, tr
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


def _default_table(s: Scheme, p: Mapping) -> pd.DataFrame:
    """The table the scheme classifies in the first built-in case that has the columns it needs
    with these parameters."""
    from ..case import CASES, load

    needed = [c.name for c in s.requires_for(p)]
    for case in (c for c in s.cases if c in CASES):
        table = load(case, n=3000 if case != "spa" else None).table_for(s)
        if all(c in table.columns for c in needed):
            return table
    raise PhanloaiError(
        f"check_scheme(): không tình huống có sẵn nào ({', '.join(CASES)}) có đủ cột cho '{s.code}' với các tham số "
        "này; hãy đưa một bảng: check_scheme(scheme, bảng).",
        f"check_scheme(): no built-in case ({', '.join(CASES)}) has the columns '{s.code}' needs with these "
        "parameters; pass a table: check_scheme(scheme, table).",
    )


def _fail(s: Scheme, results: list[dict]) -> SchemeCheckError:
    failed = [r for r in results if r["passed"] is False]
    lines_vi = "\n".join(f"- {r['vi']}: {r['detail']}" for r in failed)
    lines_en = "\n".join(f"- {r['en']}: {r['detail']}" for r in failed)
    return SchemeCheckError(
        f"Cách phân loại '{s.code}' chưa giữ đúng hợp đồng ({len(failed)} kiểm tra không đạt):\n{lines_vi}",
        f"Scheme '{s.code}' breaks its contract ({len(failed)} check(s) failed):\n{lines_en}",
        _report(results),
    )


def _report(results: list[dict]) -> pd.DataFrame:
    rows = [
        {"check": tr(r["vi"], r["en"]), "passed": r["passed"], "detail": r["detail"]}
        for r in results
    ]
    return pd.DataFrame(rows, columns=["check", "passed", "detail"])


def check_scheme(
    scheme: str | Scheme, table: pd.DataFrame | None = None, *, rows: int = 1500, **params
) -> pd.DataFrame:
    """Run the contract every scheme keeps on ``scheme`` (registered or not).

    Parameters
    ----------
    scheme : a scheme's code or a :class:`~phanloai.schemes.Scheme` object.
    table : the rows to try it on; by default the table it classifies in the first built-in case
        it applies to. A shuffled sample of ``rows`` rows with a text index is used.
    **params : parameters to run the contract at (the declared defaults otherwise), e.g.
        ``by="service_group"`` for the other part of a scheme.

    Returns
    -------
    DataFrame, one row per check (current language): ``check``, ``passed`` (True, or None when it
    does not apply), ``detail``. Raises :class:`SchemeCheckError` (a bilingual
    :class:`~phanloai.PhanloaiError`) listing the checks that failed — a declaration with
    mistakes fails the first check.

    Examples
    --------
    >>> import phanloai
    >>> report = phanloai.check_scheme("service_level")
    >>> bool(report["passed"].dropna().all())
    True
    """
    s = scheme if isinstance(scheme, Scheme) else get_scheme(scheme)
    problems = s.problems()
    if problems:
        detail = tr("; ".join(vi for vi, _ in problems), "; ".join(en for _, en in problems))
        vi, en = "khai báo đầy đủ, đúng", "the declaration is whole and right"
        raise _fail(s, [{"vi": vi, "en": en, "passed": False, "detail": detail}])
    p = s.check_params(params)
    if table is None:
        table = _default_table(s, p)
    if not isinstance(table, pd.DataFrame):
        raise PhanloaiError(
            f"check_scheme(): cần một bảng pandas DataFrame, nhận được {type(table).__name__}.",
            f"check_scheme(): needs a pandas DataFrame, got {type(table).__name__}.",
        )
    s.check_table(table, p)  # a table that does not fit is the caller's mistake, said once
    sample = _sample(table, rows)
    results: list[dict] = []
    for (vi, en), func in _checks(s, sample, p):
        try:
            with language("vi"):  # every check starts in Vietnamese; some switch to English
                detail = func()
            passed = None if detail == "n/a" else True
        except Exception as exc:  # a check that fails for any reason is reported, not raised
            passed, detail = False, f"{type(exc).__name__}: {exc}"
        results.append(
            {
                "vi": vi,
                "en": en,
                "passed": passed,
                "detail": "" if detail in (None, "n/a") else detail,
            }
        )
    if any(r["passed"] is False for r in results):
        raise _fail(s, results)
    return _report(results)


def _registry_holds(s: Scheme) -> bool:
    from .registry import SCHEMES

    return SCHEMES.get(s.code) is s


def _checks(
    s: Scheme, table: pd.DataFrame, p: Mapping
) -> list[tuple[tuple[str, str], Callable[[], str | None]]]:
    codes = s.codes(p)

    def result_shape():
        before = table.copy(deep=True)
        labels = classify(table, s, **p)
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
        return ", ".join(f"{c}: {n}" for c, n in labels.value_counts().items() if n)

    def deterministic():
        pd.testing.assert_series_equal(classify(table, s, **p), classify(table, s, **p))

    def order_free():
        labels = classify(table, s, **p)
        shuffled = table.iloc[np.random.default_rng(3).permutation(len(table))]
        moved = int((labels != classify(shuffled, s, **p).reindex(table.index)).sum())
        assert moved == 0, f"{moved} row(s) change level when the rows come in another order"

    def declared_columns_only():
        needed = [c.name for c in s.requires_for(p)]
        labels = classify(table[needed], s, **p)
        assert labels.notna().all()
        return ", ".join(needed)

    def same_codes_in_english():
        vi = classify(table, s, **p)
        with language("en"):
            en = classify(table, s, **p)
            assert s.labels(p)[-1] == "Unknown"
        pd.testing.assert_series_equal(vi, en)

    def survives_a_column():
        labels = classify(table, s, **p)
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

    def every_parameter_value():
        head = table.head(300)
        tried, skipped = 0, []
        for name, param in s.params.items():
            for value in param.grid():
                try:
                    labels = classify(head, s, **{**p, name: value})
                except PhanloaiError as exc:
                    # a value may clash with another parameter (edges that must increase): say so
                    assert "tham số" in exc.vi and "parameter" in exc.en, (
                        f"{name}={value!r}: {exc.en}"
                    )
                    skipped.append(f"{name}={value!r}")
                    continue
                assert labels.notna().all(), f"{name}={value!r}: rows without a level"
                assert list(labels.cat.categories) == s.codes({**p, name: value}), (
                    f"{name}={value!r}: categories"
                )
                tried += 1
        text = tr(f"{tried} giá trị đã thử", f"{tried} value(s) tried")
        if skipped:
            text += tr(
                f"; {len(skipped)} bỏ qua (bảng này hoặc tham số khác không cho phép): {', '.join(skipped)}",
                f"; {len(skipped)} skipped (this table or another parameter does not allow them): {', '.join(skipped)}",
            )
        return text

    def missing_goes_to_unknown():
        cols = [c.name for c in s.requires_for(p) if c.unknown_if_missing]
        if not cols:
            return "n/a"
        for col in cols:  # each needed column in turn
            part = table.head(200).copy()
            blank = part.index[:7]
            part[col] = part[col].astype("object")
            part.loc[blank, col] = None
            labels = classify(part, s, **p)
            assert (labels.loc[blank] == UNKNOWN_CODE).all(), (
                f"a blank '{col}' did not give 'unknown'"
            )
            assert labels.notna().all()
        return ", ".join(cols)

    def same_codes_in_a_database():
        from .. import sql

        if not sql.runs_in_database(s, p):
            return "n/a"
        import ibis

        # the declared columns and any other plain one (a scheme may look at more, e.g. the
        # region part of geographic at ``country``)
        needed = {c.name for c in s.requires_for(p)}
        plain = [
            c
            for c in table.columns
            if c in needed or table[c].dtype != object and not isinstance(c, tuple)
        ]
        frame = table[plain].reset_index(drop=True)
        for col in plain:  # a warehouse holds categories as plain text
            if isinstance(frame[col].dtype, pd.CategoricalDtype):
                frame[col] = frame[col].astype("str")
        t = ibis.memtable(frame.assign(_row=np.arange(len(frame))))
        try:
            level = sql.classify(t, s, p)
        except sql.NotInDatabase:
            return "n/a"  # a rule written with pandas-only operations: it says which
        got = t.select("_row", level=level).order_by("_row").to_pandas()["level"]
        want = classify(table, s, **p).astype(str).to_numpy()
        differ = int((got.to_numpy(dtype=object) != want).sum())
        assert differ == 0, f"{differ} row(s) get another level in DuckDB"
        # and the engine writes the pandas words (on the first rows: the words cost more)
        head = t.filter(t._row < 500)
        head = head.drop(*[c for c in ("level", "reason") if c in head.columns])
        try:
            said = sql.explain(head, s, p)
        except sql.NotInDatabase:  # a reason template the engine cannot fill: it says which
            return f"DuckDB: {len(frame)}"
        got = said.select("_row", "reason").order_by("_row").to_pandas()["reason"]
        want = explain(table.iloc[:500], s, **p)["reason"].to_numpy(dtype=object)
        differ = int((got.to_numpy(dtype=object) != want).sum())
        assert differ == 0, f"{differ} row(s) get other words from DuckDB's explain"
        return f"DuckDB: {len(frame)} (lời / words: {len(got)})"

    def explain_agrees():
        head = table.head(200)
        labels = classify(head, s, **p)
        for lang in ("vi", "en"):
            with language(lang):
                why = explain(head, s, **p)
                words = dict(zip(codes, s.labels(p), strict=True))
            assert list(why.columns) == ["level", "reason"], list(why.columns)
            assert why.index.equals(head.index)
            assert (why["level"] == labels).all(), "explain's levels differ from classify's"
            for reason, code in zip(why["reason"], labels, strict=True):
                assert isinstance(reason, str) and "→" in reason, f"no reason: {reason!r}"
                assert reason.endswith(words[code]), f"{reason!r} does not end with {words[code]!r}"

    def empty_table():
        labels = classify(table.iloc[:0], s, **p)
        assert len(labels) == 0 and list(labels.cat.categories) == codes

    return [
        (
            (
                "kết quả: cùng chỉ mục, mỗi dòng đúng một cấp đã khai báo, bảng gốc không đổi",
                "result: same index, one declared level per row, input untouched",
            ),
            result_shape,
        ),
        (("cùng đầu vào, cùng kết quả", "deterministic"), deterministic),
        (
            (
                "cấp của mỗi dòng là của riêng nó: thứ tự các dòng không ảnh hưởng",
                "each row's level is its own: the row order does not matter",
            ),
            order_free,
        ),
        (
            ("chỉ đọc các cột đã khai báo", "reads only the columns it declares"),
            declared_columns_only,
        ),
        (
            ("cùng mã ở tiếng Việt và tiếng Anh", "same codes in Vietnamese and English"),
            same_codes_in_english,
        ),
        (
            (
                "vẫn biết mình là gì khi lưu thành một cột và khi pickle",
                "what it is survives a DataFrame column and pickling",
            ),
            survives_a_column,
        ),
        (
            ("nhận mọi giá trị tham số đã khai báo", "every declared parameter value is accepted"),
            every_parameter_value,
        ),
        (
            ("ô trống ở cột cần có → unknown", "a blank needed value → unknown"),
            missing_goes_to_unknown,
        ),
        (
            (
                "lời giải thích kết thúc bằng đúng tên cấp, ở cả hai thứ tiếng",
                "explain gives a reason that ends with the level, in both languages",
            ),
            explain_agrees,
        ),
        (("bảng trống", "empty table"), empty_table),
        (
            (
                "trong cơ sở dữ liệu (DuckDB) mỗi dòng được đúng mã và đúng lời như với pandas",
                "in a database (DuckDB) every row gets the pandas code and words",
            ),
            same_codes_in_a_database,
        ),
    ]
