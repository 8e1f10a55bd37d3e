"""Vietnamese data for synthetic customers: names, phones, companies, money and dates.

Faker's ``vi_VN`` locale supplies what it does well (given names, streets, wards, legal forms of
companies, job titles); the tables in ``phanloai/data`` correct what it gets wrong (name order,
family-name shares, the middle name "Thị", mobile prefixes, legal form first in company names).
Everything is drawn from pools with NumPy, never with one Faker call per row.
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
from faker.providers.address.vi_VN import Provider as _FakerAddress
from faker.providers.company.vi_VN import Provider as _FakerCompany
from faker.providers.job.vi_VN import Provider as _FakerJob
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


def fixed_codes(prefix: str, values: np.ndarray, width: int) -> np.ndarray:
    """Strings ``prefix + zero-padded number`` for many numbers at once, without a Python loop.

    >>> fixed_codes("KH", np.array([7, 1234]), 6).tolist()
    ['KH000007', 'KH001234']
    """
    values = np.asarray(values, dtype=np.int64)
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    digits = (values[:, None] // powers) % 10 + ord("0")
    head = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    buf = np.empty((len(values), len(head) + width), dtype=np.uint8)
    buf[:, : len(head)] = head
    buf[:, len(head) :] = digits
    total = len(head) + width
    return buf.view(f"S{total}").ravel().astype(f"U{total}")


def _weights(values) -> np.ndarray:
    w = np.asarray(values, dtype=float)
    return w / w.sum()


@cache
def name_pools() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per gender: every ``family middle given`` combination and its probability."""
    family = read_table("family_names")
    middle = read_table("middle_names")
    given = read_table("given_names")
    faker_given = {
        "Nữ": list(_FakerPerson.first_names_female),
        "Nam": list(_FakerPerson.first_names_male),
    }
    pools = {}
    for gender in GENDERS:
        mid = middle[middle["gender"] == gender]
        names = sorted(
            set(faker_given[gender]) | set(given.loc[given["gender"] == gender, "given_name"])
        )
        f_names = family["family_name"].to_numpy()
        f_p = _weights(family["share"])
        m_names = mid["middle_name"].to_numpy()
        m_p = _weights(mid["weight"])
        g_names = np.array(names)
        g_p = np.full(len(g_names), 1 / len(g_names))
        full = (
            f_names[:, None, None] + " " + m_names[None, :, None] + " " + g_names[None, None, :]
        ).ravel()
        prob = (f_p[:, None, None] * m_p[None, :, None] * g_p[None, None, :]).ravel()
        pools[gender] = (full, prob / prob.sum())
    return pools


def full_names(rng: np.random.Generator, genders: pd.Series) -> pd.Categorical:
    """Vietnamese full names in Vietnamese order (family, middle, given) for each gender given."""
    pools = name_pools()
    categories = np.concatenate([pools[g][0] for g in GENDERS])
    codes = np.empty(len(genders), dtype=np.int64)
    genders = pd.Series(genders)
    if isinstance(genders.dtype, pd.CategoricalDtype):  # compare small integer codes, not strings
        cats = list(genders.cat.categories)
        gcodes = genders.cat.codes.to_numpy()
        masks = {
            g: gcodes == cats.index(g) if g in cats else np.zeros(len(gcodes), bool)
            for g in GENDERS
        }
    else:
        values = genders.to_numpy(dtype=object)
        masks = {g: values == g for g in GENDERS}
    offset = 0
    for g in GENDERS:
        names, prob = pools[g]
        mask = masks[g]
        codes[mask] = offset + rng.choice(len(names), size=int(mask.sum()), p=prob)
        offset += len(names)
    # The same full name can exist for both genders ("Nguyễn Minh Tâm"): merge those categories.
    remap, unique_names = pd.factorize(categories)
    used, inverse = np.unique(remap[codes], return_inverse=True)
    return pd.Categorical.from_codes(inverse, categories=pd.Index(unique_names[used], dtype="str"))


@cache
def _phone_table() -> tuple[np.ndarray, np.ndarray]:
    table = read_table("phone_prefixes")
    per_carrier = table.groupby("carrier")["prefix"].transform("size")
    prob = _weights(table["carrier_share"] / per_carrier)
    prefixes = table["prefix"].astype(int).to_numpy()  # e.g. 91 for "091"
    return prefixes, prob


def phone_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct valid 10-digit mobile numbers with real carrier prefixes and shares."""
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
    return fixed_codes("0", values, 9)


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
) -> tuple[np.ndarray, np.ndarray]:
    """Company names with the legal form first: ``Công ty TNHH Cơ khí Minh Phát``.

    ``trades`` holds, per firm, the trade word that goes in the name ("Xây dựng", "Cơ khí"...).
    Returns ``(names, legal_forms)``; names are made unique by a branch suffix when needed.
    """
    n = len(trades)
    if legal_form is None:
        legal_form = np.array(LEGAL_FORMS)[
            rng.choice(len(LEGAL_FORMS), size=n, p=_LEGAL_FORM_SHARES)
        ]
    brands = brand_pool()[rng.integers(0, len(brand_pool()), size=n)]
    names = pd.Series(legal_form, dtype="str") + " " + pd.Series(trades, dtype="str") + " " + brands
    return unique_names(names), legal_form


def unique_names(names) -> np.ndarray:
    """Names made unique by numbering repeats ("… Minh Phát", "… Minh Phát 2"), as a register would."""
    names = pd.Series(np.asarray(names, dtype=object), dtype="str")
    dup_rank = names.groupby(names).cumcount()
    suffix = np.where(dup_rank > 0, " " + (dup_rank + 1).astype(str), "")
    return (names + pd.Series(suffix, dtype="str")).to_numpy(dtype=object)


#: House numbers used in addresses (a street name alone fits any city; ward names do not).
HOUSE_NUMBERS = (3, 7, 12, 15, 21, 28, 36, 45, 52, 68, 79, 88, 105, 120, 146, 172, 215, 268)


@cache
def street_pool() -> np.ndarray:
    """``Số <n> đường <street>`` addresses from Faker's vi_VN street names. Faker's wards are
    left out: they belong to particular cities and would contradict the customer's province."""
    streets = sorted(set(_FakerAddress.streets))
    return np.array([f"Số {h} đường {s}" for s in streets for h in HOUSE_NUMBERS])


@cache
def job_titles() -> np.ndarray:
    """Vietnamese job titles (Faker's vi_VN list without the English ones)."""
    titles = {j[0].upper() + j[1:].lower() for j in _FakerJob.jobs if not j.isascii()}
    return np.array(sorted(titles))


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


def format_percent(share: float, decimals: int = 0) -> str:
    """``0.103`` → ``10 %`` (vi) / ``10%`` (en); ``decimals=1`` → ``10,3 %``."""
    text = format_number(round(100 * float(share), decimals), decimals)
    return f"{text} %" if get_language() == "vi" else f"{text}%"


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
        names, _ = company_names(self._rng(), np.array([trade], dtype=object))
        return str(names[0])

    def vn_price(self, amount) -> str:
        return format_vnd(amount)
