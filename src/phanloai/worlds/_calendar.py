"""A Vietnamese trading calendar for the worlds: which days a shop sells more, less or nothing.

Public holidays and the lunar New Year (Tết) come from the ``holidays`` package (its Vietnamese
calendar: the Tết days move every year with the moon, which is not worth writing by hand). A world
declares how its business lives with that calendar in its parameter file, in a ``[calendar]``
table. A shop that sells more on some days than others (the fashion shop) uses :class:`Calendar`,
which turns that into one weight per day for each kind of channel:

- ``closed_tet`` — the shop is closed from ``[first, last]`` days around the first day of Tết,
  in days from mùng 1 (``[-1, 2]``: from the last day of the old year, 29 or 30 Tết, to mùng 3);
  online orders go on, more slowly;
- ``pre_tet_days`` / ``pre_tet_factor`` — the shopping rush in the weeks before Tết;
- ``holiday_factor`` — other public holidays (30/4, 1/5, 2/9…), for the shop;
- ``weekend_factor`` — Saturdays and Sundays, for the shop;
- ``promotions`` — ``"dd-mm" = factor`` for online channels (8/3, 20/10, 11/11, 12/12).

Weights are relative: a day of weight 2 gets on average twice the orders of a day of weight 1.
A business that is simply open or closed (the bolt distributor, the spa) uses :class:`OpenDays`.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import numpy as np

from ..params import Params


@cache
def _vietnam(years: tuple[int, ...]):
    import holidays

    # English names, whatever the machine's locale: the code below looks for one of them
    return holidays.country_holidays("VN", years=years, language="en_US")


def tet_days(first: date, last: date) -> list[date]:
    """The first day of Tết (mùng 1) of every lunar year that touches ``[first, last]``, plus
    the year after (so a window ending in December sees the next Tết's rush)."""
    years = tuple(range(first.year, last.year + 2))
    days = _vietnam(years)
    return sorted(d for d, name in days.items() if name == "Lunar New Year")


def public_holidays(first: date, last: date) -> set[date]:
    """Every public holiday (and substituted day off) in ``[first, last]``."""
    years = tuple(range(first.year, last.year + 1))
    return {d for d in _vietnam(years) if first <= d <= last}


def before_tet(dates, days: int) -> np.ndarray:
    """Per date (``datetime64[D]``; NaT is never in): whether it falls in the ``days`` days
    before a first day of Tết — the pre-Tết rush, and the Tết sale of a shop."""
    dates = np.asarray(dates, dtype="datetime64[D]")
    out = np.zeros(len(dates), dtype=bool)
    known = dates[~np.isnat(dates)]
    if len(known) == 0 or days <= 0:
        return out
    for t in tet_days(known.min().item(), known.max().item()):
        t64 = np.datetime64(t, "D")
        out |= (dates >= t64 - days) & (dates < t64)
    return out


class _Days:
    """The days from ``start`` until ``margin`` days after ``end`` (that day not included: room
    for what the data pushes past its last day): their dates, weekdays (Monday = 0), and where
    each public holiday and each first day of Tết falls among them."""

    def __init__(self, start: date, end: date, margin: int):
        n_days = (end - start).days + margin
        self.start = np.datetime64(start, "D")
        self.n_days = n_days
        last = start + timedelta(days=n_days - 1)
        self.days = self.start + np.arange(n_days)
        self.weekday = (self.days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
        self.holidays = [self._at(d) for d in public_holidays(start, last)]
        self.tets = [self._at(d) for d in tet_days(start, last)]

    def _at(self, day: date) -> int:
        return int((np.datetime64(day, "D") - self.start).astype(np.int64))

    def _positions(self, dates) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The dates as days, each one's position in the calendar, and whether it is in it
        (NaT and dates outside: not)."""
        dates = np.asarray(dates, dtype="datetime64[D]")
        pos = (dates - self.start).astype(np.int64)
        return dates, pos, ~np.isnat(dates) & (pos >= 0) & (pos < self.n_days)


class Calendar(_Days):
    """One weight per day from ``start`` for ``n_days`` days, for the shop (``store``) and for
    online channels (``online``), as a world's ``[calendar]`` table declares."""

    def __init__(self, p: Params, start: date, end: date, margin: int):
        super().__init__(start, end, margin)
        days, weekday, n_days = self.days, self.weekday, self.n_days
        store = np.ones(n_days)
        online = np.ones(n_days)
        weekend = p.get("calendar.weekend_factor", float, 0, 10)
        store[weekday >= 5] *= weekend
        store[self.holidays] *= p.get("calendar.holiday_factor", float, 0, 10)
        closed = _tet_span(p)
        rush_days = p.get("calendar.pre_tet_days", int, 0, 60)
        rush = p.get("calendar.pre_tet_factor", float, 0, 10)
        tet_online = p.get("calendar.tet_online_factor", float, 0, 10)
        for t in self.tets:
            before = slice(max(t + closed[0] - rush_days, 0), max(t + closed[0], 0))
            store[before] *= rush
            online[before] *= rush
            shut = slice(max(t + closed[0], 0), max(t + closed[1] + 1, 0))
            store[shut] = 0.0
            online[shut] *= tet_online
        promotions = p.get("calendar.promotions", dict)
        day_month = np.char.add(
            np.char.zfill(((days - days.astype("datetime64[M]")).astype(int) + 1).astype(str), 2),
            np.char.add(
                "-",
                np.char.zfill((days.astype("datetime64[M]").astype(int) % 12 + 1).astype(str), 2),
            ),
        )
        for when in promotions:
            factor = p.get(("calendar", "promotions", when), float, 0, 20)
            try:
                date(2024, int(when[3:5]), int(when[:2]))
                ok = len(when) == 5 and when[2] == "-"
            except ValueError:
                ok = False
            if not ok:
                raise p.error(
                    ("calendar", "promotions", when),
                    'ngày khuyến mãi viết dạng "dd-mm", ví dụ "11-11".',
                    'a promotion day is written "dd-mm", e.g. "11-11".',
                )
            online[day_month == when] *= factor
        self.weights = {"store": store, "online": online}
        self._cum = {k: np.concatenate([[0.0], np.cumsum(w)]) for k, w in self.weights.items()}

    def draw(
        self, rng: np.random.Generator, kind: np.ndarray, lo: np.ndarray, hi: np.ndarray
    ) -> np.ndarray:
        """One day per row in ``[lo, hi]`` (dates, both included), drawn with the day weights of
        its channel kind (``kind``: True for the shop, False for online). A window with no open
        day falls back to its first day."""
        a = np.clip((lo - self.start).astype(np.int64), 0, self.n_days - 1)
        b = np.clip((hi - self.start).astype(np.int64), a, self.n_days - 1)
        u = rng.random(len(a))
        out = np.empty(len(a), dtype=np.int64)
        for name, mask in (("store", kind), ("online", ~kind)):
            cum = self._cum[name]
            low, high = cum[a[mask]], cum[b[mask] + 1]
            target = low + u[mask] * (high - low)
            pos = np.searchsorted(cum, target, side="right") - 1
            out[mask] = np.where(high > low, np.clip(pos, a[mask], b[mask]), a[mask])
        return self.start + out


class OpenDays(_Days):
    """The days a business is open, as a world's ``[calendar]`` table declares them:

    - ``closed_tet`` — ``[first, last]`` days around the first day of Tết, in days from mùng 1
      (0 = mùng 1, 4 = mùng 5, −1 = the last day of the old year, 30 Tết or 29 Tết in a year
      whose last month has 29 days; ``[-4, 4]``: nine days, from 27 Tết — 26 Tết in a short year
      — to mùng 5);
    - ``closed_weekdays`` — e.g. ``[6]`` (Sunday; Monday is 0);
    - ``closed_on_holidays`` — whether the other public holidays are days off;
    - ``spread_after_tet`` (optional) — over how many open days the work that waited through the
      Tết closure is spread, evenly (without it, as for any closed day: mostly the first open
      day, a third the second or third).

    :meth:`next_open` moves a date that falls on a closed day to an open one after it (work that
    would have happened then waits: the days after a closure are busier)."""

    def __init__(self, p: Params, start: date, end: date, margin: int = 400):
        super().__init__(start, end, margin)
        n_days = self.n_days
        closed = np.zeros(n_days, dtype=bool)
        weekdays = p.get("calendar.closed_weekdays", list)
        if not all(isinstance(d, int) and 0 <= d <= 6 for d in weekdays):
            raise p.error(
                "calendar.closed_weekdays",
                "cần các số 0–6 (thứ Hai = 0, Chủ nhật = 6), ví dụ [6].",
                "expected numbers 0-6 (Monday = 0, Sunday = 6), e.g. [6].",
            )
        closed |= np.isin(self.weekday, weekdays)
        if p.get("calendar.closed_on_holidays", bool):
            closed[self.holidays] = True
        first, last_day = _tet_span(p)
        self._tet = np.zeros(n_days + 1, dtype=bool)
        for t in self.tets:
            self._tet[max(t + first, 0) : max(t + last_day + 1, 0)] = True
        closed |= self._tet[:n_days]
        self._closed = closed
        # for each day, the first open day from it on (closed days at the end point past it)
        own = np.append(np.where(closed, n_days, np.arange(n_days)), n_days)
        self._next = np.minimum.accumulate(own[::-1])[::-1]
        self.spread = p.get("calendar.spread_after_tet", int, 0, 60, default=0) or None

    def closed(self, dates: np.ndarray) -> np.ndarray:
        """Per date: whether the business is closed that day (dates outside the calendar: open)."""
        dates, pos, inside = self._positions(dates)
        out = np.zeros(len(dates), dtype=bool)
        out[inside] = self._closed[pos[inside]]
        return out

    def next_open(self, dates: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Each date, or an open day after it (NaT stays NaT; dates outside the calendar are left
        as they are). Work that falls on a closed day is spread over the first three open days
        after it instead of all landing on the first (no Monday twice as busy); work that waited
        through Tết over the first ``spread_after_tet`` open days, when the world declares it."""
        dates, pos, inside = self._positions(dates)
        out = dates.copy()
        first_open = at = self._next[pos[inside]]
        moved = at != pos[inside]
        after_tet = moved & self._tet[pos[inside]]
        for _ in range(2):  # one or two open days later, each with a third of the chance
            later = moved & (rng.random(len(at)) < 1 / 3) & (at + 1 < self.n_days)
            at = np.where(later, self._next[np.minimum(at + 1, self.n_days)], at)
            moved &= later
        if self.spread is not None:  # after Tết: evenly over the first `spread` open days
            steps = np.where(after_tet, rng.integers(0, self.spread, len(at)), 0)
            spread = first_open
            for k in range(1, self.spread):
                later = (steps >= k) & (spread + 1 < self.n_days)
                spread = np.where(later, self._next[np.minimum(spread + 1, self.n_days)], spread)
            at = np.where(after_tet, spread, at)
        out[inside] = self.start + at
        return out


def _tet_span(p: Params) -> tuple[int, int]:
    closed = p.get("calendar.closed_tet", list)
    if len(closed) != 2 or not all(isinstance(x, int) for x in closed) or closed[0] > closed[1]:
        raise p.error(
            "calendar.closed_tet",
            "cần hai số nguyên [từ, đến] tính theo ngày so với mùng 1 Tết (0 = mùng 1, 2 = mùng 3), ví dụ [-1, 2].",
            "expected two whole numbers [from, to] in days from the first day of Tết (0 = mùng 1, 2 = mùng 3), e.g. [-1, 2].",
        )
    return closed[0], closed[1]
