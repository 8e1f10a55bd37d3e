"""Tiền — chi phí marketing và hiệu quả từng kênh (channel economics).

A world's customer table says where each lead came from and what it bought; this module adds
what the leads *cost*, so a class can compute, per channel:

- **chi phí mỗi lead** — cost per lead (CPL): marketing spend ÷ leads;
- **CAC** — cost of acquiring a paying customer: spend ÷ leads who bought;
- **ROAS** — return on ad spend: revenue ÷ spend;
- **lợi nhuận gộp** — gross profit (revenue × the case's gross margin, :data:`phanloai.clv.MARGINS`)
  and what is left of it after the ads.

The spend is *made up from the world*, never stored in it: :func:`marketing_spend` takes the leads
each channel brought every month and prices them with :data:`COST_PER_LEAD` (teaching
assumptions, stated once below) and a little month-to-month noise, from a random stream of its
own — the generated tables, and every figure the notebooks show, stay exactly as they were.

Channels are the **level codes of the lead-source scheme** (``facebook``, ``google_ads``,
``referral``, ``walk_in``, ``trade_fair``, ``marketplace``…): the same code whether a world writes
"Facebook Ads" or "Facebook", and the same words in tables and charts as the ``source``
classification (see :mod:`phanloai.schemes.profile`).

>>> import phanloai
>>> from phanloai import money
>>> spa = phanloai.load("spa", n=500, seed=1)
>>> report = money.channel_economics(spa)
>>> list(report.columns[:4])
['channel', 'spend', 'leads', 'customers']
>>> int(report["leads"].sum()) == len(spa.customers)
True
>>> float(report.loc[report["channel"] == "referral", "spend"].iloc[0])
0.0
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._i18n import PhanloaiError, tr
from .clv import margin_of
from .schemes.registry import classify, get_scheme

__all__ = [
    "COST_PER_LEAD",
    "DATE_COLUMNS",
    "channel_economics",
    "marketing_spend",
    "plot_channel_economics",
]

#: Chi phí cho mỗi lead (đồng), theo tình huống và kênh — cost per lead (VND) per case and channel.
#:
#: TEACHING ASSUMPTIONS, not facts from the cases: plausible Vietnamese figures for 2025, stated
#: once here so a class can question and change them (pass ``cost_per_lead=`` to use your own).
#: - spa (one shop in a city): a Facebook lead is the cheapest (about 150,000 đồng for a chat
#:   that leaves a phone number), TikTok close behind; a Google search lead, with a real
#:   need behind it, costs more; "website" is content and hosting; "sale tự tìm" is the
#:   salesperson's flyers, calls and travel (not the salary).
#: - fashion (a shop with an online store): a lead is a sign-up, cheap on social media; the
#:   marketplace's price is its ads and vouchers per sign-up.
#: - bolts (an industrial distributor): B2B leads cost hundreds of thousands of đồng; a trade-fair
#:   stand (booth, samples, travel) spread over the contacts it brings costs most per lead.
#: Referrals and walk-ins cost no marketing money: 0.
COST_PER_LEAD: dict[str, dict[str, int]] = {
    "spa": {
        "facebook": 150_000,
        "tiktok": 165_000,
        "google_ads": 250_000,
        "zalo": 225_000,
        "website": 180_000,
        "sale_self": 200_000,
        "referral": 0,
        "walk_in": 0,
    },
    "fashion": {
        "facebook": 25_000,
        "tiktok": 18_000,
        "marketplace": 20_000,
        "zalo": 15_000,
        "referral": 0,
        "walk_in": 0,
    },
    "bolts": {
        "website": 150_000,
        "google_ads": 350_000,
        "zalo": 120_000,
        "sale_self": 300_000,
        "trade_fair": 900_000,
        "referral": 0,
    },
}

#: The column that dates a lead (when the person first appeared), tried in this order:
#: spa ``created_at``, bolts ``first_inquiry``, fashion ``signup_date``.
DATE_COLUMNS = ("created_at", "first_inquiry", "signup_date")

#: The random stream of the spend noise, apart from the streams that draw the worlds.
_STREAM = 122025
#: Spend is written in whole thousands of đồng.
_ROUND = 1_000


# -- the door -----------------------------------------------------------------------------------------
def _customers(case, func: str, needed: tuple[str, ...]) -> pd.DataFrame:
    table = getattr(case, "customers", None)
    if not isinstance(table, pd.DataFrame):
        raise PhanloaiError(
            f"{func}(): cần một tình huống có bảng khách hàng (case.customers), "
            f"ví dụ phanloai.load('spa'); nhận được {type(case).__name__}.",
            f"{func}(): needs a case with a customer table (case.customers), "
            f"e.g. phanloai.load('spa'); got {type(case).__name__}.",
        )
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise PhanloaiError(
            f"{func}(): bảng khách hàng thiếu cột {', '.join(missing)}.",
            f"{func}(): the customer table lacks the column(s) {', '.join(missing)}.",
        )
    return table


def _date_column(table: pd.DataFrame, date_column: str | None, func: str) -> str:
    if date_column is not None:
        if date_column not in table.columns:
            raise PhanloaiError(
                f"{func}(): bảng khách hàng không có cột ngày {date_column!r}.",
                f"{func}(): the customer table has no date column {date_column!r}.",
            )
        return date_column
    for name in DATE_COLUMNS:
        if name in table.columns:
            return name
    raise PhanloaiError(
        f"{func}(): cần cột ngày khách xuất hiện lần đầu ({', '.join(DATE_COLUMNS)}), "
        "hoặc chỉ rõ: date_column='...'.",
        f"{func}(): needs the date a lead first appeared ({', '.join(DATE_COLUMNS)}), "
        "or name it: date_column='...'.",
    )


def _channels(values) -> pd.Series:
    """Source words or codes ("Facebook Ads", "Giới thiệu", "referral") → the source scheme's
    level codes, as the scheme's categorical (so tables and charts show its words). A value that
    already is a level code (``sale_self``) stays as it is."""
    raw = pd.Series(np.asarray(values, dtype=object))
    labels = classify(pd.DataFrame({"source": raw}), "source")
    codes = {level.code for level in get_scheme("source").levels}
    is_code = raw.isin(codes).to_numpy()
    if not is_code.any():
        return labels
    kept = np.where(is_code, raw.to_numpy(), labels.to_numpy(dtype=object))
    return pd.Series(pd.Categorical(kept, dtype=labels.dtype))


def _prices(case, cost_per_lead: Mapping | None, channels, func: str) -> dict[str, float]:
    name = getattr(case, "name", None)
    if cost_per_lead is None:
        if name not in COST_PER_LEAD:
            raise PhanloaiError(
                f"{func}(): chưa có chi phí mỗi lead cho tình huống {name!r}: "
                "truyền cost_per_lead={'facebook': 50_000, 'referral': 0, ...} (đồng).",
                f"{func}(): no cost per lead is declared for the case {name!r}: "
                "pass cost_per_lead={'facebook': 50_000, 'referral': 0, ...} (VND).",
            )
        cost_per_lead = COST_PER_LEAD[name]
    prices = {}
    for code, value in dict(cost_per_lead).items():
        try:
            price = float(value)
        except (TypeError, ValueError):
            price = float("nan")
        if not (np.isfinite(price) and price >= 0):
            raise PhanloaiError(
                f"{func}(): chi phí mỗi lead của kênh {code!r} phải là số đồng ≥ 0; "
                f"nhận được {value!r}.",
                f"{func}(): the cost per lead of channel {code!r} must be a number of VND ≥ 0; "
                f"got {value!r}.",
            )
        prices[str(code)] = price
    # leads whose source is blank: no spend can be put on them (their ratios stay unknown)
    prices.setdefault("unknown", 0.0)
    unpriced = [c for c in channels if c not in prices]
    if unpriced:
        raise PhanloaiError(
            f"{func}(): chưa có chi phí mỗi lead cho kênh {', '.join(unpriced)} — "
            "thêm vào cost_per_lead (0 nếu kênh không tốn tiền).",
            f"{func}(): no cost per lead for the channel(s) {', '.join(unpriced)} — "
            "add them to cost_per_lead (0 if the channel costs nothing).",
        )
    return prices


def _ratio(num, den) -> np.ndarray:
    """num ÷ den, and NaN (never inf) where den is 0 or missing."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.full(num.shape, np.nan)
    ok = np.isfinite(den) & (den > 0)
    out[ok] = num[ok] / den[ok]
    return out


# -- the spend table ----------------------------------------------------------------------------------
def marketing_spend(
    case,
    cost_per_lead: Mapping[str, float] | None = None,
    *,
    noise: float = 0.12,
    date_column: str | None = None,
) -> pd.DataFrame:
    """Chi phí marketing theo kênh và tháng — the marketing spend of each channel, month by month.

    Spend = leads the channel brought that month × its cost per lead × a noise factor
    (mean 1, standard deviation ``noise``, kept within ``1 ± 2·noise``), in whole thousands of
    đồng. The noise comes from ``np.random.default_rng([case.seed, 122025])``: the same case
    (name, size, seed) gives the same table, and the world's own tables are not touched.

    Parameters
    ----------
    case : a case (``phanloai.load("spa")``), or any object with ``.customers`` (a table with
        ``source`` and a lead date), ``.name`` and ``.seed``.
    cost_per_lead : ``{channel code: đồng}``; by default the case's :data:`COST_PER_LEAD`.
        Every channel of the data needs a price (0 for one that costs nothing).
    noise : month-to-month variation, 0 (none) to below 0.5.
    date_column : the column dating each lead; by default the first of :data:`DATE_COLUMNS`.
        A lead without a date cannot be placed in a month and adds no spend.

    Returns
    -------
    pandas.DataFrame with ``channel`` (source level code), ``month`` (first day of the month) and
    ``spend`` (int, đồng): one row per channel and month, from the first month with a lead to the
    last, months without leads at 0.

    Examples
    --------
    >>> import phanloai
    >>> spend = marketing_spend(phanloai.load("bolts", n=300, seed=2))
    >>> list(spend.columns)
    ['channel', 'month', 'spend']
    >>> int(spend.loc[spend["channel"] == "referral", "spend"].sum())
    0
    """
    func = "marketing_spend"
    table = _customers(case, func, ("source",))
    column = _date_column(table, date_column, func)
    try:
        noise = float(noise)
    except (TypeError, ValueError):
        noise = float("nan")
    if not 0 <= noise < 0.5:
        raise PhanloaiError(
            f"{func}(): noise là một số trong [0, 0.5), ví dụ 0.12; nhận được {noise!r}.",
            f"{func}(): noise is a number in [0, 0.5), e.g. 0.12; got {noise!r}.",
        )
    dates = pd.to_datetime(table[column], errors="coerce")
    if dates.dt.tz is not None:
        dates = dates.dt.tz_localize(None)
    labels = _channels(table["source"])
    present = [c for c in labels.cat.categories if (labels == c).any()]
    prices = _prices(case, cost_per_lead, present, func)

    month = dates.dt.to_period("M").dt.to_timestamp().to_numpy()
    if pd.isna(month).all():
        raise PhanloaiError(
            f"{func}(): cột {column} không có ngày nào đọc được.",
            f"{func}(): the column {column} holds no readable date.",
        )
    months = pd.date_range(np.nanmin(month), np.nanmax(month), freq="MS")
    leads = (
        pd.crosstab(labels.to_numpy(), month)
        .reindex(index=present, columns=months, fill_value=0)
        .to_numpy(dtype=float)
    )
    seed = getattr(case, "seed", None)
    rng = np.random.default_rng([0 if seed is None else int(seed), _STREAM])
    factor = np.clip(rng.normal(1.0, noise, size=leads.shape), 1 - 2 * noise, 1 + 2 * noise)
    price = np.array([prices[c] for c in present])
    spend = np.rint(leads * price[:, None] * factor / _ROUND).astype(np.int64) * _ROUND

    out = pd.DataFrame(
        {
            "channel": pd.Categorical(np.repeat(present, len(months)), dtype=labels.dtype),
            "month": np.tile(months.to_numpy(), len(present)),
            "spend": spend.ravel(),
        }
    )
    out.attrs = {"report": "marketing_spend", "case": getattr(case, "name", None)}
    return out


# -- the report ---------------------------------------------------------------------------------------
def channel_economics(
    case, spend: pd.DataFrame | None = None, *, margin: float | None = None
) -> pd.DataFrame:
    """Hiệu quả từng kênh — one row per channel: what it cost, what it brought.

    Parameters
    ----------
    case : a case, or any object with ``.customers`` (``source``, ``n_orders``, ``total_spend``)
        and ``.name``.
    spend : a table with ``channel`` and ``spend`` (đồng), e.g. one of your own; by default
        :func:`marketing_spend` of the case. Channels may be codes or words ("Facebook Ads").
    margin : gross margin (share of revenue); by default the case's :data:`phanloai.clv.MARGINS`.

    Returns
    -------
    pandas.DataFrame with the columns

    - ``channel`` — source level code (shown as words by :func:`phanloai.show`);
    - ``spend`` — marketing spend, đồng; ``leads`` — people the channel brought;
    - ``customers`` — leads who bought (``n_orders > 0``); ``revenue`` — their ``total_spend``;
    - ``cost_per_lead`` = spend ÷ leads; ``cac`` = spend ÷ customers; ``roas`` = revenue ÷ spend;
    - ``gross_profit`` = revenue × margin; ``profit_after_ads`` = gross_profit − spend.

    A ratio over zero is missing (NaN), never infinite: a channel that costs nothing has no ROAS.

    Examples
    --------
    >>> import phanloai
    >>> fashion = phanloai.load("fashion", n=2000, seed=3)
    >>> report = channel_economics(fashion)
    >>> int(report["revenue"].sum()) == int(fashion.customers["total_spend"].sum())
    True
    >>> bool(report.loc[report["channel"] == "walk_in", "roas"].isna().all())
    True
    """
    func = "channel_economics"
    table = _customers(case, func, ("source", "n_orders", "total_spend"))
    m = margin_of(case, margin, "channel_economics")
    if spend is None:
        spend = marketing_spend(case)
    if not isinstance(spend, pd.DataFrame) or not {"channel", "spend"} <= set(spend.columns):
        raise PhanloaiError(
            f"{func}(): bảng chi phí cần hai cột channel (kênh) và spend (số tiền, đồng).",
            f"{func}(): the spend table needs the columns channel and spend (VND).",
        )
    amounts = pd.to_numeric(spend["spend"], errors="coerce")
    bad = spend.index[amounts.isna() | (amounts < 0)]
    if len(bad):
        rows = ", ".join(str(i) for i in bad[:5])
        raise PhanloaiError(
            f"{func}(): cột spend phải là số tiền ≥ 0; dòng lỗi: {rows}.",
            f"{func}(): the spend column must hold amounts ≥ 0; wrong rows: {rows}.",
        )

    labels = _channels(table["source"])
    n_orders = pd.to_numeric(table["n_orders"], errors="coerce").to_numpy()
    revenue = pd.to_numeric(table["total_spend"], errors="coerce").to_numpy(dtype=float)
    per_lead = pd.DataFrame(
        {
            "channel": labels.to_numpy(),
            "leads": 1,
            "customers": (np.nan_to_num(n_orders, nan=0) > 0).astype(np.int64),
            "revenue": revenue,
        }
    ).groupby("channel")[["leads", "customers", "revenue"]]
    counts = per_lead.sum(min_count=0)
    paid = pd.Series(amounts.to_numpy(dtype=float)).groupby(_channels(spend["channel"]).to_numpy())
    paid = paid.sum()

    order = [c for c in labels.cat.categories if c in counts.index or c in paid.index]
    counts = counts.reindex(order)
    spent = paid.reindex(order, fill_value=0.0).to_numpy(dtype=float)
    leads = counts["leads"].fillna(0).to_numpy(dtype=np.int64)
    buyers = counts["customers"].fillna(0).to_numpy(dtype=np.int64)
    income = counts["revenue"].fillna(0).to_numpy(dtype=float)
    gross = income * m
    whole_spend = bool(np.all(spent == np.round(spent)))
    whole_revenue = bool(np.all(income == np.round(income)))
    out = pd.DataFrame(
        {
            "channel": pd.Categorical(order, dtype=labels.dtype),
            "spend": spent.astype(np.int64) if whole_spend else spent,
            "leads": leads,
            "customers": buyers,
            "revenue": income.astype(np.int64) if whole_revenue else income,
            "cost_per_lead": _ratio(spent, leads),
            "cac": _ratio(spent, buyers),
            "roas": _ratio(income, spent),
            "gross_profit": gross,
            "profit_after_ads": gross - spent,
        }
    )
    out = out[(out["leads"] > 0) | (out["spend"] > 0)].reset_index(drop=True)  # channels in use
    blank = (out["channel"] == "unknown").to_numpy()  # source not written: cost not known
    out.loc[blank, ["cost_per_lead", "cac", "roas"]] = np.nan
    out.attrs = {"report": "channel_economics", "case": getattr(case, "name", None), "margin": m}
    return out


# -- the chart ----------------------------------------------------------------------------------------
def _channel_words(values) -> list[str]:
    scheme = get_scheme("source")
    words = {level.code: level.label for level in scheme.levels_for()}  # "Không xác định" too
    return [words.get(str(v), str(v)) for v in values]


def _panel_title(key: str) -> str:
    """ "Chi phí mỗi lead (Cost per lead), đồng"; a short name already holding its English term
    ("Chi phí mỗi khách mua (CAC)") does not repeat it."""
    from .vocab import term

    t = term(key, "measures")
    if t.short_en in t.short_vi:
        return tr(f"{t.short_vi}, đồng", f"{t.short_en}, VND")
    return t.axis


def plot_channel_economics(report: pd.DataFrame):
    """Chi phí mỗi lead và CAC của từng kênh, hai cột cạnh nhau — cost per lead beside the cost of
    a paying customer (CAC), per channel: paid channels from the cheapest lead down, then the
    channels that cost nothing. Labels in the current language.

    >>> import phanloai
    >>> fig = plot_channel_economics(channel_economics(phanloai.load("spa", n=300)))
    >>> len(fig.axes)
    2
    """
    from matplotlib.ticker import MaxNLocator

    from .charts import kit

    needed = ("channel", "cost_per_lead", "cac")
    if not isinstance(report, pd.DataFrame) or any(c not in report.columns for c in needed):
        raise PhanloaiError(
            "plot_channel_economics(): cần bảng của channel_economics() "
            "(cột channel, cost_per_lead, cac).",
            "plot_channel_economics(): needs the table from channel_economics() "
            "(columns channel, cost_per_lead, cac).",
        )
    cpl = pd.to_numeric(report["cost_per_lead"], errors="coerce")
    free = (cpl == 0).to_numpy()
    rows = report.assign(_free=free).sort_values(
        ["_free", "cost_per_lead", "cac"], na_position="last", kind="stable"
    )
    names = _channel_words(rows["channel"])
    with kit.theme():
        fig, axes = kit.figure(kit.WIDTH + 1, kit.bar_height(len(rows), 2.2), ncols=2, sharey=True)
        for ax, key, color in ((axes[0], "cost_per_lead", kit.BLUE), (axes[1], "cac", kit.ORANGE)):
            values = pd.to_numeric(rows[key], errors="coerce").to_numpy(dtype=float)
            unit = kit.money_unit(values)
            texts = [
                tr("0 (không tốn tiền)", "0 (no spend)")
                if v == 0
                else kit.vnd_short(v, unit=unit, digits=3)
                for v in values
            ]
            kit.hbars(ax, names, np.nan_to_num(values, nan=0.0), color, texts)
            ax.set_title(kit.two_lines(_panel_title(key), 30), loc="left", fontsize=11)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
            ax.xaxis.set_major_formatter(kit.vnd_formatter())
        axes[1].tick_params(axis="y", labelleft=False)
        kit.title(
            axes[0],
            tr(
                "Lead rẻ chưa chắc khách mua rẻ: chi phí mỗi lead và mỗi khách mua, theo kênh",
                "A cheap lead is not always a cheap customer: cost per lead and per buyer, "
                "by channel",
            ),
        )
        kit.fit_texts(fig)
    return fig
