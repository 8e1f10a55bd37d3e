"""Giá trị vòng đời khách hàng — customer lifetime value (CLV), historic and model-based.

Two ways to put a value on a customer:

- **historic value** (:func:`historic_value`): what the customer has already brought in — the
  gross profit of their orders (spend × gross margin). Needs nothing but the order features.
- **model-based value** (:func:`fit`): how likely the customer is still "alive", how many
  purchases to expect, and the discounted value of the next months — the BG/NBD and Gamma-Gamma
  models of PyMC-Marketing, a well-kept library, installed only when wanted::

      uv sync --extra clv

  :func:`holdout` fits on the orders up to one date and checks the forecast on the months after
  it — the way to see whether a model deserves trust before using it.

Purchases here are counted as the models count them: **repeat purchase days** (several orders on
one day are one purchase, the first purchase day is not a repeat). The margins below are teaching
assumptions stated once (a spa's services, a fashion shop's retail mark-up, a distributor's thin
trade margin), not facts from the cases; pass ``margin=`` to use your own.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._i18n import PhanloaiError
from .features import as_of_bounds, local_times

__all__ = [
    "MARGINS",
    "INSTALL_HINT",
    "ClvFit",
    "available",
    "fit",
    "historic_value",
    "holdout",
    "plot_holdout",
    "summary",
]

#: Gross margin per case (share of the revenue left after the cost of what was sold).
MARGINS = {"spa": 0.60, "fashion": 0.45, "bolts": 0.22}

INSTALL_HINT = (
    "Mô hình CLV cần thư viện PyMC-Marketing: chạy `uv sync --extra clv` rồi khởi động lại kernel.\n"
    "(English: model-based CLV needs PyMC-Marketing: run `uv sync --extra clv`, then restart the "
    "kernel.)"
)


@contextlib.contextmanager
def _quiet():
    """The libraries' notes about BLAS, compilers and sampling are for their developers, not for
    a class: kept out of the notebook while the models are imported, fitted and asked."""
    loggers = [logging.getLogger(name) for name in ("pymc", "pytensor", "pymc_marketing")]
    levels = [lg.level for lg in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for lg in loggers:
            lg.setLevel(logging.ERROR)
        try:
            yield
        finally:
            for lg, level in zip(loggers, levels, strict=True):
                lg.setLevel(level)


def available() -> bool:
    """Whether PyMC-Marketing is installed (the ``clv`` extra)."""
    try:
        with _quiet():
            import pymc_marketing.clv  # noqa: F401
    except ImportError:
        return False
    return True


def _need_library():
    if not available():
        raise PhanloaiError(
            "Mô hình CLV cần thư viện PyMC-Marketing: chạy `uv sync --extra clv`.",
            "Model-based CLV needs PyMC-Marketing: run `uv sync --extra clv`.",
        )
    import pymc_marketing.clv as clv

    return clv


def margin_of(case, margin=None, func: str = "historic_value") -> float:
    """The gross margin to use: ``margin`` when given, else the case's from :data:`MARGINS`;
    a number in (0, 1] or a bilingual error naming ``func``."""
    if margin is None:
        name = getattr(case, "name", None)
        if name not in MARGINS:
            raise PhanloaiError(
                f"Cần tỷ suất lợi nhuận gộp: {func}(..., margin=0.4) (40 % doanh thu).",
                f"A gross margin is needed: {func}(..., margin=0.4) (40 % of revenue).",
            )
        margin = MARGINS[name]
    try:
        value = float(margin)
    except (TypeError, ValueError):
        value = float("nan")
    if not 0 < value <= 1:
        raise PhanloaiError(
            f"margin = {margin!r}: tỷ suất lợi nhuận gộp là một số trong (0, 1], ví dụ 0.45.",
            f"margin = {margin!r}: the gross margin is a number in (0, 1], e.g. 0.45.",
        )
    return value


def historic_value(case, margin: float | None = None) -> pd.Series:
    """Gross profit each customer has brought so far: ``total_spend × margin`` (0 for a contact
    who never bought; missing where the spend is not known). ``case``: a case (its margin from
    :data:`MARGINS` unless given) or a customer table with ``total_spend``.

    >>> table = pd.DataFrame({"total_spend": [1_000_000, 0, None]})
    >>> historic_value(table, margin=0.4).tolist()
    [400000.0, 0.0, nan]
    """
    table = case.customers if hasattr(case, "customers") else case
    m = margin_of(case, margin)
    if "total_spend" not in table.columns:
        raise PhanloaiError(
            "historic_value(): bảng cần cột total_spend (tổng chi tiêu).",
            "historic_value(): the table needs a total_spend column.",
        )
    spend = pd.to_numeric(table["total_spend"], errors="coerce").astype(float)
    return (spend * m).rename("historic_value")


def value_by_segment(case, labels, margin: float | None = None) -> pd.DataFrame:
    """Historic value (:func:`historic_value`) per segment, most value first: ``customers``,
    ``value_mean`` (per customer) and ``value_total``. ``labels``: what
    ``phanloai.classify(table, …)`` returned for the same table (or a column name).

    >>> table = pd.DataFrame({"total_spend": [1_000_000, 3_000_000, 500_000]})
    >>> v = value_by_segment(table, pd.Series(["a", "b", "b"]), margin=0.5)
    >>> v["value_total"].tolist(), v["value_mean"].tolist()
    ([1750000.0, 500000.0], [875000.0, 500000.0])
    """
    from .reports._base import dimension, frame

    table = case.customers if hasattr(case, "customers") else case
    value = historic_value(case, margin)
    dim = dimension("value_by_segment", labels, table)
    per = value.groupby(dim.values, observed=False)
    out = frame(
        dim.index(),
        {
            "customers": per.size().reindex(dim.levels).to_numpy(),
            "value_mean": per.mean().reindex(dim.levels).to_numpy(),
            "value_total": per.sum().reindex(dim.levels).to_numpy(),
        },
        "value_by_segment",
        [dim],
    )
    return out[out["customers"] > 0].sort_values("value_total", ascending=False)


def summary(orders: pd.DataFrame, as_of, amount: str = "amount", date: str = "order_date"):
    """Per buyer the quantities the models read: ``frequency`` (repeat purchase days),
    ``recency`` (days from the first to the last purchase day), ``T`` (days from the first
    purchase day to ``as_of``) and ``monetary_value`` (mean spend of a repeat purchase day; 0
    without repeats). Orders after ``as_of`` are left out, as in :func:`phanloai.order_features`;
    so are refunds (negative amounts) and lines without a readable date.

    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "A", "B"],
    ...     "order_date": ["2025-01-01", "2025-01-01 18:00", "2025-01-11", "2025-01-21"],
    ...     "amount": [100, 50, 300, 70]})
    >>> summary(orders, "2025-01-31").to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'customer_id': ['A', 'B'], 'frequency': [1, 0], 'recency': [10, 0], 'T': [30, 10],
     'monetary_value': [300.0, 0.0]}
    """
    missing = [c for c in ("customer_id", amount, date) if c not in orders.columns]
    if missing:
        raise PhanloaiError(
            f"Bảng đơn hàng thiếu cột: {', '.join(missing)}.",
            f"The order table is missing column(s): {', '.join(missing)}.",
        )
    day, cutoff = as_of_bounds(as_of)
    stamps = local_times(orders[date], "orders", date)
    refund = (pd.to_numeric(orders[amount], errors="coerce") < 0).to_numpy()
    keep = ~np.isnat(stamps) & (stamps <= cutoff) & ~refund  # a refund is no purchase
    o = pd.DataFrame(
        {
            "customer_id": orders["customer_id"].to_numpy()[keep],
            "day": stamps[keep].astype("datetime64[D]"),
            "amount": pd.to_numeric(orders[amount], errors="coerce").to_numpy(dtype=float)[keep],
        }
    )
    daily = o.groupby(["customer_id", "day"], sort=True)["amount"].sum().reset_index()
    g = daily.groupby("customer_id", sort=True)
    first, last, n = g["day"].min(), g["day"].max(), g.size()
    total = g["amount"].sum()
    first_spend = daily.drop_duplicates("customer_id").set_index("customer_id")["amount"]
    repeats = n - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        monetary = np.where(repeats > 0, (total - first_spend) / repeats.clip(lower=1), 0.0)
    return pd.DataFrame(
        {
            "customer_id": n.index.to_numpy(),
            "frequency": repeats.to_numpy(dtype=np.int64),
            "recency": (last - first).dt.days.to_numpy(dtype=np.int64),
            "T": (pd.Timestamp(day) - first).dt.days.to_numpy(dtype=np.int64),
            "monetary_value": np.asarray(monetary, dtype=float),
        }
    )


@dataclass
class ClvFit:
    """A fitted CLV model: ``table`` has per buyer the summary columns and ``p_alive``,
    ``expected_purchases`` (in ``horizon_days``) and ``clv`` (discounted gross profit of the next
    ``months``); ``params`` the fitted model parameters."""

    table: pd.DataFrame
    params: dict
    as_of: pd.Timestamp
    horizon_days: int
    months: int
    margin: float


def _point(values) -> np.ndarray:
    """A posterior (chain, draw, customer) or a MAP result → one number per customer."""
    dims = [d for d in ("chain", "draw") if d in getattr(values, "dims", ())]
    return np.asarray(values.mean(dims) if dims else values, dtype=float)


def fit(
    orders: pd.DataFrame,
    as_of,
    *,
    margin: float,
    horizon_days: int = 180,
    months: int = 12,
    monthly_discount: float = 0.01,
) -> ClvFit:
    """Fit BG/NBD (purchases and dropping out) and Gamma-Gamma (spend per purchase) on the
    orders up to ``as_of`` (maximum a posteriori: seconds, deterministic)."""
    clv = _need_library()
    m = margin_of(None, margin, "fit")
    data = summary(orders, as_of)
    if (data["frequency"] > 0).sum() < 20:
        raise PhanloaiError(
            "Cần ít nhất 20 khách đã mua lại trước ngày as_of để ước lượng mô hình CLV.",
            "At least 20 customers who bought again before as_of are needed to fit a CLV model.",
        )
    with _quiet():
        bg = clv.BetaGeoModel(data=data[["customer_id", "frequency", "recency", "T"]])
        bg.fit(fit_method="map", progressbar=False)
        repeat = data[data["frequency"] > 0]
        gg = clv.GammaGammaModel(data=repeat[["customer_id", "frequency", "monetary_value"]])
        gg.fit(fit_method="map", progressbar=False)
        table = data.copy()
        table["p_alive"] = _point(bg.expected_probability_alive(data=data))
        table["expected_purchases"] = _point(
            bg.expected_purchases(data=data, future_t=horizon_days)
        )
        # the spend of one purchase: the Gamma-Gamma estimate for repeat buyers, the population mean
        # for one-time buyers (the model's own prior mean)
        spend = _point(gg.expected_customer_spend(data=repeat))
        per_purchase = np.full(len(data), float(np.mean(spend)))
        per_purchase[(data["frequency"] > 0).to_numpy()] = spend
        table["expected_spend"] = per_purchase
        value = _point(
            gg.expected_customer_lifetime_value(
                transaction_model=bg,
                data=data.assign(monetary_value=per_purchase),
                future_t=months,
                discount_rate=monthly_discount,
                time_unit="D",
            )
        )
        table["clv"] = value * m
    params = {
        **{k: float(v) for k, v in bg.fit_summary().items()},
        **{f"gg_{k}": float(v) for k, v in gg.fit_summary().items()},
    }
    return ClvFit(table, params, pd.Timestamp(as_of_bounds(as_of)[0]), horizon_days, months, m)


def holdout(case, train_end, test_end=None, margin: float | None = None) -> pd.DataFrame:
    """Fit on the orders up to ``train_end``, forecast the purchase days of the period after it
    (to ``test_end``, default the case's as-of date) and put forecast and reality side by side,
    by tenth of the forecast (``decile`` 1 = the tenth expected to buy most): ``customers``,
    ``expected_days`` and ``actual_days`` (purchase days per customer) and ``p_alive``. The last
    line, ``decile = 0``, is everyone; ``result.attrs["fit"]`` is the :class:`ClvFit`."""
    orders = case.tables["orders"] if hasattr(case, "tables") else case
    test_end = test_end if test_end is not None else getattr(case, "as_of", None)
    if test_end is None:
        raise PhanloaiError(
            "holdout(): cần ngày kết thúc giai đoạn kiểm tra (test_end).",
            "holdout(): the end of the test period (test_end) is needed.",
        )
    start, end = pd.Timestamp(as_of_bounds(train_end)[0]), pd.Timestamp(as_of_bounds(test_end)[0])
    if end <= start:
        raise PhanloaiError(
            f"holdout(): test_end ({end:%d/%m/%Y}) phải sau train_end ({start:%d/%m/%Y}).",
            f"holdout(): test_end ({end:%d/%m/%Y}) must come after train_end ({start:%d/%m/%Y}).",
        )
    m = margin_of(case, margin, "holdout")
    fitted = fit(orders, start, margin=m, horizon_days=int((end - start).days))
    t = fitted.table
    stamps = local_times(orders["order_date"]).astype("datetime64[D]")
    later = (stamps > np.datetime64(start, "D")) & (stamps <= np.datetime64(end, "D"))
    days = pd.DataFrame(
        {"customer_id": orders["customer_id"].to_numpy()[later], "d": stamps[later]}
    )
    actual = days.drop_duplicates().groupby("customer_id").size()
    t = t.assign(actual=actual.reindex(t["customer_id"]).fillna(0).to_numpy())
    rank = t["expected_purchases"].rank(method="first", ascending=False)
    t["group"] = (1 + (rank - 1) * 10 // len(t)).astype(int)
    by = t.groupby("group").agg(
        customers=("customer_id", "size"),
        expected_days=("expected_purchases", "mean"),
        actual_days=("actual", "mean"),
        p_alive=("p_alive", "mean"),
    )
    everyone = pd.DataFrame(
        {
            "customers": [len(t)],
            "expected_days": [t["expected_purchases"].mean()],
            "actual_days": [t["actual"].mean()],
            "p_alive": [t["p_alive"].mean()],
        },
        index=pd.Index([0], name="group"),
    )
    out = pd.concat([by, everyone]).reset_index().rename(columns={"group": "decile"})
    out.attrs["fit"] = fitted
    return out


def plot_holdout(check: pd.DataFrame):
    """Forecast against reality per tenth (the result of :func:`holdout`): two bars per tenth,
    words in the current language. Returns the matplotlib figure."""
    import matplotlib.pyplot as plt

    from ._i18n import tr
    from .vocab import term

    rows = check[check["decile"] > 0]
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    x = np.arange(len(rows))
    ax.bar(x - 0.2, rows["expected_days"], 0.4, label=term("expected_days").short, color="#4C72B0")
    ax.bar(x + 0.2, rows["actual_days"], 0.4, label=term("actual_days").short, color="#DD8452")
    ax.set_xticks(x, [str(d) for d in rows["decile"]])
    ax.set_xlabel(tr("Nhóm 1/10 theo dự báo (1 = mua nhiều nhất)", "Tenth by forecast (1 = most)"))
    ax.set_ylabel(tr("Ngày mua mỗi khách", "Purchase days per customer"))
    ax.set_title(tr("Dự báo và thực tế ở giai đoạn kiểm tra", "Forecast and reality, test period"))
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig
