"""Figures quoted in text, tied to the data so that text and data cannot drift apart.

A figure written in a notebook's Markdown, a case text or the instructor notes is followed by an
invisible marker that names the *fact* it quotes and the seed::

    Facebook Ads mang về **1.106** <!--fig spa.facebook_leads-->  lead …
    khoảng **36–37 %** <!--fig spa.facebook_lead_share @0-19--> số lead …

``@0`` (the default) is one seed; ``@0-19`` a range of seeds, and then the text must give a range
(``36–37 %``) that holds every seed's value. A fact is a function of a case, registered with
:func:`fact` in a lesson module. :func:`check_text` finds every marker and compares the number
written just before it with the fact, at the precision it is written (``37 %`` → whole percents,
``1,9 triệu`` → one decimal of a million); ``±`` in the marker widens that (``±10`` for "khoảng
800", in the written unit). :func:`update_text` rewrites the numbers from the data (after the
worlds change), keeping each one's unit and precision.

Units understood after a number: ``%`` (the fact is a share 0…1), ``triệu`` (÷ 1e6), ``tỷ``
(÷ 1e9), ``nghìn`` (÷ 1e3); anything else is the number itself.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .._i18n import PhanloaiError

__all__ = ["FACTS", "Problem", "check_text", "fact", "per_case", "update_text", "value"]

#: name ("spa.facebook_leads") → (case, function of the case)
FACTS: dict[str, tuple[str, Callable]] = {}

_MARKER = re.compile(
    r"<!--\s*fig\s+(?P<name>[\w.]+)(?:\s+@(?P<lo>\d+)(?:-(?P<hi>\d+))?)?(?:\s+±(?P<tol>[\d.,]+))?\s*-->"
)
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# the number (or range) just before a marker, with its unit; bold marks and spaces allowed around
_BEFORE = re.compile(
    rf"(?P<a>{_NUMBER})(?:\s*[–-]\s*(?P<b>{_NUMBER}))?(?P<unit>\s*(?:%|triệu|tỷ|nghìn))?(?P<tail>[\s*_]*)$"
)
_SCALE = {"%": 0.01, "triệu": 1e6, "tỷ": 1e9, "nghìn": 1e3, "": 1.0}


def fact(case: str, name: str):
    """Register a fact: ``@fact("spa", "facebook_leads")`` over ``def f(case) -> number``."""

    def wrap(func: Callable) -> Callable:
        key = f"{case}.{name}"
        if key in FACTS and FACTS[key][1].__module__ != func.__module__:
            raise PhanloaiError(
                f"Số liệu '{key}' đã được {FACTS[key][1].__module__} khai báo; "
                f"{func.__module__} khai báo lại. Mỗi số liệu chỉ khai báo một chỗ.",
                f"The fact '{key}' is already declared by {FACTS[key][1].__module__}; "
                f"{func.__module__} declares it again. Declare each fact in one place.",
            )
        FACTS[key] = (case, func)
        return func

    return wrap


def per_case(case, key: str, compute: Callable):
    """``compute(case)`` once per case object: the facts of one text ask for the same table
    many times. Kept in the case, and made again if its customers table was replaced."""
    memo = case.__dict__.setdefault("_facts_memo", {})
    hit = memo.get(key)
    if hit is None or hit[0] is not case.customers:
        hit = memo[key] = (case.customers, compute(case))
    return hit[1]


@lru_cache(maxsize=64)
def _case(name: str, seed: int):
    from ..case import load

    return load(name, seed=seed)


def _all_lessons() -> None:
    """Import every lesson module, so that every fact they declare is registered."""
    import phanloai.lessons  # noqa: F401  (discovery imports the modules)


def value(name: str, seed: int = 0) -> float:
    """A fact's value in the world of that seed (default size)."""
    _all_lessons()
    if name not in FACTS:
        raise PhanloaiError(f"Không có số liệu '{name}'.", f"No fact named '{name}'.")
    case, func = FACTS[name]
    return float(func(_case(case, seed)))


def _read(text: str) -> tuple[float, int]:
    """A number written the Vietnamese way, and how many decimals it shows."""
    whole, _, decimals = text.partition(",")
    return float(whole.replace(".", "") + ("." + decimals if decimals else "")), len(decimals)


def _write(x: float, decimals: int) -> str:
    from ..vn import format_number

    return (
        format_number(round(x, decimals), decimals, "vi")
        if decimals
        else format_number(round(x), 0, "vi")
    )


@dataclass
class Problem:
    where: str
    marker: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.marker}: {self.message}"


def _figures(text: str):
    for m in _MARKER.finditer(text):
        start = max(0, m.start() - 80)
        before = _BEFORE.search(text, start, m.start())
        yield m, before


def _seeds(m) -> list[int]:
    lo = int(m["lo"] or 0)
    hi = int(m["hi"] or lo)
    return list(range(lo, hi + 1))


def check_text(text: str, where: str = "") -> list[Problem]:
    """Every marked figure whose written number the data do not bear out (empty list: all good)."""
    _all_lessons()
    problems = []
    for m, before in _figures(text):
        marker = m.group(0)
        if m["name"] not in FACTS:
            problems.append(Problem(where, marker, f"no fact '{m['name']}' is registered"))
            continue
        if before is None:
            problems.append(Problem(where, marker, "no number written just before the marker"))
            continue
        unit = (before["unit"] or "").strip()
        scale = _SCALE[unit]
        a, da = _read(before["a"])
        b, db = _read(before["b"]) if before["b"] else (a, da)
        seeds = _seeds(m)
        if len(seeds) > 1 and not before["b"]:
            problems.append(
                Problem(where, marker, "a range of seeds needs a range in the text (a–b)")
            )
            continue
        tol = float(m["tol"].replace(",", ".")) if m["tol"] else 0.0
        values = [value(m["name"], s) / scale for s in seeds]
        lo = a - 0.5 * 10**-da - tol
        hi = b + 0.5 * 10**-db + tol
        wrong = [
            (s, v) for s, v in zip(seeds, values, strict=True) if not (lo - 1e-9 <= v < hi + 1e-9)
        ]
        if wrong:
            shown = ", ".join(f"seed {s}: {_write(v, max(da, db) + 1)}" for s, v in wrong[:5])
            problems.append(
                Problem(
                    where, marker, f"the text says {before.group(0).strip()}, the data: {shown}"
                )
            )
    return problems


def update_text(text: str) -> str:
    """The text with every marked figure rewritten from the data, at its written unit and precision."""
    out, last = [], 0
    for m, before in _figures(text):
        if before is None or m["name"] not in FACTS:
            continue
        unit = (before["unit"] or "").strip()
        scale = _SCALE[unit]
        _, da = _read(before["a"])
        values = [value(m["name"], s) / scale for s in _seeds(m)]
        if before["b"]:
            _, db = _read(before["b"])
            new = f"{_write(math.floor(min(values) * 10**da) / 10**da, da)}–{_write(math.ceil(max(values) * 10**db) / 10**db, db)}"
        else:
            new = _write(values[0], da)
        start = before.start()
        out.append(text[last:start])
        out.append(new + (before["unit"] or "") + before["tail"])
        last = before.end()
    out.append(text[last:])
    return "".join(out)
