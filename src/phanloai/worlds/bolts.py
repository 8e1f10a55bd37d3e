"""Case 2 — a bolt (bu lông) distributor (B2B): 10,000 firms that asked for a quote.

Parameters: ``synthetic/bolts.toml``. Article 002 (industry, firm size, product need, support
need, contract status, purchase behaviour, geography, crossing dimensions).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import vn
from .._i18n import PhanloaiError
from ..features import contract_features, quote_features, support_features
from ..geo import REGIONS, haversine_km, sample_locations
from ..params import Params
from . import _common as c
from ._calendar import OpenDays

CUSTOM = "Đặt riêng"
EVENT_TYPES = (
    "hoi_gia",
    "gui_bao_gia",
    "goi_dien_cham_soc",
    "gap_truc_tiep",
    "ky_hop_dong",
    "dat_hang",
    "yeu_cau_ho_tro",
)
CONTACT_TITLES = (
    "Trưởng phòng mua hàng",
    "Nhân viên vật tư",
    "Kỹ sư dự án",
    "Giám đốc",
    "Phó giám đốc kỹ thuật",
    "Chỉ huy trưởng công trình",
)


def _lognormal(rng, median, sigma, size):
    return median * np.exp(rng.normal(0, sigma, size))


def _region_map(p: Params, key: tuple, allowed, weights: bool = False) -> dict[str, float]:
    """Factors by region (a missing region counts 1); ``weights``: not all of them 0."""
    table = p._raw(key)
    if not isinstance(table, dict) or set(table) - set(allowed):
        got = sorted(set(table) - set(allowed)) if isinstance(table, dict) else table
        raise p.error(
            key,
            f"cần bảng hệ số cho các miền {', '.join(allowed)}, nhận được {got!r}.",
            f"expected a table of factors for regions {', '.join(allowed)}, got {got!r}.",
        )
    out = {r: p.get((*key, r), float, 0, 10, default=1.0) for r in allowed}
    if weights and sum(out.values()) <= 0:
        raise p.error(
            key,
            "cần ít nhất một miền có hệ số lớn hơn 0.",
            "needs at least one region with a factor above 0.",
        )
    return out


#: How each country's firms write their legal form, and their web domain ending.
FOREIGN_FORMS = {
    "Campuchia": ("{} Co., Ltd.", ".com.kh"),
    "Lào": ("{} Co., Ltd.", ".la"),
    "Thái Lan": ("{} Co., Ltd.", ".co.th"),
    "Malaysia": ("{} Sdn. Bhd.", ".com.my"),
    "Indonesia": ("PT {}", ".co.id"),
}
#: Free mail services Vietnamese small firms use, with their shares among those that do.
FREE_MAIL = {"gmail.com": 0.9, "yahoo.com": 0.06, "outlook.com": 0.04}
#: Shares of small and large firms writing from a free mail address instead of their own domain.
FREE_MAIL_SHARE = {"sme": 0.35, "large": 0.03}
#: Shared mailboxes (the first three are the ones firms abroad use).
ROLE_MAILBOXES = np.array(["info", "sales", "contact", "kinhdoanh", "lienhe", "banhang"])


def _foreign_firms(rng: np.random.Generator, countries: np.ndarray, trade_en: np.ndarray) -> dict:
    """Firms abroad: a name in their country's style ("Wongsawat Fasteners Co., Ltd.",
    "PT Santoso Teknik Bolts"), a contact with a name of that country and a phone number in its
    international format (``data/foreign_contacts.csv``)."""
    table = vn.read_table("foreign_contacts")
    k = len(countries)
    out = {key: np.empty(k, dtype=object) for key in ("name", "contact", "phone", "domain")}
    for country in np.unique(countries):
        if country not in FOREIGN_FORMS:
            raise PhanloaiError(
                f"Chưa có cách đặt tên doanh nghiệp ở '{country}' (geography.foreign_countries);"
                f" các nước có sẵn: {', '.join(FOREIGN_FORMS)}.",
                f"No naming style for firms in '{country}' (geography.foreign_countries);"
                f" available: {', '.join(FOREIGN_FORMS)}.",
            )
        mine = np.flatnonzero(countries == country)
        rows = table[table["country"] == country]
        given = rows.loc[rows["part"] == "given", "name"].to_numpy(dtype=object)
        family = rows.loc[rows["part"] == "family", "name"].to_numpy(dtype=object)
        pattern = rows.loc[rows["part"] == "phone", "name"].iloc[0]
        family_first = rows.loc[rows["part"] == "order", "name"].iloc[0] == "family_first"
        g = given[rng.integers(0, len(given), len(mine))]
        f = family[rng.integers(0, len(family), len(mine))]
        form, domain = FOREIGN_FORMS[country]
        out["contact"][mine] = [
            f"{a} {b}" if family_first else f"{b} {a}" for a, b in zip(f, g, strict=True)
        ]
        # named after a founder, or a founder and a place word when one name is taken
        owner = family[rng.integers(0, len(family), len(mine))].astype(object)
        for _ in range(100):
            names = np.array(
                [form.format(f"{o} {t}") for o, t in zip(owner, trade_en[mine], strict=True)]
            )
            taken = pd.Series(names).duplicated().to_numpy()
            if not taken.any():
                break
            idx = np.flatnonzero(taken)
            extra = family[rng.integers(0, len(family), len(idx))]
            owner[idx] = [
                o if e in o else f"{o} {e}" for o, e in zip(owner[idx], extra, strict=True)
            ]
        out["name"][mine] = names
        out["domain"][mine] = [
            vn.ascii_fold(f"{o}{t.split(' ')[0]}").lower().replace(" ", "") + domain
            for o, t in zip(owner, trade_en[mine], strict=True)
        ]
        digits = rng.integers(0, 10, (len(mine), pattern.count("#")))
        out["phone"][mine] = [_fill(pattern, d) for d in digits]
    return out


def _fill(pattern: str, digits) -> str:
    it = iter(digits)
    return "".join(str(next(it)) if ch == "#" else ch for ch in pattern)


def _emails(rng, brands, trades, contacts, large, foreign, foreign_domain) -> np.ndarray:
    """One e-mail address per firm: a role mailbox or the contact's name at the firm's own
    domain (``minhphat.com.vn``, ``cokhiminhphat.vn``…), or, for many small firms, a free mail
    address (``minhphat.cokhi@gmail.com``); all different."""
    n = len(brands)
    brand = np.array([vn.ascii_fold(b).lower().replace(" ", "") for b in brands], dtype=object)
    trade = np.array([vn.ascii_fold(t).lower().replace(" ", "") for t in trades], dtype=object)
    parts = [str(x).split(" ") for x in contacts]
    person = np.array(
        [
            vn.ascii_fold(p[-1]).lower()
            + "."
            + "".join(vn.ascii_fold(w)[0].lower() for w in p[:-1])
            for p in parts
        ],
        dtype=object,
    )
    # own domain: the brand, then trade + brand, then brand + trade, then numbered
    ending = np.where(rng.random(n) < 0.7, ".com.vn", ".vn").astype(object)
    candidates = [brand + ending, trade + brand + ending, brand + trade + ".vn"]
    domain = candidates[0].copy()
    for cand in candidates[1:]:
        taken = pd.Series(domain).duplicated().to_numpy()
        domain[taken] = cand[taken]
    number = 1
    taken = pd.Series(domain).duplicated().to_numpy()
    while taken.any():  # a domain taken by a namesake: the brand and a number, as firms do
        domain[taken] = brand[taken] + str(number) + ".com.vn"
        number += 1
        taken = pd.Series(domain).duplicated().to_numpy()
    domain[foreign] = foreign_domain[foreign]
    role = np.where(
        foreign,
        ROLE_MAILBOXES[rng.integers(0, 3, n)],  # abroad: info, sales, contact
        ROLE_MAILBOXES[rng.integers(0, len(ROLE_MAILBOXES), n)],
    )
    local = np.where(rng.random(n) < 0.55, role, person).astype(object)
    email = local + "@" + domain
    free_share = np.where(large, FREE_MAIL_SHARE["large"], FREE_MAIL_SHARE["sme"])
    free = ~foreign & (rng.random(n) < free_share)
    services = np.array(list(FREE_MAIL), dtype=object)
    service = services[rng.choice(len(services), n, p=list(FREE_MAIL.values()))]
    free_local = np.where(rng.random(n) < 0.6, brand + "." + trade, person.astype(str))
    email[free] = (free_local[free] + "@" + service[free]).astype(object)
    taken = pd.Series(email).duplicated().to_numpy()
    while taken.any():  # free mail names are first come, first served: a number is added
        idx = np.flatnonzero(taken)
        user, _, host = np.char.partition(email[idx].astype(str), "@").T
        email[idx] = (
            pd.Series(user) + rng.integers(10, 100, len(idx)).astype(str) + "@" + pd.Series(host)
        ).to_numpy(dtype=object)
        taken = pd.Series(email).duplicated().to_numpy()
    return email


def generate(p: Params, n: int, rng: np.random.Generator) -> c.World:
    start, end = p.dates()
    end64 = np.datetime64(end, "D")
    shop = c.shop_of(p)

    # -- firms ------------------------------------------------------------------------------
    ind_codes, ind_shares = c.labelled_shares(p, "industries")
    industry = c.draw(rng, n, dict(enumerate(ind_shares.values())))
    foreign = rng.random(n) < p.get("geography.foreign_share", float, 0, 1)
    loc = sample_locations(rng, n)
    for i, code in enumerate(ind_codes):
        mask = (industry == i) & ~foreign
        weights = _region_map(p, ("industries", code, "region_weight"), REGIONS, weights=True)
        part = sample_locations(rng, int(mask.sum()), weights)
        loc.loc[mask, ["province", "region", "lat", "lon"]] = part.set_index(loc.index[mask])
    countries = p.labels("geography.foreign_countries")
    country = np.where(
        foreign, np.asarray(countries, dtype=object)[rng.integers(0, len(countries), n)], "Việt Nam"
    )
    loc.loc[foreign, ["province", "region"]] = np.nan
    loc.loc[foreign, ["lat", "lon"]] = np.nan
    address = vn.addresses(
        rng, loc["province"], loc["region"], p.get("geography.urban_weight", float, 0.01, 1000)
    )

    large = rng.random(n) < p.get("size.large_share", float, 0, 1)
    staff_count = (
        np.where(
            large,
            np.maximum(
                _lognormal(rng, p.get("size.large_staff_median", float, 1, 1e6), 0.7, n), 120
            ),
            np.clip(_lognormal(rng, p.get("size.sme_staff_median", float, 1, 1e6), 0.8, n), 3, 200),
        )
        .round()
        .astype(np.int64)
    )
    revenue = np.where(
        large,
        np.maximum(
            _lognormal(rng, p.get("size.large_revenue_median_bn", float, 0.1, 1e6), 0.7, n), 201
        ),
        np.clip(
            _lognormal(rng, p.get("size.sme_revenue_median_bn", float, 0.1, 1e6), 0.9, n), 0.5, 200
        ),
    ).round(1)
    legal = np.where(large, np.where(rng.random(n) < 0.75, "Công ty Cổ phần", "Công ty TNHH"), None)
    small_forms = np.array(vn.LEGAL_FORMS)[
        rng.choice(len(vn.LEGAL_FORMS), n, p=[0.55, 0.2, 0.17, 0.08])
    ]
    legal = np.where(large, legal, small_forms)
    trades = np.empty(n, dtype=object)
    for i, code in enumerate(ind_codes):
        words = p.labels(("industries", code, "trade"))
        mask = industry == i
        trades[mask] = np.asarray(words, dtype=object)[rng.integers(0, len(words), int(mask.sum()))]
    names, legal, brands = vn.company_names(rng, trades, legal)
    brands = pd.Series(brands, dtype="str")
    trade_en = np.array([p.label(("industries", k, "trade_en")) for k in ind_codes], dtype=object)[
        industry
    ]
    legal = np.where(foreign, None, legal)
    gender = pd.Series(c.categorical(np.where(rng.random(n) < 0.35, 0, 1), vn.GENDERS))
    contact_born = end.year - rng.integers(26, 58, n)  # the buyer who asked for the quote
    contact = np.asarray(vn.full_names(rng, gender, contact_born, loc["region"]), dtype=object)
    phone = vn.phone_numbers(rng, n).astype(object)
    abroad = _foreign_firms(rng, country[foreign], trade_en[foreign])
    names = np.asarray(names, dtype=object)
    names[foreign] = abroad["name"]
    contact[foreign] = abroad["contact"]
    phone[foreign] = abroad["phone"]
    foreign_domain = np.empty(n, dtype=object)
    foreign_domain[foreign] = abroad["domain"]
    email = _emails(
        rng, brands.to_numpy(dtype=object), trades, contact, large, foreign, foreign_domain
    )
    src_codes, src_shares = c.labelled_shares(p, "sources")
    source = c.draw(rng, n, dict(enumerate(src_shares.values())))
    conversion = np.array([p.get(("sources", k, "conversion"), float, 0, 1) for k in src_codes])
    staff, skill = c.staff_table(p, rng, start)
    staff_region = np.array(
        [sub.get("region", str, default="") for sub in p.entries("staff")], dtype=object
    )
    region_label = np.where(
        foreign, "Nước ngoài", loc["region"].astype(object).fillna("Nước ngoài").to_numpy()
    )
    consultant = np.empty(n, dtype=np.int64)
    for r in np.unique(region_label):
        owners = np.flatnonzero(staff_region == r)
        if len(owners) == 0:
            owners = np.arange(len(staff))
        mask = region_label == r
        consultant[mask] = owners[rng.integers(0, len(owners), int(mask.sum()))]
    # a firm asks for a price any day (web form, e-mail, Zalo), but fewer ask when the office is
    # closed: Sundays, public holidays, the Tết break
    open_days = OpenDays(p, start, end)
    closed_weight = p.get("calendar.inquiry_closed_weight", float, 0, 1, default=1.0)
    first_inquiry = c.season_dates(
        rng,
        n,
        start,
        end - pd.Timedelta(days=20),
        [1] * 12,
        day_factor=lambda days: np.where(open_days.closed(days), closed_weight, 1.0),
    )
    cust_ids = c.ids("KH", n)

    # -- quotes -----------------------------------------------------------------------------
    custom_rate = np.array(
        [p.get(("industries", k, "custom_rate"), float, 0, 1) for k in ind_codes]
    )
    custom_firm = rng.random(n) < custom_rate[industry]
    n_quotes = 1 + rng.poisson(p.get("quotes.extra_mean", float, 0, 50), n)
    q_owner, q_step = c.step_in_group(n_quotes)
    q_gap = np.where(q_step == 0, 0, np.ceil(rng.exponential(75, len(q_owner)))).astype(np.int64)
    q_date = first_inquiry[q_owner] + c.group_cumsum(
        q_gap, np.cumsum(n_quotes) - n_quotes, n_quotes
    )
    # quotes, signatures and orders happen on working days: not on Sundays, public holidays or
    # over the Tết holiday (the work waits for the next open day)
    q_date = open_days.next_open(q_date, rng)
    keep = q_date <= end64
    q_owner, q_date = q_owner[keep], q_date[keep]
    items = p.entries("products.items")
    item_names = [it.label("name") for it in items]
    p.check_distinct([(("products", "items", i, "name"), nm) for i, nm in enumerate(item_names)])
    item_price = np.array([it.get("unit_price", float, 100, 1e9) for it in items])
    standards = p.labels("products.standards")
    if CUSTOM in standards:
        raise p.error(
            ("products", "standards", standards.index(CUSTOM)),
            f"'{CUSTOM}' là nhãn dành cho hàng đặt riêng, không phải một tiêu chuẩn.",
            f"'{CUSTOM}' is the label of custom goods, not a standard.",
        )
    std_labels = [*standards, CUSTOM]
    # one share per standard (same order as 'products.standards')
    std_p = np.asarray(p.share_list("products.standard_shares", len(standards)), dtype=float)
    oil_p = np.asarray(
        p.share_list("products.oil_gas_standard_shares", len(standards)), dtype=float
    )
    oil_code = ind_codes.index("dau_khi_hoa_chat") if "dau_khi_hoa_chat" in ind_codes else -1
    factor = p.get("products.custom_price_factor", float, 1, 50)
    q_med = np.where(
        large,
        p.get("quotes.large_quantity_median", float, 1, 1e7),
        p.get("quotes.sme_quantity_median", float, 1, 1e7),
    )

    def lines(owner: np.ndarray, qty_scale: float):
        k = len(owner)
        is_custom = rng.random(k) < np.where(custom_firm[owner], 0.85, 0.04)
        std_plain = rng.choice(len(standards), k, p=std_p / std_p.sum())
        std_oil = rng.choice(len(standards), k, p=oil_p / oil_p.sum())
        std = np.where(industry[owner] == oil_code, std_oil, std_plain)
        std = np.where(is_custom, len(standards), std)
        item = rng.integers(0, len(items), k)
        qty = np.maximum(np.round(_lognormal(rng, q_med[owner] * qty_scale, 0.8, k), -1), 10)
        price = np.round(
            item_price[item] * np.where(is_custom, factor, 1.0) * rng.uniform(0.9, 1.15, k), -2
        )
        return std, item, qty.astype(np.int64), price, (qty * price).astype(np.int64)

    std, item, qty, price, amount = lines(q_owner, 1.0)
    quotes = pd.DataFrame(
        {
            "quote_id": pd.array(c.ids("BG", len(q_owner)), dtype="str"),
            "customer_id": c.key_column(q_owner, cust_ids),
            "quote_date": q_date.astype("datetime64[s]"),
            "product": c.categorical(item, item_names),
            "standard": c.categorical(std, std_labels),
            "quantity": qty,
            "unit_price": price.astype(np.int64),
            "amount": amount,
        }
    )

    # -- contracts and orders -----------------------------------------------------------------
    sign_factor = _region_map(p, ("geography", "sign_factor"), [*REGIONS, "Nước ngoài"])
    region_factor = pd.Series(region_label).map(sign_factor).to_numpy(dtype=float)
    size_factor = np.where(large, p.get("orders.large_sign_factor", float, 0, 10), 1.0)
    p_sign = np.clip(conversion[source] * region_factor * size_factor * skill[consultant], 0, 0.95)
    signed = rng.random(n) < p_sign
    first_quote = pd.Series(q_date).groupby(q_owner).min().reindex(range(n)).to_numpy()
    signed &= ~pd.isna(first_quote)
    signed_date = np.where(
        signed,
        first_quote + np.ceil(rng.exponential(25, n)).astype("timedelta64[D]"),
        np.datetime64("NaT"),
    )
    signed_date = open_days.next_open(signed_date, rng).astype("datetime64[ns]")  # NaT stays
    signed &= signed_date <= end64
    s_idx = np.flatnonzero(signed)
    contracts = pd.DataFrame(
        {
            "contract_id": pd.array(c.ids("HD", len(s_idx)), dtype="str"),
            "customer_id": c.key_column(s_idx, cust_ids),
            "signed_date": signed_date[s_idx].astype("datetime64[s]"),
            "term_months": rng.choice([12, 24, 36], len(s_idx), p=[0.5, 0.35, 0.15]).astype(
                np.int64
            ),
        }
    )
    mean_orders = np.where(
        large, p.get("orders.large_mean", float, 1, 500), p.get("orders.sme_mean", float, 1, 500)
    )
    # some contracts have no order yet (signed lately, or a framework agreement not yet called
    # upon); some firms buy without a contract (a spot order against a quote)
    idle = rng.random(n) < p.get("orders.idle_contract_share", float, 0, 1)
    n_orders = np.where(signed & ~idle, 1 + rng.poisson(np.maximum(mean_orders - 1, 0)), 0)
    o_owner, o_step = c.step_in_group(n_orders)
    o_gap = np.where(
        o_step == 0,
        np.ceil(rng.exponential(10, len(o_owner))),
        np.ceil(rng.exponential(50, len(o_owner))),
    ).astype(np.int64)
    o_date = signed_date[o_owner].astype("datetime64[D]") + c.group_cumsum(
        o_gap, np.cumsum(n_orders) - n_orders, n_orders
    )
    spot = (
        ~signed & ~pd.isna(first_quote) & (rng.random(n) < p.get("orders.spot_share", float, 0, 1))
    )
    n_spot = np.where(spot, 1 + rng.poisson(0.4, n), 0)
    sp_owner, sp_step = c.step_in_group(n_spot)
    sp_gap = np.ceil(rng.exponential(np.where(sp_step == 0, 15, 90), len(sp_owner))).astype(
        np.int64
    )
    sp_date = first_quote[sp_owner].astype("datetime64[D]") + c.group_cumsum(
        sp_gap, np.cumsum(n_spot) - n_spot, n_spot
    )
    contract_of = np.cumsum(signed) - 1
    o_contract = np.concatenate([contract_of[o_owner], np.full(len(sp_owner), -1)])
    o_owner = np.concatenate([o_owner, sp_owner])
    o_date = open_days.next_open(np.concatenate([o_date, sp_date]), rng)
    keep = o_date <= end64
    o_owner, o_date, o_contract = o_owner[keep], o_date[keep], o_contract[keep]
    order = np.lexsort((o_date, o_owner))
    o_owner, o_date, o_contract = o_owner[order], o_date[order], o_contract[order]
    std, item, qty, price, amount = lines(o_owner, 1.6)

    # -- after-sales tickets ------------------------------------------------------------------
    rate = np.where(
        std == len(standards),
        p.get("support.custom_rate", float, 0, 20),
        p.get("support.standard_rate", float, 0, 20),
    )
    per_order = rng.poisson(rate)
    t_order = np.repeat(np.arange(len(o_owner)), per_order)
    kinds = p.labels("support.kinds", min_len=2)  # the late-delivery kind and at least one other
    late_kind = p.get("support.late_kind", str)
    if late_kind not in kinds:
        raise p.error(
            "support.late_kind",
            f"phải là một trong 'support.kinds': {kinds}.",
            f"must be one of 'support.kinds': {kinds}.",
        )
    late = kinds.index(late_kind)
    far = haversine_km(
        loc["lat"].to_numpy(dtype=float), loc["lon"].to_numpy(dtype=float), shop["lat"], shop["lon"]
    )
    far = np.where(np.isnan(far), 1500.0, far)[o_owner[t_order]]  # abroad: as far as the far south
    p_late = np.clip(
        p.get("support.late_base", float, 0, 1)
        + p.get("support.late_per_1000km", float, 0, 1) * far / 1000,
        0,
        0.95,
    )
    other = rng.integers(0, len(kinds) - 1, len(t_order))
    kind = np.where(
        rng.random(len(t_order)) < p_late, late, np.where(other >= late, other + 1, other)
    )
    # tickets come in on working days; one that would come after the last day is not in the data
    opened = open_days.next_open(o_date[t_order] + rng.integers(3, 120, len(t_order)), rng)
    hours = np.round(_lognormal(rng, 3.0, 0.7, len(t_order)), 1)
    seen = opened <= end64
    t_order, kind, opened, hours = t_order[seen], kind[seen], opened[seen], hours[seen]

    # a late delivery costs custom (article 003: the experience decides whether a firm comes
    # back): a share of the firms that met one order nothing more after the complaint
    first_late = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    if (kind == late).any():
        by_firm = pd.Series(opened[kind == late]).groupby(o_owner[t_order][kind == late]).min()
        first_late[by_firm.index.to_numpy()] = by_firm.to_numpy()
    leaves = rng.random(n) < p.get("support.late_churn", float, 0, 1)
    cut = np.where(leaves, first_late, np.datetime64("NaT"))[o_owner]
    kept = ~(o_date > cut)  # NaT compares False: firms that stay keep every order
    new_index = np.cumsum(kept) - 1
    t_kept = kept[t_order]
    o_owner, o_date, o_contract = o_owner[kept], o_date[kept], o_contract[kept]
    std, item, qty, price, amount = std[kept], item[kept], qty[kept], price[kept], amount[kept]
    t_order = new_index[t_order[t_kept]]
    kind, opened, hours = kind[t_kept], opened[t_kept], hours[t_kept]

    orders = pd.DataFrame(
        {
            "order_id": pd.array(c.ids("DH", len(o_owner)), dtype="str"),
            "customer_id": c.key_column(o_owner, cust_ids),
            "contract_id": pd.Categorical.from_codes(
                o_contract, categories=pd.Index(contracts["contract_id"])
            ),
            "order_date": o_date.astype("datetime64[s]"),
            "product": c.categorical(item, item_names),
            "standard": c.categorical(std, std_labels),
            "quantity": qty,
            "unit_price": price.astype(np.int64),
            "amount": amount,
        }
    )
    under = o_contract >= 0
    contracts["value"] = np.bincount(
        o_contract[under], weights=amount[under], minlength=len(s_idx)
    ).astype(np.int64)
    tickets = pd.DataFrame(
        {
            "ticket_id": pd.array(c.ids("HT", len(t_order)), dtype="str"),
            "customer_id": c.key_column(o_owner[t_order], cust_ids),
            "order_id": pd.Categorical.from_codes(t_order, categories=pd.Index(orders["order_id"])),
            "opened_at": opened.astype("datetime64[s]"),
            "kind": c.categorical(kind, kinds),
            "hours": hours,
        }
    )

    # -- touchpoint events --------------------------------------------------------------------
    calls = rng.poisson(1.5, n)
    c_owner, _ = c.step_in_group(calls)
    c_date = open_days.next_open(first_inquiry[c_owner] + rng.integers(1, 90, len(c_owner)), rng)
    visit = rng.random(n) < np.where(large, 0.5, 0.15)
    v_owner = np.flatnonzero(visit)
    v_date = open_days.next_open(first_inquiry[v_owner] + rng.integers(5, 60, len(v_owner)), rng)
    # care calls and visits on working days, and only those before the last day
    c_owner, c_date = c_owner[c_date <= end64], c_date[c_date <= end64]
    v_owner, v_date = v_owner[v_date <= end64], v_date[v_date <= end64]
    src_label = np.asarray(list(src_shares), dtype=object)
    parts = [
        (np.arange(n), first_inquiry, "hoi_gia", src_label[source]),
        (q_owner, q_date, "gui_bao_gia", "Email"),
        (c_owner, c_date, "goi_dien_cham_soc", "Điện thoại"),
        (v_owner, v_date, "gap_truc_tiep", "Gặp trực tiếp"),
        (s_idx, signed_date[s_idx].astype("datetime64[D]"), "ky_hop_dong", "Gặp trực tiếp"),
        (o_owner, o_date, "dat_hang", "Email"),
        (
            o_owner[t_order],
            tickets["opened_at"].to_numpy().astype("datetime64[D]"),
            "yeu_cau_ho_tro",
            "Điện thoại",
        ),
    ]
    ev_owner = np.concatenate([q[0] for q in parts])
    ev_day = np.concatenate([np.asarray(q[1]).astype("datetime64[D]") for q in parts]).astype(
        "datetime64[s]"
    )
    ev_type = np.concatenate([np.full(len(q[0]), q[2], dtype=object) for q in parts])
    ev_chan = np.concatenate(
        [np.broadcast_to(np.asarray(q[3], dtype=object), len(q[0])) for q in parts]
    )
    events = pd.DataFrame(
        {
            "customer_id": c.key_column(ev_owner, cust_ids),
            "timestamp": ev_day
            + rng.integers(8 * 3600, 18 * 3600, len(ev_owner)).astype("timedelta64[s]"),
            "event_type": pd.Categorical(ev_type, categories=pd.Index(EVENT_TYPES, dtype="str")),
            "channel": pd.Categorical(ev_chan),
        }
    ).sort_values("timestamp", kind="stable", ignore_index=True)
    orders = orders.sort_values(["order_date", "order_id"], kind="stable", ignore_index=True)
    quotes = quotes.sort_values(["quote_date", "quote_id"], kind="stable", ignore_index=True)

    # -- the customers table --------------------------------------------------------------------
    customers = pd.DataFrame(
        {
            "customer_id": pd.array(cust_ids, dtype="str"),
            "company_name": pd.array(names, dtype="str"),
            "legal_form": pd.Categorical(legal, categories=pd.Index(vn.LEGAL_FORMS, dtype="str")),
            "industry": c.categorical(industry, list(ind_shares)),
            "country": pd.Categorical(country),
            "province": loc["province"].to_numpy(),
            "region": loc["region"].to_numpy(),
            "address": address,
            "lat": loc["lat"].to_numpy(dtype=float),
            "lon": loc["lon"].to_numpy(dtype=float),
            "staff_count": staff_count,
            "revenue_bn": revenue,
            "contact_name": pd.array(contact, dtype="str"),
            "contact_title": c.categorical(rng.integers(0, len(CONTACT_TITLES), n), CONTACT_TITLES),
            "phone": pd.array(phone, dtype="str"),
            "email": pd.array(email, dtype="str"),
            "source": c.categorical(source, list(src_shares)),
            "staff_id": pd.Categorical.from_codes(
                consultant, categories=pd.Index(staff["staff_id"])
            ),
            "first_inquiry": first_inquiry.astype("datetime64[s]"),
        }
    )
    customers["province"] = pd.Categorical(
        customers["province"], categories=loc["province"].cat.categories
    )
    customers["region"] = pd.Categorical(
        customers["region"], categories=loc["region"].cat.categories, ordered=True
    )
    customers = c.finish_customers(customers, orders, events, end, shop)
    for extra in (
        quote_features(quotes, cust_ids),
        contract_features(contracts, cust_ids),
        support_features(tickets, cust_ids),
    ):
        for col in extra.columns:
            customers[col] = extra[col].to_numpy()

    internal = c.internal_table(
        p, rng, ["Kinh doanh", "Kho vận", "Kỹ thuật", "Kế toán", "Mua hàng", "Ban giám đốc"]
    )
    return c.World(
        tables={
            "customers": customers,
            "orders": orders,
            "events": events,
            "quotes": quotes,
            "contracts": contracts,
            "tickets": tickets,
            "staff": staff,
            "internal": internal,
        },
        as_of=pd.Timestamp(end),
        shop=shop,
    )
