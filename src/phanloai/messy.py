"""Dữ liệu như trong CRM thật — the same world as a real CRM would hold it, and the way back.

``phanloai.load(case, messy=True)`` returns the world's customer list as sales teams keep it:
the same people, plus what piles up in a real CRM —

- **duplicate contacts**: the same person entered again (a new id, the phone written another
  way, the name without accents or in capitals), without orders of their own;
- **junk and test leads**: "Test", "Khách thử", "asdf"… with a phone that is not one;
- **missing sources**: the source left blank;
- **old province names**: written as before the 1 July 2025 merger ("Bình Dương" for what is
  now TP Hồ Chí Minh);
- **mixed phone formats** (``+84 912 345 678``, ``0912.345.678``), **decomposed Unicode** (as
  macOS and some web forms save Vietnamese) and **stray spaces**.

The orders are untouched (they belong to the original ids). ``case.messy`` records what was done
(which id copies which, which ids are junk, whose source was blanked), so a class can check its
cleaning. :func:`clean` takes a messy world through the package's door for data
(:func:`phanloai.from_files`, the same code a user's own export goes through) and then merges the
duplicates and drops the junk it reports: the clean world's people, with the same labels.
"""

from __future__ import annotations

import tempfile
import unicodedata
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ._i18n import PhanloaiError

__all__ = ["JUNK_NAMES", "RATES", "clean", "make_messy"]

#: Shares of the customer list touched by each kind of mess (of the clean list's size).
RATES = {
    "duplicate": 0.03,
    "junk": 0.01,
    "source_blank": 0.04,
    "province_old": 0.30,  # of the customers living in a province formed by a merger
    "phone_format": 0.50,
    "nfd": 0.10,
    "spaces": 0.08,
}
#: Names people type when they test a form (folded: lower case, no accents, no spaces).
JUNK_NAMES = ("test", "testtest", "khachthu", "asdf", "nguyenvana", "abc", "xxx")
_JUNK_WRITTEN = ("Test", "test test", "Khách thử", "asdf", "Nguyễn Văn A", "ABC", "xxx")
_JUNK_PHONES = ("0000000000", "0123456789", "1111111111", "")
_SEED_TAG = 20250701  # the messy world's own random stream: the clean world is not disturbed


def _name_column(table: pd.DataFrame) -> str | None:
    return next((c for c in ("full_name", "contact_name") if c in table.columns), None)


def _no_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _phone_ways(phone: str, way: int) -> str:
    digits = "".join(ch for ch in str(phone) if ch.isdigit())
    if len(digits) != 10 or not digits.startswith("0"):
        return phone
    if way == 0:
        return f"+84 {digits[1:4]} {digits[4:7]} {digits[7:]}"
    if way == 1:
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    return f"{digits[:4]} {digits[4:7]} {digits[7:]}"


def _behaviour_columns(table: pd.DataFrame) -> list[str]:
    from .features import order_features

    probe = order_features(
        pd.DataFrame({"customer_id": [], "amount": [], "order_date": pd.to_datetime([])}),
        [],
        "2025-01-01",
    )
    event_like = [c for c in table.columns if c.endswith("_events") or c in _EVENT_COLUMNS]
    return [c for c in (*probe.columns, *event_like) if c in table.columns]


_EVENT_COLUMNS = ("n_events", "page_views", "cart_adds", "web_purchases", "abandoned_carts")


def _blank_behaviour(rows: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """New CRM records carry no order or event of their own."""
    rows = rows.copy()
    for c in columns:
        if pd.api.types.is_datetime64_any_dtype(rows[c]):
            rows[c] = pd.NaT
        elif c in ("avg_order_value", "recency_days"):
            rows[c] = np.nan
        else:
            rows[c] = 0
    return rows


def make_messy(case, rates: dict | None = None):
    """The world ``case`` as a CRM holds it (see the module). Same case, size and seed → the
    same mess; the clean world passed in is not changed."""
    rates = {**RATES, **(rates or {})}
    bad = [k for k in rates if k not in RATES]
    if bad:
        raise PhanloaiError(
            f"make_messy(): không có loại lộn xộn {', '.join(bad)}; có: {', '.join(RATES)}.",
            f"make_messy(): no kind of mess {', '.join(bad)}; there are: {', '.join(RATES)}.",
        )
    rng = np.random.default_rng([case.seed, case.n, _SEED_TAG])
    c = case.customers.copy()
    n = len(c)
    name = _name_column(c)
    truth: dict = {"duplicate_of": {}, "junk": [], "source_blank": [], "province_old": []}
    text_cols = [col for col in (name, "address") if col and col in c.columns]
    for col in text_cols:
        c[col] = c[col].astype("object")
    # old province names, for people in a province that a merger formed
    if "province" in c.columns:
        from .intake.places import old_province_table

        olds = old_province_table()
        olds = olds[olds["old_name"] != olds["province"]]
        by_new = olds.groupby("province")["old_name"].apply(list).to_dict()
        province = c["province"].astype("object").to_numpy().copy()
        for i in np.flatnonzero(rng.random(n) < rates["province_old"]):
            choices = by_new.get(province[i])
            if choices:
                province[i] = choices[rng.integers(len(choices))]
                truth["province_old"].append(c["customer_id"].iloc[i])
        c["province"] = pd.Series(province, index=c.index, dtype="object")
    # blank sources
    if "source" in c.columns:
        blank = rng.random(n) < rates["source_blank"]
        truth["source_blank"] = c.loc[blank, "customer_id"].tolist()
        c["source"] = c["source"].astype("object").where(~blank, None)
    # phone formats
    if "phone" in c.columns:
        phones = c["phone"].astype("object").to_numpy().copy()
        for i in np.flatnonzero(rng.random(n) < rates["phone_format"]):
            phones[i] = _phone_ways(phones[i], int(rng.integers(3)))
        c["phone"] = pd.Series(phones, index=c.index, dtype="object")
    # decomposed Unicode and stray spaces in names
    if name:
        names = c[name].to_numpy().copy()
        for i in np.flatnonzero(rng.random(n) < rates["nfd"]):
            names[i] = unicodedata.normalize("NFD", str(names[i]))
        for i in np.flatnonzero(rng.random(n) < rates["spaces"]):
            names[i] = " " + str(names[i]).replace(" ", "  ", 1) + " "
        c[name] = names
    behaviour = _behaviour_columns(c)
    ids = c["customer_id"].astype(str)
    prefix = ids.iloc[0].rstrip("0123456789")
    width = len(ids.iloc[0]) - len(prefix)
    next_number = int(ids.str[len(prefix) :].astype(int).max()) + 1
    added = []
    # duplicates: the same person entered again, without orders of their own
    picks = rng.choice(n, size=int(round(rates["duplicate"] * n)), replace=False)
    copies = _blank_behaviour(case.customers.iloc[np.sort(picks)], behaviour)
    for col in text_cols:
        copies[col] = copies[col].astype("object")
    copies = copies.astype({"province": "object"}) if "province" in copies else copies
    new_ids = [f"{prefix}{next_number + k:0{width}d}" for k in range(len(copies))]
    next_number += len(copies)
    for new_id, (_, row) in zip(new_ids, copies.iterrows(), strict=True):
        truth["duplicate_of"][new_id] = row["customer_id"]
    copies["customer_id"] = new_ids
    if name:
        written = copies[name].astype(str)
        ways = rng.integers(3, size=len(copies))
        copies[name] = np.where(
            ways == 0,
            written.map(_no_accents),
            np.where(ways == 1, written.str.upper(), written.str.lower()),
        )
    if "phone" in copies:
        copies["phone"] = [_phone_ways(p, int(rng.integers(3))) for p in copies["phone"]]
    added.append(copies)
    # junk and test leads
    k = int(round(rates["junk"] * n))
    if k:
        junk = _blank_behaviour(
            case.customers.iloc[rng.choice(n, size=k, replace=False)], behaviour
        )
        for col in text_cols:
            junk[col] = junk[col].astype("object")
        junk_ids = [f"{prefix}{next_number + i:0{width}d}" for i in range(k)]
        junk["customer_id"] = junk_ids
        if name:
            junk[name] = [_JUNK_WRITTEN[i] for i in rng.integers(len(_JUNK_WRITTEN), size=k)]
        if "phone" in junk:
            junk["phone"] = [_JUNK_PHONES[i] for i in rng.integers(len(_JUNK_PHONES), size=k)]
        for col in ("source", "province"):
            if col in junk:
                junk[col] = None
        truth["junk"] = junk_ids
        added.append(junk)
    messy = pd.concat([c, *added], ignore_index=True)
    for col in ("source", "province", "phone"):
        if col in messy:
            messy[col] = messy[col].astype("object")
    tables = {**case.tables, "customers": messy}
    return replace(case, tables=tables, messy=truth)


def clean(case):
    """A messy world (:func:`make_messy`) taken through the door for data and cleaned: the
    customer list and the orders are written as files and read by :func:`phanloai.from_files`
    (phones, old province names, Unicode and spaces are read right there); then the contacts the
    door reports as sharing a phone with an earlier one are merged into it and the junk leads
    (a test name, or no usable phone and no order) are dropped. Returns ``(customers, removed)``:
    the cleaned customer table and one row per contact removed, with ``why`` (a code:
    ``duplicate`` or ``junk``) and ``kept`` (the id a duplicate was merged into)."""
    from .intake import from_files
    from .intake._text import fold

    customers = case.customers
    with tempfile.TemporaryDirectory(prefix="phanloai_messy_") as folder:
        k_path, o_path = Path(folder) / "khach_hang.csv", Path(folder) / "don_hang.csv"
        customers.to_csv(k_path, index=False)
        case.tables["orders"][["order_id", "customer_id", "order_date", "amount"]].to_csv(
            o_path, index=False
        )
        data = from_files(customers=k_path, orders=o_path, as_of=case.as_of)
    table = data.customers.copy()
    ids = table["customer_id"].astype(str).to_numpy()
    row_of = {int(r): i for i, r in enumerate(data.rows["customers"])}
    name = _name_column(table)
    folded = table[name].astype(str).map(fold) if name else pd.Series("", index=table.index)
    no_phone = table["phone"].isna() if "phone" in table else pd.Series(False, index=table.index)
    junk = folded.isin(JUNK_NAMES) | (no_phone & (table["n_orders"] == 0) & table["source"].isna())
    removed = [(ids[i], "junk", None) for i in np.flatnonzero(junk.to_numpy())]
    gone = {r[0] for r in removed}
    for issue in data.issues:
        if issue.code != "duplicate_phone":
            continue
        for later, first in zip(issue.rows, issue.detail["first"], strict=True):
            i, j = row_of.get(int(later)), row_of.get(int(first))
            if i is None or j is None or ids[i] in gone or table["n_orders"].iloc[i] != 0:
                continue
            removed.append((ids[i], "duplicate", ids[j]))
            gone.add(ids[i])
    out = pd.DataFrame(removed, columns=["customer_id", "why", "kept"])
    keep = ~pd.Series(ids).isin(out["customer_id"]).to_numpy()
    return table[keep].reset_index(drop=True), out
