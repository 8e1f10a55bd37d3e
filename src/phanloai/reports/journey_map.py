"""Bản đồ hành trình khách hàng — the customer-journey mapping template of article 003.

Article 003 builds a customer-journey map in five steps: list the touchpoints → list the
customer's possible contexts → sketch the map → identify the touchpoints that matter → give each
department its work. :func:`journey_map` does the part the data can do: it lists every
touchpoint recorded in a case's events under its 5A stage (Aware · Appeal · Ask · Act ·
Advocate), counts the events and the customers behind each, and leaves empty columns — context,
department in charge, task — for the class to fill in. :func:`experience` sets buyers who voiced
a good experience (a review, a referral) beside those who did not. :func:`save_journey_map`
writes the template to Excel, in words, for the class to fill.

Codes inside, words at the edge: the table's stages and touchpoints are codes (``"ask"``,
``"nhan_tin_hoi"``); :func:`phanloai.show` and :func:`phanloai.in_words` put the words on.

>>> import phanloai
>>> from phanloai.reports.journey_map import journey_map
>>> spa = phanloai.load("spa")
>>> table = journey_map(spa)
>>> table["journey_stage"].iloc[0], int(table["events"].sum()) == len(spa.events)
('aware', True)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError, tr
from ..features import EVENT_STAGES
from ..schemes.base import UNKNOWN_CODE, UNKNOWN_EN, UNKNOWN_VI

__all__ = [
    "FILL_IN",
    "STAGES",
    "STEPS",
    "TOUCHPOINTS",
    "experience",
    "journey_map",
    "journey_steps",
    "save_journey_map",
]

#: The 5A stages in order (the level codes of the ``journey_5a`` scheme).
STAGES = ("aware", "appeal", "ask", "act", "advocate")

#: Words for the event types of the three worlds (a touchpoint, seen from the customer).
TOUCHPOINTS: dict[str, tuple[str, str]] = {
    # spa
    "thay_quang_cao": ("Thấy quảng cáo", "Saw an ad"),
    "duoc_gioi_thieu": ("Được người quen giới thiệu", "Was referred by someone they know"),
    "di_ngang_qua": ("Đi ngang qua spa", "Walked past the spa"),
    "sale_tiep_can": ("Được sale chủ động tiếp cận", "Was approached by sales"),
    "xem_bang_gia": ("Xem bảng giá", "Viewed the price list"),
    "theo_doi_trang": ("Theo dõi trang", "Followed the page"),
    "nhan_tin_hoi": ("Nhắn tin hỏi", "Sent a question"),
    "su_dung_dich_vu": ("Sử dụng dịch vụ tại spa", "Used a service at the spa"),
    "danh_gia_5_sao": ("Đánh giá 5 sao", "Left a 5-star review"),
    "gioi_thieu_ban": ("Giới thiệu bạn bè", "Referred a friend"),
    # bolts
    "goi_dien_cham_soc": ("Được gọi điện chăm sóc", "Received a follow-up call"),
    "hoi_gia": ("Hỏi giá", "Asked for a price"),
    "gui_bao_gia": ("Nhận báo giá", "Received a quotation"),
    "gap_truc_tiep": ("Gặp trực tiếp", "Met in person"),
    "ky_hop_dong": ("Ký hợp đồng", "Signed a contract"),
    "dat_hang": ("Đặt hàng", "Placed an order"),
    "yeu_cau_ho_tro": ("Yêu cầu hỗ trợ", "Asked for support"),
    # fashion
    "xem_trang": ("Xem trang sản phẩm", "Viewed a product page"),
    "them_gio": ("Thêm vào giỏ hàng", "Added to the cart"),
    "mua_hang": ("Mua trên website", "Bought on the website"),
    "danh_gia_san_pham": ("Đánh giá sản phẩm", "Reviewed a product"),
}
#: The touchpoint of a stage the events do not record: a row left for the class to fill.
NOT_RECORDED = "not_recorded"
_NOT_RECORDED_WORDS = (
    "(chưa có trong dữ liệu sự kiện — lớp tự bổ sung)",
    "(not in the event data — for the class to add)",
)

#: The columns the class fills in (empty in the template).
FILL_IN = ("context", "department_in_charge", "task")

#: Article 003's five steps of building a customer-journey map, and what the data give for each.
STEPS: dict[str, tuple[str, str, str, str]] = {
    "b1": (
        "B1. Liệt kê các điểm tiếp xúc",
        "S1. List the touchpoints",
        "Mỗi loại sự kiện trong bảng events là một điểm tiếp xúc; journey_map() liệt kê chúng",
        "Each event type in the events table is a touchpoint; journey_map() lists them",
    ),
    "b2": (
        "B2. Liệt kê các bối cảnh có thể của khách",
        "S2. List the customer's possible contexts",
        "Dữ liệu không ghi bối cảnh: lớp điền cột Bối cảnh (khách đang ở đâu, cần gì, cảm thấy ra sao)",
        "The data hold no context: the class fills the Context column (where the customer is, what they need, how they feel)",
    ),
    "b3": (
        "B3. Phác hoạ bản đồ",
        "S3. Sketch the map",
        "Xếp các điểm tiếp xúc theo năm bước 5A; phễu 5A cho thấy bao nhiêu người tới được mỗi bước",
        "Order the touchpoints along the five 5A stages; the 5A funnel shows how many people reach each stage",
    ),
    "b4": (
        "B4. Nhận diện điểm tiếp xúc quan trọng",
        "S4. Identify the touchpoints that matter",
        "Cột Số lượt, Số khách và Tỷ trọng trong bước chỉ ra điểm tiếp xúc nào gánh phần lớn mỗi bước",
        "The Events, Customers and Share of stage columns show which touchpoints carry each stage",
    ),
    "b5": (
        "B5. Phân bổ công việc cho từng bộ phận",
        "S5. Assign work to each department",
        "Lớp điền cột Bộ phận phụ trách và Việc cần làm, chọn trong các bộ phận của doanh nghiệp",
        "The class fills the Department in charge and Task columns, from the business's departments",
    ),
}

#: Buyers who voiced a good experience, and those who did not (rows of :func:`experience`).
_EXPERIENCE_WORDS = {
    "advocate": (
        "Đã lên tiếng khen (đánh giá tốt / giới thiệu bạn)",
        "Spoke up (a good review / a referral)",
    ),
    "quiet": ("Chưa lên tiếng", "Has not spoken up"),
}


def _stage_words() -> dict[str, tuple[str, str]]:
    from ..schemes.registry import SCHEMES

    words = {lv.code: (lv.vi, lv.en) for lv in SCHEMES["journey_5a"].levels_for()}
    words[UNKNOWN_CODE] = (
        f"{UNKNOWN_VI} (loại sự kiện chưa gán bước)",
        f"{UNKNOWN_EN} (event type with no stage)",
    )
    return words


def _events_and_channels(data) -> tuple[pd.DataFrame, pd.Series | None]:
    """The events table of a case (or a table passed in) and each event's channel, if known:
    the ``channel`` column, else the traffic source of the web session the event belongs to."""
    from ..case import Case

    if isinstance(data, Case):
        if "events" not in data.tables:
            raise PhanloaiError(
                f"journey_map(): tình huống '{data.name}' không có bảng events (điểm tiếp xúc).",
                f"journey_map(): case '{data.name}' has no events table (touchpoints).",
            )
        events = data.tables["events"]
        sessions = data.tables.get("sessions")
    elif isinstance(data, pd.DataFrame):
        events, sessions = data, None
    else:
        raise PhanloaiError(
            "journey_map(): cần một tình huống (phanloai.load(...)) hoặc bảng sự kiện (DataFrame), "
            f"nhận được {type(data).__name__}.",
            "journey_map(): needs a case (phanloai.load(...)) or an events table (DataFrame), "
            f"got {type(data).__name__}.",
        )
    missing = [c for c in ("customer_id", "event_type") if c not in events.columns]
    if missing:
        raise PhanloaiError(
            f"journey_map(): bảng sự kiện thiếu cột: {', '.join(missing)}.",
            f"journey_map(): the events table is missing column(s): {', '.join(missing)}.",
        )
    if "channel" in events.columns:
        return events, events["channel"]
    if (
        sessions is not None
        and "session_id" in events.columns
        and {"session_id", "traffic_source"} <= set(sessions.columns)
    ):
        source = pd.Series(
            sessions["traffic_source"].astype("object").to_numpy(),
            index=sessions["session_id"].astype("str"),
        )
        sid = events["session_id"]
        codes, uniques = pd.factorize(sid)  # look each session up once, not once per event
        found = source.reindex(pd.Index(uniques).astype("str")).to_numpy()
        return events, pd.Series(
            np.append(found, None)[np.where(codes < 0, len(found), codes)], index=events.index
        )
    return events, None


def journey_map(
    data, *, channels: bool = False, stages: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Bản đồ hành trình 5A — the journey-mapping template: 5A stages × touchpoints, with counts.

    Parameters
    ----------
    data : a case (``phanloai.load("spa")``) or an events table with ``customer_id`` and
        ``event_type`` (and optionally ``channel``).
    channels : also split each touchpoint by channel (the event's ``channel``; on the fashion
        shop, the traffic source of the web session; "—" when the event has none).
    stages : event type → 5A stage code (default: the worlds' own mapping,
        :data:`phanloai.features.EVENT_STAGES`). Event types it does not know go to an
        ``unknown`` stage at the end.

    Returns
    -------
    DataFrame, one row per touchpoint (rows numbered from 1), in stage order and, within a
    stage, the busiest touchpoint first: ``journey_stage`` (code), ``touchpoint`` (event type),
    [``touch_channel``], ``events``, ``customers`` (distinct customers), ``share_in_stage``
    (the touchpoint's share of the stage's events), then the empty columns the class fills in:
    ``context``, ``department_in_charge``, ``task``. A stage with no recorded event keeps one row
    (touchpoint ``not_recorded``, zero counts) so the map always has all five stages.

    Examples
    --------
    >>> import phanloai
    >>> spa = phanloai.load("spa")
    >>> table = journey_map(spa, channels=True)
    >>> styler = phanloai.show(table, n=None)   # in words
    >>> list(table.columns[-3:])
    ['context', 'department_in_charge', 'task']
    """
    if not isinstance(channels, bool | np.bool_):
        raise PhanloaiError(
            f"journey_map(): channels cần True hoặc False, nhận được {channels!r}.",
            f"journey_map(): channels must be True or False, got {channels!r}.",
        )
    if stages is None:
        stages = EVENT_STAGES
    elif not isinstance(stages, Mapping) or not all(v in STAGES for v in stages.values()):
        raise PhanloaiError(
            f"journey_map(): stages cần là dict loại sự kiện → một trong {', '.join(STAGES)}.",
            f"journey_map(): stages must be a dict event type → one of {', '.join(STAGES)}.",
        )
    events, channel = _events_and_channels(data)
    # categories: a few event types and channels over many events, so the grouping stays quick
    etype = events["event_type"].astype("str").astype("category")
    keys = {
        "journey_stage": etype.map(lambda v: stages.get(v, UNKNOWN_CODE)),
        "touchpoint": etype,
    }
    if channels:
        keys["touch_channel"] = (
            pd.Series(pd.NA, index=events.index, dtype="object")
            if channel is None
            else channel.astype("object")
        ).astype("category")
    frame = pd.DataFrame(keys, index=events.index)
    frame["customer_id"] = pd.factorize(events["customer_id"])[0]
    counted = (
        frame.groupby(list(keys), dropna=False, observed=True, sort=False)["customer_id"]
        .agg(events="size", customers="nunique")
        .reset_index()
    )
    for key in keys:  # plain values again (codes and channel names), blanks as missing
        counted[key] = counted[key].astype("object").where(counted[key].notna(), None)
    order = [*STAGES, UNKNOWN_CODE]
    empty = [s for s in STAGES if s not in set(counted["journey_stage"])]
    if empty:
        filler = pd.DataFrame(
            {"journey_stage": empty, "touchpoint": NOT_RECORDED, "events": 0, "customers": 0}
        )
        counted = pd.concat([counted, filler], ignore_index=True)
    counted["_rank"] = counted["journey_stage"].map(order.index)
    sort_by = ["_rank", "events", "touchpoint"] + (["touch_channel"] if channels else [])
    counted = counted.sort_values(
        sort_by, ascending=[True, False, True] + [True] * channels, kind="stable"
    )
    totals = counted.groupby("journey_stage")["events"].transform("sum").to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        counted["share_in_stage"] = np.where(
            totals > 0, counted["events"] / np.where(totals > 0, totals, 1), np.nan
        )
    columns = [*keys, "events", "customers", "share_in_stage"]
    table = counted[columns].astype({"events": "int64", "customers": "int64"})
    for col in FILL_IN:
        table[col] = ""
    table.index = pd.RangeIndex(1, len(table) + 1)
    words = {**TOUCHPOINTS, NOT_RECORDED: _NOT_RECORDED_WORDS}
    table.attrs = {
        "report": "journey_map",
        "dims": [],
        "channels": bool(channels),
        "value_words": {"journey_stage": _stage_words(), "touchpoint": words},
    }
    return table


def journey_steps() -> pd.DataFrame:
    """Article 003's five steps of building a journey map and what the data give at each
    (rows: step codes ``b1``…``b5``; shown in words with :func:`phanloai.show`)."""
    table = pd.DataFrame(
        {"in_data": [tr(vi_how, en_how) for _, _, vi_how, en_how in STEPS.values()]},
        index=pd.Index(list(STEPS), name="map_step"),
    )
    table.attrs = {
        "report": "journey_steps",
        "words": {code: (vi, en) for code, (vi, en, _, _) in STEPS.items()},
    }
    return table


def experience(customers: pd.DataFrame) -> pd.DataFrame:
    """Trải nghiệm và mua lại — buyers who voiced a good experience (``advocate_events`` ≥ 1: a
    5-star review, a referral, a product review) beside buyers who did not.

    Returns a table indexed by ``advocate`` / ``quiet`` with ``customers`` (buyers),
    ``repeat_share`` (share with at least 2 orders), ``orders_per_buyer`` and
    ``revenue_per_customer`` (average ``total_spend``). A link, not a cause: loyal customers are
    also the ones most likely to speak up.
    """
    need = [c for c in ("n_orders", "total_spend", "advocate_events") if c not in customers]
    if need:
        raise PhanloaiError(
            f"experience(): bảng khách hàng thiếu cột: {', '.join(need)}.",
            f"experience(): the customer table is missing column(s): {', '.join(need)}.",
        )
    buyers = customers[customers["n_orders"] >= 1]
    spoke = buyers["advocate_events"] >= 1
    rows = {}
    for code, part in (("advocate", buyers[spoke]), ("quiet", buyers[~spoke])):
        n = len(part)
        rows[code] = {
            "customers": n,
            "repeat_share": float((part["n_orders"] >= 2).mean()) if n else np.nan,
            "orders_per_buyer": float(part["n_orders"].mean()) if n else np.nan,
            "revenue_per_customer": float(part["total_spend"].mean()) if n else np.nan,
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "experience_group"
    table.attrs = {"report": "experience", "words": _EXPERIENCE_WORDS}
    return table


def save_journey_map(table: pd.DataFrame, path: str | Path, force: bool = False) -> Path:
    """Write the journey map to an Excel file, in words (current language), for the class to
    fill in; a second sheet lists article 003's five steps. Nothing is overwritten unless
    ``force=True``; the file is written whole or not at all. Returns the path written."""
    from ..display import in_words
    from ..export import save_tables

    if not isinstance(table, pd.DataFrame) or table.attrs.get("report") != "journey_map":
        raise PhanloaiError(
            "save_journey_map(): cần bảng do journey_map() trả về.",
            "save_journey_map(): needs the table journey_map() returned.",
        )
    if not str(path).endswith(".xlsx"):
        raise PhanloaiError(
            f"save_journey_map(): tên tệp cần kết thúc bằng .xlsx, nhận được '{path}'.",
            f"save_journey_map(): the file name must end in .xlsx, got '{path}'.",
        )
    steps = in_words(journey_steps()).reset_index()
    sheets = {
        tr("ban_do_hanh_trinh", "journey_map"): in_words(table),
        tr("cac_buoc", "steps"): steps,
    }
    (written,) = save_tables(sheets, path, force=force)
    return written
