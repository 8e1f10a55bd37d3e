"""``load``: build a case world (customers, orders, events…) from its parameter file."""

from __future__ import annotations

import importlib
import numbers
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ._i18n import PhanloaiError, tr
from .params import Params, synthetic_dir

#: The case worlds and their default parameter files in ``synthetic/``.
CASES = ("spa", "bolts", "fashion")
#: The largest world ``load`` will build (the fashion benchmark uses 1,000,000).
MAX_N = 2_000_000


@dataclass
class Case:
    """A generated case world. Tables are attributes: ``case.customers``, ``case.orders``…"""

    name: str
    title_vi: str
    title_en: str
    n: int
    seed: int
    params_file: str
    as_of: pd.Timestamp
    tables: dict[str, pd.DataFrame]
    shop: dict | None = None
    stories: list[dict] = field(default_factory=list)
    #: with ``load(..., messy=True)``: what was made messy (see :mod:`phanloai.messy`)
    messy: dict | None = None

    def __getattr__(self, item: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if item in tables:
            return tables[item]
        raise AttributeError(item)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.tables))

    @property
    def title(self) -> str:
        return tr(self.title_vi, self.title_en)

    def summary(self) -> pd.DataFrame:
        """One row per table: its name, what it holds (current language), rows and columns.
        Column keys are the same in every language (``phanloai.show`` names them for people)."""
        from .dictionary import table_meaning

        return pd.DataFrame(
            {
                "table": list(self.tables),
                "meaning": [table_meaning(self.name, t) for t in self.tables],
                "rows": [len(t) for t in self.tables.values()],
                "columns": [t.shape[1] for t in self.tables.values()],
            }
        )

    @property
    def contacts(self) -> pd.DataFrame:
        """Everyone the business serves, inside and outside (article 003): the customers (their
        ``external_role`` as ``relation``, "Người mua" when not known) and the internal customers."""
        c = self.customers
        name = c["full_name"] if "full_name" in c else c["company_name"]
        role = (
            c["external_role"].astype("str")
            if "external_role" in c
            else pd.Series("Người mua", index=c.index)
        )
        outside = pd.DataFrame(
            {
                "contact_id": c["customer_id"].astype("str"),
                "full_name": name.astype("str"),
                "side": "Bên ngoài",
                "relation": role.to_numpy(),
            }
        )
        i = self.tables.get(
            "internal", pd.DataFrame(columns=["internal_id", "full_name", "relation"])
        )
        inside = pd.DataFrame(
            {
                "contact_id": i["internal_id"].astype("str"),
                "full_name": i["full_name"].astype("str"),
                "side": "Nội bộ",
                "relation": i["relation"].astype("str"),
            }
        )
        both = pd.concat([inside, outside], ignore_index=True)
        both["side"] = pd.Categorical(both["side"], categories=["Nội bộ", "Bên ngoài"])
        return both

    def table_for(self, scheme) -> pd.DataFrame:
        """The table a scheme classifies in this case (``customers`` or ``contacts``)."""
        from .schemes import get_scheme

        return self.contacts if get_scheme(scheme).table == "contacts" else self.customers

    def story_table(self) -> pd.DataFrame:
        """The findings planted in this world (keys ``id``, ``story``; the story in the current
        language). For the instructor: the class is meant to find them first."""
        return pd.DataFrame(
            {
                "id": [s["id"] for s in self.stories],
                "story": [tr(s["vi"], s["en"]) for s in self.stories],
            }
        )

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v):,}" for k, v in self.tables.items())
        return f"<Case {self.name!r} n={self.n:,} seed={self.seed}: {sizes}>"

    def _repr_html_(self) -> str:
        head = f"<b>{self.title}</b> — n = {self.n:,}, seed = {self.seed}".replace(",", ".")
        return head + self.summary().to_html(index=False)


def _check_int(value, name: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise PhanloaiError(
            f"'{name}' phải là số nguyên, nhận được {value!r}.",
            f"'{name}' must be an integer, got {value!r}.",
        )
    value = int(value)
    if not lo <= value <= hi:
        raise PhanloaiError(
            f"'{name}' = {value:,} nằm ngoài khoảng cho phép {lo:,} … {hi:,}.".replace(",", "."),
            f"'{name}' = {value:,} is outside the allowed range {lo:,} … {hi:,}.",
        )
    return value


def resolve_params(case: str, params: str | Path | None = None) -> tuple[str, Params]:
    """Find the case name and its parameters (``case`` may itself be a path to a .toml file)."""
    if params is None and isinstance(case, str | Path) and str(case).endswith(".toml"):
        params, case = case, None
    if params is None:
        if case not in CASES:
            raise PhanloaiError(
                f"Không có tình huống {case!r}. Các tình huống: {', '.join(CASES)}.",
                f"Unknown case {case!r}. Available cases: {', '.join(CASES)}.",
            )
        params = synthetic_dir() / f"{case}.toml"
    p = Params.from_file(params)
    declared = p.get("case", str)
    if declared not in CASES:
        raise p.error(
            "case",
            f"tình huống {declared!r} không tồn tại; chọn một trong {', '.join(CASES)}.",
            f"unknown case {declared!r}; choose one of {', '.join(CASES)}.",
        )
    if case is not None and case != declared:
        raise p.error(
            "case",
            f"tệp dành cho tình huống {declared!r}, không phải {case!r}.",
            f"the file is for case {declared!r}, not {case!r}.",
        )
    return declared, p


def load(
    case: str,
    n: int | None = None,
    seed: int = 0,
    params: str | Path | None = None,
    messy: bool = False,
) -> Case:
    """Generate one case world.

    Parameters
    ----------
    case : "spa", "bolts" or "fashion" — or the path of an edited parameter file.
    n : number of customers (default: the file's ``default_n``), 1 … 2,000,000.
    seed : random seed; same case, n, seed and parameters give identical tables.
    params : an edited copy of ``synthetic/<case>.toml`` to build a variant world.
    messy : the customer list as a real CRM holds it — duplicates, junk leads, blank sources,
        old province names, mixed phone formats (:mod:`phanloai.messy`); default clean.

    Returns
    -------
    Case with ``customers`` (one row per customer, behaviour features included), ``orders``,
    ``events`` and the case's own tables.

    Examples
    --------
    >>> bolts = load("bolts")
    >>> spa = load("spa", n=3000, seed=7)
    """
    name, p = resolve_params(case, params)
    seed = _check_int(seed, "seed", 0, 2**32 - 1)
    default_n = p.get("default_n", int, 1, MAX_N)  # checked even when ``n`` is given
    n = _check_int(default_n if n is None else n, "n", 1, MAX_N)
    module = importlib.import_module(f".worlds.{name}", __package__)
    rng = np.random.default_rng(np.random.SeedSequence([seed, n]))
    world = module.generate(p, n, rng)
    title_vi, title_en = p.label("title_vi"), p.label("title_en")
    stories = _stories(p)
    p.check_unknown(name)  # every key the world did not read is a typo or a stray key
    made = Case(
        name=name,
        title_vi=title_vi,
        title_en=title_en,
        n=n,
        seed=seed,
        params_file=p.source,
        as_of=world.as_of,
        tables=world.tables,
        shop=world.shop,
        stories=stories,
    )
    if messy:
        from .messy import make_messy

        return make_messy(made)
    return made


def _stories(p: Params) -> list[dict]:
    """The ``[[stories]]`` planted in the world (optional): ``id`` (distinct), ``vi``, ``en``."""
    entries = p.entries("stories", required=False)
    stories = [
        {
            "id": s.get("id", str, default=""),
            "vi": s.get("vi", str, default=""),
            "en": s.get("en", str, default=""),
        }
        for s in entries
    ]
    p.check_distinct([(("stories", i, "id"), s["id"]) for i, s in enumerate(stories) if s["id"]])
    return stories
