"""Per-customer behaviour features derived from order and event tables.

These are public so that a user's own orders and events can take the same path as the
synthetic ones: ``order_features(my_orders, my_customers["customer_id"], as_of="2025-12-31")``.

Amounts and hours are read through the package's one door for numbers
(:mod:`phanloai.schemes.inputs`): nullable and Arrow numbers, numbers written the Vietnamese way
(``1.250.000 ₫``); a date or unreadable text is a bilingual error naming the table, the column and
the rows. **A blank amount** (or an impossible one: negative, infinite) is *counted as missing*:
the order still counts in ``n_orders``, but that customer's ``total_spend`` and
``avg_order_value`` (``quote_value`` and ``custom_share`` for quotes, ``support_hours`` for
tickets) are not known — ``<NA>`` / NaN, never a made-up number — so a classification that needs
them makes the customer "Không xác định / Unknown" and says why.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._i18n import PhanloaiError
from .geo import haversine_km
from .schemes.inputs import Who, check_unique, number_column

#: Event types the web/touchpoint tables use for pages, carts and purchases.
VIEW_EVENT = "xem_trang"
CART_EVENT = "them_gio"
PURCHASE_EVENT = "mua_hang"


def _require(table: pd.DataFrame, columns: list[str], name: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise PhanloaiError(
            f"Bảng '{name}' cần là một pandas DataFrame, nhận được {type(table).__name__}.",
            f"Table '{name}' must be a pandas DataFrame, got {type(table).__name__}.",
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise PhanloaiError(
            f"Bảng '{name}' thiếu cột: {', '.join(missing)}.",
            f"Table '{name}' is missing column(s): {', '.join(missing)}.",
        )
    check_unique(table, Who(f"Bảng '{name}'", f"Table '{name}'"), ("bảng", "the table"))


def _amounts(table: pd.DataFrame, column: str, name: str, kind: str = "money") -> np.ndarray:
    """A column of amounts as floats through the one door; blank or impossible → NaN."""
    who = Who(f"Bảng '{name}'", f"Table '{name}'")
    values = number_column(table, column, kind, who)
    return values.to_numpy(dtype="float64", na_value=np.nan)


def _sums(codes: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per customer: the sum of the known values, and whether any value was missing."""
    blank = np.isnan(values)
    total = np.bincount(codes, weights=np.where(blank, 0.0, values), minlength=n)
    unknown = np.bincount(codes[blank], minlength=n) > 0
    return total, unknown


def _whole(total: np.ndarray, unknown: np.ndarray):
    """Rounded totals as integers; ``Int64`` with ``<NA>`` where a total is not known."""
    whole = total.round(0).astype(np.int64)
    if not unknown.any():
        return whole
    out = pd.array(whole, dtype="Int64")
    out[unknown] = pd.NA
    return out


def _key_codes(keys: pd.Series, ids: pd.Index, table: str) -> np.ndarray:
    """Position of each key in ``ids``; unknown keys are an error naming the rows, and so are
    ids given twice (a line could not say whose it is)."""
    if not ids.is_unique:
        twice = ", ".join(map(str, ids[ids.duplicated()].unique()[:5]))
        raise PhanloaiError(
            f"Bảng khách hàng có customer_id trùng nhau ({twice}): mỗi khách cần một mã riêng.",
            f"The customer table has customer_id values given twice ({twice}): each customer "
            "needs an id of their own.",
        )
    if isinstance(keys.dtype, pd.CategoricalDtype) and keys.cat.categories.equals(ids):
        codes = keys.cat.codes.to_numpy()
    else:  # look each distinct key up once (orders repeat their customers many times)
        key_codes, uniques = pd.factorize(keys, use_na_sentinel=True)
        lookup = (
            ids.get_indexer(pd.Index(uniques).astype(ids.dtype))
            if len(uniques)
            else np.array([], dtype=np.intp)
        )
        codes = np.append(lookup, -1)[key_codes]
    bad = np.flatnonzero(codes < 0)
    if len(bad):
        rows = ", ".join(str(r) for r in keys.index[bad[:10]])
        raise PhanloaiError(
            f"Bảng '{table}': {len(bad)} dòng có customer_id không có trong bảng khách hàng (dòng {rows}).",
            f"Table '{table}': {len(bad)} row(s) have a customer_id not in the customer table (rows {rows}).",
        )
    return codes


#: Vietnam's time zone: aware timestamps (an export in UTC, say) are read as Vietnam time.
VIETNAM_TZ = "Asia/Ho_Chi_Minh"
#: how purchases are counted: every order, or every day with at least one order
COUNTS = ("orders", "days")


def local_times(values, table: str = "orders", column: str = "order_date") -> np.ndarray:
    """Timestamps as Vietnam wall-clock time, ``datetime64[s]`` (NaT where blank): aware values
    are converted to Vietnam time first, naive ones are taken as Vietnam time already. Text is
    read as ISO dates, or else as people write them (``31/12/2025 15:30``: day first); text that
    is no date is a bilingual error naming the table, the column and the rows.

    >>> local_times(pd.Series(pd.to_datetime(["2025-12-31 20:00"]).tz_localize("UTC")))
    array(['2026-01-01T03:00:00'], dtype='datetime64[s]')
    >>> local_times(pd.Series(["2026-02-01", "31/12/2025 15:30", None]))
    array(['2026-02-01T00:00:00', '2025-12-31T15:30:00', 'NaT'], dtype='datetime64[s]')
    """
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    if not pd.api.types.is_datetime64_any_dtype(series):
        try:
            series = pd.to_datetime(series, format="ISO8601")
        except (ValueError, TypeError):
            return _dates_as_written(series, table, column)
    if getattr(series.dt, "tz", None) is not None:
        series = series.dt.tz_convert(VIETNAM_TZ).dt.tz_localize(None)
    return series.to_numpy().astype("datetime64[s]")


def _dates_as_written(series: pd.Series, table: str, column: str) -> np.ndarray:
    from .intake.values import parse_date  # the door's reading of dates, day first

    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts = np.array([str(u).strip() for u in uniques], dtype=object)
    parsed = parse_date(texts)
    bad = np.flatnonzero(np.array([p is not None for p in parsed.problems], dtype=bool))
    if len(bad):
        rows = np.flatnonzero(np.isin(codes, bad))
        shown = ", ".join(str(r) for r in series.index[rows[:10]])
        example = texts[bad[0]]
        raise PhanloaiError(
            f"Bảng '{table}', cột '{column}': {len(rows)} dòng không đọc được thành ngày (dòng "
            f"{shown}; ví dụ '{example}').",
            f"Table '{table}', column '{column}': {len(rows)} row(s) cannot be read as a date "
            f"(rows {shown}; e.g. '{example}').",
        )
    values = np.asarray(parsed.values).astype("datetime64[s]")
    return np.append(values, np.datetime64("NaT", "s"))[codes]


def read_date(value, dayfirst: bool = True, what: str = "as_of") -> pd.Timestamp:
    """One date given by a person: a date or timestamp object, or text written as everywhere
    in the package — ISO (``2025-12-31``) or day first (``05/02/2025`` is 5 February; with
    ``dayfirst=False``, 2 May). Anything else — a number, unreadable text, nothing — is a
    bilingual error naming ``what``.

    >>> read_date("05/02/2025"), read_date("05/02/2025", dayfirst=False)
    (Timestamp('2025-02-05 00:00:00'), Timestamp('2025-05-02 00:00:00'))
    """
    import datetime as dt

    stamp = pd.NaT
    if isinstance(value, pd.Timestamp | dt.date | np.datetime64):
        stamp = pd.Timestamp(value)
    elif isinstance(value, str) and value.strip():
        from .intake.values import parse_date  # the door's reading of dates

        parsed = parse_date(np.array([value.strip()], dtype=object), dayfirst=dayfirst)
        if parsed.problems[0] is None:
            stamp = pd.Timestamp(parsed.values[0])
    if pd.isna(stamp):
        raise PhanloaiError(
            f"{what} = {value!r}: cần một ngày, ví dụ '31/12/2025' hoặc '2025-12-31'.",
            f"{what} = {value!r}: a date is needed, e.g. '31/12/2025' or '2025-12-31'.",
        )
    return stamp


def as_of_bounds(as_of) -> tuple[np.datetime64, np.datetime64]:
    """``(day, cutoff)`` for a recency date: ``day`` is the calendar day recency is counted
    to; orders at or before ``cutoff`` count. A date without a time (midnight) means the whole
    day: an order at 15:00 on that day is in, with recency 0. A date with a time cuts there.

    >>> as_of_bounds("2025-12-31")
    (np.datetime64('2025-12-31'), np.datetime64('2025-12-31T23:59:59'))
    >>> as_of_bounds("2025-12-31 12:00")[1]
    np.datetime64('2025-12-31T12:00:00')
    """
    stamp = read_date(as_of)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(VIETNAM_TZ).tz_localize(None)
    day = np.datetime64(stamp.normalize().to_datetime64(), "D")
    if stamp == stamp.normalize():
        cutoff = (day + 1).astype("datetime64[s]") - np.timedelta64(1, "s")
    else:
        cutoff = np.datetime64(stamp.to_datetime64(), "s")
    return day, cutoff


def recency_in_days(last: np.ndarray, day: np.datetime64) -> np.ndarray:
    """Calendar days from each last purchase to ``day`` (an order earlier that day: 0, at any
    time yesterday: 1); NaN where there is no last purchase."""
    last = np.asarray(last).astype("datetime64[s]")
    out = (np.datetime64(day, "D") - last.astype("datetime64[D]")).astype(float)
    out[np.isnat(last)] = np.nan
    return out


def purchase_days(codes: np.ndarray, stamps: np.ndarray, n: int) -> np.ndarray:
    """Per customer, how many distinct calendar days hold at least one of the rows (NaT rows
    are left out)."""
    known = ~np.isnat(stamps)
    days = stamps[known].astype("datetime64[D]").astype(np.int64)
    if not len(days):
        return np.zeros(n, dtype=np.int64)
    low = days.min()
    width = int(days.max() - low) + 1
    pairs = np.unique(codes[known].astype(np.int64) * width + (days - low))
    return np.bincount(pairs // width, minlength=n)


def _check_count(count: str) -> None:
    if count not in COUNTS:
        raise PhanloaiError(
            f"count='{count}' không có; chọn 'orders' (mỗi đơn là một lần mua) hoặc 'days' (mỗi "
            "ngày có đơn là một lần mua).",
            f"count='{count}' does not exist; choose 'orders' (each order is a purchase) or "
            "'days' (each day with an order is one purchase).",
        )


def order_features(
    orders: pd.DataFrame,
    customer_ids,
    as_of,
    amount: str = "amount",
    date: str = "order_date",
    count: str = "orders",
) -> pd.DataFrame:
    """Order count, total spend, first / last purchase, recency (days) and average order value.

    Returns one row per id in ``customer_ids`` (in that order, indexed by it); customers with no
    order get 0 orders, 0 spend, no dates and no recency.

    Times are read as Vietnam time (aware timestamps are converted). Recency is counted in
    **calendar days** to ``as_of`` (an order earlier that day: 0; yesterday at 15:00: 1). Orders
    after ``as_of`` (a date alone means the whole day) are left out of every feature; how many is
    in ``result.attrs["after_as_of"]``. ``count="days"`` counts the days with an order instead of
    the orders (two orders on one day are one purchase); the spend is the same either way.

    On an ibis table (a database) the engine computes the same numbers and the result is an
    ibis table with a ``customer_id`` column (``customer_ids``: an ibis table or column of ids,
    ids in Python, or None for the customers with orders): see :func:`phanloai.sql.order_features`.

    >>> orders = pd.DataFrame({"customer_id": [1, 1, 1, 2], "amount": [100, 200, 50, 70],
    ...     "order_date": ["2025-12-30 09:00", "2025-12-30 17:00", "2025-12-31 08:00",
    ...                    "2026-01-02 10:00"]})
    >>> f = order_features(orders, [1, 2], as_of="2025-12-31")
    >>> f[["n_orders", "total_spend", "recency_days"]].to_dict("list")
    {'n_orders': [3, 0], 'total_spend': [350, 0], 'recency_days': [0, None]}
    >>> int(order_features(orders, [1, 2], "2025-12-31", count="days").loc[1, "n_orders"])
    2
    >>> f.attrs["after_as_of"]
    1
    """
    from . import sql

    if sql.is_table(orders):  # a database table: the engine computes (phanloai.sql)
        customers = sql.ids_table(customer_ids)
        return sql.order_features(orders, as_of, customers, amount=amount, date=date, count=count)
    _check_count(count)
    _require(orders, ["customer_id", amount, date], "orders")
    ids = pd.Index(customer_ids)
    day, cutoff = as_of_bounds(as_of)
    stamps = local_times(orders[date], "orders", date)
    after = stamps > cutoff  # NaT compares False: an unknown date stays (and stays unknown)
    codes = _key_codes(orders["customer_id"], ids, "orders")
    amounts = _amounts(orders, amount, "orders")
    if after.any():
        codes, amounts, stamps = codes[~after], amounts[~after], stamps[~after]
    n = len(ids)
    if count == "orders":
        counts = np.bincount(codes, minlength=n)
    else:
        counts = purchase_days(codes, stamps, n)
    spend, unknown = _sums(codes, amounts, n)
    ticks = stamps.view(np.int64)
    valid = ~np.isnat(stamps)
    big = np.iinfo(np.int64).max
    lo, hi = np.full(n, big), np.full(n, -big)
    np.minimum.at(lo, codes[valid], ticks[valid])  # per-customer min / max without a groupby
    np.maximum.at(hi, codes[valid], ticks[valid])
    first = np.where(lo == big, np.datetime64("NaT"), lo.astype("datetime64[s]"))
    last = np.where(hi == -big, np.datetime64("NaT"), hi.astype("datetime64[s]"))
    recency = recency_in_days(last, day)
    with np.errstate(invalid="ignore", divide="ignore"):
        aov = np.where((counts > 0) & ~unknown, spend / np.maximum(counts, 1), np.nan)
    out = pd.DataFrame(
        {
            "n_orders": counts.astype(np.int64),
            "total_spend": _whole(spend, unknown),
            "avg_order_value": np.round(aov, 0),
            "first_purchase": first,
            "last_purchase": last,
            "recency_days": pd.array(recency, dtype="Int64"),
        },
        index=ids,
    )
    out.attrs["after_as_of"] = int(after.sum())
    return out


def _per_category(series: pd.Series, func) -> np.ndarray:
    """``func`` applied to each distinct value, spread back over the rows (cheap on categoricals:
    7 million events have only a handful of event types)."""
    cat = series if isinstance(series.dtype, pd.CategoricalDtype) else series.astype("category")
    codes = cat.cat.codes.to_numpy()
    values = np.array([func(v) for v in cat.cat.categories] + [func(None)], dtype=object)
    return values[np.where(codes < 0, len(values) - 1, codes)]


def event_features(
    events: pd.DataFrame, customer_ids, session: str | None = "session_id"
) -> pd.DataFrame:
    """Touchpoint counts per customer: events, page views, cart adds, web purchases and abandoned
    carts (sessions with a cart add but no purchase; without sessions, cart adds minus purchases).

    On an ibis table (a database) the engine computes the same numbers: see
    :func:`phanloai.sql.event_features`."""
    from . import sql

    if sql.is_table(events):
        customers = sql.ids_table(customer_ids)
        return sql.event_features(events, customers, session=session)
    _require(events, ["customer_id", "event_type"], "events")
    ids = pd.Index(customer_ids)
    n = len(ids)
    codes = _key_codes(events["customer_id"], ids, "events")
    etype = _per_category(events["event_type"], lambda v: None if v is None else str(v))
    is_view, is_cart, is_buy = (
        (etype == VIEW_EVENT),
        (etype == CART_EVENT),
        (etype == PURCHASE_EVENT),
    )
    out = pd.DataFrame(
        {
            "n_events": np.bincount(codes, minlength=n),
            "page_views": np.bincount(codes[is_view], minlength=n),
            "cart_adds": np.bincount(codes[is_cart], minlength=n),
            "web_purchases": np.bincount(codes[is_buy], minlength=n),
        },
        index=ids,
    )
    if session and session in events.columns:
        s = events[session]
        s_codes = (
            s.cat.codes.to_numpy()
            if isinstance(s.dtype, pd.CategoricalDtype)
            else pd.factorize(s)[0]
        )
        known = s_codes >= 0
        k = int(s_codes.max()) + 1 if len(s_codes) else 0
        cart = np.bincount(s_codes[known & is_cart], minlength=k) > 0
        buy = np.bincount(s_codes[known & is_buy], minlength=k) > 0
        owner = np.full(k, -1, dtype=np.int64)
        owner[s_codes[known][::-1]] = codes[known][
            ::-1
        ]  # the session's first row names its customer
        abandoned = owner[cart & ~buy & (owner >= 0)]
        out["abandoned_carts"] = np.bincount(abandoned, minlength=n)
    else:
        out["abandoned_carts"] = np.maximum(out["cart_adds"] - out["web_purchases"], 0)
    return out.astype(np.int64)


def check_point(lat, lon) -> tuple[float, float]:
    """The point distances are measured to (the shop): a latitude in [-90, 90] and a longitude
    in [-180, 180], as numbers; anything else is a bilingual error."""
    import math
    import numbers

    for name, value, limit in (("lat", lat, 90), ("lon", lon, 180)):
        ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
        if not ok or not math.isfinite(float(value)) or abs(float(value)) > limit:
            raise PhanloaiError(
                f"Điểm đo khoảng cách (cửa hàng) cần {name} là một số trong [-{limit}, {limit}], "
                f"nhận được {value!r}.",
                f"The point distances are measured to (the shop) needs {name} as a number in "
                f"[-{limit}, {limit}], got {value!r}.",
            )
    return float(lat), float(lon)


def distance_km(customers: pd.DataFrame, lat: float, lon: float) -> pd.Series:
    """Distance in km from each customer (columns ``lat``, ``lon``) to a point such as the shop
    (on an ibis table: a column expression the engine computes, :func:`phanloai.sql.distance_km`)."""
    from . import sql

    if sql.is_table(customers):
        return sql.distance_km(customers, lat, lon)
    _require(customers, ["lat", "lon"], "customers")
    lat, lon = check_point(lat, lon)
    with np.errstate(invalid="ignore"):  # an infinite coordinate: no distance
        km = haversine_km(customers["lat"], customers["lon"], lat, lon).round(2)
    return pd.Series(
        km,
        index=customers.index,
        name="distance_km",
    )


def add_features(
    customers: pd.DataFrame,
    orders: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    as_of=None,
    shop: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """A copy of ``customers`` with the behaviour features joined (existing columns of the same
    name are replaced in the copy, never in the caller's table). On ibis tables (a database)
    the engine joins them: :func:`phanloai.sql.add_features`."""
    from . import sql

    if sql.is_table(customers):
        return sql.add_features(customers, orders, events, as_of, shop)
    _require(customers, ["customer_id"], "customers")
    out = customers.copy()
    parts = []
    ids = out["customer_id"]
    if orders is not None:
        if as_of is None:
            as_of = pd.to_datetime(orders["order_date"]).max()
        parts.append(order_features(orders, ids, as_of))
    if events is not None:
        touch = event_features(events, ids)
        web = touch.columns.drop("n_events")
        if not touch[web].to_numpy().any():  # no web events (spa, bolts): keep the event count only
            touch = touch[["n_events"]]
        parts.append(touch)
        parts.append(journey_features(events, ids))
    for part in parts:
        for col in part.columns:
            out[col] = part[col].to_numpy()
    if shop is not None:
        out["distance_km"] = distance_km(out, *shop)
    return out


def quote_features(
    quotes: pd.DataFrame, customer_ids, custom_label: str = "Đặt riêng"
) -> pd.DataFrame:
    """Quotes per customer: count, total quoted value and the share of that value for custom
    (non-standard) products (``standard == custom_label``)."""
    _require(quotes, ["customer_id", "amount", "standard"], "quotes")
    ids = pd.Index(customer_ids)
    codes = _key_codes(quotes["customer_id"], ids, "quotes")
    amount = _amounts(quotes, "amount", "quotes")
    custom = (quotes["standard"].astype("str") == custom_label).to_numpy()
    value, unknown = _sums(codes, amount, len(ids))
    custom_value = np.bincount(
        codes[custom], weights=np.nan_to_num(amount[custom], nan=0.0), minlength=len(ids)
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(
            (value > 0) & ~unknown, custom_value / np.where(value > 0, value, 1), np.nan
        )
    return pd.DataFrame(
        {
            "n_quotes": np.bincount(codes, minlength=len(ids)),
            "quote_value": _whole(value, unknown),
            "custom_share": share.round(4),
        },
        index=ids,
    )


def contract_features(contracts: pd.DataFrame, customer_ids) -> pd.DataFrame:
    """Contracts per customer: whether one is signed, how many, and the first signing date."""
    _require(contracts, ["customer_id", "signed_date"], "contracts")
    ids = pd.Index(customer_ids)
    codes = _key_codes(contracts["customer_id"], ids, "contracts")
    count = np.bincount(codes, minlength=len(ids))
    first = (
        pd.Series(pd.to_datetime(contracts["signed_date"]).to_numpy())
        .groupby(codes)
        .min()
        .reindex(range(len(ids)))
    )
    return pd.DataFrame(
        {"contract_signed": count > 0, "n_contracts": count, "first_signed": first.to_numpy()},
        index=ids,
    )


def support_features(tickets: pd.DataFrame, customer_ids) -> pd.DataFrame:
    """After-sales tickets per customer and the support hours they took."""
    _require(tickets, ["customer_id", "hours"], "tickets")
    ids = pd.Index(customer_ids)
    codes = _key_codes(tickets["customer_id"], ids, "tickets")
    hours, unknown = _sums(codes, _amounts(tickets, "hours", "tickets", "number"), len(ids))
    return pd.DataFrame(
        {
            "n_tickets": np.bincount(codes, minlength=len(ids)),
            "support_hours": np.where(unknown, np.nan, hours.round(1)),
        },
        index=ids,
    )


#: The 5A stage each event type of the three worlds shows (article 003). Being in the customer
#: table at all means the customer is aware, so "aware" events are kept for completeness only.
EVENT_STAGES = {
    # spa
    "thay_quang_cao": "aware",
    "duoc_gioi_thieu": "aware",
    "di_ngang_qua": "aware",
    "sale_tiep_can": "aware",
    "xem_bang_gia": "appeal",
    "theo_doi_trang": "appeal",
    "nhan_tin_hoi": "ask",
    "su_dung_dich_vu": "act",
    "danh_gia_5_sao": "advocate",
    "gioi_thieu_ban": "advocate",
    # bolts
    "goi_dien_cham_soc": "aware",
    "hoi_gia": "ask",
    "gui_bao_gia": "ask",
    "gap_truc_tiep": "ask",
    "ky_hop_dong": "act",
    "dat_hang": "act",
    "yeu_cau_ho_tro": "act",
    # fashion
    VIEW_EVENT: "appeal",
    CART_EVENT: "ask",
    PURCHASE_EVENT: "act",
    "danh_gia_san_pham": "advocate",
}
JOURNEY_COLUMNS = ("appeal_events", "ask_events", "act_events", "advocate_events")


def journey_features(
    events: pd.DataFrame, customer_ids, stages: dict[str, str] | None = None
) -> pd.DataFrame:
    """Per customer, how many events show each later 5A stage (appeal, ask, act, advocate).

    ``stages`` maps event types to stages (default :data:`EVENT_STAGES`); unmapped types count
    for nothing. On an ibis table (a database) the engine computes the same numbers: see
    :func:`phanloai.sql.journey_features`."""
    from . import sql

    if sql.is_table(events):
        customers = sql.ids_table(customer_ids)
        return sql.journey_features(events, customers, stages=stages)
    _require(events, ["customer_id", "event_type"], "events")
    stages = EVENT_STAGES if stages is None else stages
    ids = pd.Index(customer_ids)
    codes = _key_codes(events["customer_id"], ids, "events")
    stage = _per_category(
        events["event_type"], lambda v: stages.get(str(v)) if v is not None else None
    )
    return pd.DataFrame(
        {
            col: np.bincount(codes[stage == col.removesuffix("_events")], minlength=len(ids))
            for col in JOURNEY_COLUMNS
        },
        index=ids,
    ).astype(np.int64)
