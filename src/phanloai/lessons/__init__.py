"""Bài tập của từng notebook — the exercises of each lesson notebook.

Every module of this package is one lesson (found without listing it here): it names its
notebook and builds that notebook's exercises from the case the student has loaded, so each
answer is checked against the data in front of them (any ``seed``, any size)::

    bt = phanloai.exercises("ladder", fashion)
    bt.q1.check(1234)

A lesson module declares ``TITLE`` (vi, en), ``NOTEBOOK`` (file name in ``notebooks/``),
``CASES`` (the cases it works on) and ``exercises(case) -> list[Exercise]``.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from .._i18n import PhanloaiError
from ..practice import Lesson

LESSONS: dict[str, ModuleType] = {}
for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if not _info.name.startswith("_"):
        _module = importlib.import_module(f"{__name__}.{_info.name}")
        if hasattr(_module, "exercises"):  # facts.py and other helpers are not lessons
            LESSONS[_info.name] = _module


def exercises(lesson: str, data) -> Lesson:
    """The exercises of a lesson, checked against ``data`` (the case loaded in the notebook).

    Examples
    --------
    >>> import phanloai
    >>> bt = phanloai.exercises("ladder", phanloai.load("fashion", n=3000))
    >>> bt.q1.check(None).ok is None   # no answer yet
    True
    """
    if lesson not in LESSONS:
        raise PhanloaiError(
            f"Không có bài '{lesson}'. Các bài: {', '.join(LESSONS)}.",
            f"No lesson '{lesson}'. The lessons: {', '.join(LESSONS)}.",
        )
    module = LESSONS[lesson]
    name = getattr(data, "name", None)
    if name is not None and name not in module.CASES:
        raise PhanloaiError(
            f"Bài '{lesson}' dùng tình huống {', '.join(module.CASES)}, không phải '{name}'.",
            f"Lesson '{lesson}' works on the case(s) {', '.join(module.CASES)}, not '{name}'.",
        )
    return Lesson(lesson, module.exercises(data))


def answer_key(case):
    """Đáp án — every exercise of every lesson that works on this case, with its answer worked out
    from this very case (the instructor notebook shows it; any seed, any size).

    Examples
    --------
    >>> import phanloai
    >>> from phanloai.lessons import answer_key
    >>> key = answer_key(phanloai.load("fashion", n=3000))
    >>> list(key.columns)
    ['lesson', 'question', 'answer']
    """
    import pandas as pd

    from .._i18n import tr

    rows = []
    for module in LESSONS.values():
        if case.name not in module.CASES:
            continue
        for ex in module.exercises(case):
            rows.append(
                {
                    "lesson": f"{module.NOTEBOOK} · {tr(*module.TITLE)}",
                    "question": str(ex),
                    "answer": ex.solution().text,
                }
            )
    return pd.DataFrame(rows, columns=["lesson", "question", "answer"])


__all__ = ["LESSONS", "answer_key", "exercises"]
