"""Tình huống 2 — Đại Phát: the bolt distributor's 10,000 firms that asked for a quote (article 002),
end to end: the casebook's Bài 1–7 and the final task (a strategy per cell of industry × region ×
contract), with the tables the notebook shows, its exercises and the figures the instructor notes
quote (``@fact("bolts", …)``).

Every number is worked out from the case passed in (any seed, any size); the tables carry codes
and stable keys, and :func:`phanloai.show` writes them in words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property

import numpy as np
import pandas as pd

from .. import practice
from .._i18n import tr
from ..schemes.registry import SCHEMES, classify
from ..vn import format_money, format_number, format_percent, format_vnd
from .facts import fact, per_case

TITLE = ("Tình huống bu lông Đại Phát", "The Dai Phat bolts case")
NOTEBOOK = "11_bu_long.ipynb"
CASES = ("bolts",)

#: Quote standards that count as international (TCVN is a standard, but Vietnam's own).
INTERNATIONAL = ("ASTM", "JIS", "ISO", "DIN")
#: The ``standard`` of a custom-made bolt, and the ticket kind of a late delivery (data values).
CUSTOM = "Đặt riêng"
LATE = "Giao hàng trễ"
INDUSTRIES = ("construction", "oil_gas", "machinery", "power")
REGIONS = ("north", "central", "south", "abroad")
#: Three years of data (2023–2025): a yearly figure is a three-year figure ÷ 3.
YEARS = 3

__all__ = [
    "CUSTOM",
    "INTERNATIONAL",
    "LATE",
    "Figures",
    "cell_codes",
    "cell_labels",
    "drop_empty",
    "evidence",
    "late_share",
    "plan",
    "segment_table",
    "sign_rates",
    "size_compare",
    "south_inputs",
    "standards_by_industry",
    "support_by_need",
    "ticket_kinds",
    "unsigned_cells",
]


def _report(df: pd.DataFrame, name: str, **attrs) -> pd.DataFrame:
    df.attrs = {"report": name, **attrs}
    return df


def _grid(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    """A table whose every cell is one kind of value (``count`` or ``share``): shown like a
    :func:`phanloai.cross` table."""
    return _report(df, "cross", values="count", normalize="index" if kind == "share" else False)


def drop_empty(df: pd.DataFrame, rows=True, cols=True) -> pd.DataFrame:
    """A table without its empty rows and columns (all 0 or blank) — e.g. the levels "Nhóm khác"
    and "Không xác định" of a :func:`phanloai.cross` that nobody is in; the table stays what it
    was (shown and drawn the same way)."""
    return _nonempty(df, rows, cols)


def _nonempty(df: pd.DataFrame, rows=True, cols=True) -> pd.DataFrame:
    attrs = dict(df.attrs)
    out = df
    numbers = out.select_dtypes("number")
    if rows:
        out = out.loc[numbers.abs().sum(axis=1) > 0]
    if cols:
        numbers = out.select_dtypes("number")
        empty = [c for c in numbers.columns if not numbers[c].abs().sum() > 0]
        out = out.drop(columns=empty)
    out.attrs = attrs
    return out


def _column(customers: pd.DataFrame, labels) -> pd.Series:
    return customers[labels] if isinstance(labels, str) else labels


# ================================================================================================
# The tables the notebook shows
# ================================================================================================
def segment_table(customers: pd.DataFrame, labels, km: bool = False) -> pd.DataFrame:
    """One row per segment (empty ones left out): firms, share of firms, signed firms, signing
    rate, revenue (``total_spend``), share of revenue, revenue per signed firm — and with ``km``
    the median distance to the Hanoi warehouse. ``labels``: a classification or a column name."""
    lab = _column(customers, labels)
    g = customers.groupby(lab, observed=False, sort=True)
    out = pd.DataFrame(
        {
            "customers": g.size(),
            "signed": g["contract_signed"].sum().astype("int64"),
            "revenue": g["total_spend"].sum(),
        }
    )
    out = out.loc[out["customers"] > 0].copy()
    out.insert(1, "customer_share", out["customers"] / len(customers))
    out.insert(3, "signed_share", out["signed"] / out["customers"])
    out["revenue_share"] = out["revenue"] / out["revenue"].sum()
    out["revenue_per_signed"] = out["revenue"] / out["signed"].where(out["signed"] > 0)
    if km:
        out["median_km"] = g["distance_km"].median().reindex(out.index)
    return _report(out, "segment_table")


def size_compare(customers: pd.DataFrame, sizes) -> pd.DataFrame:
    """Signed firms of each size: how many, orders per firm, the mean of their average order value,
    the median total spend (Bài 2, question 2)."""
    signed = customers["contract_signed"].astype(bool)
    part = customers[signed]
    g = part.groupby(_column(customers, sizes)[signed], observed=True)
    out = pd.DataFrame(
        {
            "signed": g.size(),
            "orders_per_firm": g["n_orders"].mean(),
            "avg_order_value": g["avg_order_value"].mean(),
            "median_spend": g["total_spend"].median(),
        }
    )
    return _report(out, "size_compare")


def _quotes_with(case, labels) -> pd.DataFrame:
    c = case.customers
    seg = pd.DataFrame({"customer_id": c["customer_id"].to_numpy(), "_seg": _column(c, labels)})
    return case.quotes.merge(seg, on="customer_id", how="inner")


def standards_by_industry(case, industries) -> pd.DataFrame:
    """Bài 3: per industry (rows), the share of its quotes in each standard, and the share in an
    international standard (ASTM, JIS, ISO, DIN) — counted on the ``quotes`` table."""
    q = _quotes_with(case, industries)
    shares = pd.crosstab(q["_seg"], q["standard"], normalize="index")
    shares = shares.reindex(columns=[s for s in q["standard"].cat.categories if s in shares])
    shares["international_share"] = (
        q["standard"].isin(INTERNATIONAL).groupby(q["_seg"], observed=True).mean()
    )
    shares.index.name = "group"
    shares.columns.name = None
    shares.columns = pd.Index([str(col) for col in shares.columns], dtype=object)
    shares = shares.rename(
        columns={
            CUSTOM: tr(CUSTOM, f"Custom-made ({CUSTOM})"),
            "international_share": tr(
                "Quốc tế (ASTM+JIS+ISO+DIN)", "International (ASTM+JIS+ISO+DIN)"
            ),
        }
    )
    return _grid(shares, "share")


def support_by_need(customers: pd.DataFrame, needs) -> pd.DataFrame:
    """Bài 4: firms that bought, per product need — how many, tickets and support hours per firm."""
    bought = customers["n_orders"] > 0
    g = customers[bought].groupby(_column(customers, needs)[bought], observed=True)
    out = pd.DataFrame(
        {
            "customers": g.size(),
            "tickets_per_firm": g["n_tickets"].mean(),
            "hours_per_firm": g["support_hours"].mean(),
        }
    )
    return _report(out, "support_by_need")


def _tickets_with(case, labels) -> pd.DataFrame:
    c = case.customers
    seg = pd.DataFrame({"customer_id": c["customer_id"].to_numpy(), "_seg": _column(c, labels)})
    return case.tickets.merge(seg, on="customer_id", how="inner")


def ticket_kinds(case, labels=None) -> pd.DataFrame:
    """Bài 4 / Bài 6: the share of each kind of after-sales ticket — over all tickets (a one-row
    table), or within each segment's tickets (rows = segments)."""
    if labels is None:
        t = case.tickets
        shares = t["kind"].value_counts(normalize=True).to_frame().T
        shares.index = pd.Index([tr("Mọi yêu cầu", "All tickets")])
    else:
        t = _tickets_with(case, labels)
        shares = pd.crosstab(t["_seg"], t["kind"], normalize="index")
        shares.index.name = _column(case.customers, labels).name
    shares = shares.reindex(columns=[k for k in case.tickets["kind"].cat.categories if k in shares])
    shares.columns = pd.Index([str(k) for k in shares.columns], dtype=object)
    return _grid(shares, "share")


def late_share(case, labels) -> pd.DataFrame:
    """Bài 6, question 4: per segment, its tickets, its late-delivery tickets and their share."""
    t = _tickets_with(case, labels)
    late = (t["kind"] == LATE).groupby(t["_seg"], observed=True)
    out = pd.DataFrame({"tickets": late.size(), "late": late.sum().astype("int64")})
    out["late_share"] = out["late"] / out["tickets"]
    out.index.name = _column(case.customers, labels).name
    return _report(out, "late_share")


def unsigned_cells(customers: pd.DataFrame, rows, cols, values: str = "count") -> pd.DataFrame:
    """Bài 7: rows × cols over the firms **not signed** — how many (``"count"``) or the value
    they were quoted, in billions of đồng (``"quote_value"``: the money still on the table)."""
    from ..reports import cross

    open_ = ~customers["contract_signed"].astype(bool)
    r, c = _column(customers, rows)[open_], _column(customers, cols)[open_]
    if values == "count":
        return _nonempty(cross(customers[open_], r, c))
    sums = customers.loc[open_, "quote_value"].groupby([r, c], observed=False).sum()
    table = (sums.unstack() / 1e9).round(0).astype("int64")
    return _nonempty(_grid(table, "count"))


def sign_rates(customers: pd.DataFrame, rows, cols) -> pd.DataFrame:
    """Bài 7, question 3: the signing rate of each cell rows × cols."""
    signed = customers["contract_signed"].astype(bool)
    table = signed.groupby(
        [_column(customers, rows), _column(customers, cols)], observed=True
    ).mean()
    return _grid(table.unstack(), "share")


_INPUT_WORDS = {
    "south_firms": ("Số doanh nghiệp miền Nam", "Southern firms"),
    "south_rate": ("Tỷ lệ ký của miền Nam", "Signing rate in the south"),
    "central_rate": ("Tỷ lệ ký của miền Trung", "Signing rate in the centre"),
    "south_revenue_per_signed": (
        "Doanh thu 3 năm của một DN miền Nam đã ký (trung bình)",
        "Three-year revenue of a signed southern firm (mean)",
    ),
    "south_tickets": (
        "Số yêu cầu hậu mãi của khách miền Nam (3 năm)",
        "Tickets from southern firms (3 years)",
    ),
    "south_late": ("Tỷ lệ 'Giao hàng trễ' — miền Nam", "Late-delivery share — south"),
    "north_late": ("Tỷ lệ 'Giao hàng trễ' — miền Bắc", "Late-delivery share — north"),
    "south_hours_per_ticket": (
        "Số giờ trung bình một yêu cầu (miền Nam)",
        "Hours per ticket (south)",
    ),
}


def south_inputs(case) -> pd.DataFrame:
    """Bài 7, questions 5–6: the figures the what-if estimates of a southern warehouse start from
    (the estimates themselves are the student's exercise)."""
    f = Figures(case)
    shown = {
        "south_firms": format_number(f.region_firms("south"), 0),
        "south_rate": format_percent(f.region_rate("south"), 1),
        "central_rate": format_percent(f.region_rate("central"), 1),
        "south_revenue_per_signed": format_money(f.south_revenue_per_signed),
        "south_tickets": format_number(f.region_tickets("south"), 0),
        "south_late": format_percent(f.late_rate("south"), 1),
        "north_late": format_percent(f.late_rate("north"), 1),
        "south_hours_per_ticket": format_number(f.south_hours_per_ticket, 2),
    }
    out = pd.DataFrame({"figure": list(shown.values())}, index=pd.Index(list(shown), name="item"))
    return _report(out, "south_inputs", words=_INPUT_WORDS)


_EVIDENCE_WORDS = {
    "rate_north": ("Tỷ lệ ký — miền Bắc", "Signing rate — north"),
    "rate_south": ("Tỷ lệ ký — miền Nam", "Signing rate — south"),
    "late_north": ("Tỷ lệ 'Giao hàng trễ' — miền Bắc", "Late-delivery share — north"),
    "late_south": ("Tỷ lệ 'Giao hàng trễ' — miền Nam", "Late-delivery share — south"),
    "rate_fair": ("Tỷ lệ ký — khách từ hội chợ", "Signing rate — trade-fair firms"),
    "rate_website": ("Tỷ lệ ký — khách từ website", "Signing rate — website firms"),
    "extra_contracts": (
        "Hợp đồng thêm nếu miền Nam ký như miền Trung",
        "Extra contracts if the south signed like the centre",
    ),
    "extra_revenue": ("Doanh thu thêm mỗi năm (ước tính)", "Extra revenue a year (estimate)"),
}


def evidence(case) -> pd.DataFrame:
    """The final task: the figures behind the two recommendations (southern warehouse, trade
    fairs), worked out from the data."""
    f = Figures(case)
    shown = {
        "rate_north": format_percent(f.region_rate("north"), 1),
        "rate_south": format_percent(f.region_rate("south"), 1),
        "late_north": format_percent(f.late_rate("north"), 1),
        "late_south": format_percent(f.late_rate("south"), 1),
        "rate_fair": format_percent(f.source_rate("trade_fair"), 1),
        "rate_website": format_percent(f.source_rate("website"), 1),
        "extra_contracts": format_number(f.extra_contracts, 0),
        "extra_revenue": tr(
            format_vnd(f.extra_revenue_per_year, style="press"),
            f"{format_number(f.extra_revenue_per_year / 1e9, 1)} billion VND",
        ),
    }
    out = pd.DataFrame({"figure": list(shown.values())}, index=pd.Index(list(shown), name="item"))
    return _report(out, "evidence", words=_EVIDENCE_WORDS)


# ================================================================================================
# Cells of the final task: industry × region × contract (× size, × product need)
# ================================================================================================
#: The schemes a cell may combine, in the order a cell is written.
CELL_SCHEMES = ("group", "geographic", "contract_status", "company_size", "product_need")
_ALL_WORDS = ("*", "all", "tất cả", "cả nước", "mọi", "toàn bộ")


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).strip().lower())


def _cell_lookup() -> dict[str, tuple[str, str]]:
    """Every way to name a level of a cell scheme (code, Vietnamese, English) → (scheme, code)."""
    out: dict[str, tuple[str, str]] = {}
    for scheme in CELL_SCHEMES:
        for lv in SCHEMES[scheme].levels_for():
            if lv.code == "unknown":
                continue
            for key in (lv.code, lv.vi, lv.en):
                out.setdefault(_fold(key), (scheme, lv.code))
    for key, code in (("chưa ký hợp đồng", "not_signed"), ("đã ký", "signed"), ("sme", "sme")):
        out.setdefault(key, ({"sme": "company_size"}.get(code, "contract_status"), code))
    return out


def parse_cell(cell) -> dict[str, str] | None:
    """A cell written as a tuple of codes or names (``("construction", "south", "not_signed")``)
    or as one string (``"Xây dựng · Miền Nam · Chưa ký"``) → {scheme: code}; None when a part is
    not a level of a cell scheme (or two parts are levels of one scheme)."""
    lookup = _cell_lookup()
    if isinstance(cell, str):
        # whole names first, in one pass (they may hold "/" and ","; a code must not be found
        # again inside the code that replaced a name)
        names = sorted(lookup, key=len, reverse=True)
        pattern = r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)"
        text = re.sub(pattern, lambda m: f"|{lookup[m.group(1)][1]}|", _fold(cell))
        parts = [p.strip() for p in re.split(r"[|·/,×+;]", text)]
    elif isinstance(cell, tuple | list):
        parts = [_fold(p) for p in cell]
    else:
        return None
    chosen: dict[str, str] = {}
    for part in parts:
        if not part or part in _ALL_WORDS:
            continue
        found = lookup.get(part)
        if found is None or found[0] in chosen:
            return None
        chosen[found[0]] = found[1]
    return chosen or None


def cell_name(cell: Mapping[str, str]) -> str:
    """A parsed cell in words (current language): ``Xây dựng · Miền Nam · Chưa ký``."""
    names = []
    for scheme in CELL_SCHEMES:
        if scheme in cell:
            lv = next(lv for lv in SCHEMES[scheme].levels_for() if lv.code == cell[scheme])
            names.append(lv.label)
    return " · ".join(names)


def cell_codes() -> pd.DataFrame:
    """The level codes a cell of the final task is written with, scheme by scheme."""
    rows = []
    for scheme in CELL_SCHEMES:
        s = SCHEMES[scheme]
        for lv in s.levels_for():
            if lv.code not in ("unknown", "other"):
                rows.append({"code": lv.code, "level_name": lv.label, "scheme": s.title})
    out = pd.DataFrame(rows).set_index("code")
    return _report(out, "cell_codes")


def cell_labels(customers: pd.DataFrame) -> dict[str, pd.Series]:
    """The classifications a cell is made of, with their default parameters."""
    return {s: classify(customers, s) for s in CELL_SCHEMES}


def cell_mask(customers: pd.DataFrame, cell: Mapping[str, str], labels=None) -> pd.Series:
    labels = labels or cell_labels(customers)
    mask = pd.Series(True, index=customers.index)
    for scheme, code in cell.items():
        mask &= labels[scheme] == code
    return mask


def plan(case, strategies) -> pd.DataFrame:
    """Bảng kế hoạch — the final task's plan: one row per cell the student chose, with what the
    data say about it (firms, signing rate, large firms, quoted value not yet won, revenue,
    late-delivery share of its tickets) and the strategy written for it.

    ``strategies``: a dict cell → strategy (a cell as in :func:`parse_cell`), or a list of cells.
    """
    items = strategies.items() if isinstance(strategies, Mapping) else [(c, "") for c in strategies]
    c = case.customers
    labels = cell_labels(c)
    size = labels["company_size"]
    signed = c["contract_signed"].astype(bool)
    tickets = case.tickets
    rows, names = [], []
    for cell, text in items:
        parsed = parse_cell(cell)
        if parsed is None:
            names.append(str(cell))
            rows.append(
                {"customers": 0, "strategy": tr("(không đọc được ô này)", "(cell not understood)")}
            )
            continue
        mask = cell_mask(c, parsed, labels)
        ids = c.loc[mask, "customer_id"]
        kinds = tickets.loc[tickets["customer_id"].isin(ids), "kind"]
        names.append(cell_name(parsed))
        rows.append(
            {
                "customers": int(mask.sum()),
                "signed_share": float(signed[mask].mean()) if mask.any() else np.nan,
                "large_firms": int((mask & (size == "large")).sum()),
                "open_quotes": int(c.loc[mask & ~signed, "quote_value"].sum()),
                "revenue": int(c.loc[mask, "total_spend"].sum()),
                "late_share": float((kinds == LATE).mean()) if len(kinds) else np.nan,
                "strategy": str(text),
            }
        )
    out = pd.DataFrame(rows, index=pd.Index(names, dtype=object, name="cell"))
    if not isinstance(strategies, Mapping):
        out = out.drop(columns="strategy")
    return _report(out, "plan")


# ================================================================================================
# The figures of the case, worked out once per case
# ================================================================================================
class Figures:
    """Every figure the notebook's exercises and the instructor notes need, from one case."""

    def __init__(self, case):
        self.case = case
        self.c = case.customers

    # -- classifications (default parameters) ------------------------------------------------------
    @cached_property
    def industry(self) -> pd.Series:
        return classify(self.c, "group")

    @cached_property
    def region(self) -> pd.Series:
        return classify(self.c, "geographic")

    @cached_property
    def size(self) -> pd.Series:
        return classify(self.c, "company_size")

    @cached_property
    def need(self) -> pd.Series:
        return classify(self.c, "product_need")

    @cached_property
    def support(self) -> pd.Series:
        return classify(self.c, "support_need")

    @cached_property
    def source(self) -> pd.Series:
        return classify(self.c, "source")

    @cached_property
    def signed(self) -> pd.Series:
        return self.c["contract_signed"].astype(bool)

    @cached_property
    def bought(self) -> pd.Series:
        return self.c["n_orders"] > 0

    @property
    def spend(self) -> pd.Series:
        return self.c["total_spend"]

    # -- general --------------------------------------------------------------------------------------
    @cached_property
    def revenue_total(self) -> float:
        return float(self.spend.sum())

    def share_of_revenue(self, mask) -> float:
        return float(self.spend[mask].sum()) / self.revenue_total

    @cached_property
    def custom_price_ratio(self) -> float:
        """How much dearer a custom-made bolt is than the same product to a standard (quotes)."""
        q = self.case.quotes
        custom = q["standard"] == CUSTOM
        mean = q.groupby([q["product"], custom], observed=True)["unit_price"].mean().unstack()
        return float((mean[True] / mean[False]).mean())

    # -- Bài 1: industries ------------------------------------------------------------------------
    def industry_firms(self, code: str) -> int:
        return int((self.industry == code).sum())

    def industry_rate(self, code: str) -> float:
        return float(self.signed[self.industry == code].mean())

    def industry_revenue(self, code: str) -> float:
        return float(self.spend[self.industry == code].sum())

    def industry_revenue_per_signed(self, code: str) -> float:
        m = self.industry == code
        return float(self.spend[m].sum()) / int(self.signed[m].sum())

    @cached_property
    def top_revenue_industry(self) -> str:
        return max(INDUSTRIES, key=self.industry_revenue)

    @cached_property
    def largest_industry(self) -> str:
        return max(INDUSTRIES, key=self.industry_firms)

    # -- Bài 2: size ---------------------------------------------------------------------------------
    @cached_property
    def large(self) -> pd.Series:
        return self.size == "large"

    def size_signed(self, code: str) -> pd.DataFrame:
        return self.c[self.signed & (self.size == code)]

    @cached_property
    def foreign_firms(self) -> int:
        return int(self.c["legal_form"].isna().sum())

    @cached_property
    def large_forms(self) -> list[str]:
        return sorted(str(f) for f in self.c.loc[self.large, "legal_form"].dropna().unique())

    def large_revenue_share(self, **params) -> float:
        return self.share_of_revenue(classify(self.c, "company_size", **params) == "large")

    # -- Bài 3: product need -----------------------------------------------------------------------
    @cached_property
    def quotes(self) -> pd.DataFrame:
        q = self.case.quotes
        seg = pd.DataFrame({"customer_id": self.c["customer_id"].to_numpy(), "_ind": self.industry})
        return q.merge(seg, on="customer_id", how="inner")

    def quote_share(self, industry: str, standards) -> float:
        q = self.quotes
        part = q[q["_ind"] == industry]
        return float(part["standard"].isin(standards).mean())

    def custom_firm_share(self, industry: str | None = None) -> float:
        m = self.industry == industry if industry else pd.Series(True, index=self.c.index)
        return float((self.need[m] == "custom").mean())

    @cached_property
    def top_custom_industry(self) -> str:
        return max(INDUSTRIES, key=self.custom_firm_share)

    # -- Bài 4: support ----------------------------------------------------------------------------
    def need_support(self, need: str, column: str) -> float:
        m = self.bought & (self.need == need)
        return float(self.c.loc[m, column].mean())

    @cached_property
    def ticket_ratio(self) -> float:
        return self.need_support("custom", "n_tickets") / self.need_support("standard", "n_tickets")

    @cached_property
    def hours_ratio(self) -> float:
        return self.need_support("custom", "support_hours") / self.need_support(
            "standard", "support_hours"
        )

    def high_support(self, need: str) -> tuple[int, int]:
        """(buyers of this need with a high support need, buyers of this need)."""
        m = self.bought & (self.need == need)
        return int((m & (self.support == "high")).sum()), int(m.sum())

    @cached_property
    def ticket_kind_shares(self) -> pd.Series:
        return self.case.tickets["kind"].value_counts(normalize=True)

    # -- Bài 5: contracts, sources, staff -----------------------------------------------------------
    @cached_property
    def signed_without_order(self) -> int:
        return int((self.signed & ~self.bought).sum())

    def source_share(self, code: str) -> float:
        return float((self.source == code).mean())

    def source_rate(self, code: str) -> float:
        return float(self.signed[self.source == code].mean())

    def source_revenue_per_firm(self, code: str) -> float:
        return float(self.spend[self.source == code].mean())

    @cached_property
    def fair_vs_website(self) -> float:
        return self.source_rate("trade_fair") / self.source_rate("website")

    def source_revenue(self, code: str) -> float:
        return float(self.spend[self.source == code].sum())

    @cached_property
    def top_revenue_source(self) -> str:
        return str(self.spend.groupby(self.source, observed=True).sum().idxmax())

    def staff_firms(self, staff_id: str) -> int:
        return int((self.c["staff_id"] == staff_id).sum())

    def staff_rate(self, staff_id: str) -> float:
        return float(self.signed[self.c["staff_id"] == staff_id].mean())

    def staff_region(self, staff_ids) -> str:
        """The region most of these salespeople's firms are in."""
        m = self.c["staff_id"].isin(list(staff_ids))
        return str(self.region[m].value_counts().idxmax())

    # -- Bài 6: regions -----------------------------------------------------------------------------
    def region_firms(self, code: str) -> int:
        return int((self.region == code).sum())

    def region_rate(self, code: str) -> float:
        return float(self.signed[self.region == code].mean())

    def region_km(self, code: str) -> float:
        return float(self.c.loc[self.region == code, "distance_km"].median())

    @cached_property
    def unsigned_provinces(self) -> pd.Series:
        return self.c.loc[~self.signed, "province"].value_counts()

    @cached_property
    def countries(self) -> pd.DataFrame:
        abroad = self.c[self.region == "abroad"]
        return abroad.groupby("country", observed=True).agg(
            firms=("customer_id", "size"), rate=("contract_signed", "mean")
        )

    @cached_property
    def tickets(self) -> pd.DataFrame:
        seg = pd.DataFrame({"customer_id": self.c["customer_id"].to_numpy(), "_reg": self.region})
        return self.case.tickets.merge(seg, on="customer_id", how="inner")

    def region_tickets(self, code: str) -> int:
        return int((self.tickets["_reg"] == code).sum())

    def late_rate(self, code: str) -> float:
        t = self.tickets
        return float((t.loc[t["_reg"] == code, "kind"] == LATE).mean())

    def region_kinds(self, code: str) -> pd.Series:
        t = self.tickets
        return t.loc[t["_reg"] == code, "kind"].value_counts(normalize=True)

    @cached_property
    def late_ratio(self) -> float:
        return self.late_rate("south") / self.late_rate("north")

    # -- Bài 7: cells --------------------------------------------------------------------------------
    @cached_property
    def unsigned(self) -> pd.Series:
        """Unsigned firms per (industry, region), largest first."""
        open_ = ~self.signed
        cells = (
            self.c[open_].groupby([self.industry[open_], self.region[open_]], observed=True).size()
        )
        return cells.sort_values(ascending=False, kind="stable")

    def unsigned_cell(self, industry: str, region: str) -> int:
        return int(self.unsigned.get((industry, region), 0))

    @cached_property
    def top_cell(self) -> tuple[str, str]:
        return tuple(self.unsigned.index[0])

    @cached_property
    def top_mask(self) -> pd.Series:
        ind, reg = self.top_cell
        return ~self.signed & (self.industry == ind) & (self.region == reg)

    @cached_property
    def open_quotes_total(self) -> float:
        return float(self.c.loc[~self.signed, "quote_value"].sum())

    @cached_property
    def top_cell_quotes(self) -> float:
        return float(self.c.loc[self.top_mask, "quote_value"].sum())

    def cell_rate(self, industry: str, region: str) -> float:
        m = (self.industry == industry) & (self.region == region)
        return float(self.signed[m].mean())

    def rates_in_region(self, region: str) -> list[float]:
        return [self.cell_rate(i, region) for i in INDUSTRIES]

    @cached_property
    def top_cell_large(self) -> int:
        return int((self.top_mask & self.large).sum())

    @cached_property
    def south_revenue_per_signed(self) -> float:
        m = (self.region == "south") & self.signed
        return float(self.spend[m].mean())

    @cached_property
    def extra_contracts(self) -> float:
        south = self.region == "south"
        return (self.region_rate("central") - self.region_rate("south")) * int(south.sum())

    @cached_property
    def extra_revenue_per_year(self) -> float:
        return self.extra_contracts * self.south_revenue_per_signed / YEARS

    @cached_property
    def south_hours_per_ticket(self) -> float:
        t = self.tickets
        return float(t.loc[t["_reg"] == "south", "hours"].mean())

    @cached_property
    def fewer_tickets_per_year(self) -> float:
        drop = self.late_rate("south") - self.late_rate("north")
        return drop * self.region_tickets("south") / YEARS

    @cached_property
    def fewer_hours_per_year(self) -> float:
        return self.fewer_tickets_per_year * self.south_hours_per_ticket


def _figures(case) -> Figures:
    """One :class:`Figures` per case object (the facts of the notes ask it many times)."""
    return per_case(case, "case_bolts", Figures)


# ================================================================================================
# Exercises
# ================================================================================================
def _level(scheme: str, code: str):
    return next(lv for lv in SCHEMES[scheme].levels_for() if lv.code == code)


def _options(scheme: str, codes) -> list[tuple[str, str, str]]:
    return [(code, _level(scheme, code).vi, _level(scheme, code).en) for code in codes]


def support_target_params(customers: pd.DataFrame, low: float = 0.18, high: float = 0.22) -> dict:
    """Parameters of ``support_need`` (on its sliders' grid) that put between ``low`` and ``high``
    of the firms that bought in the high-need group — found in the data, for any seed."""
    bought = customers["n_orders"] > 0
    n = customers.loc[bought, "n_orders"].to_numpy(dtype=float)
    tix = customers.loc[bought, "n_tickets"].to_numpy(dtype=float)
    hrs = customers.loc[bought, "support_hours"].to_numpy(dtype=float)
    p_t = SCHEMES["support_need"].params["tickets_per_order"]
    p_h = SCHEMES["support_need"].params["hours_per_order"]
    grid_t = np.round(np.arange(p_t.lo, p_t.hi + p_t.step / 2, p_t.step), 2)
    grid_h = np.round(np.arange(p_h.lo, p_h.hi + p_h.step / 2, p_h.step), 2)
    best, gap = None, np.inf
    for h in grid_h:
        by_hours = hrs >= h * n
        for t in grid_t:
            share = float((by_hours | (tix >= t * n)).mean()) if len(n) else 0.0
            if low <= share <= high:
                return {"tickets_per_order": float(t), "hours_per_order": float(h)}
            d = abs(share - (low + high) / 2)
            if d < gap:
                best, gap = {"tickets_per_order": float(t), "hours_per_order": float(h)}, d
    return best or {"tickets_per_order": p_t.default, "hours_per_order": p_h.default}


def staff_max_for(customers: pd.DataFrame, low: float = 0.24, high: float = 0.28) -> int:
    """A ``staff_max`` (on the slider's grid, revenue threshold at its default) that makes the
    "large" group between ``low`` and ``high`` of the firms."""
    p = SCHEMES["company_size"].params["staff_max"]
    rev = SCHEMES["company_size"].params["revenue_max_bn"].default
    staff = customers["staff_count"].to_numpy(dtype=float)
    big_rev = customers["revenue_bn"].to_numpy(dtype=float) > rev
    best, gap = p.default, np.inf
    for g in range(int(p.lo), int(p.hi) + 1, int(p.step)):
        share = float(((staff > g) | big_rev).mean())
        if low <= share <= high:
            return g
        if abs(share - (low + high) / 2) < gap:
            best, gap = g, abs(share - (low + high) / 2)
    return int(best)


def _cell_exercise(number: str, case) -> practice.Exercise:
    """The final task: a strategy for four to six cells, the largest unsigned cell among them."""
    f = Figures(case)
    min_words = 8

    def top() -> dict:
        ind, reg = f.top_cell
        return {"group": ind, "geographic": reg, "contract_status": "not_signed"}

    def judge(given) -> practice.Feedback:
        if not isinstance(given, Mapping) or not given:
            return practice.Feedback(
                "malformed",
                tr(
                    "Hãy trả lời bằng một dict: ô → chiến lược, ví dụ "
                    "{('construction', 'south', 'not_signed'): 'Báo giá theo dự án, ...'}.",
                    "Answer with a dict: cell → strategy, e.g. "
                    "{('construction', 'south', 'not_signed'): 'Quote per project, ...'}.",
                ),
            )
        labels = cell_labels(f.c)
        problems_vi, problems_en = [], []
        parsed = {}
        for cell, text in given.items():
            p = parse_cell(cell)
            if p is None:
                problems_vi.append(
                    f"không đọc được ô {cell!r} (dùng mã hoặc tên cấp, ví dụ ('oil_gas', 'large'))"
                )
                problems_en.append(
                    f"cannot read the cell {cell!r} (use level codes or names, e.g. ('oil_gas', 'large'))"
                )
                continue
            parsed[cell] = (p, str(text).strip())
        if not 4 <= len(given) <= 6:
            problems_vi.append(f"cần từ 4 đến 6 ô, bạn viết {len(given)}")
            problems_en.append(f"write 4 to 6 cells, you wrote {len(given)}")
        empty = [cell_name(p) for p, _ in parsed.values() if not cell_mask(f.c, p, labels).any()]
        if empty:
            problems_vi.append("ô không có doanh nghiệp nào: " + ", ".join(empty))
            problems_en.append("cells with no firm: " + ", ".join(empty))
        short = [cell_name(p) for p, t in parsed.values() if len(t.split()) < min_words]
        if short:
            problems_vi.append(f"chiến lược quá ngắn (dưới {min_words} từ): " + ", ".join(short))
            problems_en.append(f"strategy too short (under {min_words} words): " + ", ".join(short))
        texts = [_fold(t) for _, t in parsed.values() if t]
        if len(texts) != len(set(texts)):
            problems_vi.append("hai ô có cùng một chiến lược — mỗi ô cần cách làm riêng")
            problems_en.append("two cells share one strategy — each needs its own")
        want = top()
        if not any(all(p.get(k) == v for k, v in want.items()) for p, _ in parsed.values()):
            n = format_number(f.unsigned_cell(*f.top_cell), 0)
            problems_vi.append(
                f"thiếu ô chưa ký lớn nhất ({cell_name(want)}: {n} doanh nghiệp) — câu hỏi lớn nhất của anh Đại"
            )
            problems_en.append(
                f"the largest unsigned cell is missing ({cell_name(want)}: {n} firms) — Mr Dai's biggest question"
            )
        if problems_vi:
            return practice.Feedback(
                "wrong",
                tr(
                    "Chưa đủ: " + "; ".join(problems_vi) + ".",
                    "Not yet: " + "; ".join(problems_en) + ".",
                ),
            )
        return practice.Feedback(
            "right",
            tr(
                f"Đủ {len(parsed)} ô, mỗi ô một chiến lược riêng, có ô chưa ký lớn nhất. Xem số liệu từng ô "
                "bằng plan(...) và so với gợi ý (solution()).",
                f"All {len(parsed)} cells have their own strategy, the largest unsigned cell included. See each "
                "cell's figures with plan(...) and compare with the suggestions (solution()).",
            ),
        )

    def example() -> dict:
        ind, reg = f.top_cell
        return {
            (ind, reg, "not_signed"): tr(
                "Thí điểm kho nhỏ phía Nam, giá theo dự án, cam kết ngày giao tại công trình, thêm người kinh doanh tại chỗ.",
                "Pilot a small southern warehouse, project prices, a committed delivery date on site, a local salesperson.",
            ),
            ("large", "signed"): tr(
                "Hợp đồng khung nhiều năm, key account manager riêng, ưu tiên giao hàng và rà soát gia hạn mỗi quý.",
                "Multi-year framework contracts, a dedicated key account manager, delivery priority and a quarterly renewal review.",
            ),
            ("machinery", "custom"): tr(
                "Kỹ sư đi cùng từ lúc báo giá, gói hậu mãi có phí, thời gian gia công dài hơn nhưng cam kết rõ ràng.",
                "An engineer from the first quote, a paid after-sales plan, longer but clearly committed lead times.",
            ),
            ("oil_gas",): tr(
                "Trữ sẵn hàng ASTM, gửi chứng chỉ vật liệu CO CQ, hỗ trợ kiểm định và hồ sơ thầu cho nhà máy.",
                "Stock ASTM goods, send CO / CQ material certificates, support inspection and tender files for plants.",
            ),
            ("north", "sme"): tr(
                "Bảng giá công khai, đặt hàng qua Zalo hoặc website, giao nhanh lô nhỏ từ kho Hà Nội, thanh toán ngay.",
                "Published prices, orders by Zalo or the website, fast small deliveries from the Hanoi warehouse, pay on delivery.",
            ),
        }

    def solution() -> str:
        lines = [f"- {cell_name(parse_cell(k))}: {v}" for k, v in example().items()]
        head = tr(
            "Một kế hoạch mẫu (bàn thêm với nhóm; xem số liệu bằng plan(bolts, ...)):\n",
            "A sample plan (discuss it; see the figures with plan(bolts, ...)):\n",
        )
        return head + "\n".join(lines)

    def samples() -> dict:
        right = example()
        wrong = {k: v for k, v in right.items() if k[0] != f.top_cell[0] or len(k) < 3}
        wrong[("power",)] = (
            "Theo sát các dự án điện gió, điện mặt trời và nhà thầu EPC để báo giá sớm."
        )
        return {"right": right, "wrong": wrong, "malformed": "chăm sóc tốt"}

    return practice.Exercise(
        number,
        (
            "Nhiệm vụ cuối: chọn 4–6 ô (ngành × miền × hợp đồng, có thể thêm quy mô hoặc nhu cầu sản phẩm) và viết "
            "cho mỗi ô một chiến lược (giá, kho và giao hàng, sản phẩm, hậu mãi, người phụ trách, chỉ số). Trả lời "
            "bằng dict ô → chiến lược; ô viết bằng mã cấp, ví dụ ('construction', 'south', 'not_signed').",
            "Final task: choose 4–6 cells (industry × region × contract, optionally size or product need) and write "
            "a strategy for each (price, warehouse and delivery, products, after-sales, owner, KPIs). Answer with a "
            "dict cell → strategy; write a cell with level codes, e.g. ('construction', 'south', 'not_signed').",
        ),
        judge,
        (
            "Bắt đầu từ ô lớn nhất của bảng chưa ký ở bài 7; thêm doanh nghiệp lớn đã ký, khách đặt riêng, ngành dầu "
            "khí và SME miền Bắc. Mỗi chiến lược ít nhất một câu đủ ý.",
            "Start from the largest cell of the unsigned table in exercise 7; add signed large firms, custom buyers, "
            "oil & gas and northern SMEs. Each strategy at least one full sentence.",
        ),
        solution,
        samples,
        ("group", "geographic", "contract_status"),
    )


def _share_exercise(*args, **kwargs) -> practice.Exercise:
    """A share to compute (``practice.number`` with kind "share"), with a wrong sample that stays
    a share: ``number``'s own (1.5 × right + 0.1) passes 1 for a right answer above 0.6 and reads
    as a percentage."""
    ex = practice.number(*args, kind="share", **kwargs)
    right = args[2]

    def samples() -> dict:
        x = float(right())
        return {"right": x, "wrong": x - 0.2 if x > 0.5 else x + 0.2, "malformed": "không biết"}

    ex.samples = samples
    return ex


def exercises(case) -> list[practice.Exercise]:
    f = Figures(case)
    c = case.customers

    def pct(x: float) -> str:
        return format_percent(x, 1)

    # -- Bài 1 ---------------------------------------------------------------------------------
    def why_revenue():
        top, big = f.top_revenue_industry, f.largest_industry
        lv, lb = _level("group", top), _level("group", big)
        share = pct(f.share_of_revenue(f.industry == top))
        if top == big:
            return (
                f"{lv.vi}: {share} doanh thu — lần này ngành đông nhất cũng là ngành nhiều tiền nhất.",
                f"{lv.en}: {share} of revenue — this time the largest industry also brings the most money.",
            )
        return (
            f"{lv.vi}: {share} doanh thu, dù ngành đông nhất là {lb.vi}.",
            f"{lv.en}: {share} of revenue, though the largest industry is {lb.en}.",
        )

    # -- Bài 2 ---------------------------------------------------------------------------------
    def size_target(labels):
        large = labels == "large"
        share, rev = float(large.mean()), f.share_of_revenue(large)
        return (
            0.24 <= share <= 0.28,
            f"nhóm lớn chiếm {pct(share)} số doanh nghiệp và {pct(rev)} doanh thu",
            f"the large group is {pct(share)} of the firms and {pct(rev)} of revenue",
        )

    # -- Bài 4 ---------------------------------------------------------------------------------
    def support_target(labels):
        bought = c["n_orders"] > 0
        share = float((labels[bought] == "high").mean())
        n = int((labels == "high").sum())
        return (
            0.18 <= share <= 0.22,
            f"{format_number(n, 0)} doanh nghiệp hậu mãi cao, {pct(share)} số doanh nghiệp đã mua",
            f"{format_number(n, 0)} high-need firms, {pct(share)} of the firms that bought",
        )

    # -- Bài 5 ---------------------------------------------------------------------------------
    def why_staff():
        reg = f.staff_region(("KD04", "KD05"))
        lv = _level("geographic", reg)
        return (
            f"{lv.vi}: tỷ lệ ký của cả miền chỉ {pct(f.region_rate(reg))}, so với {pct(f.region_rate('north'))} ở miền Bắc — "
            "so người với người trong cùng một miền trước khi kết luận.",
            f"{lv.en}: the whole region signs only {pct(f.region_rate(reg))}, against {pct(f.region_rate('north'))} in the north — "
            "compare people within the same region before judging.",
        )

    # -- Bài 6 ---------------------------------------------------------------------------------
    def province_options():
        top = list(f.unsigned_provinces.index[:4])
        return [(str(p), str(p), str(p)) for p in sorted(top, key=str)]

    def why_province():
        p = f.unsigned_provinces
        return (
            f"{p.index[0]}: {format_number(int(p.iloc[0]), 0)} doanh nghiệp chưa ký.",
            f"{p.index[0]}: {format_number(int(p.iloc[0]), 0)} unsigned firms.",
        )

    return [
        practice.choice(
            "1",
            (
                "Bài 1. Ngành nào mang về nhiều doanh thu nhất cho Đại Phát?",
                "Exercise 1. Which industry brings Dai Phat the most revenue?",
            ),
            lambda: _options("group", sorted(INDUSTRIES, key=f.industry_firms, reverse=True)),
            lambda: f.top_revenue_industry,
            hint=(
                "Nhìn cột 'Doanh thu' của bảng theo ngành, không phải cột 'Số khách'.",
                "Look at the 'Revenue' column of the industry table, not at 'Customers'.",
            ),
            why=why_revenue,
            schemes=("group",),
        ),
        practice.number(
            "2",
            (
                "Bài 1. Doanh thu bình quân của một doanh nghiệp đã ký trong ngành cơ khí chế tạo là bao nhiêu đồng?",
                "Exercise 1. What is the average revenue of one signed firm in machinery & fabrication, in VND?",
            ),
            lambda: f.industry_revenue_per_signed("machinery"),
            kind="money",
            hint=(
                "Tổng total_spend của ngành chia cho số doanh nghiệp đã ký (contract_signed) của ngành — không chia cho mọi doanh nghiệp.",
                "The industry's total total_spend divided by its signed firms (contract_signed) — not by all its firms.",
            ),
            how=(
                "m = nganh == 'machinery'\ndn.loc[m, 'total_spend'].sum() / dn.loc[m, 'contract_signed'].sum()",
                "m = industry == 'machinery'\ndn.loc[m, 'total_spend'].sum() / dn.loc[m, 'contract_signed'].sum()",
            ),
            schemes=("group",),
        ),
        _share_exercise(
            "3",
            (
                "Bài 2. Doanh nghiệp lớn (ngưỡng mặc định) mang về bao nhiêu phần trăm doanh thu?",
                "Exercise 2. What share of revenue do large firms (default thresholds) bring in?",
            ),
            lambda: f.share_of_revenue(f.large),
            hint=(
                "Cộng total_spend của những dòng quy_mo == 'large' rồi chia cho tổng total_spend.",
                "Add up total_spend where size == 'large' and divide by the total total_spend.",
            ),
            how=(
                "quy_mo = phanloai.classify(dn, 'company_size')\n"
                "dn.loc[quy_mo == 'large', 'total_spend'].sum() / dn['total_spend'].sum()",
                "size = phanloai.classify(dn, 'company_size')\n"
                "dn.loc[size == 'large', 'total_spend'].sum() / dn['total_spend'].sum()",
            ),
            schemes=("company_size",),
        ),
        practice.thresholds(
            "4",
            (
                "Bài 2. Một đối tác muốn gọi 'lớn' khoảng một phần tư số doanh nghiệp. Chọn staff_max (giữ ngưỡng "
                "doanh thu mặc định) sao cho nhóm lớn chiếm 24–28 % số doanh nghiệp; tỷ trọng doanh thu của nhóm đổi "
                "bao nhiêu? Trả lời bằng dict, ví dụ {'staff_max': 150}.",
                "Exercise 2. A partner wants 'large' to be about a quarter of the firms. Choose staff_max (keep the "
                "revenue threshold) so that the large group is 24–28 % of the firms; how much does its revenue share "
                "change? Answer with a dict, e.g. {'staff_max': 150}.",
            ),
            "company_size",
            lambda: c,
            size_target,
            right=lambda: {"staff_max": staff_max_for(c)},
            wrong={"staff_max": 200},
            hint=(
                "Kéo thanh trượt staff_max trong bộ khám phá xuống dần và nhìn tỷ lệ khách của nhóm Doanh nghiệp lớn.",
                "Move the staff_max slider down in the explorer and watch the share of the large group.",
            ),
        ),
        practice.strategy(
            "5",
            (
                "Bài 2. Hai chính sách giá: viết cho mỗi nhóm quy mô một câu (hợp đồng, giá, giao hàng, người phụ trách). "
                "Trả lời bằng dict mã cấp → câu.",
                "Exercise 2. Two price policies: one line per size group (contract, price, delivery, owner). "
                "Answer with a dict level code → line.",
            ),
            "company_size",
            hint=(
                "Bài 002: doanh nghiệp lớn cần hợp đồng dài hạn, giá hợp lý, hỗ trợ mạnh; SME cần linh hoạt trong đặt và giao hàng.",
                "Article 002: large firms need long contracts, fair prices and strong support; SMEs need flexible ordering and delivery.",
            ),
        ),
        _share_exercise(
            "6",
            (
                "Bài 3. Trong các báo giá gửi ngành dầu khí & hóa chất, bao nhiêu phần trăm theo tiêu chuẩn quốc tế "
                "(ASTM, JIS, ISO, DIN — không tính TCVN và hàng đặt riêng)?",
                "Exercise 3. Of the quotes sent to oil, gas & chemicals, what share is to an international standard "
                "(ASTM, JIS, ISO, DIN — not TCVN, not custom-made)?",
            ),
            lambda: f.quote_share("oil_gas", INTERNATIONAL),
            hint=(
                "Tính trên bảng quotes (mỗi dòng một báo giá), không trên bảng doanh nghiệp: ghép ngành vào báo giá rồi "
                "lấy trung bình của standard.isin(['ASTM', 'JIS', 'ISO', 'DIN']).",
                "Count on the quotes table (one row per quote), not on the firms: join the industry to each quote, then "
                "take the mean of standard.isin(['ASTM', 'JIS', 'ISO', 'DIN']).",
            ),
            how=(
                "bg = bolts.quotes.merge(dn[['customer_id']].assign(nganh=nganh), on='customer_id')\n"
                "bg.loc[bg['nganh'] == 'oil_gas', 'standard'].isin(['ASTM', 'JIS', 'ISO', 'DIN']).mean()",
                "q = bolts.quotes.merge(dn[['customer_id']].assign(industry=industry), on='customer_id')\n"
                "q.loc[q['industry'] == 'oil_gas', 'standard'].isin(['ASTM', 'JIS', 'ISO', 'DIN']).mean()",
            ),
            schemes=("group", "product_need"),
        ),
        practice.choice(
            "7",
            (
                "Bài 3. Ngành nào có tỷ lệ khách đặt riêng (nhu cầu sản phẩm 'Đặc biệt / theo yêu cầu') cao nhất?",
                "Exercise 3. Which industry has the largest share of custom buyers (product need 'Special / custom-made')?",
            ),
            lambda: _options("group", INDUSTRIES),
            lambda: f.top_custom_industry,
            hint=(
                "Bảng chéo ngành × nhu cầu sản phẩm, chuẩn hóa theo hàng (normalize='index'): so cột đặt riêng.",
                "Cross industry × product need, normalised by row (normalize='index'): compare the custom column.",
            ),
            why=lambda: (
                f"{_level('group', f.top_custom_industry).vi}: {pct(f.custom_firm_share(f.top_custom_industry))} "
                f"doanh nghiệp là khách đặt riêng (cả công ty: {pct(f.custom_firm_share())}).",
                f"{_level('group', f.top_custom_industry).en}: {pct(f.custom_firm_share(f.top_custom_industry))} "
                f"of its firms are custom buyers (whole company: {pct(f.custom_firm_share())}).",
            ),
            schemes=("group", "product_need"),
        ),
        practice.number(
            "8",
            (
                "Bài 4. Chỉ xét doanh nghiệp đã mua: một khách đặt riêng có trung bình số yêu cầu hỗ trợ gấp bao nhiêu "
                "lần một khách hàng tiêu chuẩn? (ghi một số, ví dụ 2,5)",
                "Exercise 4. Firms that bought only: how many times as many support tickets does a custom buyer "
                "have, on average, as a standard buyer? (a number, e.g. 2.5)",
            ),
            lambda: f.ticket_ratio,
            kind="number",
            tolerance=0.01,
            hint=(
                "Lọc n_orders > 0, nhóm theo nhu cầu sản phẩm, lấy trung bình n_tickets, rồi chia đặt riêng cho tiêu chuẩn.",
                "Keep n_orders > 0, group by product need, take the mean of n_tickets, then divide custom by standard.",
            ),
            how=(
                "da_mua = dn['n_orders'] > 0\nhm = dn[da_mua].groupby(nhu_cau[da_mua], observed=True)['n_tickets'].mean()\n"
                "hm['custom'] / hm['standard']",
                "bought = dn['n_orders'] > 0\nper = dn[bought].groupby(need[bought], observed=True)['n_tickets'].mean()\n"
                "per['custom'] / per['standard']",
            ),
            schemes=("product_need", "support_need"),
        ),
        practice.thresholds(
            "9",
            (
                "Bài 4. Tổ kỹ thuật hai người chỉ kèm riêng được khoảng một phần năm số khách đã mua. Chỉnh hai ngưỡng "
                "của nhu cầu hậu mãi để nhóm 'Hậu mãi cao' chiếm 18–22 % số doanh nghiệp đã mua. Trả lời bằng dict, ví dụ "
                "{'tickets_per_order': 0.5, 'hours_per_order': 2}.",
                "Exercise 4. The two-person technical team can look after about a fifth of the firms that bought. "
                "Set the two thresholds of support need so that 'High after-sales need' is 18–22 % of the firms that "
                "bought. Answer with a dict, e.g. {'tickets_per_order': 0.5, 'hours_per_order': 2}.",
            ),
            "support_need",
            lambda: c,
            support_target,
            right=lambda: support_target_params(c),
            wrong={"tickets_per_order": 0.5, "hours_per_order": 2.0},
            hint=(
                "Ngưỡng càng cao, nhóm hậu mãi cao càng nhỏ; một khách vào nhóm khi vượt một trong hai ngưỡng, nên phải nâng cả hai.",
                "The higher the thresholds, the smaller the high group; a firm is in when it passes either threshold, so raise both.",
            ),
        ),
        practice.number(
            "10",
            (
                "Bài 5. Có bao nhiêu doanh nghiệp đã ký hợp đồng mà chưa đặt đơn nào?",
                "Exercise 5. How many firms signed a contract but have not placed an order?",
            ),
            lambda: f.signed_without_order,
            kind="count",
            hint=(
                "Bảng chéo tình trạng hợp đồng × hành vi mua: đọc ô 'Đã ký hợp đồng' × 'Khách hàng tiềm năng'.",
                "Cross contract status × purchase behaviour: read the cell 'Contract signed' × 'Lead'.",
            ),
            how=(
                "pd.crosstab(hop_dong, hanh_vi_mua)  # hoặc: (dn['contract_signed'] & (dn['n_orders'] == 0)).sum()",
                "pd.crosstab(contract, behaviour)  # or: (dn['contract_signed'] & (dn['n_orders'] == 0)).sum()",
            ),
            schemes=("contract_status", "purchase_behavior"),
        ),
        practice.number(
            "11",
            (
                "Bài 5. Tỷ lệ ký của khách đến từ hội chợ gấp bao nhiêu lần khách đến từ website? (ghi một số, ví dụ 1,8)",
                "Exercise 5. The trade fair's signing rate is how many times the website's? (a number, e.g. 1.8)",
            ),
            lambda: f.fair_vs_website,
            kind="number",
            tolerance=0.01,
            hint=(
                "Tỷ lệ ký của một nguồn = trung bình contract_signed của các doanh nghiệp đến từ nguồn đó; mã cấp: 'trade_fair', 'website'.",
                "A source's signing rate = the mean of contract_signed over its firms; level codes: 'trade_fair', 'website'.",
            ),
            how=(
                "nguon = phanloai.classify(dn, 'source')\nty_le = dn['contract_signed'].groupby(nguon, observed=True).mean()\n"
                "ty_le['trade_fair'] / ty_le['website']",
                "source = phanloai.classify(dn, 'source')\nrate = dn['contract_signed'].groupby(source, observed=True).mean()\n"
                "rate['trade_fair'] / rate['website']",
            ),
            schemes=("source",),
        ),
        practice.choice(
            "12",
            (
                "Bài 5. KD04 và KD05 có tỷ lệ ký thấp nhất công ty. Họ phụ trách khách ở đâu?",
                "Exercise 5. KD04 and KD05 have the company's lowest signing rates. Where are their firms?",
            ),
            lambda: _options("geographic", REGIONS),
            lambda: f.staff_region(("KD04", "KD05")),
            hint=(
                "Bảng chéo staff_id × miền (pd.crosstab(dn['staff_id'], mien)).",
                "Cross staff_id × region (pd.crosstab(dn['staff_id'], region)).",
            ),
            why=why_staff,
            schemes=("geographic",),
        ),
        practice.number(
            "13",
            (
                "Bài 6. Trong các yêu cầu hậu mãi, tỷ lệ 'Giao hàng trễ' của khách miền Nam gấp bao nhiêu lần của "
                "khách miền Bắc? (ghi một số)",
                "Exercise 6. Among after-sales tickets, how many times the northern firms' late-delivery share is "
                "the southern firms'? (a number)",
            ),
            lambda: f.late_ratio,
            kind="number",
            tolerance=0.01,
            hint=(
                "Ghép miền của khách vào bảng tickets, rồi trong mỗi miền tính tỷ lệ dòng có kind == 'Giao hàng trễ'; chia Nam cho Bắc.",
                "Join each firm's region to the tickets, then per region take the share of rows with kind == 'Giao hàng trễ'; divide south by north.",
            ),
            how=(
                "ht = bolts.tickets.merge(dn[['customer_id']].assign(mien=mien), on='customer_id')\n"
                "giao_tre = (ht['kind'] == 'Giao hàng trễ').groupby(ht['mien'], observed=True).mean()\n"
                "giao_tre['south'] / giao_tre['north']",
                "t = bolts.tickets.merge(dn[['customer_id']].assign(region=region), on='customer_id')\n"
                "late = (t['kind'] == 'Giao hàng trễ').groupby(t['region'], observed=True).mean()\n"
                "late['south'] / late['north']",
            ),
            schemes=("geographic",),
        ),
        practice.choice(
            "14",
            (
                "Bài 6. Tỉnh/thành nào có nhiều doanh nghiệp chưa ký nhất?",
                "Exercise 6. Which province has the most unsigned firms?",
            ),
            province_options,
            lambda: str(f.unsigned_provinces.index[0]),
            hint=(
                "dn.loc[~dn['contract_signed'], 'province'].value_counts().head(10)",
                "dn.loc[~dn['contract_signed'], 'province'].value_counts().head(10)",
            ),
            why=why_province,
            schemes=("geographic",),
        ),
        practice.number(
            "15",
            (
                "Bài 7. Ô ngành × miền có nhiều doanh nghiệp chưa ký nhất có bao nhiêu doanh nghiệp?",
                "Exercise 7. How many firms are in the industry × region cell with the most unsigned firms?",
            ),
            lambda: f.unsigned_cell(*f.top_cell),
            kind="count",
            hint=(
                "Lọc doanh nghiệp chưa ký rồi lập bảng chéo ngành × miền; tìm ô lớn nhất.",
                "Keep the unsigned firms, cross industry × region and find the largest cell.",
            ),
            how=(
                "chua_ky = ~dn['contract_signed']\npd.crosstab(nganh[chua_ky], mien[chua_ky]).max().max()",
                "open_ = ~dn['contract_signed']\npd.crosstab(industry[open_], region[open_]).max().max()",
            ),
            schemes=("group", "geographic", "contract_status"),
        ),
        practice.number(
            "16",
            (
                "Bài 7. Giả sử có kho phía Nam và tỷ lệ ký của miền Nam lên bằng miền Trung hiện nay: thêm bao nhiêu "
                "hợp đồng? (ghi một số)",
                "Exercise 7. Suppose a southern warehouse lifts the south's signing rate to the centre's: how many "
                "more contracts? (a number)",
            ),
            lambda: f.extra_contracts,
            kind="number",
            tolerance=0.01,
            hint=(
                "(tỷ lệ ký miền Trung − tỷ lệ ký miền Nam) × số doanh nghiệp miền Nam.",
                "(the centre's signing rate − the south's) × the number of southern firms.",
            ),
            how=(
                "nam = mien == 'south'\n(dn.loc[mien == 'central', 'contract_signed'].mean() - "
                "dn.loc[nam, 'contract_signed'].mean()) * nam.sum()",
                "south = region == 'south'\n(dn.loc[region == 'central', 'contract_signed'].mean() - "
                "dn.loc[south, 'contract_signed'].mean()) * south.sum()",
            ),
            schemes=("geographic", "contract_status"),
        ),
        practice.number(
            "17",
            (
                "Bài 7. Với số hợp đồng thêm ấy, doanh thu tăng thêm mỗi năm là bao nhiêu đồng? (doanh thu bình "
                "quân 3 năm của một doanh nghiệp miền Nam đã ký, chia 3)",
                "Exercise 7. With those extra contracts, how much more revenue a year, in VND? (the mean "
                "three-year revenue of a signed southern firm, divided by 3)",
            ),
            lambda: f.extra_revenue_per_year,
            kind="money",
            tolerance=0.01,
            hint=(
                "Số hợp đồng thêm × (total_spend trung bình của doanh nghiệp miền Nam đã ký ÷ 3).",
                "Extra contracts × (the mean total_spend of signed southern firms ÷ 3).",
            ),
            how=(
                "nam = dn[mien == 'south']\nthem_hop_dong * nam.loc[nam['contract_signed'], 'total_spend'].mean() / 3",
                "south = dn[region == 'south']\nextra * south.loc[south['contract_signed'], 'total_spend'].mean() / 3",
            ),
            schemes=("geographic",),
        ),
        practice.number(
            "18",
            (
                "Bài 7. Giả sử thêm rằng tỷ lệ 'Giao hàng trễ' của khách miền Nam về bằng miền Bắc: mỗi năm bớt được bao "
                "nhiêu yêu cầu hậu mãi? (ghi một số)",
                "Exercise 7. Suppose too that the southern late-delivery share falls to the north's: how many fewer "
                "tickets a year? (a number)",
            ),
            lambda: f.fewer_tickets_per_year,
            kind="number",
            tolerance=0.02,
            hint=(
                "(tỷ lệ giao trễ miền Nam − miền Bắc) × số yêu cầu hậu mãi của khách miền Nam ÷ 3 năm.",
                "(southern late share − northern) × the southern firms' tickets ÷ 3 years.",
            ),
            how=(
                "(giao_tre['south'] - giao_tre['north']) * (ht['mien'] == 'south').sum() / 3",
                "(late['south'] - late['north']) * (t['region'] == 'south').sum() / 3",
            ),
            schemes=("geographic",),
        ),
        _cell_exercise("19", case),
    ]


# ================================================================================================
# Facts quoted in the instructor notes (casebook/ghi_chu_giang_vien.md, section 2)
# ================================================================================================
def _f(name: str):
    """Register ``bolts.<name>`` as a fact computed from the case's :class:`Figures`."""

    def wrap(func):
        fact("bolts", name)(lambda case: func(_figures(case)))
        return func

    return wrap


# -- general ------------------------------------------------------------------------------------------
_f("revenue_total")(lambda f: f.revenue_total)
_f("revenue_per_year")(lambda f: f.revenue_total / YEARS)
_f("custom_price_ratio")(lambda f: f.custom_price_ratio)

# -- the planted stories, as figures --------------------------------------------------------------
_f("custom_ticket_ratio")(lambda f: f.ticket_ratio)
_f("custom_hours_ratio")(lambda f: f.hours_ratio)
_f("large_share_of_signed")(lambda f: float(f.large[f.signed].mean()))
_f("large_revenue_share")(lambda f: f.share_of_revenue(f.large))
_f("fair_vs_website")(lambda f: f.fair_vs_website)
_f("late_south_vs_north")(lambda f: f.late_ratio)
_f("oil_gas_international")(lambda f: f.quote_share("oil_gas", INTERNATIONAL))

# -- Bài 1 ---------------------------------------------------------------------------------------------
for _code in INDUSTRIES:
    _f(f"firms_{_code}")(lambda f, k=_code: f.industry_firms(k))
    _f(f"firm_share_{_code}")(lambda f, k=_code: f.industry_firms(k) / len(f.c))
    _f(f"rate_{_code}")(lambda f, k=_code: f.industry_rate(k))
    _f(f"revenue_{_code}")(lambda f, k=_code: f.industry_revenue(k))
    _f(f"revenue_share_{_code}")(lambda f, k=_code: f.industry_revenue(k) / f.revenue_total)
    _f(f"revenue_per_signed_{_code}")(lambda f, k=_code: f.industry_revenue_per_signed(k))
_f("industry_rate_min")(lambda f: min(f.industry_rate(k) for k in INDUSTRIES))
_f("industry_rate_max")(lambda f: max(f.industry_rate(k) for k in INDUSTRIES))


# -- Bài 2 ---------------------------------------------------------------------------------------------
_f("large_share")(lambda f: float(f.large.mean()))
_f("large_orders")(lambda f: float(f.size_signed("large")["n_orders"].mean()))
_f("sme_orders")(lambda f: float(f.size_signed("sme")["n_orders"].mean()))
_f("large_order_value")(lambda f: float(f.size_signed("large")["avg_order_value"].mean()))
_f("sme_order_value")(lambda f: float(f.size_signed("sme")["avg_order_value"].mean()))
_f("large_median_spend")(lambda f: float(f.size_signed("large")["total_spend"].median()))
_f("sme_median_spend")(lambda f: float(f.size_signed("sme")["total_spend"].median()))
_f("foreign_firms")(lambda f: f.foreign_firms)
_f("large_revenue_share_staff100")(lambda f: f.large_revenue_share(staff_max=100))

# -- Bài 3 ---------------------------------------------------------------------------------------------
_f("oil_gas_astm")(lambda f: f.quote_share("oil_gas", ("ASTM",)))
_f("oil_gas_tcvn")(lambda f: f.quote_share("oil_gas", ("TCVN",)))
_f("other_international_min")(
    lambda f: min(f.quote_share(k, INTERNATIONAL) for k in INDUSTRIES if k != "oil_gas")
)
_f("other_international_max")(
    lambda f: max(f.quote_share(k, INTERNATIONAL) for k in INDUSTRIES if k != "oil_gas")
)
_f("machinery_custom_quotes")(lambda f: f.quote_share("machinery", (CUSTOM,)))
_f("machinery_custom_firms")(lambda f: f.custom_firm_share("machinery"))
_f("custom_firms")(lambda f: f.custom_firm_share())

# -- Bài 4 ---------------------------------------------------------------------------------------------
_f("custom_tickets")(lambda f: f.need_support("custom", "n_tickets"))
_f("custom_hours")(lambda f: f.need_support("custom", "support_hours"))
_f("standard_tickets")(lambda f: f.need_support("standard", "n_tickets"))
_f("standard_hours")(lambda f: f.need_support("standard", "support_hours"))
_f("custom_high")(lambda f: f.high_support("custom")[0])
_f("custom_buyers")(lambda f: f.high_support("custom")[1])
_f("standard_high")(lambda f: f.high_support("standard")[0])
_f("standard_buyers")(lambda f: f.high_support("standard")[1])
_f("custom_high_share")(lambda f: f.high_support("custom")[0] / f.high_support("custom")[1])
_f("standard_high_share")(lambda f: f.high_support("standard")[0] / f.high_support("standard")[1])
_f("support_unknown")(lambda f: int((f.support == "unknown").sum()))
_f("late_share_all")(lambda f: float(f.ticket_kind_shares.get(LATE, 0.0)))
_f("other_kinds_min")(lambda f: float(f.ticket_kind_shares.drop(LATE).min()))
_f("other_kinds_max")(lambda f: float(f.ticket_kind_shares.drop(LATE).max()))

# -- Bài 5 ---------------------------------------------------------------------------------------------
_f("signed_share")(lambda f: float(f.signed.mean()))
_f("signed")(lambda f: int(f.signed.sum()))
_f("signed_without_order")(lambda f: f.signed_without_order)


def _reorder_after_first(case) -> tuple[float, float]:
    """Of the firms with a late delivery, the share that ordered again after their first one;
    and of the firms with tickets but no late delivery, the share that ordered again after their
    first ticket."""
    t = case.tickets
    firm = t["customer_id"].astype(str)
    is_late = t["kind"].astype(str) == LATE
    other = ~firm.isin(set(firm[is_late]))
    c = case.customers
    last = c["last_purchase"].set_axis(c["customer_id"].astype(str))

    def share(mine) -> float:
        first = t[mine].groupby(firm[mine])["opened_at"].min()
        return float((last.reindex(first.index) > first).mean())

    return share(is_late), share(other)


def _reorders(case) -> tuple[float, float]:
    return per_case(case, "bolts.reorders", _reorder_after_first)


fact("bolts", "reorder_after_late")(lambda case: _reorders(case)[0])
fact("bolts", "reorder_after_other")(lambda case: _reorders(case)[1])
fact("bolts", "reorder_late_vs_other")(lambda case: _reorders(case)[0] / _reorders(case)[1])
_f("signed_without_order_share")(lambda f: f.signed_without_order / max(int(f.signed.sum()), 1))
_f("bought_without_contract")(lambda f: int((f.bought & ~f.signed).sum()))
_f("website_share")(lambda f: f.source_share("website"))
_f("website_rate")(lambda f: f.source_rate("website"))
_f("fair_share")(lambda f: f.source_share("trade_fair"))
_f("fair_rate")(lambda f: f.source_rate("trade_fair"))
_f("fair_revenue_per_firm")(lambda f: f.source_revenue_per_firm("trade_fair"))
_f("website_revenue_per_firm")(lambda f: f.source_revenue_per_firm("website"))
_f("fair_vs_website_revenue")(
    lambda f: f.source_revenue("trade_fair") / f.source_revenue("website")
)
for _sid in ("KD01", "KD02", "KD04", "KD05"):
    _f(f"firms_{_sid.lower()}")(lambda f, s=_sid: f.staff_firms(s))
    _f(f"rate_{_sid.lower()}")(lambda f, s=_sid: f.staff_rate(s))
_f("south_staff_load")(
    lambda f: (
        (f.staff_firms("KD04") + f.staff_firms("KD05"))
        / (f.staff_firms("KD01") + f.staff_firms("KD02"))
    )
)
_f("south_staff_share_south")(
    lambda f: float((f.region[f.c["staff_id"].isin(["KD04", "KD05"])] == "south").mean())
)

# -- Bài 6 ---------------------------------------------------------------------------------------------
for _code in REGIONS:
    _f(f"firms_{_code}")(lambda f, k=_code: f.region_firms(k))
    _f(f"firm_share_{_code}")(lambda f, k=_code: f.region_firms(k) / len(f.c))
    _f(f"rate_{_code}")(lambda f, k=_code: f.region_rate(k))
    _f(f"late_{_code}")(lambda f, k=_code: f.late_rate(k))
    _f(f"tickets_{_code}")(lambda f, k=_code: f.region_tickets(k))
for _code in ("north", "central", "south"):
    _f(f"km_{_code}")(lambda f, k=_code: f.region_km(k))
#: provinces the notes compare (the honest note on how firms are spread over provinces)
PROVINCES = {
    "an_giang": "An Giang",
    "vinh_long": "Vĩnh Long",
    "dong_thap": "Đồng Tháp",
    "ca_mau": "Cà Mau",
    "hai_phong": "Hải Phòng",
    "bac_ninh": "Bắc Ninh",
}
for _key, _name in PROVINCES.items():
    _f(f"province_{_key}")(lambda f, p=_name: int((f.c["province"] == p).sum()))
_f("countries")(lambda f: len(f.countries))
_f("country_firms_min")(lambda f: int(f.countries["firms"].min()))
_f("country_firms_max")(lambda f: int(f.countries["firms"].max()))
_f("country_rate_min")(lambda f: float(f.countries["rate"].min()))
_f("country_rate_max")(lambda f: float(f.countries["rate"].max()))

# -- Bài 7 ---------------------------------------------------------------------------------------------
for _ind in INDUSTRIES:
    for _reg in REGIONS:
        _f(f"unsigned_{_ind}_{_reg}")(lambda f, i=_ind, r=_reg: f.unsigned_cell(i, r))
_f("top_cell")(lambda f: float(f.unsigned.iloc[0]))
_f("second_cell")(lambda f: float(f.unsigned.iloc[1]))
_f("top_vs_second")(lambda f: float(f.unsigned.iloc[0] / f.unsigned.iloc[1]))
_f("top_cell_quotes")(lambda f: f.top_cell_quotes)
_f("open_quotes")(lambda f: f.open_quotes_total)
_f("top_cell_quote_share")(lambda f: f.top_cell_quotes / f.open_quotes_total)
for _reg in ("north", "central", "south"):
    _f(f"cell_rate_min_{_reg}")(lambda f, r=_reg: min(f.rates_in_region(r)))
    _f(f"cell_rate_max_{_reg}")(lambda f, r=_reg: max(f.rates_in_region(r)))
_f("top_cell_large")(lambda f: f.top_cell_large)
_f("top_cell_rate")(lambda f: f.cell_rate(*f.top_cell))
_f("extra_contracts")(lambda f: f.extra_contracts)
_f("extra_revenue_per_year")(lambda f: f.extra_revenue_per_year)
_f("extra_gross_profit_15")(lambda f: f.extra_revenue_per_year * 0.15)
_f("extra_gross_profit_20")(lambda f: f.extra_revenue_per_year * 0.20)
_f("fewer_tickets_per_year")(lambda f: f.fewer_tickets_per_year)
_f("fewer_hours_per_year")(lambda f: f.fewer_hours_per_year)
#: a full-time technician's year, an assumption of the notes (not a data figure)
TECHNICIAN_HOURS = 2000
_f("fewer_hours_technician_share")(lambda f: f.fewer_hours_per_year / TECHNICIAN_HOURS)
