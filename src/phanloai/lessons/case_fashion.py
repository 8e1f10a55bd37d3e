"""Notebook 12 — the fashion shop Mộc Lan, end to end (casebook ``03_thoi_trang.md``).

The case notebook follows the casebook's questions in order: the 10 km radius (Bài 1), the six
levels (Bài 2), tuning the ladder (Bài 3), web behaviour (Bài 4), the persona (Bài 5), RFM (Bài 6),
k-means (Bài 7) and the final plan that moves customers up each step. This module holds:

- the tables the notebook shows that no general report gives (each with its words, so
  :func:`phanloai.show` writes them for people in Vietnamese or English);
- the exercises, every answer worked out from the case passed in;
- the facts the instructor notes quote (``@fact("fashion", …)``), so the notes cannot drift from
  the data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import practice
from ..reports import profile
from ..schemes.registry import SCHEMES, classify
from ..vn import format_number, format_percent
from .facts import fact, per_case

TITLE = ("Tình huống Mộc Lan — thời trang", "The Moc Lan fashion case")
NOTEBOOK = "12_thoi_trang.ipynb"
CASES = ("fashion",)

RADIUS_KM = 10
#: The sales channels in English (the data hold the Vietnamese names).
CHANNEL_EN = {"Cửa hàng": "In store", "Website": "Website", "Shopee": "Shopee"}
#: The rebuyers who have not come back for longer than this are "slipping away" (Bài 6).
AWAY_DAYS = 180
#: The age edges of the demographic scheme that give exactly one band of 30–40 year olds.
PERSONA_EDGES = {"age_1": 25, "age_2": 30, "age_3": 41, "age_4": 50}
#: The rows of the final plan: (code of the level people start from — or "win_back" — , vi, en).
PLAN_STEPS = (
    ("suspect", "Suspect → Prospect", "Suspect → Prospect"),
    ("prospect", "Prospect → Mua lần đầu (1st buy)", "Prospect → 1st buy"),
    ("first_buy", "Mua lần đầu → Mua lại (Rebuy)", "1st buy → Rebuy"),
    ("rebuy", "Mua lại → Mua thường xuyên (Frequency buyer)", "Rebuy → Frequency buyer"),
    (
        "frequent",
        "Mua thường xuyên → Khách hàng lớn (Key account)",
        "Frequency buyer → Key account",
    ),
    ("key", "Giữ Khách hàng lớn (Key account)", "Keep the key accounts"),
    (
        "win_back",
        "Kéo lại khách Không được để mất / Có nguy cơ rời bỏ",
        "Win back Can't lose / At risk",
    ),
)


def _report(table: pd.DataFrame, name: str, words: dict | None = None) -> pd.DataFrame:
    table.attrs = {"report": name, **({"words": words} if words else {})}
    return table


# -- the pieces every question uses -------------------------------------------------------------------
#: the days before Tết that the shop's Tết sale lasts (``calendar.pre_tet_days`` in fashion.toml)
TET_SALE_DAYS = 21


def bought(customers) -> pd.Series:
    """Who bought at least once."""
    return customers["n_orders"] > 0


def near(customers, radius_km: float = RADIUS_KM) -> pd.Series:
    """Who lives within ``radius_km`` of the shop (the shop delivers there the same day)."""
    return customers["distance_km"] <= radius_km


def persona(customers) -> pd.Series:
    """Article 004's persona: women aged 30–40 (named "persona_30_40" for the tables)."""
    out = (customers["gender"] == "Nữ") & customers["age"].between(30, 40)
    return out.rename("persona_30_40")


def orders_with_distance(case) -> pd.DataFrame:
    """The orders, each with its buyer's distance to the shop (to split the channels by radius)."""
    c = case.customers[["customer_id", "distance_km"]]
    return case.orders.merge(c, on="customer_id", how="left")


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def buy_rate_by_source(customers, radius_km: float = RADIUS_KM) -> pd.DataFrame:
    """Per source (codes of the ``source`` scheme): contacts, and the share who bought — overall,
    within ``radius_km`` and beyond it (a channel can look worse overall and better on both sides
    of the radius when most of its contacts live far away)."""
    codes = classify(customers, "source").astype(str)
    inside = near(customers, radius_km)
    b = bought(customers)
    table = pd.DataFrame(
        {
            "customers": codes.value_counts(),
            "near_share": inside.groupby(codes).mean(),
            "conversion": b.groupby(codes).mean(),
            "conversion_near": b[inside].groupby(codes[inside]).mean(),
            "conversion_far": b[~inside].groupby(codes[~inside]).mean(),
        }
    )
    table = table[table["customers"] > 0].sort_values("customers", ascending=False)
    table.index.name = "source"
    words = {lv.code: (lv.vi, lv.en) for lv in SCHEMES["source"].levels_for()}
    return _report(table, "buy_rate_by_source", words)


def tet_sale_cohort(case, days: int = 180, sale_days: int = TET_SALE_DAYS) -> pd.DataFrame:
    """Buyers by when they first bought: in the ``sale_days`` days before Tết (the Tết sale; the
    shop's pre-Tết rush, ``calendar.pre_tet_days`` in fashion.toml) or at any other time. For
    each: the buyers whose first purchase is at least ``days`` days before the data's last day,
    and the share who bought again within ``days`` days (a cohort is judged on the same span of
    time for everyone, or the late-comers look disloyal)."""
    from ..worlds._calendar import before_tet

    orders = case.orders[["customer_id", "order_date"]].sort_values("order_date", kind="stable")
    owner = orders["customer_id"].astype(str)
    dates = orders["order_date"]
    nth = dates.groupby(owner).cumcount().to_numpy()
    first = dates[nth == 0].set_axis(owner[nth == 0])
    second = dates[nth == 1].set_axis(owner[nth == 1])
    first = first[first <= pd.Timestamp(case.as_of) - pd.Timedelta(days=days)]
    again = (second.reindex(first.index) - first) <= pd.Timedelta(days=days)
    cohort = before_tet(first.to_numpy(), sale_days)
    group = pd.Series(np.where(cohort, "tet_sale", "other_times"), index=first.index)
    table = pd.DataFrame(
        {
            "buyers": group.value_counts(),
            "bought_again": again.groupby(group).mean(),
        }
    ).reindex(["tet_sale", "other_times"])
    table.index.name = "first_purchase"
    words = {
        "tet_sale": ("Trong đợt sale Tết", "In the Tet sale"),
        "other_times": ("Vào lúc khác", "At other times"),
    }
    return _report(table, "tet_sale_cohort", words)


# -- the tables the notebook shows --------------------------------------------------------------------
def buyer_profile(customers, labels) -> pd.DataFrame:
    """Per group: people, share of contacts, share who bought, spend of one buyer, share of revenue
    (Bài 5: is the gap in revenue from more buyers, or from bigger buyers?)."""
    table = profile(customers, labels)
    mask = bought(customers)
    if isinstance(labels, str):
        labels = customers[labels]
    per_buyer = profile(customers[mask], labels[mask])["revenue_per_customer"]
    out = table[["customers", "customer_share", "conversion", "revenue_share"]].copy()
    out.insert(3, "spend_per_buyer", per_buyer.reindex(out.index).to_numpy())
    attrs = dict(table.attrs)
    out.attrs = attrs
    return out


def segment_medians(customers, labels) -> pd.DataFrame:
    """Per group (RFM segment, cluster…): people, share of revenue, and the middle person's spend,
    orders, days since the last order and distance, with the share holding a loyalty card."""
    table = profile(customers, labels)
    if isinstance(labels, str):
        labels = customers[labels]
    groups = customers.groupby(labels, observed=False)
    out = table[["customers", "revenue_share"]].copy()
    for key, column in (
        ("spend_median", "total_spend"),
        ("orders_median", "n_orders"),
        ("recency_median", "recency_days"),
        ("km_median", "distance_km"),
    ):
        out[key] = groups[column].median().reindex(out.index).to_numpy()
    out["card_share"] = groups["loyalty_member"].mean().reindex(out.index).to_numpy()
    attrs = dict(table.attrs)
    out.attrs = attrs
    return out


def radius_steps(case, radii=(5, 10, 15, 20)) -> pd.DataFrame:
    """People at each level of the ladder for several service radii (Bài 3): the radius only moves
    people between Suspect and Prospect."""
    c = case.customers
    base = classify(c, "ladder")
    columns = {}
    for r in radii:
        counts = classify(c, "ladder", radius_km=r).value_counts(sort=False)
        columns[f"{format_number(r, 0)} km"] = counts.reindex(base.cat.categories).to_numpy()
    index = pd.CategoricalIndex(base.cat.categories, dtype=base.dtype, name="ladder")
    table = pd.DataFrame(columns, index=index).drop(index="unknown")
    table.attrs = {"report": "radius_steps", "dims": [{"key": "ladder", "scheme": "ladder"}]}
    return table


def key_thresholds(case, spends=(10_000_000, 15_000_000, 25_000_000)) -> pd.DataFrame:
    """Key accounts and their share of revenue for several spend thresholds (Bài 3)."""
    c = case.customers
    total = float(c["total_spend"].sum())
    rows, words = {}, {}
    for s in spends:
        key = classify(c, "ladder", key_spend=s) == "key"
        code = f"key_spend_{int(s)}"
        rows[code] = {
            "customers": int(key.sum()),
            "revenue_share": _ratio(float(c.loc[key, "total_spend"].sum()), total),
        }
        million = format_number(s / 1e6, 0)
        words[code] = (f"Từ {million} triệu đồng", f"From {million} million VND")
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = None
    return _report(table, "key_thresholds", words)


def session_rates(case, by: str = "traffic_source") -> pd.DataFrame:
    """Web sessions per ``by`` (traffic source or device): how many, with a cart add, with a
    purchase, and of the cart sessions how many ended without buying (Bài 4)."""
    s = case.sessions
    groups = s.groupby(by, observed=True)
    cart = s[s["added_to_cart"]].groupby(by, observed=True)
    table = pd.DataFrame(
        {
            "sessions": groups.size(),
            "cart_rate": groups["added_to_cart"].mean(),
            "purchase_rate": groups["purchased"].mean(),
            "abandon_rate": 1 - cart["purchased"].mean(),
        }
    )
    table.index = pd.Index([str(v) for v in table.index], name=by)
    return _report(table, "session_rates")


def plan_table(case, plan=None) -> pd.DataFrame:
    """The final task's plan, one row per step up the ladder: how many people can be moved (at the
    lower level), the lever the ladder's declaration suggests, and — given ``plan`` (a dict level
    code → text, the answer to the last exercise) — your own plan."""
    c = case.customers
    ladder = classify(c, "ladder")
    rfm = classify(c, "rfm")
    actions = {lv.code: (lv.action_vi, lv.action_en) for lv in SCHEMES["ladder"].levels_for()}
    actions["win_back"] = (
        "Gọi điện riêng, ưu đãi mời quay lại",
        "A personal call, a come-back offer",
    )
    rows, words = {}, {}
    plan = dict(plan or {})
    for code, vi, en in PLAN_STEPS:
        if code == "win_back":
            people = int(rfm.isin(["cant_lose", "at_risk"]).sum())
        else:
            people = int((ladder == code).sum())
        # the lever holds the step's code; its words are put on where people read (show)
        rows[code] = {"people": people, "lever": code, "your_plan": plan.get(code, "")}
        words[code] = (vi, en)
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = None
    table = _report(table, "ladder_plan", words)
    table.attrs["value_words"] = {"lever": {code: actions[code] for code, _, _ in PLAN_STEPS}}
    return table


# -- figures the exercises and the instructor notes use ----------------------------------------------
def step_rates(customers) -> dict[str, float]:
    """Of the people who reached a level, the share who went on to the next (from 1st buy up)."""
    lab = classify(customers, "ladder")
    order = ["first_buy", "rebuy", "frequent", "key"]
    counts = lab.value_counts().reindex(order).fillna(0)
    reached = counts[::-1].cumsum()[::-1]
    return {
        code: _ratio(reached[code], reached[prev])
        for prev, code in zip(order[:-1], order[1:], strict=True)
    }


def top_share_revenue(customers, share: float = 0.05) -> tuple[int, float]:
    """The top ``share`` of buyers by spend: how many, and their share of revenue."""
    spend = customers.loc[bought(customers), "total_spend"].sort_values(ascending=False)
    top = spend.head(round(share * len(spend)))
    return len(top), _ratio(float(top.sum()), float(spend.sum()))


def channel_share(case, inside: bool, channel: str) -> float:
    """The share of one sales channel among the orders of people inside (or outside) 10 km."""
    o = orders_with_distance(case)
    part = o[(o["distance_km"] <= RADIUS_KM) == inside]
    return float((part["channel"] == channel).mean())


def smallest_radius(customers, growth: float = 0.10) -> int:
    """The smallest whole radius (km) giving at least ``growth`` more prospects than 10 km."""
    base = int((classify(customers, "ladder") == "prospect").sum())
    for r in range(RADIUS_KM + 1, 101):
        if (classify(customers, "ladder", radius_km=r) == "prospect").sum() >= base * (1 + growth):
            return r
    return 100


def top_cluster(labels) -> pd.Series:
    """The cluster with the highest spend (clusters are numbered by mean spend, ascending)."""
    k = int(labels.phanloai.params["k"])
    return labels == f"cluster_{k}"


def smallest_k(customers, most: float = 0.06) -> int:
    """The smallest number of clusters whose top cluster holds at most ``most`` of the buyers."""
    buyers = int(bought(customers).sum())
    for k in range(2, 9):
        if top_cluster(classify(customers, "clusters", k=k)).sum() <= most * buyers:
            return k
    return 8


def _persona_gap(customers) -> tuple[float, float]:
    """(buy rate of the persona ÷ everyone else's, spend per persona buyer ÷ other buyers')."""
    p, b = persona(customers), bought(customers)
    s = customers["total_spend"]
    rate = _ratio(b[p].mean(), b[~p].mean())
    spend = _ratio(s[p & b].mean(), s[~p & b].mean())
    return rate, spend


# -- exercises ----------------------------------------------------------------------------------------
def exercises(case) -> list[practice.Exercise]:
    c = case.customers
    total = float(c["total_spend"].sum())

    def ladder(**params):
        return classify(c, "ladder", **params)

    found: dict[str, float] = {}  # answers that take a search, found once

    def once(name, search):
        if name not in found:
            found[name] = search(c)
        return found[name]

    # Bài 1
    def buy_ratio() -> float:
        b, n = bought(c), near(c)
        return _ratio(b[n].mean(), b[~n].mean())

    def channels():
        names = sorted(str(ch) for ch in case.orders["channel"].unique())
        return [(ch, ch, CHANNEL_EN.get(ch, ch)) for ch in names]

    def far_channel() -> str:
        o = orders_with_distance(case)
        return str(o.loc[o["distance_km"] > RADIUS_KM, "channel"].value_counts().idxmax())

    def why_far():
        o = orders_with_distance(case)
        mix = o.loc[o["distance_km"] > RADIUS_KM, "channel"].value_counts(normalize=True)
        ch, share = str(mix.idxmax()), format_percent(float(mix.max()))
        return (
            f"{ch}: {share} đơn của người ở xa — họ mua qua sàn và website, ít khi tới cửa hàng.",
            f"{CHANNEL_EN.get(ch, ch)}: {share} of the far customers' orders — they buy on "
            "marketplaces and the web, seldom in the shop.",
        )

    # Bài 2
    def rebuy_rate() -> float:
        return step_rates(c)["rebuy"]

    def frequent_reviewers() -> float:
        return float((c.loc[ladder() == "frequent", "advocate_events"] > 0).mean())

    # Bài 3
    def radius_target(labels):
        base = int((ladder() == "prospect").sum())
        now = int((labels == "prospect").sum())
        radius = format_number(labels.phanloai.params["radius_km"], 0)
        more = format_number(now - base, 0)
        return (
            now >= base * 1.10,
            f"bán kính {radius} km cho {format_number(now, 0)} Prospect ({more} người so với 10 km)",
            f"a {radius} km radius gives {format_number(now, 0)} prospects ({more} against 10 km)",
        )

    def key_25m_share() -> float:
        key = ladder(key_spend=25_000_000) == "key"
        return _ratio(float(c.loc[key, "total_spend"].sum()), total)

    # Bài 4
    def far_abandoners() -> int:
        lab = classify(c, "behavioral")
        return int(((lab == "cart_abandoner") & ~near(c)).sum())

    def cart_sessions_bought() -> float:
        s = case.sessions
        return float(s.loc[s["added_to_cart"], "purchased"].mean())

    # Bài 5
    def age_target(labels):
        age = c.loc[labels.index, "age"]
        if not (age == 30).any():
            return False, "không có ai 30 tuổi", "nobody is 30"
        band = labels[age == 30].iloc[0]
        ages = sorted(set(age[labels == band]))
        name = labels.phanloai.info.words()[band]
        lo, hi = format_number(min(ages), 0), format_number(max(ages), 0)
        return (
            ages == list(range(30, 41)),
            f"người 30 tuổi ở nhóm '{name}', gồm các tuổi {lo}–{hi}",
            f"people aged 30 are in '{name}', which holds ages {lo}–{hi}",
        )

    gap_options = [
        (
            "rate",
            "Chủ yếu từ tỷ lệ mua: nhiều người trong nhóm mua hơn, còn mỗi người mua không chi nhiều hơn rõ rệt",
            "Mostly the buy rate: more of them buy, while each buyer does not spend clearly more",
        ),
        (
            "spend",
            "Chủ yếu từ mức chi: mỗi người mua chi nhiều hơn, còn tỷ lệ mua không cao hơn rõ rệt",
            "Mostly the spend: each buyer spends more, while the buy rate is not clearly higher",
        ),
        (
            "both",
            "Cả hai: tỷ lệ mua và chi tiêu mỗi người mua đều cao hơn rõ rệt",
            "Both: the buy rate and the spend per buyer are both clearly higher",
        ),
        (
            "neither",
            "Không từ cả hai: tỷ lệ mua và chi tiêu đều không cao hơn rõ rệt, nhóm chỉ đông người hơn",
            "Neither: neither is clearly higher, the group is only larger",
        ),
    ]

    def gap_source() -> str:
        rate, spend = _persona_gap(c)
        big_rate, big_spend = rate >= 1.1, spend >= 1.1
        if big_rate and big_spend:
            return "both"
        return "rate" if big_rate else "spend" if big_spend else "neither"

    def why_gap():
        rate, spend = _persona_gap(c)
        r, s = format_number(rate, 2), format_number(spend, 2)
        return (
            f"Tỷ lệ mua của nhóm đúng chân dung gấp {r} lần người còn lại; chi tiêu mỗi người mua "
            f"gấp {s} lần.",
            f"The persona's buy rate is {r}× everyone else's; spend per buyer is {s}×.",
        )

    # Bài 6
    def away_share() -> float:
        rebuyers = c["n_orders"] >= 2
        return float((c.loc[rebuyers, "recency_days"] > AWAY_DAYS).mean())

    def rfm_options():
        # the segments that hold some of these people, and two that cannot (well-known names)
        away = (c["n_orders"] >= 2) & (c["recency_days"] > AWAY_DAYS)
        present = set(classify(c, "rfm")[away].astype(str))
        keep = present | {"champions", "new"}
        levels = [lv for lv in SCHEMES["rfm"].levels_for() if lv.code in keep]
        return [(lv.code, lv.vi, lv.en) for lv in levels][:10]

    def away_segment() -> str:
        away = (c["n_orders"] >= 2) & (c["recency_days"] > AWAY_DAYS)
        return str(classify(c, "rfm")[away].value_counts().idxmax())

    def why_segment():
        away = (c["n_orders"] >= 2) & (c["recency_days"] > AWAY_DAYS)
        counts = classify(c, "rfm")[away].value_counts()
        code = str(counts.idxmax())
        level = next(lv for lv in SCHEMES["rfm"].levels_for() if lv.code == code)
        n, of = format_number(int(counts.max()), 0), format_number(int(away.sum()), 0)
        return (f"{level.vi}: {n} trong số {of} người.", f"{level.en}: {n} of the {of} people.")

    def key_cant_lose() -> int:
        return int(((classify(c, "rfm") == "cant_lose") & (ladder() == "key")).sum())

    # Bài 8 (mở rộng): two traps when comparing — the mix behind a channel, and time
    def tiktok_options():
        return [
            (
                "worse",
                "Cắt: TikTok kém Facebook ở cả trong lẫn ngoài bán kính 10 km",
                "Cut it: TikTok does worse than Facebook both within 10 km and beyond",
            ),
            (
                "mix",
                "Không cắt: ở mỗi phía của bán kính TikTok đều chốt tốt hơn Facebook; nó chỉ thua khi tính "
                "chung vì phần lớn người từ TikTok sống xa",
                "Keep it: on each side of the radius TikTok converts better than Facebook; it only loses "
                "overall because most of its contacts live far away",
            ),
            (
                "same",
                "Không quan trọng: hai kênh chốt như nhau ở cả hai phía của bán kính",
                "It makes no difference: both channels convert alike on both sides of the radius",
            ),
        ]

    def tiktok_verdict() -> str:
        t = once("by_source", buy_rate_by_source)
        tk, fb = t.loc["tiktok"], t.loc["facebook"]
        near_gap = tk["conversion_near"] - fb["conversion_near"]
        far_gap = tk["conversion_far"] - fb["conversion_far"]
        if near_gap > 0 and far_gap > 0:
            return "mix"
        if near_gap < 0 and far_gap < 0:
            return "worse"
        return "same"

    def why_tiktok():
        t = once("by_source", buy_rate_by_source)
        tk, fb = t.loc["tiktok"], t.loc["facebook"]

        def pct(v):
            return format_percent(v, 1)

        return (
            f"Tính chung TikTok {pct(tk['conversion'])}, Facebook {pct(fb['conversion'])}; trong 10 km "
            f"{pct(tk['conversion_near'])} so với {pct(fb['conversion_near'])}; ngoài 10 km "
            f"{pct(tk['conversion_far'])} so với {pct(fb['conversion_far'])}. Chỉ "
            f"{pct(tk['near_share'])} người từ TikTok sống trong bán kính (Facebook: "
            f"{pct(fb['near_share'])}).",
            f"Overall TikTok {pct(tk['conversion'])}, Facebook {pct(fb['conversion'])}; within 10 km "
            f"{pct(tk['conversion_near'])} against {pct(fb['conversion_near'])}; beyond 10 km "
            f"{pct(tk['conversion_far'])} against {pct(fb['conversion_far'])}. Only "
            f"{pct(tk['near_share'])} of TikTok contacts live within the radius (Facebook: "
            f"{pct(fb['near_share'])}).",
        )

    def tet_again() -> float:
        return float(tet_sale_cohort(case).loc["tet_sale", "bought_again"])

    # Bài 7
    def cluster_target(labels):
        top = top_cluster(labels)
        buyers = int(bought(c).sum())
        share = _ratio(float(top.sum()), float(buyers))
        k = format_number(labels.phanloai.params["k"], 0)
        seen = format_percent(share, 1)
        return (
            share <= 0.06,
            f"k = {k}: cụm chi tiêu cao nhất có {format_number(int(top.sum()), 0)} người, {seen} số người mua",
            f"k = {k}: the top-spending cluster has {format_number(int(top.sum()), 0)} people, "
            f"{seen} of buyers",
        )

    return [
        practice.number(
            "1",
            (
                "Bài 1. Người sống trong bán kính 10 km mua hàng với tỷ lệ gấp bao nhiêu lần người ở ngoài "
                "bán kính? (tỷ lệ đã mua trong ÷ tỷ lệ đã mua ngoài, ví dụ 3,5)",
                "Exercise 1. How many times as often do people within 10 km buy as those further away? "
                "(buy rate inside ÷ buy rate outside, e.g. 3.5)",
            ),
            buy_ratio,
            kind="number",
            tolerance=0.02,
            hint=(
                "Tỷ lệ đã mua là trung bình của (n_orders > 0) trong mỗi nhóm; chia tỷ lệ trong bán kính "
                "cho tỷ lệ ngoài bán kính. Cột 'Tỷ lệ chuyển đổi' của profile(kh, vung) cho sẵn hai tỷ lệ ấy.",
                "The buy rate is the mean of (n_orders > 0) in each group; divide the rate inside by the "
                "rate outside. The 'Conversion rate' column of profile(kh, zone) gives both.",
            ),
            how=(
                "da_mua = kh['n_orders'] > 0\ntrong = kh['distance_km'] <= 10\n"
                "da_mua[trong].mean() / da_mua[~trong].mean()",
                "bought = kh['n_orders'] > 0\ninside = kh['distance_km'] <= 10\n"
                "bought[inside].mean() / bought[~inside].mean()",
            ),
            schemes=("geographic",),
        ),
        practice.choice(
            "2",
            (
                "Bài 1. Đơn hàng của người sống ngoài bán kính 10 km đi qua kênh bán nào nhiều nhất?",
                "Exercise 1. Which sales channel carries most orders of people living beyond 10 km?",
            ),
            channels,
            far_channel,
            hint=(
                "Đọc dòng 'Ngoài bán kính 10 km' của bảng cơ cấu kênh bán, không phải dòng trong bán kính.",
                "Read the 'Beyond 10 km' row of the channel-mix table, not the row within the radius.",
            ),
            why=why_far,
            schemes=("geographic",),
        ),
        practice.number(
            "3",
            (
                "Bài 2. Trong số người đã mua ít nhất một lần, bao nhiêu phần trăm đã mua lại (đã lên từ bậc "
                "Mua lại trở lên)?",
                "Exercise 2. Of the people who bought at least once, what share have bought again (reached "
                "Rebuy or higher)?",
            ),
            rebuy_rate,
            kind="share",
            hint=(
                "Đếm người ở các bậc rebuy, frequent, key rồi chia cho số người ở các bậc first_buy, rebuy, "
                "frequent, key. Phễu (phanloai.funnel) gọi số ấy là 'Tỷ lệ qua bước' của bậc Mua lại.",
                "Count the people at rebuy, frequent and key and divide by those at first_buy, rebuy, "
                "frequent and key. The funnel (phanloai.funnel) calls it the step conversion of Rebuy.",
            ),
            how=(
                "bac = phanloai.classify(kh, 'ladder')\n"
                "bac.isin(['rebuy', 'frequent', 'key']).sum() / bac.isin(['first_buy', 'rebuy', 'frequent', 'key']).sum()",
                "levels = phanloai.classify(kh, 'ladder')\n"
                "levels.isin(['rebuy', 'frequent', 'key']).sum() / levels.isin(['first_buy', 'rebuy', 'frequent', 'key']).sum()",
            ),
            schemes=("ladder",),
        ),
        practice.number(
            "4",
            (
                "Bài 2. Ở bậc Mua thường xuyên (Frequency buyer), bao nhiêu phần trăm người đã viết ít nhất "
                "một đánh giá sản phẩm?",
                "Exercise 2. Among frequency buyers, what share have written at least one product review?",
            ),
            frequent_reviewers,
            kind="share",
            hint=(
                "Người viết đánh giá: advocate_events > 0 (bước Ủng hộ của 5A). Lọc những người có mã bậc "
                "'frequent' rồi lấy trung bình của (advocate_events > 0) — hoặc đọc cột 'Ủng hộ' của bảng "
                "chéo bậc thang × 5A.",
                "Reviewers: advocate_events > 0 (the 5A Advocate step). Keep the people at level 'frequent' "
                "and take the mean of (advocate_events > 0) — or read the 'Advocate' column of the ladder × "
                "5A cross table.",
            ),
            how=(
                "(kh.loc[bac == 'frequent', 'advocate_events'] > 0).mean()",
                "(kh.loc[levels == 'frequent', 'advocate_events'] > 0).mean()",
            ),
            schemes=("ladder", "journey_5a"),
        ),
        practice.thresholds(
            "5",
            (
                "Bài 3. Chị Hương tính thuê thêm shipper để giao xa hơn. Chọn bán kính phục vụ (radius_km) "
                "sao cho số Prospect tăng ít nhất 10 % so với bán kính 10 km. Trả lời bằng một dict, ví dụ "
                "{'radius_km': 12}.",
                "Exercise 3. Huong thinks of hiring another courier to deliver further. Choose the service "
                "radius (radius_km) so that prospects grow by at least 10 % against the 10 km radius. Answer "
                "with a dict, e.g. {'radius_km': 12}.",
            ),
            "ladder",
            lambda: c,
            radius_target,
            right=lambda: {"radius_km": once("radius", smallest_radius)},
            wrong={"radius_km": 10},
            hint=(
                "Kéo thanh trượt 'Bán kính phục vụ' trong bộ khám phá bậc thang, hoặc xem bảng số người theo "
                "bán kính: ngoài 10 km người ở thưa hơn, nên phải nới khá xa.",
                "Move the 'Service radius' slider of the ladder explorer, or read the table of people per "
                "radius: beyond 10 km people live further apart, so the radius must grow quite a bit.",
            ),
        ),
        practice.number(
            "6",
            (
                "Bài 3. Nếu nâng ngưỡng chi tiêu của khách lớn lên 25 triệu đồng (key_spend = 25_000_000), "
                "nhóm Khách hàng lớn còn mang lại bao nhiêu phần trăm doanh thu?",
                "Exercise 3. With the key-account spend threshold raised to 25 million VND "
                "(key_spend = 25_000_000), what share of revenue do key accounts still bring?",
            ),
            key_25m_share,
            kind="share",
            hint=(
                "Phân loại lại với key_spend=25_000_000, lọc mã 'key', cộng total_spend của họ rồi chia cho "
                "tổng doanh thu.",
                "Classify again with key_spend=25_000_000, keep the code 'key', add up their total_spend and "
                "divide by all revenue.",
            ),
            how=(
                "lon = phanloai.classify(kh, 'ladder', key_spend=25_000_000) == 'key'\n"
                "kh.loc[lon, 'total_spend'].sum() / kh['total_spend'].sum()",
                "key = phanloai.classify(kh, 'ladder', key_spend=25_000_000) == 'key'\n"
                "kh.loc[key, 'total_spend'].sum() / kh['total_spend'].sum()",
            ),
            schemes=("ladder",),
        ),
        practice.number(
            "7",
            (
                "Bài 4. Bao nhiêu người thuộc nhóm Bỏ giỏ hàng (cách phân loại theo hành vi) sống ngoài bán "
                "kính 10 km?",
                "Exercise 4. How many cart abandoners (behavioural scheme) live beyond 10 km?",
            ),
            far_abandoners,
            hint=(
                "Mã nhóm là 'cart_abandoner'; ghép với distance_km > 10 bằng &, hoặc đọc bảng chéo hành vi × "
                "vùng.",
                "The code is 'cart_abandoner'; combine with distance_km > 10 using &, or read the behaviour × "
                "zone cross table.",
            ),
            how=(
                "hanh_vi = phanloai.classify(kh, 'behavioral')\n"
                "((hanh_vi == 'cart_abandoner') & (kh['distance_km'] > 10)).sum()",
                "behaviour = phanloai.classify(kh, 'behavioral')\n"
                "((behaviour == 'cart_abandoner') & (kh['distance_km'] > 10)).sum()",
            ),
            schemes=("behavioral", "geographic"),
        ),
        practice.number(
            "8",
            (
                "Bài 4. Trên bảng sessions: trong các phiên có thêm giỏ hàng, bao nhiêu phần trăm kết thúc "
                "bằng một đơn mua? (phần còn lại là giỏ bị bỏ)",
                "Exercise 4. In the sessions table: of the sessions with a cart add, what share ended with a "
                "purchase? (the rest are abandoned carts)",
            ),
            cart_sessions_bought,
            kind="share",
            hint=(
                "Lọc các phiên có added_to_cart, rồi lấy trung bình của cột purchased. Đây là tỷ lệ trên "
                "phiên, không phải trên người.",
                "Keep the sessions with added_to_cart, then take the mean of the purchased column. This is a "
                "share of sessions, not of people.",
            ),
            how=(
                "phien = fashion.sessions\nphien.loc[phien['added_to_cart'], 'purchased'].mean()",
                "s = fashion.sessions\ns.loc[s['added_to_cart'], 'purchased'].mean()",
            ),
        ),
        practice.thresholds(
            "9",
            (
                "Bài 5. Chọn các mốc tuổi của cách phân loại nhân khẩu học (age_1 … age_4) sao cho có đúng "
                "một nhóm gồm những người 30–40 tuổi (cả 30 và 40). Trả lời bằng một dict, ví dụ "
                "{'age_1': 25, 'age_2': 30, 'age_3': 40, 'age_4': 50}.",
                "Exercise 5. Choose the age edges of the demographic scheme (age_1 … age_4) so that exactly "
                "one band holds the people aged 30–40 (both 30 and 40). Answer with a dict, e.g. "
                "{'age_1': 25, 'age_2': 30, 'age_3': 40, 'age_4': 50}.",
            ),
            "demographic",
            lambda: c,
            age_target,
            right=dict(PERSONA_EDGES),
            wrong={"age_1": 25, "age_2": 30, "age_3": 40, "age_4": 50},
            hint=(
                "Một nhóm tuổi gồm các tuổi từ mốc dưới tới trước mốc trên: nhóm 'age_2' là age_2 ≤ tuổi < "
                "age_3. Muốn có cả người 40 tuổi thì mốc trên phải là 41.",
                "An age band holds the ages from its lower edge up to just below the next: 'age_2' is "
                "age_2 ≤ age < age_3. To keep the 40-year-olds the upper edge must be 41.",
            ),
        ),
        practice.choice(
            "10",
            (
                "Bài 5. Phụ nữ 30–40 tuổi mang lại phần doanh thu lớn hơn phần số liên hệ của họ. Sự chênh ấy "
                "đến từ đâu?",
                "Exercise 5. Women aged 30–40 bring a larger share of revenue than their share of contacts. "
                "Where does the gap come from?",
            ),
            lambda: gap_options,
            gap_source,
            hint=(
                "So hai cột của bảng chân dung: 'Tỷ lệ chuyển đổi' (ai mua) và 'Chi tiêu mỗi người mua' (mua "
                "bao nhiêu). Chênh từ 10 % trở lên mới coi là khác.",
                "Compare two columns of the persona table: 'Conversion rate' (who buys) and 'Spend per "
                "buyer' (how much). Count a gap of 10 % or more as a difference.",
            ),
            why=why_gap,
            schemes=("demographic",),
        ),
        practice.number(
            "11",
            (
                "Bài 6. Trong số người đã mua lại (từ 2 đơn), bao nhiêu phần trăm đã hơn 180 ngày chưa quay "
                "lại?",
                "Exercise 6. Of the repeat buyers (2 orders or more), what share have not come back for more "
                "than 180 days?",
            ),
            away_share,
            kind="share",
            hint=(
                "Lọc n_orders >= 2, rồi lấy trung bình của (recency_days > 180).",
                "Keep n_orders >= 2, then take the mean of (recency_days > 180).",
            ),
            how=(
                "mua_lai = kh['n_orders'] >= 2\n(kh.loc[mua_lai, 'recency_days'] > 180).mean()",
                "repeat = kh['n_orders'] >= 2\n(kh.loc[repeat, 'recency_days'] > 180).mean()",
            ),
            schemes=("rfm",),
        ),
        practice.choice(
            "12",
            (
                "Bài 6. Những người đã mua lại mà hơn 180 ngày chưa quay lại nằm nhiều nhất ở nhóm RFM nào?",
                "Exercise 6. In which RFM segment are most of the repeat buyers who have been away for more "
                "than 180 days?",
            ),
            rfm_options,
            away_segment,
            hint=(
                "Phân loại RFM, lọc đúng những người ấy rồi đếm theo nhóm (value_counts), hoặc đọc bảng "
                "chân dung của riêng họ.",
                "Classify with RFM, keep just those people and count per segment (value_counts), or read "
                "their own profile table.",
            ),
            why=why_segment,
            schemes=("rfm",),
        ),
        practice.number(
            "13",
            (
                "Bài 6. Bao nhiêu Khách hàng lớn (Key account) của bậc thang đang nằm ở nhóm RFM 'Không thể "
                "mất' (Can't lose)?",
                "Exercise 6. How many of the ladder's key accounts are in the RFM segment \"Can't lose\"?",
            ),
            key_cant_lose,
            hint=(
                "Đọc bảng chéo RFM × sáu cấp độ: ô giao giữa dòng 'Không được để mất' và cột 'Khách hàng lớn'.",
                "Read the RFM × ladder cross table: the cell of the \"Can't lose\" row and the 'Key account' "
                "column.",
            ),
            how=(
                "rfm = phanloai.classify(kh, 'rfm')\n((rfm == 'cant_lose') & (bac == 'key')).sum()",
                "rfm = phanloai.classify(kh, 'rfm')\n((rfm == 'cant_lose') & (levels == 'key')).sum()",
            ),
            schemes=("rfm", "ladder"),
        ),
        practice.strategy(
            "14",
            (
                "Bài 6. Viết cho ba nhóm RFM một chiến dịch quý 1/2026 (thông điệp, kênh, ưu đãi, ai phụ "
                "trách) — Khách hàng xuất sắc, Có nguy cơ rời bỏ, Không được để mất. Trả lời bằng dict mã nhóm → "
                "câu.",
                "Exercise 6. Write a Q1 2026 campaign for three RFM segments (message, channel, offer, who "
                "is in charge) — Champions, At risk, Can't lose. Answer with a dict segment code → line.",
            ),
            "rfm",
            levels=("champions", "at_risk", "cant_lose"),
            min_words=8,
            hint=(
                "Đừng gửi cùng một mã giảm giá cho cả ba: nhóm đang mua đều không cần giảm giá; nhóm từng chi "
                "nhiều mà đã lâu không mua cần một cuộc gọi riêng.",
                "Do not send all three the same discount code: people buying steadily need no discount; "
                "big spenders who stopped buying need a personal call.",
            ),
        ),
        practice.thresholds(
            "15",
            (
                "Bài 7. Tăng số cụm k cho tới khi máy tách được riêng nhóm chi nhiều nhất: chọn k nhỏ nhất để "
                "cụm chi tiêu cao nhất gồm không quá 6 % số người đã mua. Trả lời bằng một dict, ví dụ "
                "{'k': 3}.",
                "Exercise 7. Raise the number of clusters k until the machine isolates the biggest spenders: "
                "choose the smallest k whose top-spending cluster holds at most 6 % of buyers. Answer with a "
                "dict, e.g. {'k': 3}.",
            ),
            "clusters",
            lambda: c,
            cluster_target,
            right=lambda: {"k": once("k", smallest_k)},
            wrong={"k": 2},
            hint=(
                "Kéo thanh trượt 'Số cụm (k)' trong bộ khám phá phân cụm và nhìn cụm có số thứ tự lớn nhất "
                "(các cụm xếp theo chi tiêu tăng dần).",
                "Move the 'Number of clusters (k)' slider of the clusters explorer and watch the last cluster "
                "(clusters are ordered by spend, ascending).",
            ),
        ),
        practice.strategy(
            "16",
            (
                "Nhiệm vụ cuối. Với mỗi bậc của thang, viết một dòng kế hoạch năm 2026 để đẩy người ở bậc ấy "
                "lên bậc trên (với Khách hàng lớn: để giữ họ): đòn bẩy, kênh, ưu đãi và chỉ số đo. Trả lời bằng "
                "dict mã bậc → câu.",
                "Final task. For each level of the ladder, write one line of the 2026 plan that moves its "
                "people up a step (for key accounts: keeps them): lever, channel, offer and measure. Answer "
                "with a dict level code → line.",
            ),
            "ladder",
            min_words=7,
            hint=(
                "Mỗi dòng nên có: đòn bẩy (sản phẩm dẫn, thẻ thành viên, chăm sóc 1–1…), kênh (cửa hàng, Zalo, "
                "sàn…), ưu đãi và một chỉ số đo được trong quý 1/2026.",
                "Each line should hold a lever (lead product, loyalty card, 1-to-1 care…), a channel (shop, "
                "Zalo, marketplace…), an offer and a measure for Q1 2026.",
            ),
        ),
        practice.choice(
            "17",
            (
                "Bài 8. Tính chung, người đến từ TikTok mua ít hơn người đến từ Facebook. Có nên chuyển tiền "
                "quảng cáo TikTok sang Facebook không?",
                "Exercise 8. Overall, contacts from TikTok buy less often than contacts from Facebook. "
                "Should the TikTok budget move to Facebook?",
            ),
            tiktok_options,
            tiktok_verdict,
            hint=(
                "Tách tỷ lệ mua của từng kênh theo bán kính: mc.buy_rate_by_source(kh) cho cột tính chung, "
                "trong 10 km và ngoài 10 km, và tỷ lệ người sống trong bán kính.",
                "Split each source's buying rate by the radius: mc.buy_rate_by_source(kh) gives overall, "
                "within 10 km and beyond, and the share living within the radius.",
            ),
            why=why_tiktok,
            schemes=("source", "geographic"),
        ),
        practice.number(
            "18",
            (
                "Bài 8. Trong số người mua lần đầu trong đợt sale Tết (3 tuần trước Tết) và sớm hơn hôm nay "
                "ít nhất 180 ngày, bao nhiêu phần trăm đã mua lại trong vòng 180 ngày?",
                "Exercise 8. Of the people who first bought in the Tet sale (the 3 weeks before Tet) at "
                "least 180 days before today, what share bought again within 180 days?",
            ),
            tet_again,
            kind="share",
            hint=(
                "Với mỗi người: ngày mua đầu và ngày mua thứ hai từ bảng đơn hàng; giữ người mua lần đầu "
                "đến hết ngày 04/07/2025; Tết là 10/02/2024 và 29/01/2025. mc.tet_sale_cohort(fashion) làm sẵn.",
                "For each person: the first and second order dates from the orders table; keep first "
                "purchases up to 4 July 2025; Tet fell on 10 Feb 2024 and 29 Jan 2025. "
                "mc.tet_sale_cohort(fashion) does it.",
            ),
            how=(
                "mc.tet_sale_cohort(fashion).loc['tet_sale', 'bought_again']",
                "mc.tet_sale_cohort(fashion).loc['tet_sale', 'bought_again']",
            ),
            schemes=(),
        ),
    ]


# -- facts quoted in the instructor notes (casebook/ghi_chu_giang_vien.md, section 3) ---------------
def _rate(mask: pd.Series, within: pd.Series) -> float:
    return float(mask[within].mean())


@fact("fashion", "near_contacts")
def _(case):
    return int(near(case.customers).sum())


@fact("fashion", "near_buy_rate")
def _(case):
    c = case.customers
    return _rate(bought(c), near(c))


@fact("fashion", "far_buy_rate")
def _(case):
    c = case.customers
    return _rate(bought(c), ~near(c))


@fact("fashion", "radius_buy_ratio")
def _(case):
    c = case.customers
    return _ratio(_rate(bought(c), near(c)), _rate(bought(c), ~near(c)))


@fact("fashion", "near_revenue_share")
def _(case):
    c = case.customers
    return _ratio(float(c.loc[near(c), "total_spend"].sum()), float(c["total_spend"].sum()))


@fact("fashion", "far_revenue_share")
def _(case):
    c = case.customers
    return _ratio(float(c.loc[~near(c), "total_spend"].sum()), float(c["total_spend"].sum()))


def _channel_fact(inside: bool, channel: str):
    return lambda case: channel_share(case, inside, channel)


for _where, _inside in (("near", True), ("far", False)):
    for _code, _channel in (
        ("store", "Cửa hàng"),
        ("web", "Website"),
        ("shopee", "Shopee"),
        ("tiktok", "TikTok Shop"),
    ):
        fact("fashion", f"{_where}_orders_{_code}_share")(_channel_fact(_inside, _channel))


def _level_fact(scheme: str, code: str, what: str, **params):
    def f(case):
        c = case.customers
        lab = classify(c, scheme, **params)
        inside = lab == code
        if what == "count":
            return int(inside.sum())
        if what == "revenue_share":
            return _ratio(float(c.loc[inside, "total_spend"].sum()), float(c["total_spend"].sum()))
        if what == "card_share":
            return float(c.loc[inside, "loyalty_member"].mean())
        if what == "reviewer_share":
            return float((c.loc[inside, "advocate_events"] > 0).mean())
        if what == "buyer_share":
            return _ratio(float(inside.sum()), float(bought(c).sum()))
        raise ValueError(what)

    return f


for _code in ("suspect", "prospect", "first_buy", "rebuy", "frequent", "key"):
    for _what in ("count", "revenue_share", "card_share", "reviewer_share"):
        fact("fashion", f"ladder_{_code}_{_what}")(_level_fact("ladder", _code, _what))


@fact("fashion", "step_rebuy_rate")
def _(case):
    return step_rates(case.customers)["rebuy"]


@fact("fashion", "first_buy_no_return_share")
def _(case):
    return 1 - step_rates(case.customers)["rebuy"]


@fact("fashion", "step_frequent_rate")
def _(case):
    return step_rates(case.customers)["frequent"]


@fact("fashion", "step_key_rate")
def _(case):
    return step_rates(case.customers)["key"]


@fact("fashion", "reviewers")
def _(case):
    return int((case.customers["advocate_events"] > 0).sum())


@fact("fashion", "reviewer_share_of_contacts")
def _(case):
    return float((case.customers["advocate_events"] > 0).mean())


@fact("fashion", "reviewers_without_purchase")
def _(case):
    c = case.customers
    return int(((c["advocate_events"] > 0) & ~bought(c)).sum())


@fact("fashion", "journey_5a_advocates")
def _(case):
    return int((classify(case.customers, "journey_5a") == "advocate").sum())


@fact("fashion", "never_bought_share")
def _(case):
    return float((~bought(case.customers)).mean())


def _prospects(radius):
    return lambda case: int(
        (classify(case.customers, "ladder", radius_km=radius) == "prospect").sum()
    )


for _r in (5, 10, 15, 20):
    fact("fashion", f"prospects_{_r}km")(_prospects(_r))


@fact("fashion", "extra_prospects_15km")
def _(case):
    return _prospects(15)(case) - _prospects(10)(case)


@fact("fashion", "prospects_per_km_10_20")
def _(case):
    return (_prospects(20)(case) - _prospects(10)(case)) / 10


def _ring(c):
    return c["distance_km"].between(RADIUS_KM, 15, inclusive="right")


@fact("fashion", "ring_10_15_contacts")
def _(case):
    return int(_ring(case.customers).sum())


@fact("fashion", "ring_10_15_buy_rate")
def _(case):
    c = case.customers
    return _rate(bought(c), _ring(c))


for _m in (10, 15, 25):
    fact("fashion", f"key_{_m}m_count")(_level_fact("ladder", "key", "count", key_spend=_m * 1e6))
    fact("fashion", f"key_{_m}m_revenue_share")(
        _level_fact("ladder", "key", "revenue_share", key_spend=_m * 1e6)
    )


@fact("fashion", "top5_buyers")
def _(case):
    return top_share_revenue(case.customers)[0]


@fact("fashion", "top5_revenue_share")
def _(case):
    return top_share_revenue(case.customers)[1]


for _code in ("no_web", "browser", "cart_abandoner", "buyer", "repeat_buyer"):
    fact("fashion", f"behavioral_{_code}_count")(_level_fact("behavioral", _code, "count"))


@fact("fashion", "behavioral_no_web_share")
def _(case):
    return float((classify(case.customers, "behavioral") == "no_web").mean())


def _abandoners(inside: bool):
    def f(case):
        c = case.customers
        lab = classify(c, "behavioral") == "cart_abandoner"
        return int((lab & (near(c) == inside)).sum())

    return f


fact("fashion", "abandoners_near")(_abandoners(True))
fact("fashion", "abandoners_far")(_abandoners(False))


@fact("fashion", "cart_sessions_abandoned_share")
def _(case):
    s = case.sessions
    return float((~s.loc[s["added_to_cart"], "purchased"]).mean())


def _session_extreme(column: str, pick):
    def f(case):
        values = [session_rates(case, by)[column] for by in ("traffic_source", "device")]
        return float(pick(pd.concat(values)))

    return f


for _col in ("cart_rate", "purchase_rate"):
    fact("fashion", f"session_{_col}_lowest")(_session_extreme(_col, np.min))
    fact("fashion", f"session_{_col}_highest")(_session_extreme(_col, np.max))


@fact("fashion", "persona_contact_share")
def _(case):
    return float(persona(case.customers).mean())


@fact("fashion", "persona_revenue_share")
def _(case):
    c = case.customers
    return _ratio(float(c.loc[persona(c), "total_spend"].sum()), float(c["total_spend"].sum()))


@fact("fashion", "persona_buy_rate")
def _(case):
    c = case.customers
    return _rate(bought(c), persona(c))


@fact("fashion", "others_buy_rate")
def _(case):
    c = case.customers
    return _rate(bought(c), ~persona(c))


@fact("fashion", "persona_spend_per_buyer_ratio")
def _(case):
    return _persona_gap(case.customers)[1]


@fact("fashion", "persona_suspects")
def _(case):
    c = case.customers
    return int((persona(c) & ~near(c) & ~bought(c)).sum())


def _group_buy_rates(case) -> pd.Series:
    c = case.customers
    rates = []
    for scheme, by in (("demographic", "income"), ("psychographic", "interest")):
        lab = classify(c, scheme, by=by)
        table = profile(c, lab)
        rates.append(
            table.loc[table["customers"] > 0, "conversion"].drop("unknown", errors="ignore")
        )
    return pd.concat(rates)


@fact("fashion", "income_lifestyle_buy_rate_lowest")
def _(case):
    return float(_group_buy_rates(case).min())


@fact("fashion", "income_lifestyle_buy_rate_highest")
def _(case):
    return float(_group_buy_rates(case).max())


for _code in (
    "champions",
    "loyal",
    "potential",
    "at_risk",
    "cant_lose",
    "hibernating",
    "lost",
    "need_attention",
):
    for _what in ("count", "revenue_share", "buyer_share", "card_share"):
        fact("fashion", f"rfm_{_code}_{_what}")(_level_fact("rfm", _code, _what))


def _cant_lose_median(column: str):
    def f(case):
        c = case.customers
        return float(c.loc[classify(c, "rfm") == "cant_lose", column].median())

    return f


fact("fashion", "rfm_cant_lose_median_orders")(_cant_lose_median("n_orders"))
fact("fashion", "rfm_cant_lose_median_recency")(_cant_lose_median("recency_days"))


def _away(c) -> pd.Series:
    return (c["n_orders"] >= 2) & (c["recency_days"] > AWAY_DAYS)


@fact("fashion", "rebuyers_away")
def _(case):
    return int(_away(case.customers).sum())


@fact("fashion", "rebuyers_away_share")
def _(case):
    c = case.customers
    return _ratio(float(_away(c).sum()), float((c["n_orders"] >= 2).sum()))


@fact("fashion", "rebuyers_away_top4_share")
def _(case):
    """Of the rebuyers away > 180 days, the share in the four largest RFM segments among them."""
    c = case.customers
    counts = classify(c, "rfm")[_away(c)].value_counts()
    return _ratio(float(counts.nlargest(4).sum()), float(counts.sum()))


@fact("fashion", "key_in_cant_lose")
def _(case):
    c = case.customers
    return int(((classify(c, "rfm") == "cant_lose") & (classify(c, "ladder") == "key")).sum())


def _top_cluster_fact(k: int, what: str):
    def f(case):
        c = case.customers
        top = top_cluster(classify(c, "clusters", k=k))
        if what == "count":
            return int(top.sum())
        if what == "revenue_share":
            return _ratio(float(c.loc[top, "total_spend"].sum()), float(c["total_spend"].sum()))
        if what == "key_share":  # of the cluster, the share who are key accounts of the ladder
            return float((classify(c, "ladder")[top] == "key").mean())
        if what == "keys_inside":  # of the key accounts, the share in the cluster
            key = classify(c, "ladder") == "key"
            return float(top[key].mean())
        column = {"orders": "n_orders", "spend": "total_spend", "recency": "recency_days"}[what]
        return float(c.loc[top, column].median())

    return f


for _what in ("count", "revenue_share", "orders", "spend", "recency", "keys_inside"):
    fact("fashion", f"clusters4_top_{_what}")(_top_cluster_fact(4, _what))
for _what in ("count", "revenue_share", "orders", "spend", "key_share", "keys_inside"):
    fact("fashion", f"clusters5_top_{_what}")(_top_cluster_fact(5, _what))


def _cluster_km(pick):
    def f(case):
        c = case.customers
        lab = classify(c, "clusters", k=4)
        placed = lab != "unknown"
        return float(pick(c[placed].groupby(lab[placed], observed=True)["distance_km"].median()))

    return f


fact("fashion", "clusters4_median_km_lowest")(_cluster_km(np.min))
fact("fashion", "clusters4_median_km_highest")(_cluster_km(np.max))


@fact("fashion", "clusters_unknown")
def _(case):
    return int((classify(case.customers, "clusters") == "unknown").sum())


@fact("fashion", "persona_buy_rate_ratio")
def _(case):
    return _persona_gap(case.customers)[0]


@fact("fashion", "persona_revenue_index")
def _(case):
    """The persona's share of revenue ÷ its share of contacts."""
    c = case.customers
    p = persona(c)
    return _ratio(
        _ratio(float(c.loc[p, "total_spend"].sum()), float(c["total_spend"].sum())), p.mean()
    )


@fact("fashion", "income_high_low_spend_ratio")
def _(case):
    """Spend per buyer of the high-income band ÷ that of the low-income band."""
    c = case.customers
    table = buyer_profile(c, classify(c, "demographic", by="income"))
    return _ratio(table.loc["high", "spend_per_buyer"], table.loc["low", "spend_per_buyer"])


def _cluster_recency(code: str):
    def f(case):
        c = case.customers
        return float(c.loc[classify(c, "clusters", k=4) == code, "recency_days"].median())

    return f


fact("fashion", "clusters4_c1_recency")(_cluster_recency("cluster_1"))
fact("fashion", "clusters4_c2_recency")(_cluster_recency("cluster_2"))


def _once_clusters(case) -> pd.Series:
    """With k = 5: the median days since the last purchase of each cluster whose buyers bought
    once (median orders 1)."""
    c = case.customers
    lab = classify(c, "clusters", k=5)
    placed = lab != "unknown"
    by = c[placed].groupby(lab[placed], observed=True)
    once = by["n_orders"].median() == 1
    return by["recency_days"].median()[once]


fact("fashion", "clusters5_once_count")(lambda case: len(_once_clusters(case)))
fact("fashion", "clusters5_once_recency_lowest")(lambda case: float(_once_clusters(case).min()))
fact("fashion", "clusters5_once_recency_highest")(lambda case: float(_once_clusters(case).max()))


@fact("fashion", "contacts")
def _(case):
    return len(case.customers)


def tiktok_reversal(table: pd.DataFrame) -> bool:
    """In a :func:`buy_rate_by_source` table: TikTok converts worse than Facebook overall, yet
    better both within the radius and beyond it (Simpson's paradox)."""
    tk, fb = table.loc["tiktok"], table.loc["facebook"]
    return bool(
        tk["conversion"] < fb["conversion"]
        and tk["conversion_near"] > fb["conversion_near"]
        and tk["conversion_far"] > fb["conversion_far"]
    )


def _by_source(case) -> pd.DataFrame:
    return per_case(case, "fashion.by_source", lambda k: buy_rate_by_source(k.customers))


def _cohorts(case) -> pd.DataFrame:
    return per_case(case, "fashion.tet_sale_cohort", tet_sale_cohort)


def _source_rate(code: str, column: str):
    return lambda case: float(_by_source(case).loc[code, column])


for _code in ("tiktok", "facebook"):
    for _fact, _col in (
        ("buy_rate", "conversion"),
        ("buy_rate_near", "conversion_near"),
        ("buy_rate_far", "conversion_far"),
        ("near_share", "near_share"),
    ):
        fact("fashion", f"{_code}_{_fact}")(_source_rate(_code, _col))
fact("fashion", "tiktok_reversal")(lambda case: int(tiktok_reversal(_by_source(case))))
fact("fashion", "tet_cohort_buyers")(lambda case: int(_cohorts(case).loc["tet_sale", "buyers"]))
fact("fashion", "tet_cohort_again")(
    lambda case: float(_cohorts(case).loc["tet_sale", "bought_again"])
)
fact("fashion", "other_cohort_again")(
    lambda case: float(_cohorts(case).loc["other_times", "bought_again"])
)
fact("fashion", "tet_cohort_ratio")(
    lambda case: _ratio(
        float(_cohorts(case).loc["tet_sale", "bought_again"]),
        float(_cohorts(case).loc["other_times", "bought_again"]),
    )
)
