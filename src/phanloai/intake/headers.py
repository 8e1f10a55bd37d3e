"""Which column is which: headers matched to the package's column keys.

A header is compared *folded* (:func:`~phanloai.intake._text.fold`: case, diacritics, spacing and
punctuation ignored), without what it says in brackets (``"Thành tiền (nghìn đồng)"`` is
``Thành tiền``, in thousands). The names a key answers to come from the data dictionary
(``synthetic/tu_dien_du_lieu.toml``: the key itself, its Vietnamese and English meaning, its short
names) and, for the names people use in exports that the dictionary does not hold, from
:data:`EXTRA_NAMES` below — the one hand-written list. An explicit ``mapping`` always wins.

>>> match_headers(["Mã KH", "Họ và tên", "SĐT", "Tỉnh/Thành phố", "Ghi chú"], "customers").keys
{0: 'customer_id', 1: 'full_name', 2: 'phone', 3: 'province'}
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache

from .._i18n import PhanloaiError
from ._text import fold

#: Names used in real exports that the data dictionary does not hold, per table ("*": any table).
#: Only what the dictionary lacks is listed here.
EXTRA_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "*": {
        "customer_id": (
            "Mã KH",
            "Mã khách",
            "Mã số khách hàng",
            "Mã số KH",
            "ID khách hàng",
            "Customer code",
            "Client ID",
            "Customer",
        ),
        "phone": (
            "SĐT",
            "Số ĐT",
            "Điện thoại",
            "Điện thoại di động",
            "Di động",
            "Số di động",
            "Phone number",
            "Mobile",
            "Tel",
            "ĐT",
            "SĐT khách",
            "SĐT khách hàng",
            "Số điện thoại khách hàng",
        ),
        "full_name": (
            "Họ tên",
            "Tên khách hàng",
            "Tên khách",
            "Họ tên khách hàng",
            "Khách hàng",
            "Name",
            "Customer name",
        ),
        "company_name": ("Tên công ty", "Công ty", "Doanh nghiệp", "Company"),
        "province": (
            "Tỉnh",
            "Tỉnh/Thành phố",
            "Tỉnh thành phố",
            "Tỉnh/TP",
            "Thành phố",
            "Tỉnh/thành",
            "City",
        ),
        "staff_id": (
            "Nhân viên",
            "NV phụ trách",
            "NV",
            "Mã NV",
            "Mã nhân viên",
            "Nhân viên kinh doanh",
            "NVKD",
            "Người phụ trách",
            "Sale",
            "Sales",
            "Sales rep",
            "Staff",
        ),
        "email": ("E-mail", "Thư điện tử"),
    },
    "customers": {
        "gender": ("Phái", "Sex"),
        "birth_year": ("Year of birth",),
        "birth_date": ("Ngày sinh", "Ngày tháng năm sinh", "Sinh nhật", "Date of birth", "DOB"),
        "source": ("Nguồn", "Nguồn khách", "Kênh", "Kênh biết đến", "Channel"),
        "region": ("Vùng", "Vùng miền"),
        "total_spend": (
            "Tổng tiền",
            "Tổng chi",
            "Tổng doanh số",
            "Doanh số",
            "Doanh thu",
            "Tổng giá trị mua",
            "Spend",
        ),
        "n_orders": ("Số đơn", "Số lần mua", "Số lượt mua", "Số lần sử dụng dịch vụ"),
        "last_purchase": ("Lần mua cuối", "Ngày mua cuối", "Last order"),
        "first_purchase": ("Lần mua đầu", "First order"),
        "distance_km": ("Khoảng cách", "Distance"),
        "staff_count": ("Số nhân viên", "Quy mô nhân sự"),
        "industry": ("Ngành nghề", "Lĩnh vực"),
        "income_band": ("Thu nhập",),
        "created_at": ("Ngày tạo",),
        "loyalty_member": ("Thành viên",),
    },
    "orders": {
        "order_id": (
            "Mã đơn",
            "Số đơn hàng",
            "Số hóa đơn",
            "Mã hóa đơn",
            "Số HĐ",
            "Invoice",
            "Invoice number",
        ),
        "order_date": (
            "Ngày mua",
            "Ngày mua hàng",
            "Ngày đặt",
            "Ngày đặt hàng",
            "Ngày bán",
            "Ngày giao dịch",
            "Ngày hóa đơn",
            "Ngày sử dụng dịch vụ",
            "Ngày",
            "Date",
            "Thời gian",
        ),
        "amount": (
            "Tổng tiền",
            "Số tiền",
            "Giá trị",
            "Giá trị đơn",
            "Giá trị đơn hàng",
            "Tổng thanh toán",
            "Thanh toán",
            "Doanh thu",
            "Tiền",
            "Total",
            "Order value",
        ),
        "channel": ("Kênh", "Kênh bán hàng"),
        "quantity": ("SL", "Qty"),
        "unit_price": ("Giá", "Price"),
    },
}

#: Keys only the door knows (not in the dictionary), per table: what they are read as.
EXTRA_KEYS: dict[str, dict[str, tuple[str, str]]] = {
    "customers": {"birth_date": ("Ngày sinh", "Date of birth")},
    "orders": {
        "phone": ("Số điện thoại của khách", "Customer's phone"),
        "full_name": ("Tên khách", "Customer's name"),
        "company_name": ("Tên doanh nghiệp", "Company name"),
        "province": ("Tỉnh / thành của khách", "Customer's province"),
        "email": ("Email của khách", "Customer's e-mail"),
    },
}

#: Multipliers a header can state in brackets: ``"Thành tiền (nghìn đồng)"``.
_UNIT_WORDS = (
    (re.compile(r"^(nghin|ngan|k|1000|1\.000|1,000)(d|dong|vnd)?$"), 1e3),
    (re.compile(r"^(trieu|tr)(d|dong|vnd)?$"), 1e6),
    (re.compile(r"^(ty)(d|dong|vnd)?$"), 1e9),
)
_BRACKETS = re.compile(r"[\(\[][^\)\]]*[\)\]]")


@cache
def names_of(table: str) -> dict[str, str]:
    """folded name → key, for one table: the dictionary's names, then :data:`EXTRA_NAMES`.
    A dictionary name two keys share is left out (ambiguous); a hand-written name wins."""
    from ..dictionary import _raw
    from ..vocab import _short

    columns = _raw().get("columns", {}).get(table, {})
    found: dict[str, set[str]] = {}
    for key, entry in columns.items():
        for name in (
            key,
            _short(entry["vi"]),
            _short(entry["en"]),
            entry.get("short_vi", ""),
            entry.get("short_en", ""),
        ):
            if name and fold(name):
                found.setdefault(fold(name), set()).add(key)
    for key, (vi, en) in EXTRA_KEYS.get(table, {}).items():
        for name in (key, vi, en):
            found.setdefault(fold(name), set()).add(key)
    out = {name: next(iter(keys)) for name, keys in found.items() if len(keys) == 1}
    for scope in ("*", table):
        for key, names in EXTRA_NAMES.get(scope, {}).items():
            if scope == "*" and key not in columns and key not in EXTRA_KEYS.get(table, {}):
                continue
            for name in names:
                out[fold(name)] = key
    return out


@cache
def keys_of(table: str) -> dict[str, tuple[str, str]]:
    """Every key a table can hold → its short name (vi, en)."""
    from ..dictionary import _raw
    from ..vocab import term

    out = {
        key: (term(key, table).short_vi, term(key, table).short_en)
        for key in _raw().get("columns", {}).get(table, {})
    }
    out.update(EXTRA_KEYS.get(table, {}))
    return out


def header_parts(header) -> tuple[str, float]:
    """The folded header without its brackets, and the multiplier the brackets state (1 if none).

    >>> header_parts("Thành tiền (nghìn đồng)"), header_parts("Khoảng cách (km)")
    (('thanhtien', 1000.0), ('khoangcach', 1.0))
    """
    text = str(header)
    scale = 1.0
    for inside in re.findall(r"[\(\[]([^\)\]]*)[\)\]]", text):
        folded = fold(inside)
        for pattern, factor in _UNIT_WORDS:
            if pattern.match(folded):
                scale = factor
    bare = fold(_BRACKETS.sub(" ", text))
    return (bare or fold(text)), scale


def name_list(table: str, key: str, n: int = 4) -> str:
    """A few names a key answers to, for messages: ``Mã KH / Mã khách hàng / customer_id``."""
    from ..dictionary import _raw

    entry = _raw().get("columns", {}).get(table, {}).get(key, {})
    extra = [*EXTRA_NAMES.get(table, {}).get(key, ()), *EXTRA_NAMES["*"].get(key, ())]
    from ..vocab import _short

    names = [*extra[:2], entry.get("short_vi") or _short(entry.get("vi", "")), key]
    names += [n for n in (entry.get("short_en") or _short(entry.get("en", "")),) if n]
    seen = list(dict.fromkeys(n for n in names if n))
    return " / ".join(seen[: n + 1])


@dataclass
class Match:
    """How a file's headers were read: ``keys`` (column position → key), ``scales`` (position →
    multiplier stated in the header), ``unknown`` (positions of headers kept under their own
    name), ``ignored`` (positions the mapping said to leave out), ``ambiguous`` (key → positions
    that all claim it), ``mapped`` (positions set by the mapping)."""

    headers: list[str]
    keys: dict[int, str] = field(default_factory=dict)
    scales: dict[int, float] = field(default_factory=dict)
    unknown: list[int] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)
    ambiguous: dict[str, list[int]] = field(default_factory=dict)
    mapped: set[int] = field(default_factory=set)
    blank: list[int] = field(default_factory=list)

    @property
    def score(self) -> int:
        return len(self.keys) + sum(len(v) for v in self.ambiguous.values())

    def position(self, key: str) -> int | None:
        for pos, k in self.keys.items():
            if k == key:
                return pos
        return None

    def suggest(self, pos: int, table: str) -> str | None:
        """The key whose name is closest to an unrecognised header (or None)."""
        names = names_of(table)
        close = difflib.get_close_matches(header_parts(self.headers[pos])[0], names, 1, 0.75)
        taken = set(self.keys.values())
        if close and names[close[0]] not in taken:
            return names[close[0]]
        return None


def match_headers(headers, table: str, mapping: dict | None = None) -> Match:
    """Match a row of headers to a table's keys. ``mapping``: header text → key (``None`` or
    ``""``: leave the column out), compared folded too."""
    names = names_of(table)
    wanted = {fold(h): k for h, k in (mapping or {}).items()}
    m = Match([("" if h is None else str(h)) for h in headers])
    claims: dict[str, list[int]] = {}
    for pos, header in enumerate(m.headers):
        if not header.strip():
            m.blank.append(pos)
            continue
        bare, scale = header_parts(header)
        if fold(header) in wanted or bare in wanted:
            key = wanted.get(fold(header), wanted.get(bare))
            if not key:
                m.ignored.append(pos)
                continue
            m.mapped.add(pos)
        else:
            key = names.get(bare) or names.get(fold(header))
            if key is None:
                m.unknown.append(pos)
                continue
        claims.setdefault(key, []).append(pos)
        if scale != 1.0:
            m.scales[pos] = scale
    for key, positions in claims.items():
        chosen = [p for p in positions if p in m.mapped] or positions
        if len(chosen) == 1:
            m.keys[chosen[0]] = key
            m.unknown.extend(p for p in positions if p != chosen[0])
        else:
            m.ambiguous[key] = chosen
    m.keys = dict(sorted(m.keys.items()))
    m.unknown.sort()
    return m


def check_mapping(mapping, tables: tuple[str, ...]) -> dict[str, dict]:
    """``mapping`` as given (header → key, or ``{"customers": {...}, "orders": {...}}``) made
    into one dict per table; an unknown key is a bilingual error naming the nearest valid one."""
    if mapping is None:
        return {t: {} for t in tables}
    if not isinstance(mapping, dict):
        raise PhanloaiError(
            f"mapping phải là dict tiêu đề → khóa cột, ví dụ {{'Cột của tôi': 'total_spend'}}; nhận được {type(mapping).__name__}.",
            f"mapping must be a dict header → column key, e.g. {{'My column': 'total_spend'}}; got {type(mapping).__name__}.",
        )
    scoped = {t: dict(mapping[t]) for t in tables if isinstance(mapping.get(t), dict)}
    flat = {h: k for h, k in mapping.items() if not isinstance(k, dict)}
    out = {t: {**flat, **scoped.get(t, {})} for t in tables}
    for t in tables:
        valid = keys_of(t)
        for header, key in out[t].items():
            if key in (None, ""):
                continue
            if not isinstance(key, str) or (key not in valid and header in scoped.get(t, {})):
                raise _bad_key(header, key, t, valid)
            if key not in valid and not any(key in keys_of(o) for o in tables):
                raise _bad_key(header, key, t, valid)
    return out


def _bad_key(header, key, table: str, valid) -> PhanloaiError:
    near = difflib.get_close_matches(str(key), list(valid), 1, 0.6)
    hint_vi = f" Có phải '{near[0]}'?" if near else ""
    hint_en = f" Did you mean '{near[0]}'?" if near else ""
    shown = ", ".join(valid)
    return PhanloaiError(
        f"mapping: '{header}' → '{key}': không có khóa cột '{key}' trong bảng {table}.{hint_vi} Các khóa: {shown}.",
        f"mapping: '{header}' → '{key}': the {table} table has no column key '{key}'.{hint_en} Keys: {shown}.",
    )
