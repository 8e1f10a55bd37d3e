"""Bài 03 — Khách hàng doanh nghiệp (B2B) và kế hoạch theo ô (article 002), on the bolt distributor.

The B2B dimensions of article 002 — company size, product need, after-sales need, contract status,
purchase behaviour, industry and region — and its key move: cross them and write a strategy per
cell. :func:`plan` turns a crossed table (:func:`phanloai.cross`) into that plan: the non-empty
cells ranked, each with the actions the schemes' declarations suggest for its levels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .. import practice
from .._i18n import PhanloaiError, tr
from ..reports import cross
from ..schemes.registry import SCHEMES, classify
from ..vn import format_number, format_percent

TITLE = (
    "Khách hàng doanh nghiệp (B2B) và kế hoạch theo ô",
    "Business customers (B2B) and a plan per cell",
)
NOTEBOOK = "03_b2b_ke_hoach.ipynb"
CASES = ("bolts",)

#: The cross of article 002 that the plan exercise works on: industry × region × contract status.
PLAN_SCHEMES = ("group", "geographic", "contract_status")
#: How many of the largest cells the strategy exercise asks about.
PLAN_CELLS = 3
#: The share of firms the key-account team can look after (the thresholds exercise).
LARGE_LOW, LARGE_HIGH = 0.05, 0.08


# -- the plan: a crossed table, cell by cell --------------------------------------------------------
def plan(table: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Kế hoạch theo ô — a crossed table turned into a plan, one row per non-empty cell (article 002).

    Parameters
    ----------
    table : what ``phanloai.cross(...)`` returned, with counts (``values="count"``) or revenue
        (``values="revenue"``), not normalised.
    top : keep only the first ``top`` cells (None = every non-empty cell).

    Returns
    -------
    DataFrame indexed by ``rank`` (1 = the largest cell), largest cell first: one column per
    crossed dimension (level codes, keyed like the dimension: ``group``, ``geographic``…), the
    cell's ``customers`` (or ``revenue``), its share of the whole table (``customer_share`` or
    ``revenue_share``) and ``action``: the suggested action of each of the cell's levels, from the
    schemes' declarations, shown in the current language by :func:`phanloai.show` (the column
    holds the cell's codes). Empty cells are left out.

    Examples
    --------
    >>> import phanloai
    >>> from phanloai.lessons.b2b import plan
    >>> bolts = phanloai.load("bolts", n=2000)
    >>> dn = bolts.customers
    >>> table = phanloai.cross(dn, phanloai.classify(dn, "group"), phanloai.classify(dn, "contract_status"))
    >>> p = plan(table, top=3)
    >>> list(p.columns)
    ['group', 'contract_status', 'customers', 'customer_share', 'action']
    >>> bool(p["customers"].is_monotonic_decreasing)
    True
    """
    func = "plan"
    if not isinstance(table, pd.DataFrame) or table.attrs.get("report") != "cross":
        raise PhanloaiError(
            f"{func}(): cần một bảng kết hợp do phanloai.cross(...) trả về, nhận được {type(table).__name__}.",
            f"{func}(): needs a crossed table returned by phanloai.cross(...), got {type(table).__name__}.",
        )
    if table.attrs.get("normalize"):
        raise PhanloaiError(
            f"{func}(): bảng đã chuẩn hóa thành tỷ lệ (normalize={table.attrs['normalize']!r}); "
            "hãy kết hợp lại với normalize=False để xếp các ô theo số khách hoặc doanh thu.",
            f"{func}(): the table holds shares (normalize={table.attrs['normalize']!r}); cross again "
            "with normalize=False to rank the cells by customers or revenue.",
        )
    if top is not None and (
        isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1
    ):
        raise PhanloaiError(
            f"{func}(): top cần một số nguyên từ 1 trở lên (hoặc None), nhận được {top!r}.",
            f"{func}(): top must be a whole number from 1 up (or None), got {top!r}.",
        )
    dims = list(table.attrs.get("dims") or [])
    n_rows, n_cols = table.shape
    index = table.index
    rows = [index.get_level_values(i) for i in range(index.nlevels)]
    by_row = np.repeat(np.arange(n_rows), n_cols)
    by_col = np.tile(np.arange(n_cols), n_rows)
    levels = [r.take(by_row) for r in rows] + [table.columns.take(by_col)]
    cells = table.to_numpy(dtype="float64").ravel()
    keep = np.flatnonzero(np.isfinite(cells) & (cells > 0))
    order = keep[np.argsort(-cells[keep], kind="stable")]
    if top is not None:
        order = order[: int(top)]
    keys = [str(d.get("key", f"d{i}")) for i, d in enumerate(dims)] or [
        str(lv.name) for lv in levels
    ]
    measure = "revenue" if table.attrs.get("values") == "revenue" else "customers"
    share_key = "revenue_share" if measure == "revenue" else "customer_share"
    total = float(np.nansum(cells))
    picked = [lv.take(order) for lv in levels]
    data: dict[str, object] = {}
    for key, lv in zip(keys, picked, strict=True):
        cats = lv.categories if isinstance(lv, pd.CategoricalIndex) else []
        if len(cats) and all(isinstance(x, bool | np.bool_) for x in cats):
            data[key] = pd.array(list(lv), dtype="boolean")  # yes / no: shown as "Có" / "Không"
        else:
            data[key] = lv.array
    values = cells[order]
    whole = all(pd.api.types.is_integer_dtype(t) for t in table.dtypes)
    data[measure] = values.astype("int64") if whole else values
    data[share_key] = values / total if total else values * np.nan
    actions = _cell_actions(dims, picked)
    if actions is not None:
        data["action"] = actions[0]
    result = pd.DataFrame(data, index=pd.Index(np.arange(1, len(order) + 1), name="rank"))
    result.attrs = {
        "report": "plan",
        "dims": dims,
        "values": table.attrs.get("values", "count"),
        "value_words": {"action": actions[1]} if actions is not None else {},
    }
    return result


def drop_empty(table: pd.DataFrame) -> pd.DataFrame:
    """A crossed table without its empty rows and columns (levels nobody is in, such as
    "Không xác định" when every row could be classified) — for a heat map that shows only what
    is there. Shares of an empty row (NaN) count as empty; what the table is (``attrs``) is kept."""
    if not isinstance(table, pd.DataFrame):
        raise PhanloaiError(
            f"drop_empty(): cần một bảng (DataFrame), nhận được {type(table).__name__}.",
            f"drop_empty(): needs a table (DataFrame), got {type(table).__name__}.",
        )
    filled = table.fillna(0)
    out = table.loc[(filled != 0).any(axis=1), (filled != 0).any(axis=0)]
    out.attrs = dict(table.attrs)
    return out


def _levels_of(dim: Mapping) -> dict | None:
    """A dimension's declared levels by code (None for a plain column)."""
    code = dim.get("scheme")
    if code not in SCHEMES:
        return None
    return {lv.code: lv for lv in SCHEMES[code].levels_for(dim.get("params") or {})}


def _cell_actions(dims: Sequence[Mapping], columns: Sequence[pd.Index]):
    """Per cell: a key of its codes, and the suggested actions of its levels (vi, en)."""
    declared = [_levels_of(d) for d in dims]
    if not any(declared):
        return None
    codes, texts = [], {}
    for cell in zip(*[list(c) for c in columns], strict=True):
        key = " · ".join(map(str, cell))
        parts_vi, parts_en = [], []
        for levels, value in zip(declared, cell, strict=True):
            lv = levels.get(value) if levels else None
            if lv is not None and lv.action_vi:
                parts_vi.append(f"{lv.vi}: {lv.action_vi}")
                parts_en.append(f"{lv.en}: {lv.action_en}")
        codes.append(key)
        texts[key] = (" — ".join(parts_vi), " — ".join(parts_en))
    return codes, texts


def plan_cells(customers: pd.DataFrame, n: int = PLAN_CELLS) -> pd.DataFrame:
    """The ``n`` largest cells of article 002's cross — industry × region × contract status — as a
    plan (see :func:`plan`)."""
    labels = [classify(customers, code) for code in PLAN_SCHEMES]
    return plan(cross(customers, *labels), top=n)


# -- an exercise: one strategy per cell of the plan -------------------------------------------------
#: between the parts of a cell written as text ("Xây dựng · Miền Nam · Chưa ký"); not "," or "/",
#: which level names themselves hold ("Oil, gas & chemicals", "Đặc biệt / theo yêu cầu")
_SEPARATORS = re.compile(r"\s*[·|×;]\s*")


def cell_strategy(
    number: str,
    cells: Callable[[], pd.DataFrame],
    *,
    min_words: int = 8,
    hint: tuple[str, str],
    schemes: tuple[str, ...] = PLAN_SCHEMES,
) -> practice.Exercise:
    """Write one strategy per cell of a plan (a dict: the cell → one or two sentences). The cell is
    named by its rank in the plan (``1``), by its level codes (``("construction", "south",
    "not_signed")``) or by its level names joined with ``·``. As with :func:`practice.strategy`, a
    check cannot grade ideas: it asks for every cell, a real sentence each (``min_words``), no line
    repeated; the solution shows the actions the declarations suggest, to compare."""

    def listed() -> list[tuple[list, list[str], list[str], str, str]]:
        """Each cell: its level codes, names (vi, en), and the suggested actions (vi, en)."""
        table = cells()
        dims = table.attrs["dims"]
        declared = [_levels_of(d) or {} for d in dims]
        keys = [d["key"] for d in dims]
        out = []
        for _, row in table.iterrows():
            codes = [row[k] for k in keys]
            lvs = [lv.get(c) for lv, c in zip(declared, codes, strict=True)]
            vi = [lv.vi if lv else str(c) for lv, c in zip(lvs, codes, strict=True)]
            en = [lv.en if lv else str(c) for lv, c in zip(lvs, codes, strict=True)]
            act_vi, act_en = table.attrs["value_words"]["action"][row["action"]]
            out.append((codes, vi, en, act_vi, act_en))
        return out

    def find(key, cells_: list) -> int | None:
        if isinstance(key, bool):
            return None
        if isinstance(key, int | np.integer) or (isinstance(key, str) and key.strip().isdigit()):
            rank = int(key)
            return rank - 1 if 1 <= rank <= len(cells_) else None
        if isinstance(key, tuple | list):
            parts = [str(p) for p in key]
        elif isinstance(key, str):
            parts = _SEPARATORS.split(key.strip())
        else:
            return None
        parts = [p.strip().lower() for p in parts if p.strip()]
        for i, (codes, vi, en, _, _) in enumerate(cells_):
            names = [
                {str(c).lower(), v.lower(), e.lower()}
                for c, v, e in zip(codes, vi, en, strict=True)
            ]
            if len(parts) == len(names) and all(p in n for p, n in zip(parts, names, strict=True)):
                return i
        return None

    def name(cell) -> str:
        return tr(" · ".join(cell[1]), " · ".join(cell[2]))

    def question() -> tuple[str, str]:
        lines_vi, lines_en = [], []
        table = cells()
        measure = "revenue" if "revenue" in table.columns else "customers"
        for rank, cell in enumerate(listed(), start=1):
            n = float(table.loc[rank, measure])
            shown_vi = format_number(n, 0, "vi") + (
                " doanh nghiệp" if measure == "customers" else " ₫"
            )
            shown_en = format_number(n, 0, "en") + (" firms" if measure == "customers" else " VND")
            lines_vi.append(f"{rank}. {' · '.join(cell[1])} ({shown_vi})")
            lines_en.append(f"{rank}. {' · '.join(cell[2])} ({shown_en})")
        return (
            "Kế hoạch theo ô: viết cho mỗi ô dưới đây (các ô lớn nhất của bảng ngành × miền × hợp đồng) "
            "một chiến lược — chính sách giá, kho và giao hàng, hậu mãi, ai phụ trách. Trả lời bằng dict: "
            "số thứ tự của ô → một đến hai câu, ví dụ {1: 'Gặp trực tiếp …', 2: '…'}.\n"
            + "\n".join(lines_vi),
            "A plan per cell: for each cell below (the largest cells of industry × region × contract status) "
            "write a strategy — price policy, warehouse and delivery, after-sales, who looks after it. Answer "
            "with a dict: the cell's number → one or two sentences, e.g. {1: 'Meet in person …', 2: '…'}.\n"
            + "\n".join(lines_en),
        )

    def judge(given) -> practice.Feedback:
        cells_ = listed()
        if not isinstance(given, Mapping):
            return practice.Feedback(
                "malformed",
                tr(
                    "Hãy trả lời bằng một dict: số thứ tự của ô → một câu chiến lược, ví dụ "
                    "{1: 'Gặp trực tiếp nhà thầu và báo giá theo dự án …', 2: '…'}.",
                    "Answer with a dict: the cell's number → one strategy line, e.g. "
                    "{1: 'Meet the contractors in person and quote per project …', 2: '…'}.",
                ),
            )
        written: dict[int, str] = {}
        unknown = []
        for key, text in given.items():
            i = find(key, cells_)
            if i is None:
                unknown.append(key)
            else:
                written[i] = str(text).strip()
        missing = [cells_[i] for i in range(len(cells_)) if not written.get(i)]
        short = [cells_[i] for i, t in written.items() if t and len(t.split()) < min_words]
        texts = [t.lower() for t in written.values() if t]
        repeated = len(texts) != len(set(texts))
        vi, en = [], []
        if unknown:
            vi.append(f"không có ô: {unknown} (dùng số thứ tự 1–{len(cells_)})")
            en.append(f"no such cell: {unknown} (use the numbers 1–{len(cells_)})")
        if missing:
            vi.append("còn thiếu: " + "; ".join(" · ".join(c[1]) for c in missing))
            en.append("missing: " + "; ".join(" · ".join(c[2]) for c in missing))
        if short:
            vi.append(
                f"quá ngắn (dưới {min_words} từ): " + "; ".join(" · ".join(c[1]) for c in short)
            )
            en.append(
                f"too short (under {min_words} words): "
                + "; ".join(" · ".join(c[2]) for c in short)
            )
        if repeated:
            vi.append("hai ô có cùng một câu — mỗi ô cần cách làm riêng")
            en.append("two cells share one line — each needs its own")
        if vi:
            return practice.Feedback(
                "wrong", tr("Chưa đủ: " + "; ".join(vi) + ".", "Not yet: " + "; ".join(en) + ".")
            )
        return practice.Feedback(
            "right",
            tr(
                f"Đủ {len(cells_)} ô, mỗi ô một chiến lược riêng. So với gợi ý (solution()) và bàn với nhóm bạn: "
                "ô nào đáng đầu tư trước?",
                f"All {len(cells_)} cells have their own strategy. Compare with the suggestions (solution()) "
                "and discuss: which cell deserves the first investment?",
            ),
        )

    def solution() -> str:
        head = tr(
            "Hành động gợi ý trong khai báo của từng cấp, ghép theo ô (hãy cụ thể hơn cho doanh nghiệp của bạn):\n",
            "The declared actions of each level, put together per cell (make them concrete for your business):\n",
        )
        return head + "\n".join(
            f"{i}. {name(c)}: {tr(c[3], c[4])}" for i, c in enumerate(listed(), start=1)
        )

    def samples() -> dict:
        cells_ = listed()
        return {
            "right": {i: c[3] for i, c in enumerate(cells_, start=1)},
            "wrong": {
                i: "gọi điện chăm sóc khách hàng thật chu đáo mỗi tuần"
                for i in range(1, len(cells_) + 1)
            },
            "malformed": "giảm giá cho tất cả",
        }

    return practice.Exercise(number, question, judge, hint, solution, samples, tuple(schemes))


# -- figures the exercises need, found in the data --------------------------------------------------
def size_thresholds(
    customers: pd.DataFrame, low: float = LARGE_LOW, high: float = LARGE_HIGH
) -> dict:
    """``staff_max`` and ``revenue_max_bn`` (one number for both, on the staff slider's grid) that
    put the share of large firms between ``low`` and ``high`` — found in the data, for any seed."""
    p = SCHEMES["company_size"].params["staff_max"]
    grid = np.arange(p.lo, p.hi + p.step, p.step)
    staff = customers["staff_count"].to_numpy(dtype="float64")
    revenue = customers["revenue_bn"].to_numpy(dtype="float64")
    shares = np.array([((staff > g) | (revenue > g)).mean() for g in grid])
    inside = np.flatnonzero((shares >= low) & (shares <= high))
    pick = inside[0] if len(inside) else int(np.argmin(np.abs(shares - (low + high) / 2)))
    return {"staff_max": int(grid[pick]), "revenue_max_bn": float(grid[pick])}


def exercises(case) -> list[practice.Exercise]:
    c = case.customers
    bought = c["n_orders"] > 0

    def labels(code, **params):
        return classify(c, code, **params)

    def large_among_signed() -> float:
        large = labels("company_size") == "large"
        signed = labels("contract_status") == "signed"
        return float(large[signed].mean())

    def large_target(result):
        share = float((result == "large").mean())
        seen = format_percent(share, 1)
        return (
            LARGE_LOW <= share <= LARGE_HIGH,
            f"Doanh nghiệp lớn chiếm {seen} số doanh nghiệp",
            f"large firms are {seen} of the firms",
        )

    def industries():
        present = set(labels("group").dropna().astype(str))
        return [
            (lv.code, lv.vi, lv.en)
            for lv in SCHEMES["group"].levels_for()[:-1]
            if lv.code in present
        ]

    def custom_rates() -> pd.Series:
        need = labels("product_need") == "custom"
        return need.groupby(labels("group").astype(str)).mean()

    def most_custom() -> str:
        return str(custom_rates().idxmax())

    def why_custom():
        rates = custom_rates()
        code = str(rates.idxmax())
        lv = next(lv for lv in SCHEMES["group"].levels_for() if lv.code == code)
        shown = format_percent(float(rates[code]))
        return (
            f"{lv.vi}: {shown} số doanh nghiệp của ngành này cần hàng đặt riêng — cần kỹ sư nhận bản vẽ từ lúc báo giá.",
            f"{lv.en}: {shown} of its firms need custom-made bolts — an engineer should read the drawings from the quote on.",
        )

    def support_ratio() -> float:
        need = labels("product_need")[bought]
        high = labels("support_need")[bought] == "high"
        return float(high[need == "custom"].mean() / high[need == "standard"].mean())

    def signed_still_leads() -> int:
        signed = labels("contract_status") == "signed"
        lead = labels("purchase_behavior", min_orders=3) == "lead"
        return int((signed & lead).sum())

    return [
        practice.number(
            "1",
            (
                "Trong số doanh nghiệp đã ký hợp đồng, doanh nghiệp lớn chiếm bao nhiêu phần trăm (ngưỡng quy "
                "mô mặc định)? So với tỷ lệ của họ trong mọi doanh nghiệp đã hỏi giá, khách lớn ký nhiều hơn "
                "hay ít hơn?",
                "Among the firms that signed a contract, what share are large firms (default size "
                "thresholds)? Compared with their share of every firm that asked for a quote, do large firms "
                "sign more or less often?",
            ),
            large_among_signed,
            kind="share",
            hint=(
                "Phân loại 'company_size' và 'contract_status'. Chỉ giữ các dòng mã 'signed', rồi tính tỷ lệ "
                "dòng mã 'large' trong số đó: (quy_mo[da_ky] == 'large').mean().",
                "Classify with 'company_size' and 'contract_status'. Keep the rows coded 'signed' and take "
                "the share coded 'large' among them: (size[signed] == 'large').mean().",
            ),
            how=(
                "quy_mo = phanloai.classify(dn, 'company_size')\n"
                "da_ky = phanloai.classify(dn, 'contract_status') == 'signed'\n"
                "(quy_mo[da_ky] == 'large').mean()",
                "size = phanloai.classify(dn, 'company_size')\n"
                "signed = phanloai.classify(dn, 'contract_status') == 'signed'\n"
                "(size[signed] == 'large').mean()",
            ),
            schemes=("company_size", "contract_status"),
        ),
        practice.thresholds(
            "2",
            (
                "Anh Đại chỉ đủ người chăm sóc riêng (key account) khoảng 5–8 % số doanh nghiệp. Chọn hai "
                "ngưỡng staff_max và revenue_max_bn sao cho nhóm Doanh nghiệp lớn chiếm từ 5 % tới 8 % số "
                "doanh nghiệp. Trả lời bằng một dict, ví dụ {'staff_max': 300, 'revenue_max_bn': 300}.",
                "Mr Đại has people to look after about 5–8 % of the firms one by one (key accounts). Choose "
                "the two thresholds staff_max and revenue_max_bn so that large firms are 5 % to 8 % of the "
                "firms. Answer with a dict, e.g. {'staff_max': 300, 'revenue_max_bn': 300}.",
            ),
            "company_size",
            lambda: c,
            large_target,
            right=lambda: size_thresholds(c),
            wrong={"staff_max": 200, "revenue_max_bn": 200.0},
            hint=(
                "Một doanh nghiệp là 'lớn' khi vượt MỘT trong hai ngưỡng, nên phải nâng cả hai. Kéo hai thanh "
                "trượt trong bộ khám phá quy mô doanh nghiệp và nhìn số Doanh nghiệp lớn.",
                "A firm is 'large' when it passes EITHER threshold, so raise both. Move the two sliders in "
                "the company-size explorer and watch the number of large firms.",
            ),
        ),
        practice.choice(
            "3",
            (
                "Ngành nào có tỷ lệ doanh nghiệp cần bu lông đặc biệt / đặt riêng (product_need = 'custom') "
                "cao nhất?",
                "Which industry has the highest share of firms that need special / custom-made bolts "
                "(product_need = 'custom')?",
            ),
            industries,
            most_custom,
            hint=(
                "Kết hợp ngành với nhu cầu sản phẩm và chuẩn hóa theo dòng: phanloai.cross(dn, nganh, "
                "nhu_cau, normalize='index'); so cột Đặc biệt / theo yêu cầu giữa các dòng.",
                "Cross industry with product need and normalise by row: phanloai.cross(dn, industry, need, "
                "normalize='index'); compare the Special / custom-made column across rows.",
            ),
            why=why_custom,
            schemes=("product_need", "group"),
        ),
        practice.number(
            "4",
            (
                "Chỉ xét doanh nghiệp đã có đơn hàng. Tỷ lệ Hậu mãi cao của nhóm đặt riêng (custom) gấp mấy "
                "lần tỷ lệ ấy của nhóm hàng tiêu chuẩn (standard)? Trả lời một số, ví dụ 2,5.",
                "Only firms with at least one order. The share with a high after-sales need among custom "
                "buyers is how many times that share among standard buyers? Answer a number, e.g. 2.5.",
            ),
            support_ratio,
            kind="number",
            tolerance=0.02,
            hint=(
                "Lọc da_mua = dn['n_orders'] > 0. Trong từng nhóm nhu cầu sản phẩm, tính tỷ lệ mã 'high' của "
                "support_need; rồi chia tỷ lệ của 'custom' cho tỷ lệ của 'standard'.",
                "Filter bought = dn['n_orders'] > 0. Within each product-need group take the share coded "
                "'high' by support_need; divide the 'custom' share by the 'standard' share.",
            ),
            how=(
                "da_mua = dn['n_orders'] > 0\n"
                "nhu_cau = phanloai.classify(dn, 'product_need')[da_mua]\n"
                "cao = phanloai.classify(dn, 'support_need')[da_mua] == 'high'\n"
                "cao[nhu_cau == 'custom'].mean() / cao[nhu_cau == 'standard'].mean()",
                "bought = dn['n_orders'] > 0\n"
                "need = phanloai.classify(dn, 'product_need')[bought]\n"
                "high = phanloai.classify(dn, 'support_need')[bought] == 'high'\n"
                "high[need == 'custom'].mean() / high[need == 'standard'].mean()",
            ),
            schemes=("support_need", "product_need"),
        ),
        practice.number(
            "5",
            (
                "Giả sử chỉ coi là khách hàng trung thành những doanh nghiệp có từ 3 đơn trở lên "
                "(purchase_behavior, min_orders=3). Bao nhiêu doanh nghiệp đã ký hợp đồng mà vẫn còn là khách "
                "hàng tiềm năng (lead)?",
                "Suppose only firms with 3 orders or more count as loyal (purchase_behavior, min_orders=3). "
                "How many firms have signed a contract but are still leads?",
            ),
            signed_still_leads,
            hint=(
                "Phân loại 'contract_status' và 'purchase_behavior' với min_orders=3, rồi đếm những dòng có "
                "cả hai mã 'signed' và 'lead' (ghép hai điều kiện bằng &).",
                "Classify with 'contract_status' and with 'purchase_behavior' at min_orders=3, then count the "
                "rows coded both 'signed' and 'lead' (join the two conditions with &).",
            ),
            how=(
                "hop_dong = phanloai.classify(dn, 'contract_status')\n"
                "hanh_vi = phanloai.classify(dn, 'purchase_behavior', min_orders=3)\n"
                "((hop_dong == 'signed') & (hanh_vi == 'lead')).sum()",
                "contract = phanloai.classify(dn, 'contract_status')\n"
                "behaviour = phanloai.classify(dn, 'purchase_behavior', min_orders=3)\n"
                "((contract == 'signed') & (behaviour == 'lead')).sum()",
            ),
            schemes=("contract_status", "purchase_behavior"),
        ),
        cell_strategy(
            "6",
            lambda: plan_cells(c),
            hint=(
                "Bài 002 gợi ý: chính sách giá riêng cho doanh nghiệp lớn, kho phân phối phía Nam để giao "
                "nhanh, hậu mãi cho khách đặt riêng; với ô chưa ký thì tập trung chuyển đổi.",
                "Article 002 suggests: a price policy for large firms, a southern warehouse for fast "
                "delivery, after-sales for custom buyers; for unsigned cells, focus on converting.",
            ),
        ),
    ]
