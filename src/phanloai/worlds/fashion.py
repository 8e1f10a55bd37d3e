"""Case 3 — a fashion shop with a web shop (B2C retail): persona pool, orders, web sessions.

Parameters: ``synthetic/fashion.toml``. Articles 004 (six-level ladder, 10 km radius), 001
(behavioural: pages viewed, cart adds, abandoned carts, purchases; machine-learning clusters).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..features import CART_EVENT, PURCHASE_EVENT, VIEW_EVENT
from ..geo import haversine_km
from ..params import Params
from . import _common as c
from ._calendar import Calendar, before_tet

TIERS = ("once", "rebuy", "frequent", "key")
REVIEW_EVENT = "danh_gia_san_pham"  # a product review: the 5A "advocate" stage
EVENT_TYPES = (VIEW_EVENT, CART_EVENT, PURCHASE_EVENT, REVIEW_EVENT)
TRAFFIC = ("Facebook", "TikTok", "Google", "Trực tiếp", "Zalo")
MONTHS = [1.4, 1.1, 1.2, 0.9, 0.9, 0.8, 0.8, 0.9, 1.0, 1.2, 1.4, 1.5]  # Tết, 20/10, 11.11, year end


def _range(p: Params, key, lo: float, hi: float, kind: type = float) -> tuple[float, float]:
    """``[low, high]``: two numbers of ``kind`` (whole numbers for counts), lo ≤ low ≤ high ≤ hi."""
    value = p.get(key, list)
    if len(value) != 2:
        raise p.error(
            key,
            f"cần [thấp, cao] (2 số), nhận được {len(value)} mục.",
            f"expected [low, high] (2 numbers), got {len(value)} item(s).",
        )
    low, high = p.numbers(key, kind, lo, hi)
    if low > high:
        raise p.error(
            key,
            f"cần [thấp, cao] với {lo} ≤ thấp ≤ cao ≤ {hi}; ở đây thấp > cao.",
            f"expected [low, high] with {lo} ≤ low ≤ high ≤ {hi}; here low > high.",
        )
    return float(low), float(high)


def generate(p: Params, n: int, rng: np.random.Generator) -> c.World:
    start, end = p.dates()
    start64, end64 = np.datetime64(start, "D"), np.datetime64(end, "D")
    shop = c.shop_of(p)

    # -- people -------------------------------------------------------------------------------
    persona = rng.random(n) < p.get("people.persona_share", float, 0, 1)
    female = persona | (rng.random(n) < p.get("people.female_share", float, 0, 1))
    age = np.where(persona, rng.integers(30, 41, n), c.age_draw(rng, n, p, "people"))
    loc = c.locations(
        rng,
        n,
        p,
        p.get("people.local_share", float, 0, 1),
        p.get("people.local_radius_km", float, 0.1, 500),
    )
    person = c.people(rng, n, p, end, female=female, age=age, region=loc["region"])
    dist = haversine_km(loc["lat"], loc["lon"], shop["lat"], shop["lon"])
    inside = dist <= p.get("buying.radius_km", float, 0.1, 500)
    # where a contact first heard of the shop depends on where they live: walk-ins and referrals
    # live near, TikTok reaches far (``share`` inside the radius, ``share_outside`` beyond it)
    src_codes, src_shares = c.labelled_shares(p, "sources")
    shares_out = p.shares("sources", "share_outside")
    u = rng.random(n)
    last_code = len(src_codes) - 1
    source = np.minimum(
        np.where(
            inside,
            np.searchsorted(np.cumsum(list(src_shares.values())), u, side="right"),
            np.searchsorted(np.cumsum(list(shares_out.values())), u, side="right"),
        ),
        last_code,
    )
    signup = c.season_dates(rng, n, start, end, MONTHS)
    cust_ids = c.ids("KH", n)

    # -- who buys and how often ---------------------------------------------------------------------
    p_buy = np.where(
        inside, p.get("buying.p_inside", float, 0, 1), p.get("buying.p_outside", float, 0, 1)
    )
    # a source's contacts buy more or less often than others living as near (``buy_factor``)
    buy_factor = np.array(
        [p.get(("sources", k, "buy_factor"), float, 0, 10, default=1.0) for k in src_codes]
    )
    p_buy = np.clip(
        p_buy
        * np.where(persona, p.get("buying.persona_factor", float, 0, 10), 1.0)
        * buy_factor[source],
        0,
        0.98,
    )
    buyer = rng.random(n) < p_buy
    # the first purchase; buyers won by the Tết sale (first purchase in the weeks before Tết)
    # come back less often: among them the one-time share is ``tet_cohort_once``
    first = signup + np.ceil(rng.exponential(20, n)).astype(np.int64)
    active = p.get("buying.active_days", int, 30, 3650)
    cal = Calendar(p, start, end, active + 60)
    tet_cohort = before_tet(first, p.get("calendar.pre_tet_days", int, 0, 60))
    tier_shares = p.get("buying.tiers", dict)
    if set(tier_shares) != set(TIERS):
        raise p.error(
            "buying.tiers",
            f"cần đúng các bậc {', '.join(TIERS)}, nhận được {', '.join(map(str, tier_shares))}.",
            f"expected exactly the tiers {', '.join(TIERS)}, got {', '.join(map(str, tier_shares))}.",
        )
    lo, hi = (0, None) if p.normalise_shares else (0, 1)
    tier_share = {t: p.get(("buying", "tiers", t), float, lo, hi) for t in TIERS}
    p.check_shares("buying.tiers", tier_share)
    tier = c.draw(rng, n, tier_share)
    once = p.get("buying.tet_cohort_once", float, 0, 1)
    rest = sum(v for t, v in tier_share.items() if t != "once")
    cohort_share = {
        t: once if t == "once" else ((1 - once) * tier_share[t] / rest if rest > 0 else 0.0)
        for t in TIERS
    }
    tier = np.where(tet_cohort, c.draw(rng, n, cohort_share), tier)
    bounds = np.array([_range(p, ("buying", f"orders_{t}"), 1, 500, int) for t in TIERS])
    n_orders = np.where(
        buyer, rng.integers(bounds[tier, 0].astype(int), bounds[tier, 1].astype(int) + 1), 0
    )

    # A buyer's orders spread over `active_days` from the first purchase; the data shows those up to
    # its last day (a customer who came late has bought less so far, and one whose first purchase
    # would come after the last day has not bought yet). Repeat buyers 'at risk' stopped buying
    # 6–13 months before the end: their orders after that never came. Each order's day follows the shop's calendar: closed at Tết,
    # busier before it and at weekends; online sales days (8/3, 20/10, 11/11, 12/12).
    n_orders = np.where(first <= end64, n_orders, 0)
    at_risk = (n_orders >= 2) & (rng.random(n) < p.get("buying.at_risk_share", float, 0, 1))
    stop = end64 - 181 - rng.integers(0, 200, n)
    at_risk &= stop > first
    window_end = first + active
    seen_until = np.where(at_risk, stop, end64)  # the at-risk stopped buying
    o_owner, o_step = c.step_in_group(n_orders)
    ch_in, ch_out = p.flat_shares("channels_inside"), p.flat_shares("channels_outside")
    if list(ch_in) != list(ch_out):
        raise p.error(
            "channels_outside",
            "phải có cùng các kênh như 'channels_inside'.",
            "must list the same channels as 'channels_inside'.",
        )
    channel = np.where(
        inside[o_owner], c.draw(rng, len(o_owner), ch_in), c.draw(rng, len(o_owner), ch_out)
    )
    store = channel == (list(ch_in).index("Cửa hàng") if "Cửa hàng" in ch_in else -1)
    o_first = o_step == 0
    lo = np.where(o_first, first[o_owner], first[o_owner] + 1)
    hi = np.where(o_first, first[o_owner] + 6, window_end[o_owner])
    o_date = cal.draw(rng, store, lo, hi)
    seen = o_date <= seen_until[o_owner]
    o_owner, o_date, channel = o_owner[seen], o_date[seen], channel[seen]
    n_orders = np.bincount(o_owner, minlength=n)
    order = np.lexsort((o_date, o_owner))
    o_owner, o_date, channel = o_owner[order], o_date[order], channel[order]

    cats = p.table("categories")
    cat_names = list(cats)
    lo, hi = (0, None) if p.normalise_shares else (0, 1)
    cat_share = {k: p.get(("categories", k, "share"), float, lo, hi) for k in cat_names}
    p.check_shares("categories", cat_share)
    category = c.draw(rng, len(o_owner), cat_share)
    price_lo, price_hi = np.array(
        [_range(p, ("categories", k, "price"), 1000, 1e9) for k in cat_names]
    ).T
    items = 1 + rng.poisson(0.6, len(o_owner))
    unit = price_lo[category] + rng.random(len(o_owner)) * (price_hi[category] - price_lo[category])
    basket = np.where(
        tier[o_owner] == TIERS.index("key"), p.get("buying.key_basket_factor", float, 1, 20), 1.0
    )
    amount = (np.round(unit * basket / 1000) * 1000 * items).astype(np.int64)
    orders = pd.DataFrame(
        {
            "order_id": pd.array(c.ids("DH", len(o_owner), 8), dtype="str"),
            "customer_id": c.key_column(o_owner, cust_ids),
            "order_date": o_date.astype("datetime64[s]"),
            "channel": c.categorical(channel, list(ch_in)),
            "category": c.categorical(category, cat_names),
            "items": items.astype(np.int64),
            "amount": amount,
        }
    )

    # -- web sessions and their events ----------------------------------------------------------------
    web_code = list(ch_in).index("Website") if "Website" in ch_in else -1
    web_order = np.flatnonzero(channel == web_code)
    visitor = rng.random(n) < p.get("web.visitor_share", float, 0, 1)
    browse = np.where(
        visitor, 1 + rng.poisson(max(p.get("web.mean_sessions", float, 1, 100) - 1, 0), n), 0
    )
    b_owner, _ = c.step_in_group(browse)
    b_start = signup[b_owner] + np.floor(
        rng.random(len(b_owner)) * (end64 - signup[b_owner]).astype(np.int64)
    ).astype(np.int64)
    cart = rng.random(len(b_owner)) < p.get("web.cart_rate", float, 0, 1)
    s_owner = np.concatenate([b_owner, o_owner[web_order]])
    s_day = np.concatenate([b_start, o_date[web_order]])
    s_cart = np.concatenate([cart, np.ones(len(web_order), bool)])
    s_buy = np.concatenate([np.zeros(len(b_owner), bool), np.ones(len(web_order), bool)])
    k = len(s_owner)
    s_time = s_day.astype("datetime64[s]") + rng.integers(7 * 3600, 23 * 3600, k).astype(
        "timedelta64[s]"
    )
    order = np.argsort(s_time, kind="stable")
    s_owner, s_time, s_cart, s_buy = s_owner[order], s_time[order], s_cart[order], s_buy[order]
    pages = 1 + rng.poisson(max(p.get("web.mean_pages", float, 1, 100) - 1, 0), k)
    session_ids = c.ids("PS", k, 8)
    sessions = pd.DataFrame(
        {
            "session_id": pd.array(session_ids, dtype="str"),
            "customer_id": c.key_column(s_owner, cust_ids),
            "start": s_time,
            "device": c.categorical(
                np.where(rng.random(k) < p.get("web.mobile_share", float, 0, 1), 0, 1),
                ["Điện thoại", "Máy tính"],
            ),
            "traffic_source": c.categorical(
                rng.choice(len(TRAFFIC), k, p=[0.34, 0.26, 0.18, 0.14, 0.08]), TRAFFIC
            ),
            "pages": pages.astype(np.int64),
            "added_to_cart": s_cart,
            "purchased": s_buy,
        }
    )
    per_session = pages + s_cart + s_buy
    e_sess, e_step = c.step_in_group(per_session)
    e_type = np.where(
        e_step < pages[e_sess], 0, np.where((e_step == pages[e_sess]) & s_cart[e_sess], 1, 2)
    )
    e_time = s_time[e_sess] + (e_step * 40 + rng.integers(0, 40, len(e_sess))).astype(
        "timedelta64[s]"
    )
    # reviews (outside web sessions): frequent buyers write them far more often
    last_order = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    last_order[o_owner] = o_date  # orders are sorted by date within each customer
    review_rate = np.where(
        n_orders >= 4,
        p.get("reviews.frequent_rate", float, 0, 1),
        p.get("reviews.other_rate", float, 0, 1),
    )
    reviewer = np.flatnonzero((n_orders > 0) & (rng.random(n) < review_rate))
    r_day = last_order[reviewer] + rng.integers(2, 21, len(reviewer))
    r_time = r_day.astype("datetime64[s]") + rng.integers(
        8 * 3600, 23 * 3600, len(reviewer)
    ).astype("timedelta64[s]")
    # a review that would come after the last day is not in the data
    reviewer, r_time = reviewer[r_day <= end64], r_time[r_day <= end64]
    events = pd.DataFrame(
        {
            "customer_id": c.key_column(np.concatenate([s_owner[e_sess], reviewer]), cust_ids),
            "session_id": pd.Categorical.from_codes(
                np.concatenate([e_sess, np.full(len(reviewer), -1)]),
                categories=pd.Index(session_ids, dtype="str"),
            ),
            "timestamp": np.concatenate([e_time, r_time]),
            "event_type": c.categorical(
                np.concatenate([e_type, np.full(len(reviewer), 3)]), EVENT_TYPES
            ),
        }
    )

    # -- the customers table ----------------------------------------------------------------------------
    customers = pd.concat(
        [pd.DataFrame({"customer_id": pd.array(cust_ids, dtype="str")}), person, loc], axis=1
    )
    customers["source"] = c.categorical(source, list(src_shares))
    customers["signup_date"] = signup.astype("datetime64[s]")
    customers["loyalty_member"] = (n_orders >= 3) & (rng.random(n) < 0.7)
    customers = c.finish_customers(customers, orders, events, end, shop)
    internal = c.internal_table(
        p, rng, ["Bán hàng", "Kho", "Marketing", "Chăm sóc khách hàng", "Thiết kế"]
    )
    return c.World(
        tables={
            "customers": customers,
            "orders": orders,
            "events": events,
            "sessions": sessions,
            "internal": internal,
        },
        as_of=pd.Timestamp(end),
        shop=shop,
        extra={"start": start64},
    )
