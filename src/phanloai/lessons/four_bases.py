"""Bài 02 — Bốn cơ sở phân loại (article 001): demographic, psychographic, geographic and
behavioural segmentation, the five steps, prioritising segments and the lead-filtering calls.

The notebook works on the spa (Hoa Sen) and the fashion shop (Mộc Lan); the exercises are on the
fashion shop, the one case where all four bases apply (its web shop gives the behaviour).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import practice
from ..reports import CALL_PARAMS, call_campaign, cross
from ..schemes.registry import SCHEMES, classify
from ..vn import format_number
from .facts import fact

TITLE = ("Bốn cơ sở phân loại khách hàng", "The four bases of customer segmentation")
NOTEBOOK = "02_bon_co_so.ipynb"
CASES = ("fashion",)

#: Exercise 1: every age band must hold at least this share of the contacts.
MIN_BAND_SHARE = 0.10
#: Exercise 5: the service radius of the call list (km).
CALL_RADIUS_KM = 10.0
_AGE_EDGES = ("age_1", "age_2", "age_3", "age_4")


def _pct(share: float, lang: str, decimals: int = 1) -> str:
    """A share written as a percentage in a given language (both texts are built at once)."""
    text = format_number(round(100 * float(share), decimals), decimals, lang)
    return f"{text} %" if lang == "vi" else f"{text}%"


# -- helpers the notebook and the exercises share ------------------------------------------------------
def age_edges_for(customers: pd.DataFrame, min_share: float = MIN_BAND_SHARE) -> dict[str, int]:
    """Four age edges (whole years, on the sliders' range) that leave no age band under
    ``min_share`` of the contacts — found in the data. Starts from the default edges (a solution
    close to them reads best) and moves the edge beside the narrowest band towards its wider
    neighbour; if that does not settle, starts again from the 20/40/60/80 % quantiles of age."""
    p = SCHEMES["demographic"].params
    lo, hi = int(p["age_1"].lo), int(p["age_1"].hi)
    age = customers["age"].dropna().to_numpy(dtype=float)

    def shares(edges) -> np.ndarray:
        bins = np.searchsorted(np.asarray(edges, dtype=float), age, side="right")
        return np.bincount(bins, minlength=5) / max(len(age), 1)

    def settle(edges: list[int]) -> list[int] | None:
        for _ in range(300):
            s = shares(edges)
            worst = int(np.argmin(s))
            if s[worst] >= min_share:
                return edges
            if worst == 0 or (worst < 4 and s[worst - 1] < s[worst + 1]):
                edges[worst] += 1  # take from the band above
            else:
                edges[worst - 1] -= 1  # take from the band below
            edges = [int(np.clip(e, lo, hi)) for e in edges]
            if any(b <= a for a, b in zip(edges, edges[1:], strict=False)):
                return None
        return None

    defaults = [int(p[k].default) for k in _AGE_EDGES]
    starts = [defaults]
    if len(age):
        quantiles = [
            int(np.clip(math.ceil(np.quantile(age, q)), lo, hi)) for q in (0.2, 0.4, 0.6, 0.8)
        ]
        for i in range(1, 4):  # the edges must increase
            quantiles[i] = max(quantiles[i], quantiles[i - 1] + 1)
        starts.append(quantiles)
    for start in starts:
        found = settle(list(start))
        if found is not None:
            return dict(zip(_AGE_EDGES, found, strict=True))
    return dict(zip(_AGE_EDGES, starts[-1], strict=True))


def call_list_near(customers: pd.DataFrame, radius_km: float = CALL_RADIUS_KM) -> pd.DataFrame:
    """The people a callbot should ring in exercise 5: within ``radius_km`` of the shop and
    without a single order yet."""
    near = classify(customers, "geographic", by="radius", radius_km=radius_km) == "inside"
    return customers.loc[near.to_numpy() & (customers["n_orders"] == 0).to_numpy()]


def expected_warm_leads(n_called: int, **probabilities) -> float:
    """Warm leads to expect from ``n_called`` calls: the product of the step probabilities
    (defaults from :data:`phanloai.reports.CALL_PARAMS`)."""
    p = {k: float(probabilities.get(k, prm.default)) for k, prm in CALL_PARAMS.items()}
    return n_called * math.prod(p.values())


def campaign_sliders(customers: pd.DataFrame, seed: int = 0):
    """Chiến dịch gọi lọc lead, live: one slider per step probability (declared in
    :data:`~phanloai.reports.CALL_PARAMS`) and the funnel redrawn as a picture on each move.

    Returns an ipywidgets box; ``box.controls`` (name → control) and ``box.result`` (the last
    :class:`~phanloai.reports.CallCampaign`) are kept for code and tests.
    """
    import ipywidgets as widgets

    from ..charts import plot_call_campaign
    from ..charts.kit import png_bytes
    from ..widgets.controls import ParamControl

    controls = {name: ParamControl(p) for name, p in CALL_PARAMS.items()}
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
    image.add_class("phanloai-chart")
    box = widgets.VBox()

    def redraw() -> None:
        box.result = call_campaign(
            customers, seed=seed, **{n: c.value for n, c in controls.items()}
        )
        image.value = png_bytes(plot_call_campaign(box.result), dpi=80)

    names = list(controls)
    box.children = [
        widgets.HBox([controls[n].box for n in names[:2]]),
        widgets.HBox([controls[n].box for n in names[2:]]),
        image,
    ]
    box.controls = controls
    for ctl in controls.values():
        ctl.observe(redraw)
    redraw()
    return box


# -- figures quoted in the notebook's text ---------------------------------------------------------------
@fact("spa", "age_50_plus_share")
def _(case):
    return float((case.customers["age"] >= 50).mean())


# -- the exercises -----------------------------------------------------------------------------------------
def exercises(case) -> list[practice.Exercise]:
    c = case.customers
    demographic = SCHEMES["demographic"]

    def age_target(labels):
        if labels.phanloai.params.get("by") != "age":
            return (
                False,
                "bài này chia theo độ tuổi (by='age'), hãy để nguyên cách chia ấy",
                "this exercise splits by age (by='age'); keep that split",
            )
        levels = labels.phanloai.levels[:-1]
        counts = labels.value_counts().reindex([lv.code for lv in levels], fill_value=0)
        shares = counts / max(len(labels), 1)
        smallest = levels[int(np.argmin(shares.to_numpy()))]
        # shown rounded down, so that 9,96 % never reads "10 %" beside "not reached"
        low = math.floor(float(shares.min()) * 1000) / 1000
        return (
            float(shares.min()) >= MIN_BAND_SHARE,
            f"nhóm nhỏ nhất là «{smallest.vi}» với {_pct(low, 'vi')} số liên hệ",
            f"the smallest band is “{smallest.en}” with {_pct(low, 'en')} of contacts",
        )

    def age_options():
        return [(lv.code, lv.vi, lv.en) for lv in demographic.levels_for({"by": "age"})[:-1]]

    def repeat_by_age() -> pd.Series:
        ages = classify(c, "demographic")
        ways = classify(c, "behavioral")
        return cross(c, ages, ways, normalize="index")["repeat_buyer"].drop("unknown").fillna(0.0)

    def top_repeat_age() -> str:
        return str(repeat_by_age().idxmax())

    def why_repeat():
        shares = repeat_by_age().sort_values(ascending=False)
        levels = {lv.code: lv for lv in demographic.levels_for({"by": "age"})}
        first, second = levels[shares.index[0]], levels[shares.index[1]]
        a, b = float(shares.iloc[0]), float(shares.iloc[1])
        return (
            f"{first.vi}: {_pct(a, 'vi')} số người trong nhóm đã mua lại, so với {_pct(b, 'vi')} ở "
            f"nhóm đứng thứ hai ({second.vi}). Đây là nhóm đáng chăm sóc để giữ chân.",
            f"{first.en}: {_pct(a, 'en')} of the band are repeat buyers, against {_pct(b, 'en')} in "
            f"the runner-up ({second.en}). This is the band worth keeping.",
        )

    def purchase_ratio() -> float:
        near = (c["distance_km"] <= CALL_RADIUS_KM).to_numpy()
        bought = (c["n_orders"] > 0).to_numpy()
        return float(bought[near].mean() / bought[~near].mean())

    steps_vi = ", ".join(f"{p.vi.lower()} {_pct(p.default, 'vi', 0)}" for p in CALL_PARAMS.values())
    steps_en = ", ".join(f"{p.en.lower()} {_pct(p.default, 'en', 0)}" for p in CALL_PARAMS.values())
    radius_vi = format_number(CALL_RADIUS_KM, 1, "vi")
    radius_en = format_number(CALL_RADIUS_KM, 1, "en")

    return [
        practice.thresholds(
            "1",
            (
                f"Mộc Lan muốn chia khách theo độ tuổi mà không nhóm nào quá hẹp: mỗi nhóm tuổi phải có ít nhất "
                f"{_pct(MIN_BAND_SHARE, 'vi', 0)} số liên hệ. Chọn bốn mốc tuổi. Trả lời bằng một dict, ví dụ "
                "{'age_1': 25, 'age_2': 30, 'age_3': 40, 'age_4': 50}.",
                f"Mộc Lan wants age bands none of which is too narrow: each must hold at least "
                f"{_pct(MIN_BAND_SHARE, 'en', 0)} of contacts. Choose the four age edges. Answer with a dict, e.g. "
                "{'age_1': 25, 'age_2': 30, 'age_3': 40, 'age_4': 50}.",
            ),
            "demographic",
            lambda: c,
            age_target,
            right=lambda: age_edges_for(c),
            wrong={"age_1": 18, "age_2": 19, "age_3": 20, "age_4": 21},
            hint=(
                "Trong bộ khám phá nhân khẩu học, chọn tình huống Mộc Lan, mở thẻ Ưu tiên và kéo 'Quá hẹp dưới' lên "
                "10 %. Nhóm nào bị gắn 'quá hẹp' thì nới nó ra: dời mốc tuổi về phía nhóm bên cạnh đông hơn, cho tới "
                "khi không còn nhóm nào quá hẹp.",
                "In the demographic explorer, pick the Mộc Lan case, open the Priority tab and raise 'Too narrow "
                "below' to 10 %. Widen every band flagged 'too narrow': move its edge into the busier neighbour, "
                "until no band is too narrow.",
            ),
        ),
        practice.number(
            "2",
            (
                "Phân loại khách Mộc Lan theo tính cách MBTI (by='mbti'). Bao nhiêu phần số liên hệ xếp được vào "
                "một trong bốn khí chất (SJ, SP, NF, NT) — tức là không rơi vào nhóm Không xác định vì thiếu dữ liệu "
                'MBTI? Trả lời bằng tỷ lệ 0–1 hoặc "… %".',
                "Classify Mộc Lan's contacts by MBTI personality (by='mbti'). What share of contacts lands in one of "
                "the four temperaments (SJ, SP, NF, NT) — that is, not in Unknown for lack of MBTI data? Answer as a "
                'share 0–1 or "… %".',
            ),
            lambda: float((classify(c, "psychographic", by="mbti") != "unknown").mean()),
            kind="share",
            hint=(
                "nhan = phanloai.classify(fashion.customers, 'psychographic', by='mbti'), rồi tính phần không phải "
                "'unknown': (nhan != 'unknown').mean().",
                "labels = phanloai.classify(fashion.customers, 'psychographic', by='mbti'), then the share that is not "
                "'unknown': (labels != 'unknown').mean().",
            ),
            how=(
                "nhan = phanloai.classify(fashion.customers, 'psychographic', by='mbti')\n(nhan != 'unknown').mean()",
                "labels = phanloai.classify(fashion.customers, 'psychographic', by='mbti')\n(labels != 'unknown').mean()",
            ),
            schemes=("psychographic",),
        ),
        practice.number(
            "3",
            (
                f"Tỷ lệ người đã mua (ít nhất một đơn) trong bán kính {radius_vi} km quanh cửa hàng gấp bao nhiêu "
                "lần tỷ lệ ấy ở ngoài bán kính? Trả lời bằng một số, ví dụ 2,5.",
                f"The share of people who have bought (at least one order) within {radius_en} km of the shop is how "
                "many times that share beyond the radius? Answer with a number, e.g. 2.5.",
            ),
            purchase_ratio,
            kind="number",
            tolerance=0.02,
            hint=(
                "Phân loại theo bán kính (by='radius'), rồi xem cột 'Tỷ lệ chuyển đổi' (phần khách đã mua ít nhất "
                "một đơn) của profile: chia số của nhóm trong bán kính cho số của nhóm ngoài bán kính.",
                "Classify by radius (by='radius'), then read the profile's conversion column: divide the inside "
                "figure by the outside one.",
            ),
            how=(
                "nhan = phanloai.classify(fashion.customers, 'geographic', by='radius')\n"
                "bang = phanloai.profile(fashion.customers, nhan)\n"
                "bang.loc['inside', 'conversion'] / bang.loc['outside', 'conversion']",
                "labels = phanloai.classify(fashion.customers, 'geographic', by='radius')\n"
                "table = phanloai.profile(fashion.customers, labels)\n"
                "table.loc['inside', 'conversion'] / table.loc['outside', 'conversion']",
            ),
            schemes=("geographic",),
        ),
        practice.choice(
            "4",
            (
                "Ghép nhóm tuổi (mốc mặc định) với nhóm hành vi, đọc theo tỷ lệ trong mỗi dòng: nhóm tuổi nào có "
                "tỷ lệ khách mua lại (Repeat buyer) cao nhất?",
                "Cross the age bands (default edges) with the behavioural groups, read as shares within each row: "
                "which age band has the highest share of repeat buyers?",
            ),
            age_options,
            top_repeat_age,
            hint=(
                "phanloai.cross(fashion.customers, nhom_tuoi, hanh_vi, normalize='index') — hoặc bộ so sánh, "
                "'Cách đọc' = tỷ lệ trong mỗi dòng — rồi nhìn cột Mua nhiều lần.",
                "phanloai.cross(fashion.customers, ages, behaviour, normalize='index') — or the comparison widget, "
                "'Read as' = share within each row — then look at the Repeat buyer column.",
            ),
            why=why_repeat,
            schemes=("demographic", "behavioral"),
        ),
        practice.number(
            "5",
            (
                f"Callbot chỉ gọi những người sống trong {radius_vi} km quanh cửa hàng mà chưa mua lần nào, với xác "
                f"suất mặc định của từng bước ({steps_vi}). Theo kỳ vọng, bao nhiêu lead nóng được chuyển cho "
                "telesale?",
                f"The callbot rings only people within {radius_en} km of the shop who have never bought, with the "
                f"default step probabilities ({steps_en}). How many warm leads should telesales expect?",
            ),
            lambda: expected_warm_leads(len(call_list_near(c))),
            kind="count",
            tolerance=0.01,
            hint=(
                "Đếm danh sách gọi (trong bán kính và n_orders == 0), rồi nhân với tích bốn xác suất — hoặc đọc cột "
                "'Kỳ vọng' của call_campaign, không phải số của một lần mô phỏng.",
                "Count the call list (inside the radius and n_orders == 0), then multiply by the product of the four "
                "probabilities — or read the 'Expected' column of call_campaign, not one simulated run.",
            ),
            how=(
                f"k = fashion.customers\nds = k[(k['distance_km'] <= {CALL_RADIUS_KM:g}) & (k['n_orders'] == 0)]\n"
                "ket_qua = phanloai.call_campaign(ds)\nket_qua.funnel.loc['interested', 'expected']",
                f"k = fashion.customers\ncall_list = k[(k['distance_km'] <= {CALL_RADIUS_KM:g}) & (k['n_orders'] == 0)]\n"
                "result = phanloai.call_campaign(call_list)\nresult.funnel.loc['interested', 'expected']",
            ),
            schemes=("geographic",),
        ),
        practice.strategy(
            "6",
            (
                "Mỗi nhóm hành vi một câu: Mộc Lan nên nói gì, qua kênh nào, với nhóm ấy? Trả lời bằng dict mã "
                "nhóm → câu.",
                "One line per behavioural group: what should Mộc Lan say to it, and through which channel? Answer "
                "with a dict group code → line.",
            ),
            "behavioral",
            hint=(
                "Bài 001 nói phân loại để gửi đúng thông điệp qua đúng kênh: người bỏ giỏ cần lời nhắc giỏ hàng, "
                "người đã mua cần lời cảm ơn và gợi ý món phối, người chưa lên web cần lý do để ghé.",
                "Article 001 says segments are for the right message through the right channel: cart abandoners "
                "need a cart reminder, buyers a thank-you and matching items, people not on the web a reason to visit.",
            ),
        ),
    ]
