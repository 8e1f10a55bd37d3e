"""Bài tập tự kiểm tra — exercises that check themselves, beside the lesson (as Kaggle Learn does).

Each exercise has ``check(answer)``, ``hint()`` and ``solution()``. The right answer is always
worked out from the data in front of the student (the case, the seed they chose), never a number
written in advance; ``check`` says in Vietnamese (or English) what is right or wrong.

Four kinds:

- :func:`number` — compute a figure (a count, an amount of đồng, a share);
- :func:`choice` — read a chart or a table and pick an answer (A, B, C…);
- :func:`thresholds` — choose parameters of a scheme that reach a target;
- :func:`strategy` — write one strategy line per segment.

A lesson module (``phanloai/lessons/``) builds a notebook's exercises from a case::

    bt = phanloai.exercises("ladder", fashion)
    bt.q1                  # the question
    bt.q1.check(1234)      # ✓ or ✗, and why
    bt.q1.hint()
    bt.q1.solution()
"""

from __future__ import annotations

import html
import math
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._i18n import PhanloaiError, tr
from .display import format_money
from .vn import format_number, format_percent, parse_number

__all__ = [
    "Exercise",
    "Feedback",
    "Lesson",
    "choice",
    "number",
    "strategy",
    "thresholds",
]

_MISSING = object()
_STYLE = {
    "right": ("#e8f5e9", "#2e7d32", "✓"),
    "wrong": ("#ffebee", "#c62828", "✗"),
    "malformed": ("#fff8e1", "#8d6e00", "?"),
    "hint": ("#e3f2fd", "#1565c0", "💡"),
    "solution": ("#f3e5f5", "#6a1b9a", "📘"),
    "empty": ("#f5f5f5", "#555555", "…"),
}


@dataclass
class Feedback:
    """What ``check``, ``hint`` or ``solution`` says: ``ok`` is True (right), False (wrong) or
    None (not an answer yet, an answer of the wrong form, a hint, a solution)."""

    kind: str  # right | wrong | malformed | hint | solution | empty
    text: str

    @property
    def ok(self) -> bool | None:
        return {"right": True, "wrong": False}.get(self.kind)

    def __bool__(self) -> bool:
        return self.kind == "right"

    def __str__(self) -> str:
        return f"{_STYLE[self.kind][2]} {self.text}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        back, fore, mark = _STYLE[self.kind]
        body = html.escape(self.text).replace("\n", "<br>")
        return (
            f"<div style='background:{back};color:{fore};border-left:4px solid {fore};"
            f"padding:0.5em 0.8em;margin:0.3em 0'><b>{mark}</b> {body}</div>"
        )


def _words(pair) -> str:
    """A (vi, en) pair — or a function giving one, for texts built from the data — in the
    current language."""
    if callable(pair):
        pair = pair()
    return tr(*pair) if isinstance(pair, tuple) else str(pair)


@dataclass
class Exercise:
    """One exercise (build it with :func:`number`, :func:`choice`, :func:`thresholds` or
    :func:`strategy`)."""

    number: str
    question: tuple[str, str] | Callable[[], tuple[str, str]]
    judge: Callable[[Any], Feedback]
    hint_text: tuple[str, str]
    solution_text: Callable[[], str]
    #: answers for the tests: a right one, a wrong one, one of the wrong form
    samples: Callable[[], dict[str, Any]] = field(repr=False, default=lambda: {})
    #: the schemes this exercise practises (the notebook tests check every scheme has one)
    schemes: tuple[str, ...] = ()

    def check(self, answer=_MISSING) -> Feedback:
        """Whether ``answer`` is right, and why, in the current language."""
        if answer is _MISSING or answer is None or answer is Ellipsis:
            return Feedback(
                "empty",
                tr(
                    "Chưa có câu trả lời: gán câu trả lời của bạn rồi chạy lại ô này.",
                    "No answer yet: set your answer, then run this cell again.",
                ),
            )
        try:
            return self.judge(answer)
        except PhanloaiError as exc:  # an answer the tools refuse: say why, as a wrong form
            return Feedback("malformed", str(exc))

    def hint(self) -> Feedback:
        return Feedback("hint", _words(self.hint_text))

    def solution(self) -> Feedback:
        return Feedback("solution", self.solution_text())

    def _repr_html_(self) -> str:
        # a choice's options come on lines of their own, as in the printed text
        words = html.escape(_words(self.question)).replace("\n", "<br>")
        return f"<div><b>{html.escape(tr('Câu', 'Question'))} {self.number}.</b> {words}</div>"

    def __str__(self) -> str:
        return f"{tr('Câu', 'Question')} {self.number}. {_words(self.question)}"


_LESSONS: weakref.WeakSet = weakref.WeakSet()


class Lesson:
    """A notebook's exercises: ``lesson.q1``, ``lesson.q2``… (and ``lesson.all`` in order)."""

    def __init__(self, name: str, exercises: Sequence[Exercise]):
        self.name = name
        self.all = list(exercises)
        for ex in self.all:
            setattr(self, f"q{ex.number}", ex)
        _LESSONS.add(self)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{ex._repr_html_()}</li>" for ex in self.all)
        return f"<ol style='list-style:none;padding-left:0'>{items}</ol>"


def made_lessons() -> list[Lesson]:
    """Every lesson made in this session (the notebook tests check each of its exercises)."""
    return list(_LESSONS)


# -- numbers --------------------------------------------------------------------------------------------
def _show(value: float, kind: str) -> str:
    if kind == "money":
        return format_money(value)
    if kind == "share":
        return format_percent(value, 1)
    if kind == "count":
        return format_number(value, 0)
    return format_number(value, 2)


def number(
    number: str,
    question: tuple[str, str],
    answer: Callable[[], float],
    *,
    kind: str = "count",
    tolerance: float | None = None,
    hint: tuple[str, str],
    how: tuple[str, str],
    schemes: tuple[str, ...] = (),
) -> Exercise:
    """Compute a figure. ``answer()`` works it out from the data; an answer within
    ``tolerance`` (relative, or 0.005 of a share) is right — by default 0.005, and none for a
    count: people, orders and rows are counted exactly. ``kind``: ``count``, ``money``,
    ``share`` (0…1, or written ``"35 %"``) or ``number``; ``how`` is the code of the solution."""
    if tolerance is None:
        tolerance = 0.0 if kind == "count" else 0.005

    def close(a: float, b: float) -> bool:
        if kind == "share":
            return abs(a - b) <= max(tolerance, 0.0005)
        return math.isclose(a, b, rel_tol=tolerance, abs_tol=0.5 if kind == "count" else 1e-9)

    def judge(given) -> Feedback:
        expected = float(answer())
        try:
            value, percent = parse_number(given)
        except ValueError:
            return Feedback(
                "malformed",
                tr(
                    f"'{given}' không phải một số. Hãy trả lời bằng một số, ví dụ 1250000 hoặc \"1.250.000\".",
                    f"'{given}' is not a number. Answer with a number, e.g. 1250000 or \"1,250,000\".",
                ),
            )
        if not math.isfinite(value):
            return Feedback(
                "malformed",
                tr("Câu trả lời phải là một số hữu hạn.", "The answer must be a finite number."),
            )
        if kind == "share":
            if percent:
                value /= 100
            elif 1 < abs(value) <= 100:
                return Feedback(
                    "malformed",
                    tr(
                        f"Bạn ghi {format_number(value, 2)} — đây là phần trăm? Hãy ghi dạng tỷ lệ 0–1 "
                        f'({format_number(value / 100, 4)}) hoặc "{format_number(value, 2)} %".',
                        f"You wrote {format_number(value, 2)} — a percentage? Write a share 0–1 "
                        f'({format_number(value / 100, 4)}) or "{format_number(value, 2)}%".',
                    ),
                )
        if close(value, expected):
            return Feedback(
                "right", tr(f"Đúng: {_show(expected, kind)}.", f"Right: {_show(expected, kind)}.")
            )
        direction = (
            tr("cao hơn", "higher than") if value > expected else tr("thấp hơn", "lower than")
        )
        return Feedback(
            "wrong",
            tr(
                f"Chưa đúng: {_show(value, kind)} {direction} kết quả tính từ dữ liệu. Xem lại cách tính (hint()).",
                f"Not yet: {_show(value, kind)} is {direction} what the data give. Check your working (hint()).",
            ),
        )

    def solution() -> str:
        return tr(
            f"Đáp số: {_show(answer(), kind)}.\nCách tính:\n",
            f"Answer: {_show(answer(), kind)}.\nHow:\n",
        ) + tr(*how)

    def samples() -> dict:
        right = float(answer())
        if kind == "share":  # stays a share (0…1), far enough from the answer
            wrong = right + 0.2 if right <= 0.6 else right - 0.2
        else:
            wrong = right * 1.5 + 1
        return {"right": right, "wrong": wrong, "malformed": "không biết"}

    return Exercise(number, question, judge, hint, solution, samples, tuple(schemes))


# -- multiple choice ------------------------------------------------------------------------------------
_LETTERS = "ABCDEFGHIJ"


def choice(
    number: str,
    question: tuple[str, str],
    options: Callable[[], Sequence[tuple[str, str, str]]],
    correct: Callable[[], str],
    *,
    hint: tuple[str, str],
    why: Callable[[], tuple[str, str]],
    schemes: tuple[str, ...] = (),
) -> Exercise:
    """Pick one option. ``options()`` gives ``(code, text_vi, text_en)`` built from the data;
    ``correct()`` the right code. The student answers with a letter (``"B"``), the code or the
    option's text."""

    def listed() -> str:
        return "\n".join(f"{_LETTERS[i]}. {tr(vi, en)}" for i, (_, vi, en) in enumerate(options()))

    def judge(given) -> Feedback:
        opts = list(options())
        codes = [c for c, _, _ in opts]
        lookup = {}
        for i, (code, vi, en) in enumerate(opts):
            for key in (_LETTERS[i], code, vi, en):
                lookup[str(key).strip().lower()] = code
        key = str(given).strip().lower().rstrip(".)") if isinstance(given, str | int) else None
        if key not in lookup:
            return Feedback(
                "malformed",
                tr(
                    f"Hãy chọn một chữ cái trong {', '.join(_LETTERS[: len(opts)])}:\n{listed()}",
                    f"Pick one letter of {', '.join(_LETTERS[: len(opts)])}:\n{listed()}",
                ),
            )
        right = correct()
        letter = _LETTERS[codes.index(right)]
        if lookup[key] == right:
            return Feedback(
                "right", tr(f"Đúng ({letter}). ", f"Right ({letter}). ") + _words(why())
            )
        mine = _LETTERS[codes.index(lookup[key])]
        return Feedback(
            "wrong",
            tr(
                f"Chưa đúng: bạn chọn {mine}. Gợi ý: {hint[0]}",
                f"Not that one: you picked {mine}. Hint: {hint[1]}",
            ),
        )

    def solution() -> str:
        right = correct()
        letter = _LETTERS[[c for c, _, _ in options()].index(right)]
        return tr(f"Đáp án: {letter}. ", f"Answer: {letter}. ") + _words(why())

    def samples() -> dict:
        codes = [c for c, _, _ in options()]
        right = codes.index(correct())
        return {
            "right": _LETTERS[right],
            "wrong": _LETTERS[(right + 1) % len(codes)],
            "malformed": "Z",
        }

    def asked() -> tuple[str, str]:  # the options are built from the data when shown
        with_options = [f"{question[0]}\n", f"{question[1]}\n"]
        for i, (_, vi, en) in enumerate(options()):
            with_options[0] += f"\n{_LETTERS[i]}. {vi}"
            with_options[1] += f"\n{_LETTERS[i]}. {en}"
        return with_options[0], with_options[1]

    return Exercise(number, asked, judge, hint, solution, samples, tuple(schemes))


# -- parameters that reach a target ---------------------------------------------------------------------
def thresholds(
    number: str,
    question: tuple[str, str],
    scheme: str,
    table: Callable[[], Any],
    target: Callable[[Any], tuple[bool, str, str]],
    *,
    right: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    wrong: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    hint: tuple[str, str],
) -> Exercise:
    """Choose parameters of ``scheme`` so that ``target(labels)`` holds. The student answers with
    a dict (``{"key_spend": 20_000_000}``); ``target`` returns (reached?, what it saw in vi, en).
    ``right`` and ``wrong`` are one answer of each kind — or functions finding one in the data —
    (the solution shows ``right``)."""
    from .schemes.registry import classify, get_scheme

    def one(answer) -> dict:
        return dict(answer() if callable(answer) else answer)

    def judge(given) -> Feedback:
        if not isinstance(given, Mapping) or not given:
            names = ", ".join(get_scheme(scheme).params)
            example = {k: "…" for k in one(right)}
            return Feedback(
                "malformed",
                tr(
                    f"Hãy trả lời bằng một dict tham số, ví dụ {example} (tham số có: {names}).",
                    f"Answer with a dict of parameters, e.g. {example} (parameters: {names}).",
                ),
            )
        labels = classify(table(), scheme, **given)
        reached, seen_vi, seen_en = target(labels)
        if reached:
            return Feedback("right", tr(f"Đạt mục tiêu: {seen_vi}.", f"Target reached: {seen_en}."))
        return Feedback("wrong", tr(f"Chưa đạt: {seen_vi}.", f"Not reached: {seen_en}."))

    def solution() -> str:
        answer = one(right)
        _, seen_vi, seen_en = target(classify(table(), scheme, **answer))
        return tr(
            f"Một lời giải: {answer!r} → {seen_vi}.", f"One solution: {answer!r} → {seen_en}."
        )

    def samples() -> dict:
        return {"right": one(right), "wrong": one(wrong), "malformed": "cao hơn"}

    return Exercise(number, question, judge, hint, solution, samples, (scheme,))


# -- one strategy line per segment ------------------------------------------------------------------------
def strategy(
    number: str,
    question: tuple[str, str],
    scheme: str,
    *,
    params: Mapping[str, Any] | None = None,
    levels: Sequence[str] | None = None,
    min_words: int = 5,
    hint: tuple[str, str],
) -> Exercise:
    """Write one strategy line per segment (a dict level code → text). A check cannot grade
    ideas: it asks for every segment, a real sentence each (``min_words``), and no line repeated;
    the solution shows the actions the scheme's declaration suggests, to compare."""
    from .schemes.registry import get_scheme

    def wanted() -> list:
        s = get_scheme(scheme)
        declared = s.levels_for(params or {})[:-1]
        return [lv for lv in declared if levels is None or lv.code in levels]

    def judge(given) -> Feedback:
        if not isinstance(given, Mapping):
            return Feedback(
                "malformed",
                tr(
                    "Hãy trả lời bằng một dict: mã cấp → một câu chiến lược, ví dụ "
                    f"{{'{wanted()[0].code}': 'Gọi điện cảm ơn và ...'}}.",
                    f"Answer with a dict: level code → one strategy line, e.g. {{'{wanted()[0].code}': 'Call to thank ...'}}.",
                ),
            )
        from .schemes.base import fold
        from .schemes.result import level_lookup

        levels = wanted()
        position = level_lookup(levels)  # codes and names in either language, any accents

        def code_of(key):
            at = position.get(fold(key))
            return None if at is None else levels[at].code

        written = {code_of(k): str(v).strip() for k, v in given.items()}
        unknown = [k for k in given if code_of(k) is None]
        missing = [lv for lv in wanted() if not written.get(lv.code)]
        short = [
            lv
            for lv in wanted()
            if lv.code in written and 0 < len(written[lv.code].split()) < min_words
        ]
        texts = [t.lower() for c, t in written.items() if c is not None and t]
        repeated = len(texts) != len(set(texts))
        problems_vi, problems_en = [], []
        if unknown:
            codes = ", ".join(lv.code for lv in levels)
            problems_vi.append(f"không có nhóm: {unknown} (dùng mã hoặc tên nhóm; các mã: {codes})")
            problems_en.append(f"no such segment: {unknown} (use codes or names; codes: {codes})")
        if missing:
            problems_vi.append("còn thiếu: " + ", ".join(lv.vi for lv in missing))
            problems_en.append("missing: " + ", ".join(lv.en for lv in missing))
        if short:
            problems_vi.append(
                f"quá ngắn (dưới {min_words} từ): " + ", ".join(lv.vi for lv in short)
            )
            problems_en.append(
                f"too short (under {min_words} words): " + ", ".join(lv.en for lv in short)
            )
        if repeated:
            problems_vi.append("hai nhóm có cùng một câu — mỗi nhóm cần cách riêng")
            problems_en.append("two segments share one line — each needs its own")
        if problems_vi:
            return Feedback(
                "wrong",
                tr(
                    "Chưa đủ: " + "; ".join(problems_vi) + ".",
                    "Not yet: " + "; ".join(problems_en) + ".",
                ),
            )
        return Feedback(
            "right",
            tr(
                f"Đủ {len(wanted())} nhóm, mỗi nhóm một chiến lược riêng. So với gợi ý (solution()) và bàn với nhóm bạn.",
                f"All {len(wanted())} segments have their own strategy. Compare with the suggestions (solution()) and discuss.",
            ),
        )

    def solution() -> str:
        return tr(
            "Hành động gợi ý trong khai báo:\n", "Suggested actions in the declaration:\n"
        ) + "\n".join(f"- {lv.label}: {lv.action}" for lv in wanted())

    def samples() -> dict:
        right = {lv.code: lv.action_vi for lv in wanted()}
        wrong = {lv.code: "gọi điện chăm sóc khách thật chu đáo" for lv in wanted()}
        return {"right": right, "wrong": wrong, "malformed": "chăm sóc tốt"}

    return Exercise(number, question, judge, hint, solution, samples, (scheme,))


def check_samples(ex: Exercise) -> dict[str, Feedback]:
    """The exercise checked with its own right, wrong and malformed sample answers."""
    return {k: ex.check(v) for k, v in ex.samples().items()}
