"""Geography: the 34 provincial units (from 1 July 2025), regions and distances."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from .vn import REGIONS, read_table

#: Regions as commonly taught, north to south.
EARTH_RADIUS_KM = 6371.0088


@cache
def provinces() -> pd.DataFrame:
    """The 34 provincial units with region, approximate centre and population (millions)."""
    table = read_table("provinces")
    table["region"] = pd.Categorical(table["region"], categories=REGIONS, ordered=True)
    return table


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km between points (arrays or scalars, degrees)."""
    lat1, lon1, lat2, lon2 = (
        np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2)
    )
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def offset_points(lat, lon, distance_km, bearing_rad):
    """Points ``distance_km`` away from (lat, lon) in direction ``bearing_rad`` (flat-earth)."""
    lat = np.asarray(lat, dtype=float)
    dlat = distance_km * np.cos(bearing_rad) / 110.574
    dlon = distance_km * np.sin(bearing_rad) / (111.320 * np.cos(np.radians(lat)))
    return lat + dlat, np.asarray(lon, dtype=float) + dlon


def sample_locations(
    rng: np.random.Generator,
    n: int,
    weights: dict[str, float] | None = None,
    spread_km: float = 12.0,
) -> pd.DataFrame:
    """Draw provinces (by population, or by ``weights`` per province / per region) and points
    scattered around each province centre. Returns columns province, region, lat, lon."""
    table = provinces()
    w = table["population_m"].to_numpy(dtype=float).copy()
    if weights:
        factor = np.ones(len(table))
        for key, value in weights.items():
            factor[(table["province"] == key).to_numpy() | (table["region"] == key).to_numpy()] = (
                value
            )
        w = w * factor
    idx = rng.choice(len(table), size=n, p=w / w.sum())
    dist = np.abs(rng.normal(0, spread_km, size=n))
    lat, lon = offset_points(
        table["lat"].to_numpy()[idx],
        table["lon"].to_numpy()[idx],
        dist,
        rng.uniform(0, 2 * np.pi, n),
    )
    return pd.DataFrame(
        {
            "province": pd.Categorical.from_codes(
                idx, categories=pd.Index(table["province"], dtype="str")
            ),
            "region": pd.Categorical.from_codes(
                table["region"].cat.codes.to_numpy()[idx], dtype=table["region"].dtype
            ),
            "lat": lat.round(5),
            "lon": lon.round(5),
        }
    )
