"""Báo cáo sau phân loại — the reports that follow a classification (articles 000, 001, 002).

Each report takes the customer table and the labels ``phanloai.classify`` returned (or a column
name, or any Series with one label per customer) and returns a small DataFrame. Its columns are
stable keys (``customers``, ``revenue``, ``conversion``…) and its rows level codes, the same in
every language; :func:`phanloai.show` and the charts put the words on. Nothing the caller passes
in is ever changed.

- :func:`profile` — per level: customers, revenue, orders, average order value, conversion;
- :func:`prioritize` — segments ranked by size, revenue or value; too-narrow ones flagged (001);
- :func:`cross` — two or three classifications crossed, e.g. industry × region × contract (002);
- :func:`funnel` — customers at or beyond each stage of a staged scheme, with step conversion;
- :func:`revenue_by_source` — "where the money flows from": leads, buyers, revenue per source (000);
- :func:`staff_performance` — leads each salesperson handles and converts (000);
- :func:`call_campaign` — a simulated lead-filtering call campaign, as a funnel (001);
- :func:`furthest_stage` — each lead's furthest stage in the pipeline history, for
  ``funnel(..., furthest=...)`` (000);
- :func:`journey_map` — the 5A customer journey map: stages × touchpoints from the events, with
  empty columns for the class (003); :func:`journey_steps`, :func:`experience`,
  :func:`save_journey_map`.

``report.attrs`` says which report it is and what it grouped by (``dims``), for the charts.
"""

from .campaign import CALL_PARAMS, CALL_STEPS, CallCampaign, call_campaign
from .funnel import funnel
from .journey_map import experience, journey_map, journey_steps, save_journey_map
from .pipeline import furthest_stage
from .sales import revenue_by_source, staff_performance
from .segments import BY_MEASURE, cross, prioritize, profile

__all__ = [
    "BY_MEASURE",
    "CALL_PARAMS",
    "CALL_STEPS",
    "CallCampaign",
    "call_campaign",
    "cross",
    "experience",
    "funnel",
    "furthest_stage",
    "journey_map",
    "journey_steps",
    "prioritize",
    "profile",
    "revenue_by_source",
    "save_journey_map",
    "staff_performance",
]
