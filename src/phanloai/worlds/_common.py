"""Building blocks shared by the case worlds (all vectorised NumPy draws)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from .. import vn
from ..features import add_features
from ..geo import offset_points, provinces, sample_locations
from ..params import Params

# Approximate population shares of the 16 MBTI types (Myers-Briggs Foundation estimates, %).
MBTI_SHARES = {
    "ISTJ": 11.6,
    "ISFJ": 13.8,
    "INFJ": 1.5,
    "INTJ": 2.1,
    "ISTP": 5.4,
    "ISFP": 8.8,
    "INFP": 4.4,
    "INTP": 3.3,
    "ESTP": 4.3,
    "ESFP": 8.5,
    "ENFP": 8.1,
    "ENTP": 3.2,
    "ESTJ": 8.7,
    "ESFJ": 12.3,
    "ENFJ": 2.5,
    "ENTJ": 1.8,
}


@dataclass
class World:
    """What a generator returns: the tables, and facts the case object shows."""

    tables: dict[str, pd.DataFrame]
    as_of: pd.Timestamp
    shop: dict | None = None
    extra: dict = field(default_factory=dict)


def categorical(codes: np.ndarray, labels) -> pd.Categorical:
    return pd.Categorical.from_codes(
        np.asarray(codes), categories=pd.Index(list(labels), dtype="str")
    )


def draw(rng: np.random.Generator, n: int, shares: dict[str, float]) -> np.ndarray:
    """Codes 0..k-1 drawn with the given shares (dict order)."""
    prob = np.fromiter(shares.values(), dtype=float)
    return rng.choice(len(prob), size=n, p=prob / prob.sum())


def draw_cat(rng: np.random.Generator, n: int, shares: dict[str, float]) -> pd.Categorical:
    return categorical(draw(rng, n, shares), shares.keys())


def labelled_shares(p: Params, key: str) -> tuple[list[str], dict[str, float]]:
    """For ``[key.code]`` tables with ``label`` and ``share``: the codes, and the shares by label."""
    shares = p.shares(key)
    keyed = [((key, code, "label"), p.label((key, code, "label"))) for code in shares]
    p.check_distinct(keyed)  # two entries with one label would merge into one
    labels = [label for _, label in keyed]
    return list(shares), dict(zip(labels, shares.values(), strict=True))


def season_dates(
    rng: np.random.Generator, n: int, start: date, end: date, month_weights, day_factor=None
) -> np.ndarray:
    """Dates in [start, end] whose month follows ``month_weights`` (12 numbers); ``day_factor``
    (a callable: the days → a factor each) makes some days likelier or rarer than others."""
    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)
    months = days.astype("datetime64[M]").astype(int) % 12
    w = np.asarray(month_weights, dtype=float)[months]
    if day_factor is not None:
        w = w * day_factor(days)
    return days[rng.choice(len(days), size=n, p=w / w.sum())]


def people(
    rng: np.random.Generator,
    n: int,
    p: Params,
    as_of: date,
    key: str = "people",
    female: np.ndarray | None = None,
    age: np.ndarray | None = None,
    region: np.ndarray | None = None,
) -> pd.DataFrame:
    """Individuals: gender, Vietnamese full name, birth year, age, phone, marital status, income
    band, job title, interest cluster and MBTI type (known for about a third). ``female`` and
    ``age`` may be given (a world's persona); otherwise they are drawn from ``[people]``.

    What a person is hangs together: the name follows the year of birth and the region (when
    ``region`` is given), the occupation the age and gender (``data/occupations.csv``), the
    marital status the age (the youngest are the single ones, in the declared shares) and the
    income band the occupation and age (in the declared shares)."""
    if female is None:
        female = rng.random(n) < p.get(f"{key}.female_share", float, 0, 1)
    gender = categorical(np.where(female, 0, 1), vn.GENDERS)
    if age is None:
        age = age_draw(rng, n, p, key)
    birth_year = (as_of.year - age).astype(np.int64)
    out = pd.DataFrame(
        {
            "full_name": vn.full_names(rng, pd.Series(gender), birth_year, region),
            "gender": gender,
            "birth_year": birth_year,
            "age": age.astype(np.int64),
            "phone": vn.phone_strings(rng, n),
        }
    )
    job, income_level = occupations(rng, age, female)
    if p._raw(f"{key}.marital", None) is not None:
        shares = p.flat_shares(f"{key}.marital")
        # the first status (single) goes to the youngest, give or take a few years; the others
        # are shared among the rest in their declared proportions
        latent = age + rng.normal(0, 4, n)
        out["marital_status"] = _ranked_then_random(rng, latent, shares)
    if p._raw(f"{key}.income", None) is not None:
        shares = p.flat_shares(f"{key}.income")
        # bands in the declared order (lowest first) by earning power: occupation, a career that
        # peaks in the mid-forties, and luck
        latent = income_level + 1.2 - 1.2 * ((age - 45) / 20) ** 2 + rng.normal(0, 0.9, n)
        out["income_band"] = _ranked(latent, shares)
    if p._raw(f"{key}.interests", None) is not None:
        out["interest"] = draw_cat(rng, n, p.flat_shares(f"{key}.interests"))
    out["job_title"] = job
    mbti = draw(rng, n, MBTI_SHARES)
    known = rng.random(n) < 0.35
    out["mbti"] = categorical(np.where(known, mbti, -1), MBTI_SHARES.keys())
    return out


@cache
def _occupation_table() -> tuple[np.ndarray, tuple, np.ndarray]:
    """Per age 0..120 and gender (0 women, 1 men): the cumulative chances of each occupation row;
    each row's title (as a code, and the distinct titles); each row's income level."""
    table = vn.read_table("occupations")
    ages = np.arange(121)
    inside = (ages[:, None] >= table["min_age"].to_numpy()) & (
        ages[:, None] <= table["max_age"].to_numpy()
    )
    weights = np.stack(
        [inside * table["female"].to_numpy(float), inside * table["male"].to_numpy(float)], axis=1
    )
    total = weights.sum(axis=2, keepdims=True)
    cum = np.cumsum(weights / np.where(total > 0, total, 1), axis=2)
    # a title may have several rows: each row's position among the distinct titles
    code, titles = pd.factorize(table["job_title"])
    return cum, (code, list(titles)), table["income"].to_numpy(float)


def occupations(
    rng: np.random.Generator, age: np.ndarray, female: np.ndarray
) -> tuple[pd.Categorical, np.ndarray]:
    """Each person's job title (by age and gender) and its income level."""
    cum, (title_of_row, titles), level = _occupation_table()
    group = np.clip(age, 0, 120).astype(np.int64) * 2 + np.where(female, 0, 1)
    u = rng.random(len(age))
    row = np.empty(len(age), dtype=np.int64)
    flat = cum.reshape(-1, cum.shape[2])
    # one search per age and gender, over the people of that group (sorted by group once)
    order = np.argsort(group.astype(np.int16), kind="stable")
    sorted_group = group[order]
    begins = (
        np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]]) if len(group) else []
    )
    for lo, hi in zip(begins, [*begins[1:], len(group)], strict=True):
        mine = order[lo:hi]
        row[mine] = np.searchsorted(flat[sorted_group[lo]], u[mine], side="right")
    row = np.minimum(row, len(title_of_row) - 1)
    return categorical(title_of_row[row], titles), level[row]


def _ranked(latent: np.ndarray, shares: dict) -> pd.Categorical:
    """The labels in their declared order by the size of ``latent``, in the declared shares."""
    edges = np.quantile(latent, np.cumsum(list(shares.values()))[:-1])
    code = np.searchsorted(edges, latent, side="right")
    return categorical(np.minimum(code, len(shares) - 1), list(shares))


def _ranked_then_random(rng: np.random.Generator, latent: np.ndarray, shares: dict):
    """The first label to the lowest ``latent`` in its share; the others at random among the
    rest, in proportion to their shares."""
    labels = list(shares)
    values = np.array(list(shares.values()), dtype=float)
    first = latent < np.quantile(latent, values[0]) if len(latent) else np.zeros(0, bool)
    rest = values[1:] / values[1:].sum() if len(values) > 1 and values[1:].sum() > 0 else None
    code = np.zeros(len(latent), dtype=np.int64)
    if rest is not None:
        code[~first] = 1 + rng.choice(len(rest), size=int((~first).sum()), p=rest)
    return categorical(code, labels)


def age_draw(rng: np.random.Generator, n: int, p: Params, key: str) -> np.ndarray:
    lo = p.get(f"{key}.age_min", int, 15, 100)
    hi = p.get(f"{key}.age_max", int, lo, 100)
    age = rng.normal(
        p.get(f"{key}.age_mean", float, 15, 90), p.get(f"{key}.age_sd", float, 0.5, 40), n
    )
    return np.clip(np.rint(age), lo, hi).astype(np.int64)


def around(
    rng: np.random.Generator,
    n: int,
    lat: float,
    lon: float,
    radius_km: float,
    inner_km: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Points spread evenly over a disc of ``radius_km`` around (lat, lon) (a ring from
    ``inner_km`` when given)."""
    dist = np.sqrt(rng.random(n) * (radius_km**2 - inner_km**2) + inner_km**2)
    return offset_points(np.full(n, lat), np.full(n, lon), dist, rng.uniform(0, 2 * np.pi, n))


def locations(
    rng: np.random.Generator,
    n: int,
    p: Params,
    local_share: float,
    local_radius_km: float,
    weights: dict | None = None,
) -> pd.DataFrame:
    """Locations: a ``local_share`` around the shop — most within ``local_radius_km``, a
    ``people.local_tail_share`` of them in the ring out to three times that, so the count grows
    smoothly as a radius widens — and the rest anywhere in Vietnam by population (or ``weights``)."""
    shop = shop_of(p)
    loc = sample_locations(rng, n, weights)
    local = rng.random(n) < local_share
    k = int(local.sum())
    lat, lon = around(rng, k, shop["lat"], shop["lon"], local_radius_km)
    tail = rng.random(k) < p.get("people.local_tail_share", float, 0, 1, default=0.0)
    t_lat, t_lon = around(
        rng, int(tail.sum()), shop["lat"], shop["lon"], 3 * local_radius_km, local_radius_km
    )
    lat[tail], lon[tail] = t_lat, t_lon
    loc.loc[local, "lat"] = lat.round(5)
    loc.loc[local, "lon"] = lon.round(5)
    table = provinces()
    row = table.index[table["province"] == shop["province"]][0]
    loc.loc[local, "province"] = shop["province"]
    loc.loc[local, "region"] = table.loc[row, "region"]
    loc["address"] = vn.addresses(rng, loc["province"], loc["region"])
    # a few live in one household with another customer (a mother and her daughter, a couple):
    # the same address and place
    share = p.get("people.household_share", float, 0, 0.5, default=0.03)
    home = np.flatnonzero(local & (rng.random(n) < share))
    if len(home):
        other = np.flatnonzero(local)[rng.integers(0, int(local.sum()), len(home))]
        take = np.arange(n)
        take[home] = other
        for col in ("address", "lat", "lon"):
            loc[col] = loc[col].array.take(take)
    return loc


def shop_of(p: Params) -> dict:
    prov = p.get("shop.province", str)
    if prov not in set(provinces()["province"]):
        raise p.error(
            "shop.province",
            "không phải một trong 34 tỉnh/thành.",
            "is not one of the 34 provincial units.",
        )
    return {
        "name": p.label("shop.name"),
        "province": prov,
        "lat": p.get("shop.lat", float, 8.0, 24.0),
        "lon": p.get("shop.lon", float, 102.0, 110.0),
    }


def staff_table(
    p: Params, rng: np.random.Generator, start: date
) -> tuple[pd.DataFrame, np.ndarray]:
    """The ``[[staff]]`` list as a table, and each person's skill factor."""
    entries = p.entries("staff")
    rows = [
        {
            "staff_id": sub.label("staff_id"),
            "full_name": sub.label("name"),
            "role": sub.get("role", str),
            "skill": sub.get("skill", float, 0.0, 5.0),
            "branch": sub.get("branch", str, default=p.get("shop.name", str, default="")),
        }
        for sub in entries
    ]
    p.check_distinct([(("staff", i, "staff_id"), r["staff_id"]) for i, r in enumerate(rows)])
    table = pd.DataFrame(rows)
    days = rng.integers(200, 2500, len(table))
    table["start_date"] = (np.datetime64(start, "D") - days).astype("datetime64[s]")
    skill = table.pop("skill").to_numpy(dtype=float)
    table["staff_id"] = table["staff_id"].astype("str")
    return table, skill


def internal_table(p: Params, rng: np.random.Generator, departments: list[str]) -> pd.DataFrame:
    """Internal customers (article 003): managers, colleagues, subordinates, other branches,
    partners — counts from ``[internal]``."""
    counts = p._raw("internal")
    if not isinstance(counts, dict) or not counts:
        raise p.error(
            "internal",
            f'cần bảng số lượng khách hàng nội bộ ("quan hệ" = số người), nhận được {counts!r}.',
            f'expected a table of internal-customer counts ("relation" = people), got {counts!r}.',
        )
    relations = list(counts)
    sizes = [p.get(("internal", rel), int, 0, 10_000) for rel in relations]
    n = int(sum(sizes))
    rel_codes = np.repeat(np.arange(len(relations)), sizes)
    female = rng.random(n) < 0.6
    gender = pd.Series(categorical(np.where(female, 0, 1), vn.GENDERS))
    return pd.DataFrame(
        {
            "internal_id": vn.code_strings("NB", np.arange(1, n + 1), 3),
            "full_name": vn.full_names(rng, gender),
            "gender": gender.array,
            "relation": categorical(rel_codes, relations),
            "department": categorical(rng.integers(0, len(departments), n), departments),
            "phone": vn.phone_strings(rng, n),
        }
    )


def ids(prefix: str, n: int, width: int = 7) -> pd.Index:
    return pd.Index(vn.code_strings(prefix, np.arange(1, n + 1), width))


def key_column(codes: np.ndarray, id_index: pd.Index) -> pd.Categorical:
    """A foreign-key column (e.g. ``customer_id`` in orders) stored as codes into ``id_index``."""
    return pd.Categorical.from_codes(np.asarray(codes), categories=id_index)


def group_cumsum(values: np.ndarray, group_starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Cumulative sums restarting at each group (rows of a group are contiguous)."""
    total = np.cumsum(values)
    used = lengths > 0  # empty groups own no rows
    starts = group_starts[used]
    before = np.repeat(total[starts] - values[starts], lengths[used])
    return total - before


def step_in_group(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For groups of given lengths laid end to end: the owner of each row and its step 0..len-1."""
    owner = np.repeat(np.arange(len(lengths)), lengths)
    starts = np.cumsum(lengths) - lengths
    return owner, np.arange(int(lengths.sum())) - np.repeat(starts, lengths)


def finish_customers(
    customers: pd.DataFrame, orders: pd.DataFrame, events: pd.DataFrame, as_of, shop
) -> pd.DataFrame:
    """Join the behaviour features (from orders and events) onto the customers table."""
    return add_features(
        customers, orders, events, as_of=as_of, shop=(shop["lat"], shop["lon"]) if shop else None
    )
