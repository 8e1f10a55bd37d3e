"""Case 1 — a spa / beauty clinic (B2C services): leads, pipeline, visits and touchpoints.

Parameters: ``synthetic/spa.toml``. Articles 000 (relationship, group, source), 001
(demographic, psychographic), 003 (internal customers, service levels, 4A/5A journeys).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..geo import haversine_km
from ..params import Params
from ..vn import rank_in_group
from . import _common as c
from ._calendar import OpenDays

STAGES = ("Mới có thông tin", "Đã liên hệ", "Đang tư vấn", "Đã hẹn lịch", "Đã mua", "Không mua")
WON, LOST = 4, 5
AWARE_EVENT = {
    "Giới thiệu": "duoc_gioi_thieu",
    "Khách vãng lai": "di_ngang_qua",
    "Sale tự tìm": "sale_tiep_can",
}


def generate(p: Params, n: int, rng: np.random.Generator) -> c.World:
    start, end = p.dates()
    end64 = np.datetime64(end, "D")
    shop = c.shop_of(p)
    season = p.weights("season.month_weights", 12)

    # -- contacts -------------------------------------------------------------------------
    created = c.season_dates(rng, n, start, end, season)
    loc = c.locations(
        rng,
        n,
        p,
        p.get("people.local_share", float, 0, 1),
        p.get("people.local_spread_km", float, 0.5, 200),
    )
    person = c.people(rng, n, p, end, region=loc["region"])
    src_codes, src_shares = c.labelled_shares(p, "sources")
    source = c.draw(rng, n, dict(enumerate(src_shares.values())))
    conversion = np.array([p.get(("sources", k, "conversion"), float, 0, 1) for k in src_codes])
    grp_codes, grp_shares = c.labelled_shares(p, "groups")
    group = c.draw(rng, n, dict(enumerate(grp_shares.values())))
    staff, skill = c.staff_table(p, rng, start)
    # marketing hands the leads over unevenly (article 000): lead_weight 2 = twice the others'
    weight = np.array(
        [e.get("lead_weight", float, 0.01, 100, default=1.0) for e in p.entries("staff")]
    )
    consultant = c.draw(rng, n, dict(enumerate(weight / weight.sum())))
    # each consultant works about `capacity` new leads a month properly; the leads handed over
    # beyond that in a month wait for a call back and buy far less often (article 000: record
    # each salesperson's capacity)
    late = _beyond_capacity(
        created, consultant, p.get("handoff.capacity_per_month", int, 1, 10_000)
    )

    p_buy = np.clip(conversion[source] * skill[consultant], 0, 0.97)
    p_buy = np.where(late, p_buy * p.get("handoff.late_factor", float, 0, 1), p_buy)
    p_buy = np.where(end64 - created < 21, p_buy * 0.4, p_buy)  # very new leads had little time
    bought = rng.random(n) < p_buy
    stage_shares = p.flat_shares("stages")
    non_buyer_stage = c.draw(rng, n, stage_shares)
    stage_labels = list(stage_shares)
    order = [STAGES.index(s) if s in STAGES else None for s in stage_labels]
    if None in order or WON in order:
        raise p.error(
            "stages",
            f"các giai đoạn phải thuộc {', '.join(s for s in STAGES if s != 'Đã mua')}.",
            "stages must be the pipeline stages other than 'Đã mua'.",
        )
    stage = np.where(bought, WON, np.asarray(order)[non_buyer_stage])
    # leads left open for long are mostly closed as lost; a few stay forgotten in the CRM
    stale = (stage < WON) & (end64 - created > p.get("stages_close.after_days", int, 1, 3650))
    stage = np.where(
        stale & (rng.random(n) < p.get("stages_close.lost_share", float, 0, 1)), LOST, stage
    )

    # -- pipeline history: every stage each lead went through, with dates --------------------
    lost_reached = rng.integers(1, 4, n)  # lost after being contacted, consulted or booked
    length = np.where(stage == WON, 5, np.where(stage == LOST, lost_reached + 2, stage + 1))
    owner, step = c.step_in_group(length)
    row_stage = np.where((stage[owner] == LOST) & (step == length[owner] - 1), LOST, step)
    gaps = np.where(step == 0, 0, np.ceil(rng.exponential(3.0, len(step)))).astype(np.int64)
    starts = np.cumsum(length) - length
    offsets = c.group_cumsum(gaps, starts, length)
    entered = created[owner] + offsets
    # what would happen after the last day is not in the data: the lead is still at the last
    # stage it reached by then (no purchase dated after the end, none piled onto the last day)
    seen = entered <= end64
    reached = np.bincount(owner[seen], minlength=n)
    stage = np.where(reached < length, row_stage[starts + reached - 1], stage)
    bought = stage == WON
    owner, row_stage, entered = owner[seen], row_stage[seen], entered[seen]
    cust_ids = c.ids("KH", n)
    pipeline = pd.DataFrame(
        {
            "customer_id": c.key_column(owner, cust_ids),
            "stage": pd.Categorical.from_codes(
                row_stage, categories=pd.Index(STAGES, dtype="str"), ordered=True
            ),
            "entered_at": entered.astype("datetime64[s]"),
            "staff_id": c.key_column(consultant[owner], pd.Index(staff["staff_id"])),
        }
    )
    won_row = row_stage == WON
    first_visit = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    first_visit[owner[won_row]] = entered[won_row]

    # -- visits (orders) --------------------------------------------------------------------
    referral = np.asarray(list(src_shares))[source] == "Giới thiệu"
    mean_extra = p.get("visits.mean_extra", float, 0, 50) * np.where(
        referral, p.get("visits.referral_factor", float, 0, 10), 1.0
    )
    heterogeneity = rng.gamma(0.4, 2.5, n)  # a few clients come very often
    # who lives far comes back rarely: full rate within near_km, fading to a twentieth at far_km
    near = p.get("visits.near_km", float, 0.1, 1000)
    far = p.get("visits.far_km", float, near, 2000)
    dist = haversine_km(loc["lat"], loc["lon"], shop["lat"], shop["lon"])
    reach = np.clip(1 - 0.95 * (np.nan_to_num(dist, nan=far) - near) / (far - near), 0.05, 1)
    extra = rng.poisson(mean_extra * heterogeneity * reach)
    visits = np.where(bought, 1 + extra, 0)
    v_owner, v_step = c.step_in_group(visits)
    v_gap = np.where(
        v_step == 0,
        0,
        np.ceil(rng.exponential(p.get("visits.mean_gap_days", float, 1, 365), len(v_owner))),
    )
    v_starts = np.cumsum(visits) - visits
    services = p.entries("services")
    svc_group = np.array([_group_of(svc, grp_codes) for svc in services])
    svc_name = [svc.label("name") for svc in services]
    p.check_distinct([(("services", i, "name"), name) for i, name in enumerate(svc_name)])
    svc_price = np.array([svc.get("price", float, 1_000, 1e9) for svc in services])
    own_group = rng.random(len(v_owner)) < 0.75
    pick_group = np.where(own_group, group[v_owner], rng.integers(0, len(grp_codes), len(v_owner)))
    # choose a service uniformly within the picked group
    by_group = [np.flatnonzero(svc_group == g) for g in range(len(grp_codes))]
    for g, members in enumerate(by_group):
        if len(members) == 0:
            raise p.error(
                "services",
                f"nhóm '{grp_codes[g]}' chưa có dịch vụ nào.",
                f"group '{grp_codes[g]}' has no service.",
            )
    counts = np.array([len(m) for m in by_group])
    within = np.floor(rng.random(len(v_owner)) * counts[pick_group]).astype(np.int64)
    flat = np.concatenate(by_group)
    first_of = np.cumsum(counts) - counts
    svc = flat[first_of[pick_group] + within]
    # a treatment package (liệu trình): several sessions of one service paid at once, cheaper
    # per session; its later sessions are visits without a payment (events, not orders). Who
    # lives far seldom signs up for weekly sessions (the same fading as coming back), and a
    # client finishes a package before buying anything again.
    pkg_share = np.array([s.get("package_share", float, 0, 1, default=0.0) for s in services])
    pkg_sessions = np.array([s.get("package_sessions", int, 2, 100, default=2) for s in services])
    pkg_price = np.array(
        [s.get("package_price", float, 1_000, 1e10, default=1_000) for s in services]
    )
    pkg_gap = np.array([s.get("session_gap_days", int, 1, 365, default=7) for s in services])
    package = rng.random(len(svc)) < pkg_share[svc] * reach[v_owner]
    sessions = np.where(package, pkg_sessions[svc], 1)
    # days from a package's first session to a little after its last (sessions may slip by a
    # few days, or past Tết), before the next purchase can come
    span = np.where(package, (sessions - 1) * pkg_gap[svc] + 14, 0)
    before = c.group_cumsum(span.astype(np.int64), v_starts, visits) - span
    steps = c.group_cumsum(v_gap.astype(np.int64), v_starts, visits)
    v_date = first_visit[v_owner] + steps + before
    # the spa is closed over Tết: a visit due then comes in the first open days after
    open_days = OpenDays(p, start, end)
    v_date = open_days.next_open(v_date, rng)
    keep = v_date <= end64
    v_owner, v_date, svc, sessions = v_owner[keep], v_date[keep], svc[keep], sessions[keep]
    package = sessions > 1
    discount = np.where(
        ~package & (rng.random(len(svc)) < p.get("visits.discount_share", float, 0, 1)),
        rng.choice([0.1, 0.2], len(svc)),
        0.0,
    )
    amount = np.round(np.where(package, pkg_price[svc], svc_price[svc]) * (1 - discount), -3)
    order_ids = c.ids("HD", len(svc))
    orders = pd.DataFrame(
        {
            "order_id": pd.array(order_ids, dtype="str"),
            "customer_id": c.key_column(v_owner, cust_ids),
            "order_date": v_date.astype("datetime64[s]"),
            "service": c.categorical(svc, svc_name),
            "service_group": c.categorical(svc_group[svc], list(grp_shares)),
            "amount": amount.astype(np.int64),
            "discount": discount,
            "sessions": sessions.astype(np.int64),
            "staff_id": c.key_column(consultant[v_owner], pd.Index(staff["staff_id"])),
        }
    )
    # the later sessions of each package, every session_gap_days or so, while the data lasts
    s_order, s_step = c.step_in_group(sessions - 1)
    s_gap = pkg_gap[svc[s_order]] * (s_step + 1) + rng.integers(0, 3, len(s_order))
    s_date = open_days.next_open(v_date[s_order] + s_gap, rng)
    # a session pushed past Tết pushes the ones after it: at least 3 days between two sessions
    # of a package (the purchase day is session 1): d'_k = k·3 + max over j ≤ k of (d_j − j·3)
    step = s_step + 1
    slack = pd.Series((s_date - v_date[s_order]).astype(np.int64) - 3 * step)
    s_date = v_date[s_order] + 3 * step + np.maximum(slack.groupby(s_order).cummax().to_numpy(), 0)
    s_keep = s_date <= end64
    s_owner, s_date = v_owner[s_order[s_keep]], s_date[s_keep]
    orders = orders.sort_values(["order_date", "order_id"], kind="stable", ignore_index=True)

    # -- touchpoint events (for the 4A / 5A journeys) ----------------------------------------
    visits_kept = np.bincount(v_owner, minlength=n)
    src_label = np.asarray(list(src_shares))[source]
    aware_type = pd.Series(src_label).map(AWARE_EVENT).fillna("thay_quang_cao").to_numpy()
    aware_t = created - rng.integers(0, 15, n)
    appeal = rng.random(n) < p.get("journey.appeal_rate", float, 0, 1)
    appeal_t = aware_t + np.floor((created - aware_t).astype(np.int64) * rng.random(n)).astype(
        np.int64
    )
    ask = rng.random(n) < p.get("journey.ask_rate", float, 0, 1)
    loyal = visits_kept >= 3
    adv_rate = np.where(
        loyal,
        p.get("journey.advocate_rate_loyal", float, 0, 1),
        p.get("journey.advocate_rate_other", float, 0, 1),
    )
    advocate = (visits_kept > 0) & (rng.random(n) < adv_rate)
    last_visit = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    if len(v_owner):
        last_visit_s = pd.Series(v_date).groupby(v_owner).max()
        last_visit[last_visit_s.index.to_numpy()] = last_visit_s.to_numpy()
    adv_t = last_visit + rng.integers(1, 30, n)
    advocate &= adv_t <= end64  # a review after the last day is not in the data
    adv_type = np.where(rng.random(n) < 0.5, "danh_gia_5_sao", "gioi_thieu_ban")
    everyone = np.arange(n)
    parts = [
        (everyone, aware_t, aware_type, src_label),
        (
            everyone[appeal],
            appeal_t[appeal],
            np.where(rng.random(int(appeal.sum())) < 0.5, "xem_bang_gia", "theo_doi_trang"),
            src_label[appeal],
        ),
        (everyone[ask], created[ask], np.full(int(ask.sum()), "nhan_tin_hoi"), src_label[ask]),
        (
            np.concatenate([v_owner, s_owner]),
            np.concatenate([v_date, s_date]),
            np.full(len(v_owner) + len(s_owner), "su_dung_dich_vu"),
            np.full(len(v_owner) + len(s_owner), "Tại spa"),
        ),
        (
            everyone[advocate],
            adv_t[advocate],
            adv_type[advocate],
            np.full(int(advocate.sum()), "Mạng xã hội"),
        ),
    ]
    ev_owner = np.concatenate([q[0] for q in parts])
    ev_day = np.concatenate([q[1] for q in parts]).astype("datetime64[s]")
    ev_time = ev_day + (rng.integers(8 * 3600, 21 * 3600, len(ev_owner))).astype("timedelta64[s]")
    events = pd.DataFrame(
        {
            "customer_id": c.key_column(ev_owner, cust_ids),
            "timestamp": ev_time,
            "event_type": pd.Categorical(
                np.concatenate([q[2] for q in parts]), categories=pd.Index(EVENT_TYPES, dtype="str")
            ),
            "channel": pd.Categorical(np.concatenate([q[3] for q in parts])),
        }
    )
    events = events.sort_values(["timestamp"], kind="stable", ignore_index=True)

    # -- the customers table ----------------------------------------------------------------
    gift = bought & (rng.random(n) < p.get("visits.gift_share", float, 0, 1))
    beneficiary = ~bought & (src_label == "Giới thiệu") & (rng.random(n) < 0.3)
    role = np.where(gift, 0, np.where(beneficiary, 2, 1))
    customers = pd.concat(
        [pd.DataFrame({"customer_id": pd.array(cust_ids, dtype="str")}), person, loc], axis=1
    )
    customers["source"] = c.categorical(source, list(src_shares))
    customers["service_group"] = c.categorical(group, list(grp_shares))
    customers["staff_id"] = pd.Categorical.from_codes(
        consultant, categories=pd.Index(staff["staff_id"])
    )
    customers["stage"] = pd.Categorical.from_codes(
        stage, categories=pd.Index(STAGES, dtype="str"), ordered=True
    )
    customers["created_at"] = created.astype("datetime64[s]")
    customers["external_role"] = c.categorical(
        role, ["Người mua", "Người sử dụng", "Người thụ hưởng"]
    )
    customers = c.finish_customers(customers, orders, events, end, shop)

    internal = c.internal_table(
        p, rng, ["Lễ tân", "Kỹ thuật viên", "Tư vấn", "Marketing", "Kế toán", "Quản lý"]
    )
    return c.World(
        tables={
            "customers": customers,
            "orders": orders,
            "events": events,
            "pipeline": pipeline,
            "staff": staff,
            "internal": internal,
        },
        as_of=pd.Timestamp(end),
        shop=shop,
    )


EVENT_TYPES = (
    "thay_quang_cao",
    "duoc_gioi_thieu",
    "di_ngang_qua",
    "sale_tiep_can",
    "xem_bang_gia",
    "theo_doi_trang",
    "nhan_tin_hoi",
    "su_dung_dich_vu",
    "danh_gia_5_sao",
    "gioi_thieu_ban",
)


def _beyond_capacity(created: np.ndarray, consultant: np.ndarray, capacity: int) -> np.ndarray:
    """Per lead: whether it came after its consultant's first ``capacity`` leads of that calendar
    month (leads in order of their date; on one day, in the order they were drawn)."""
    month = created.astype("datetime64[M]").astype(np.int64)
    order = np.argsort(created, kind="stable")
    rank, _ = rank_in_group((consultant.astype(np.int64) * 100_000 + month)[order])
    out = np.zeros(len(created), dtype=bool)
    out[order] = rank >= capacity
    return out


def _group_of(svc: Params, groups: list[str]) -> int:
    group = svc.get("group", str)
    if group not in groups:
        raise svc.error(
            "group",
            f"nhóm {group!r} không có trong [groups].",
            f"group {group!r} is not in [groups].",
        )
    return groups.index(group)
