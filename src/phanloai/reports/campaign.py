"""The lead-filtering call campaign of article 001, simulated as a funnel."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .._i18n import tr
from ..schemes.base import Param
from ..vn import format_number
from ._base import check_table, dimension, frame, number, orders, share

__all__ = ["CALL_PARAMS", "CALL_STEPS", "CallCampaign", "call_campaign"]

#: The campaign's tunable probabilities: default, range and step (read by widgets).
CALL_PARAMS: dict[str, Param] = {
    "reach": Param(
        "reach", 0.6, "Tỷ lệ nghe máy", "Share who pick up", 0.0, 1.0, 0.05, kind="share"
    ),
    "verify": Param(
        "verify",
        0.9,
        "Tỷ lệ xác minh đúng người",
        "Share whose identity is confirmed",
        0.0,
        1.0,
        0.05,
        kind="share",
    ),
    "remind": Param(
        "remind",
        0.8,
        "Tỷ lệ nghe hết lời nhắc dịch vụ",
        "Share who listen to the service reminder",
        0.0,
        1.0,
        0.05,
        kind="share",
    ),
    "interested": Param(
        "interested",
        0.3,
        "Tỷ lệ có nhu cầu",
        "Share who are interested",
        0.0,
        1.0,
        0.05,
        kind="share",
    ),
}
#: The steps (codes) and how they read.
CALL_STEPS: dict[str, tuple[str, str]] = {
    "call_list": ("Danh sách gọi", "Call list"),
    "reach": ("Nghe máy", "Picked up"),
    "verify": ("Xác minh đúng người", "Identity verified"),
    "remind": ("Nghe nhắc lại dịch vụ đã đăng ký", "Reminded of the service"),
    "interested": ("Có nhu cầu → chuyển telesale", "Interested → handed to telesales"),
}


class CallCampaign(NamedTuple):
    """The result of :func:`call_campaign`: ``funnel`` (the table) and ``telesales`` (the ids of
    the warm leads handed to telesales). Unpacks as ``table, ids = call_campaign(...)``."""

    funnel: pd.DataFrame
    telesales: pd.Series

    def _repr_html_(self) -> str:
        from ..display import show

        n = format_number(len(self.telesales), 0)
        head = tr(
            f"<b>{n} lead nóng chuyển cho telesale</b>",
            f"<b>{n} warm leads handed to telesales</b>",
        )
        return head + show(self.funnel, n=None).to_html()


def call_campaign(
    customers: pd.DataFrame,
    reach: float = CALL_PARAMS["reach"].default,
    verify: float = CALL_PARAMS["verify"].default,
    remind: float = CALL_PARAMS["remind"].default,
    interested: float = CALL_PARAMS["interested"].default,
    seed: int = 0,
    exclude_buyers: bool = True,
) -> CallCampaign:
    """Chiến dịch gọi lọc lead — simulate the lead-filtering calls of article 001.

    Each person on the list is called: they pick up (``reach``), the caller confirms it is the
    right person (``verify``), reminds them of the service they signed up for (``remind``) and asks
    whether they need it (``interested``); the warm leads go to telesales. Each step keeps a
    person with its probability, given they passed the previous steps.

    Parameters
    ----------
    customers : the people who could be called (one row per person; ids from ``customer_id``
        when present, else the index).
    reach, verify, remind, interested : step probabilities, each 0 … 1 (see :data:`CALL_PARAMS`).
    seed : random seed (a whole number ≥ 0); the same list, probabilities and seed give the same result.
    exclude_buyers : leave out people who already bought (``n_orders`` > 0): a lead-filtering call
        is for leads. Their number is kept in ``funnel.attrs["excluded_buyers"]``.

    Returns
    -------
    CallCampaign(funnel, telesales): ``funnel`` is indexed by step code (``call_list``, ``reach``,
    ``verify``, ``remind``, ``interested``) with ``people`` (who got this far), ``step_rate``,
    ``of_top``, ``probability``, ``expected``; ``telesales`` holds the ids of the warm leads, in
    list order.

    Examples
    --------
    >>> import phanloai
    >>> spa = phanloai.load("spa")
    >>> table, ids = phanloai.call_campaign(spa.customers, reach=0.5, seed=1)
    >>> int(table.loc["call_list", "people"]) == int((spa.customers["n_orders"] == 0).sum())
    True
    >>> len(ids) == int(table.loc["interested", "people"])
    True
    """
    func = "call_campaign"
    customers = check_table(func, customers)
    given = {"reach": reach, "verify": verify, "remind": remind, "interested": interested}
    p = {k: number(func, k, v, CALL_PARAMS[k].lo, CALL_PARAMS[k].hi) for k, v in given.items()}
    seed = number(func, "seed", seed, 0, 2**32 - 1, integer=True)
    excluded = 0
    if exclude_buyers and "n_orders" in customers.columns:
        bought = (orders(func, customers) > 0).to_numpy()
        excluded = int(bought.sum())
        customers = customers.loc[~bought]
    n = len(customers)
    probs = np.array([p[k] for k in list(CALL_STEPS)[1:]])
    rng = np.random.default_rng(seed)
    # One draw per person and step: raising a probability never loses anyone who passed before.
    passed = np.logical_and.accumulate(rng.random((n, len(probs))) < probs, axis=1)
    people = np.concatenate([[n], passed.sum(axis=0)]).astype("int64")
    expected = n * np.concatenate([[1.0], np.cumprod(probs)])
    has_ids = "customer_id" in customers.columns
    ids = customers["customer_id"] if has_ids else customers.index.to_series()
    warm = passed[:, -1] if n else np.zeros(0, dtype=bool)
    telesales = pd.Series(np.asarray(ids)[warm], name="customer_id" if has_ids else ids.name)
    steps = list(CALL_STEPS)
    dim = dimension(
        func, pd.Series(pd.Categorical(steps, categories=steps, ordered=True), name="step")
    )
    data = {
        "people": people,
        "step_rate": np.concatenate([[np.nan], share(people[1:], people[:-1])]),
        "of_top": share(people, n),
        "probability": np.concatenate([[np.nan], probs]),
        "expected": expected,
    }
    table = frame(
        dim.index(),
        data,
        "call_campaign",
        [dim],
        {"params": p | {"seed": seed}, "excluded_buyers": excluded, "words": dict(CALL_STEPS)},
    )
    return CallCampaign(table, telesales)
