"""Vietnamese data for synthetic customers: names, phones, companies, money and dates.

Faker's ``vi_VN`` locale supplies what it does well (given names, legal forms of companies); the
tables in ``phanloai/data`` correct what it gets wrong or lacks: name order, family-name shares by
region, middle names by year of birth ("Thị" and "Văn" fade among the young), mobile prefixes,
legal form first in company names, streets of the right city and the wards of 2025, occupations
that fit a person's age. Everything is drawn from pools with NumPy, never with one Faker call per
row.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
from faker.providers import BaseProvider
from faker.providers.company.vi_VN import Provider as _FakerCompany
from faker.providers.person.vi_VN import Provider as _FakerPerson

from ._i18n import get_language

GENDERS = ("Nữ", "Nam")


def read_table(name: str) -> pd.DataFrame:
    """One of the package's data tables (``phanloai/data/<name>.csv``, ``#`` comments), read from
    disk once; each call gets its own copy to change freely."""
    return _read_table(name).copy()


@cache
def _read_table(name: str) -> pd.DataFrame:
    text = resources.files("phanloai").joinpath("data", f"{name}.csv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    rows = list(csv.reader(lines))
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    for col in frame.columns:
        converted = pd.to_numeric(frame[col], errors="coerce")
        if converted.notna().all():
            frame[col] = converted
    return frame


def _code_bytes(prefix: str, values: np.ndarray, width: int) -> np.ndarray:
    """One row of ASCII bytes per number: ``prefix`` and the number zero-padded to ``width``."""
    values = np.asarray(values, dtype=np.int64)
    head = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    buf = np.empty((len(values), len(head) + width), dtype=np.uint8)
    buf[:, : len(head)] = head
    rest = values.copy()
    for j in range(len(head) + width - 1, len(head) - 1, -1):  # last digit first
        quotient = rest // 10
        buf[:, j] = rest - quotient * 10 + ord("0")
        rest = quotient
    return buf


def fixed_codes(prefix: str, values: np.ndarray, width: int) -> np.ndarray:
    """Strings ``prefix + zero-padded number`` for many numbers at once, without a Python loop.

    >>> fixed_codes("KH", np.array([7, 1234]), 6).tolist()
    ['KH000007', 'KH001234']
    """
    buf = _code_bytes(prefix, values, width)
    return buf.view(f"S{buf.shape[1]}").ravel().astype(f"U{buf.shape[1]}")


def code_strings(prefix: str, values: np.ndarray, width: int) -> pd.api.extensions.ExtensionArray:
    """The same codes as :func:`fixed_codes`, as a pandas text array (``dtype="str"``) made
    straight from the bytes, without Python or NumPy strings in between."""
    import pyarrow as pa

    buf = _code_bytes(prefix, values, width)
    n, size = buf.shape
    offsets = np.arange(0, (n + 1) * size, size, dtype=np.int32)
    arr = pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(buf)])
    return pd.array(pd.arrays.ArrowStringArray(pa.chunked_array([arr])), dtype="str")


def _weights(values) -> np.ndarray:
    w = np.asarray(values, dtype=float)
    return w / w.sum()


TRADITIONAL_MIDDLE = {"Nữ": "Thị", "Nam": "Văn"}
REGIONS = ("Bắc", "Trung", "Nam")
#: provinces of the Centre whose addresses are written the northern way ("Số 12 ngõ 45 Lê Lợi"):
#: the North Central coast from Thanh Hóa to Hà Tĩnh; further south an alley is "12/45"
NGO_PROVINCES = ("Thanh Hóa", "Nghệ An", "Hà Tĩnh")


@cache
def _name_parts() -> dict:
    """The name tables, read once: family names with their share per region, and per gender
    the other middle names (weighted), the given names and the cohort table."""
    family = read_table("family_names")
    middle = read_table("middle_names")
    given = read_table("given_names")
    cohorts = read_table("name_cohorts")
    faker_given = {
        "Nữ": list(_FakerPerson.first_names_female),
        "Nam": list(_FakerPerson.first_names_male),
    }
    parts = {
        "family": family["family_name"].to_numpy(dtype=object),
        "family_p": {
            region: _weights(family[col])
            for region, col in zip(REGIONS, ("bac", "trung", "nam"), strict=True)
        },
    }
    parts["family_p"][None] = _weights(family[["bac", "trung", "nam"]].mean(axis=1))
    for gender in GENDERS:
        mid = middle[middle["gender"] == gender]
        names = sorted(
            set(faker_given[gender]) | set(given.loc[given["gender"] == gender, "given_name"])
        )
        table = cohorts[cohorts["gender"] == gender].sort_values("born_until")
        middles = mid["middle_name"].to_numpy(dtype=object)
        # the syllables as whole numbers: middles 0..M-1, the traditional middle M, then the
        # given names (a given name that is also a middle name keeps the middle's number)
        pool = [*middles, TRADITIONAL_MIDDLE[gender]]
        index = {name: i for i, name in enumerate(pool)}
        given_no = np.array([index.get(x, -1) for x in names], dtype=np.int64)
        own = np.flatnonzero(given_no < 0)
        given_no[own] = len(pool) + np.arange(len(own))
        pool += [names[i] for i in own]
        parts[gender] = {
            "middle": middles,
            "middle_p": _weights(mid["weight"]),
            "given": np.array(names, dtype=object),
            "pool": pool,
            "given_no": given_no,
            "born_until": table["born_until"].to_numpy(dtype=np.int64),
            "cohort": table[["traditional", "two_syllable", "four_syllable"]].to_numpy(float),
        }
    return parts


def _codes_in(values, categories) -> np.ndarray:
    """Each value's position in ``categories`` (−1: blank or not among them), without turning a
    categorical column into Python objects."""
    series = pd.Series(values)
    if isinstance(series.dtype, pd.CategoricalDtype):
        lookup = pd.Index(series.cat.categories.astype(object)).get_indexer(list(categories))
        table = np.full(len(series.cat.categories) + 1, -1, dtype=np.int64)
        for pos, at in enumerate(lookup):
            if at >= 0:
                table[at] = pos
        return table[series.cat.codes.to_numpy()]
    return pd.Index(list(categories)).get_indexer(series.to_numpy(dtype=object)).astype(np.int64)


def full_names(
    rng: np.random.Generator,
    genders: pd.Series,
    birth_years=None,
    regions=None,
) -> pd.Categorical:
    """Vietnamese full names in Vietnamese order (family, middle, given) for each gender given.

    The family name follows the region (``"Bắc"``, ``"Trung"``, ``"Nam"``; Huỳnh and Võ in the
    South, Hoàng and Vũ in the North); the middle name follows the year of birth (fewer "Thị"
    and "Văn" among the young, more names of four syllables, a few of two); no syllable is
    repeated within a name. Without birth years everyone counts as born in 1985; without
    regions the national shares apply."""
    parts = _name_parts()
    n = len(genders)
    gender_code = _codes_in(genders, GENDERS)
    born = (
        np.full(n, 1985, dtype=np.int64)
        if birth_years is None
        else np.asarray(birth_years, dtype=np.int64)
    )
    region_code = np.full(n, -1, dtype=np.int8) if regions is None else _codes_in(regions, REGIONS)
    family = np.empty(n, dtype=np.int64)
    for code, r in enumerate((*REGIONS, None)):
        mask = region_code == (code if r is not None else -1)
        family[mask] = rng.choice(
            len(parts["family"]), size=int(mask.sum()), p=parts["family_p"][r]
        )
    import pyarrow as pa
    import pyarrow.compute as pc

    # per gender, the syllables as numbers into that gender's pool (see _name_parts), shifted
    # by the pools before it so the two genders share one vocabulary
    pieces = {k: np.full(n, -1, dtype=np.int64) for k in ("middle", "middle2", "given")}
    offset = 0
    for code, gender in enumerate(GENDERS):
        mask = gender_code == code
        k = int(mask.sum())
        g = parts[gender]
        m = len(g["middle"])
        given_no = g["given_no"]
        if not k:
            offset += len(g["pool"])
            continue
        shares = g["cohort"][
            np.minimum(np.searchsorted(g["born_until"], born[mask]), len(g["cohort"]) - 1)
        ]
        u = rng.random(k)
        traditional = u < shares[:, 0]
        two = (u >= shares[:, 0]) & (u < shares[:, 0] + shares[:, 1])
        four = (rng.random(k) < shares[:, 2]) & ~two
        middle = np.where(traditional, m, rng.choice(m, size=k, p=g["middle_p"]))
        middle[two] = -1
        second = np.where(four, rng.choice(m, size=k, p=g["middle_p"]), -1)
        given = given_no[rng.integers(0, len(g["given"]), k)]
        # no syllable twice ("Trần Đức Đức", "Lê Minh Minh Anh"): draw again where it happens
        for _ in range(50):
            clash_second = (second >= 0) & (second == middle)
            clash_given = ((given == middle) & (middle >= 0)) | ((given == second) & (second >= 0))
            if not (clash_second.any() or clash_given.any()):
                break
            idx = np.flatnonzero(clash_second)
            second[idx] = rng.choice(m, size=len(idx), p=g["middle_p"])
            idx = np.flatnonzero(clash_given)
            given[idx] = given_no[rng.integers(0, len(g["given"]), len(idx))]
        for key, values in (("middle", middle), ("middle2", second), ("given", given)):
            pieces[key][mask] = np.where(values >= 0, values + offset, -1)
        offset += len(g["pool"])
    vocabulary = pa.array([x for gender in GENDERS for x in parts[gender]["pool"]], pa.string())

    def take(codes):
        return vocabulary.take(pa.array(codes, mask=codes < 0))

    # each distinct combination of syllables written once (far fewer than the people); two
    # combinations may still read the same (a syllable in both genders' pools), hence the
    # second encoding of the texts
    size = len(vocabulary) + 1
    combination, distinct = pd.factorize(
        np.ravel_multi_index(
            (family, pieces["middle"] + 1, pieces["middle2"] + 1, pieces["given"] + 1),
            (len(parts["family"]), size, size, size),
        )
    )
    f, m1, m2, gv = (
        x.astype(np.int64)
        for x in np.unravel_index(distinct, (len(parts["family"]), size, size, size))
    )
    joined = pc.binary_join_element_wise(
        pa.array(parts["family"], type=pa.string()).take(pa.array(f)),
        take(m1 - 1),
        take(m2 - 1),
        take(gv - 1),
        " ",
        null_handling="skip",
    )
    encoded = pc.dictionary_encode(joined)
    uniques = encoded.dictionary
    order = pc.sort_indices(uniques).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    text_of = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    categories = pd.Index(pd.arrays.ArrowStringArray(pa.chunked_array([uniques.take(order)])))
    return pd.Categorical.from_codes(
        rank[text_of][combination], categories=categories.astype("str")
    )


@cache
def _phone_table() -> tuple[np.ndarray, np.ndarray]:
    table = read_table("phone_prefixes")
    per_carrier = table.groupby("carrier")["prefix"].transform("size")
    prob = _weights(table["carrier_share"] / per_carrier)
    prefixes = table["prefix"].astype(int).to_numpy()  # e.g. 91 for "091"
    return prefixes, prob


def phone_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct valid 10-digit mobile numbers with real carrier prefixes and shares."""
    return fixed_codes("0", _phone_digits(rng, n), 9)


def phone_strings(rng: np.random.Generator, n: int) -> pd.api.extensions.ExtensionArray:
    """The numbers of :func:`phone_numbers` (the same draws), as a pandas text array."""
    return code_strings("0", _phone_digits(rng, n), 9)


def _phone_digits(rng: np.random.Generator, n: int) -> np.ndarray:
    prefixes, prob = _phone_table()

    def draw(k: int) -> np.ndarray:
        return prefixes[rng.choice(len(prefixes), size=k, p=prob)] * 10_000_000 + rng.integers(
            0, 10_000_000, size=k
        )

    values = draw(n)
    dup = pd.Series(values).duplicated().to_numpy()
    while dup.any():
        values[dup] = draw(int(dup.sum()))
        dup = pd.Series(values).duplicated().to_numpy()
    return values


def carrier_of(phones: pd.Series) -> pd.Series:
    """The carrier of each phone number from its 3-digit prefix (NaN if the prefix is unknown)."""
    table = read_table("phone_prefixes")
    lookup = dict(
        zip(table["prefix"].astype(int).map("{:03d}".format), table["carrier"], strict=True)
    )
    return pd.Series(phones, dtype="str").str[:3].map(lookup)


def ascii_fold(text: str) -> str:
    """Drop Vietnamese diacritics (for e-mail addresses and web domains): ``Đức`` → ``Duc``."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@cache
def brand_pool() -> np.ndarray:
    """Two-word Vietnamese trading names such as "Minh Phát" (every ordered pair of two words)."""
    words = read_table("company_words")["word"].tolist()
    return np.array([f"{a} {b}" for a in words for b in words if a != b])


#: Legal forms, written first in a Vietnamese company name (Faker's list, normalised).
LEGAL_FORMS = ("Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Doanh nghiệp tư nhân")
_LEGAL_FORM_SHARES = (0.52, 0.30, 0.12, 0.06)
assert set(LEGAL_FORMS) <= set(_FakerCompany.company_suffixes)


def company_names(
    rng: np.random.Generator, trades: np.ndarray, legal_form: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Company names with the legal form first: ``Công ty TNHH Cơ khí Minh Phát``.

    ``trades`` holds, per firm, the trade word that goes in the name ("Xây dựng", "Cơ khí"...).
    Returns ``(names, legal_forms, brands)`` (the brand: "Minh Phát"). Names are all different, as a business register requires:
    a name already taken gets another brand (and, once the two-word brands run short, a third
    word: "Minh Phát Hưng"), never a serial number.
    """
    n = len(trades)
    if legal_form is None:
        legal_form = np.array(LEGAL_FORMS)[
            rng.choice(len(LEGAL_FORMS), size=n, p=_LEGAL_FORM_SHARES)
        ]
    pool = brand_pool()
    words = np.array(read_table("company_words")["word"].tolist(), dtype=object)
    brands = pool[rng.integers(0, len(pool), size=n)].astype(object)
    head = (
        pd.Series(legal_form, dtype="str") + " " + pd.Series(trades, dtype="str") + " "
    ).to_numpy(dtype=object)
    for attempt in range(100):
        names = head + brands
        taken = pd.Series(names).duplicated().to_numpy()
        if not taken.any():
            return names, legal_form, brands
        idx = np.flatnonzero(taken)
        brands[idx] = pool[rng.integers(0, len(pool), size=len(idx))]
        if attempt >= 5:  # two-word brands run short in this trade: a third word
            third = words[rng.integers(0, len(words), size=len(idx))]
            ok = np.array([t not in b.split(" ") for t, b in zip(third, brands[idx], strict=True)])
            brands[idx] = np.where(ok, brands[idx] + " " + third, brands[idx])
    raise RuntimeError("could not make the company names distinct")  # pragma: no cover


@cache
def _places() -> dict:
    """Streets per province (``"*"``: the names every provincial town has, for a province
    without its own list) and the commune-level units of each province (``rural``: which are
    xã), from ``data/streets.csv`` and ``data/wards.csv``, laid out for drawing: one vocabulary
    of streets and one of wards, with each province's first position and count."""
    import pyarrow as pa

    from .geo import provinces

    streets = read_table("streets")
    wards = read_table("wards")
    names = provinces()["province"].astype(str).tolist()
    by_street = {k: g["street"].tolist() for k, g in streets.groupby("province", sort=False)}
    # within a province the urban units (phường) first, then the rural ones (xã)
    wards = wards.assign(rural=wards["ward"].str.startswith("Xã "))
    wards = wards.sort_values(["province", "rural"], kind="stable")
    by_ward = {k: g["ward"].tolist() for k, g in wards.groupby("province", sort=False)}
    out: dict = {"provinces": names}
    for kind, table in (("street", by_street), ("ward", by_ward)):
        vocab, first, count = [], [], []
        for prov in names:
            items = table.get(prov, table.get("*", []) if kind == "street" else [])
            first.append(len(vocab))
            count.append(len(items))
            vocab += items
        out[kind] = (np.array(vocab, dtype=object), np.array(first), np.array(count))
    out["rural"] = np.array([w.startswith("Xã ") for w in out["ward"][0]] or [False], dtype=bool)
    urban = (~wards["rural"]).groupby(wards["province"]).sum()
    out["urban_count"] = urban.reindex(names, fill_value=0).to_numpy(dtype=np.int64)
    # for the text: " " + each street, then the villages ", thôn 1" … ", thôn 12" and (the
    # South) ", ấp 1" … ", ấp 12"; the wards and provinces as Arrow arrays
    villages = [f", {w} {k}" for w in ("thôn", "ấp") for k in range(1, 13)]
    out["tails"] = pa.array([" " + x for x in out["street"][0]] + villages, pa.string())
    out["ward_arrow"] = pa.array(list(out["ward"][0]) or [""], pa.string())
    out["province_arrow"] = pa.array(names, pa.string())
    return out


def rank_in_group(group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: its place among the rows of its group in table order (0, 1, 2…), and the row
    where its group first appears."""
    codes = pd.factorize(np.asarray(group))[0].astype(np.int64)
    # a stable sort of the group numbers, as two stable sorts of 16-bit halves (NumPy sorts
    # 16-bit integers by radix, far faster than it sorts 64-bit ones)
    order = np.argsort((codes & 0xFFFF).astype(np.uint16), kind="stable")
    if len(codes) and codes.max() >= 1 << 16:
        order = order[np.argsort((codes[order] >> 16).astype(np.uint16), kind="stable")]
    sorted_codes = codes[order]
    new = np.r_[True, sorted_codes[1:] != sorted_codes[:-1]] if len(codes) else np.zeros(0, bool)
    begins = np.flatnonzero(new)
    size = np.diff(np.r_[begins, len(codes)])
    rank = np.empty(len(codes), dtype=np.int64)
    rank[order] = np.arange(len(codes)) - np.repeat(begins, size)
    first = np.empty(len(codes), dtype=np.int64)
    first[order] = np.repeat(order[begins], size)
    return rank, first


def addresses(
    rng: np.random.Generator, province, region, urban_weight: float = 1.0
) -> pd.api.extensions.ExtensionArray:
    """Addresses the way Vietnamese write them since the 2025 reform — house number and street,
    commune-level unit (phường or xã), province: ``"Số 12 ngõ 45 Láng, Phường Láng, Hà
    Nội"``, ``"128/7 Phan Xích Long, Phường Cầu Kiệu, TP Hồ Chí Minh"``, and in a rural commune
    the village instead of a street: ``"Số 27, thôn 4, Xã Lâm Bình, Tuyên Quang"`` (``ấp`` in the
    South). Streets come from the person's own city (a generic list of names every town has
    elsewhere). Northern addresses use "Số … ngõ …" (so do Thanh Hóa, Nghệ An and Hà Tĩnh:
    :data:`NGO_PROVINCES`), the others "…/…" for a house in an alley.
    Every address is different (households that share one are the caller's business). A blank
    province gives a blank address. ``urban_weight``: how much likelier a phường is than a xã
    (1: every unit alike, as for people; firms sit mostly in towns and industrial zones)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    places = _places()
    code = _codes_in(province, places["provinces"])
    known = code >= 0
    region_code = _codes_in(region, REGIONS)
    # "Số … ngõ …" in the North and in the North Central provinces that write the northern way
    north = (region_code == 0) | np.isin(code, _codes_in(NGO_PROVINCES, places["provinces"]))
    n = len(code)
    street_vocab, street_first, street_count = places["street"]
    ward_vocab, ward_first, ward_count = places["ward"]
    safe = np.maximum(code, 0)
    street = street_first[safe] + (rng.random(n) * street_count[safe]).astype(np.int64)
    has_ward = ward_count[safe] > 0
    # the unit: urban ones first in each province's list, each urban_weight times as likely
    urban = places["urban_count"][safe]
    rural_n = ward_count[safe] - urban
    u = rng.random(n)
    p_urban = np.where(
        ward_count[safe] > 0,
        urban * urban_weight / np.maximum(urban * urban_weight + rural_n, 1e-9),
        0,
    )
    in_town = u < p_urban
    local = np.where(
        in_town,
        u / np.maximum(p_urban, 1e-12) * urban,
        urban + (u - p_urban) / np.maximum(1 - p_urban, 1e-12) * rural_n,
    )
    local = np.minimum(local.astype(np.int64), np.maximum(ward_count[safe] - 1, 0))
    ward = ward_first[safe] + local
    in_alley = rng.random(n) < 0.3
    alley = rng.integers(2, 150, n)
    # a rural commune (xã): a village numbered 1-12 (from the street drawn) instead of a street
    rural = known & has_ward & places["rural"][np.where(has_ward, ward, 0)]
    village = 1 + (street - street_first[safe]) % 12
    in_alley &= ~rural
    # house numbers all different on one street (or village) of one ward (and one alley): the
    # k-th person there gets start + 7k modulo 499 (499 is prime, so no number comes twice)
    parts = (
        code + 1,
        np.where(rural, 12 - village, street + 12),
        ward,
        np.where(in_alley, alley, 0),
    )
    key = np.ravel_multi_index(parts, [int(x.max()) + 1 for x in parts]) if n else np.zeros(0)
    rank, first = rank_in_group(key)
    start = rng.integers(0, 499, n)[first]
    house = 1 + (start + 7 * rank) % 499
    # a crowded street: the 500th person on it and after live in alleys numbered from 151 on,
    # which no drawn alley (2-149) uses, each group of 499 in its own
    crowded = rank >= 499
    alley = np.where(crowded, 151 + np.where(in_alley, alley, 0) * 64 + rank // 499, alley)
    in_alley = in_alley | crowded
    # the text in one pass: "Số " (the North, and villages) + house + (" ngõ " | "/") + alley +
    # (" " + street | ", thôn k" | ", ấp k"), with the parts a row does not have left out
    nothing = pa.scalar(None, pa.string())
    alley_here = in_alley & ~rural
    head = pc.binary_join_element_wise(
        pc.if_else(pa.array(north | rural), pa.scalar("Số "), nothing),
        pc.cast(pa.array(house), pa.string()),
        pc.if_else(pa.array(alley_here), pc.if_else(pa.array(north), " ngõ ", "/"), nothing),
        pc.cast(pa.array(alley, mask=~alley_here), pa.string()),
        places["tails"].take(
            pa.array(
                np.where(rural, len(street_vocab) + (region_code == 2) * 12 + village - 1, street)
            )
        ),
        "",
        null_handling="skip",
    )
    ward_text = places["ward_arrow"].take(
        pa.array(np.where(has_ward, ward, 0), mask=~(known & has_ward))
    )
    # the house part is never blank: Arrow 26's binary_join_element_wise with
    # null_handling="skip" drops rows whose parts are all null (the result comes out shorter);
    # unknown provinces are blanked at the end
    text = pc.binary_join_element_wise(
        head,
        ward_text,
        places["province_arrow"].take(pa.array(safe)),
        ", ",
        null_handling="skip",
    )
    out = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([text])), dtype="str")
    return out.where(known).array


def format_number(x: float, decimals: int = 0, lang: str | None = None) -> str:
    """A number the way the language writes it: ``1234.5`` → ``1.234,5`` (vi) or ``1,234.5``
    (en); trailing zeros after the decimal mark are dropped. ``lang`` defaults to the current one."""
    text = f"{x:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    if (lang or get_language()) == "vi":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


_UNITS = (
    ("tỷ", 1e9),
    ("ty", 1e9),
    ("triệu", 1e6),
    ("trieu", 1e6),
    ("tr", 1e6),
    ("nghìn", 1e3),
    ("ngàn", 1e3),
    ("k", 1e3),
)
_CURRENCY = ("₫", "vnđ", "vnd", "đồng", "dong", "đ")


def parse_number(text) -> tuple[float, bool]:
    """A number as Vietnamese (or English) people write it, and whether it was a percentage.

    Dots group thousands and a comma marks decimals (``1.250.000``, ``1,5``); several comma
    groups of three digits are English thousands (``1,250,000``); ``triệu`` / ``tỷ`` / ``k``
    multiply; a currency sign is dropped; ``35 %`` is a percentage (returned as 35). Raises
    ``ValueError`` when the text is not a number.

    >>> parse_number("1.250.000 ₫"), parse_number("1,5 triệu"), parse_number("35 %")
    ((1250000.0, False), (1500000.0, False), (35.0, True))
    >>> parse_number("1,250,000"), parse_number("-2.5")
    ((1250000.0, False), (-2.5, False))
    """
    if isinstance(text, bool) or text is None:
        raise ValueError("not a number")
    if isinstance(text, int | float | np.integer | np.floating):
        return float(text), False
    s = str(text).strip().lower().replace("\u00a0", " ").replace("−", "-")
    percent = s.endswith("%")
    s = s.rstrip("%").strip()
    for sign in _CURRENCY:
        if s.endswith(sign):
            s = s[: -len(sign)].strip()
    scale = 1.0
    for word, factor in _UNITS:
        if s.endswith(word) and s[: -len(word)].strip()[-1:].isdigit():
            s, scale = s[: -len(word)].strip(), factor
            break
    s = s.replace(" ", "")
    if not re.fullmatch(r"[+-]?[\d.,]*\d[\d.,]*", s):
        raise ValueError(f"not a number: {text!r}")
    if "." in s and "," in s:  # the last mark is the decimal one
        thousands, decimal = (".", ",") if s.rfind(",") > s.rfind(".") else (",", ".")
        s = s.replace(thousands, "").replace(decimal, ".")
    elif "." in s:
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", s):
            s = s.replace(".", "")
    elif "," in s:
        s = (
            s.replace(",", "")
            if re.fullmatch(r"[+-]?\d{1,3}(,\d{3}){2,}", s)
            else s.replace(",", ".")
        )
    try:
        value = float(s) * scale
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None
    return value, percent


def format_percent(share: float, decimals: int = 0, lang: str | None = None) -> str:
    """``0.103`` → ``10 %`` (vi) / ``10%`` (en); ``decimals=1`` → ``10,3 %``; ``lang``:
    the current language unless given."""
    lang = lang or get_language()
    text = format_number(round(100 * float(share), decimals), decimals, lang)
    return f"{text} %" if lang == "vi" else f"{text}%"


def format_vnd(amount, style: str = "symbol") -> str:
    """Format an amount of đồng the Vietnamese way.

    ``style="symbol"``: ``1.250.000 ₫`` (dot thousands, no decimals, CLDR vi_VN).
    ``style="press"``: ``3,5 triệu đồng`` / ``200.000 đồng`` / ``1,2 tỷ đồng``.
    """
    if amount is None or pd.isna(amount):
        return "—"
    value = float(amount)
    if style == "press":
        for unit, word in ((1e9, "tỷ"), (1e6, "triệu")):
            if abs(value) >= unit:
                return f"{format_number(value / unit, 1, 'vi')} {word} đồng"
        return format_number(round(value), 0, "vi") + " đồng"
    return format_number(round(value), 0, "vi") + " ₫"


def format_money(amount) -> str:
    """An amount of đồng for people, in the current language: ``1.250.000 ₫`` (vi) or
    ``1,250,000 VND`` (en); blank ``—``.

    >>> format_money(1_250_000)
    '1.250.000 ₫'
    """
    if amount is None or pd.isna(amount):
        return "—"
    if not np.isfinite(float(amount)):
        return "∞" if float(amount) > 0 else "−∞"
    if get_language() == "vi":
        return format_vnd(amount)
    return f"{format_number(round(float(amount)), 0)} VND"


def format_date(value) -> str:
    """A date shown the Vietnamese way: ``dd/mm/yyyy``."""
    if value is None or pd.isna(value):
        return "—"
    return pd.Timestamp(value).strftime("%d/%m/%Y")


class VietnameseProvider(BaseProvider):
    """A Faker provider that corrects ``vi_VN``'s gaps one value at a time, for people who build
    data with Faker themselves::

        from faker import Faker
        fake = Faker("vi_VN")
        fake.add_provider(phanloai.vn.VietnameseProvider)
        fake.vn_full_name()      # "Nguyễn Thị Thu Hà" — family name first, real shares, "Thị"
        fake.vn_mobile()         # "0912345678" — 10 digits, a real carrier prefix
        fake.vn_company("Cơ khí")  # "Công ty TNHH Cơ khí Minh Phát" — legal form first
        fake.vn_price(1250000)   # "1.250.000 ₫"

    The package itself draws from the same tables with NumPy (``full_names``, ``phone_numbers``,
    ``company_names``), which is how it makes a million customers in seconds.
    """

    def _rng(self) -> np.random.Generator:
        return np.random.default_rng(self.generator.random.getrandbits(64))

    def vn_full_name(self, gender: str | None = None) -> str:
        gender = gender or self.random_element(GENDERS)
        return str(full_names(self._rng(), pd.Series([gender]))[0])

    def vn_mobile(self) -> str:
        return str(phone_numbers(self._rng(), 1)[0])

    def vn_company(self, trade: str = "Thương mại") -> str:
        names, _, _ = company_names(self._rng(), np.array([trade], dtype=object))
        return str(names[0])

    def vn_price(self, amount) -> str:
        return format_vnd(amount)
