"""Documentation built from the scheme declarations (one declaration, read everywhere).

``catalogue_markdown()`` renders every registered scheme — purpose, levels with meaning and
suggested action, parameters, required columns, cases and source article — as Markdown. The
committed copy lives in ``casebook/cac_phuong_phap.md``; a test keeps it in step with the code
(regenerate with ``uv run phanloai docs --out casebook/cac_phuong_phap.md --force``).
"""

from __future__ import annotations

from ._i18n import language
from .schemes import SCHEMES
from .schemes.base import ARTICLES, Scheme
from .vocab import term

KIND_VI = {
    "count": "số đếm",
    "money": "tiền (đồng)",
    "days": "số ngày",
    "km": "km",
    "share": "tỷ lệ 0–1",
    "number": "số",
    "category": "chữ / nhóm",
    "bool": "đúng/sai",
    "date": "ngày",
}


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _range(p) -> str:
    if p.choices:
        return ", ".join(f"`{c}`" for c in p.choices)
    return f"{p.lo:g} – {p.hi:g} (bước {p.step:g})"


def _level_variants(s: Scheme) -> list[tuple[str, tuple]]:
    """The level tables to show: one per value of a choice parameter that changes the levels."""
    default = s.levels_for()
    for p in s.params.values():
        if p.choices and s.level_sets:
            variants = [(v, s.levels_for({p.name: v})) for v in p.choices]
            if any(levels != default for _, levels in variants):
                return [
                    (f"**`{p.name}` = `{v}`** — {_choice_words(p, v)}", levels)
                    for v, levels in variants
                ]
    return [("", default)]


def _choice_words(p, choice) -> str:
    vi, en = p.choice_labels.get(choice, (str(choice), str(choice)))
    return f"{vi} / *{en}*"


def _source_text(code: str) -> str:
    """An article as "bài 001 — title"; a source that is no article (``std``: standard practice)
    by its title alone."""
    if code not in ARTICLES:
        return code
    title = ARTICLES[code][0]
    return f"bài {code} — {title}" if code.isdigit() else title


def scheme_markdown(s: Scheme) -> str:
    """One scheme's page section, Vietnamese first with English beside."""
    lines = [
        f"## `{s.code}` — {s.title_vi} ({s.title_en})",
        "",
        f"{s.purpose_vi}  ",
        f"*{s.purpose_en}*",
        "",
        "- **Nguồn / source:** " + "; ".join(_source_text(a) for a in s.source),
        f"- **Tình huống / cases:** {', '.join(s.cases)}",
        f"- **Bảng / table:** `{s.table}`"
        + (" · **theo giai đoạn / staged** (dùng được phễu)" if s.staged else ""),
        "",
    ]
    for heading, levels in _level_variants(s):
        if heading:
            lines += [heading, ""]
        lines += [
            "| mã (code) | cấp (level) | ý nghĩa (meaning) | hành động gợi ý (suggested action) |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| `{lv.code}` | **{_cell(lv.vi)}** ({_cell(lv.en)}) | {_cell(lv.meaning_vi)} | {_cell(lv.action_vi)} |"
            for lv in levels
        ]
        lines.append("")
    if s.level_sets:
        lines.append(
            "*Tên cấp có thể đổi theo tham số số (ngưỡng, số cụm); bảng dùng giá trị mặc định. "
            "Level names may follow numeric parameters (edges, number of clusters); shown at the defaults.*"
        )
    lines += ["| cột cần (required column) | kiểu | ý nghĩa |", "|---|---|---|"]
    for c in s.requires:
        note = f" (khi `{c.only_when[0]}` = `{c.only_when[1]}`)" if c.only_when else ""
        lines.append(
            f"| `{c.name}`{note} | {KIND_VI.get(c.kind, c.kind)} | {_cell(term(c.name).short_vi)} |"
        )
    if s.params:
        lines += ["", "| tham số (parameter) | mặc định | khoảng | ý nghĩa |", "|---|---|---|---|"]
        for p in s.params.values():
            note = f" (khi `{p.only_when[0]}` = `{p.only_when[1]}`)" if p.only_when else ""
            lines.append(
                f"| `{p.name}`{note} | `{p.default}` | {_range(p)} | {_cell(p.vi)} ({_cell(p.en)}) |"
            )
        if s.increasing:
            chains = "; ".join(
                ("<" if inc.strict else "≤").join(f" `{n}` " for n in inc.names).strip()
                for inc in s.increasing
            )
            lines += ["", f"*Tham số phải tăng dần (must increase):* {chains}."]
    return "\n".join(lines) + "\n"


def catalogue_markdown() -> str:
    """Every registered scheme, in the order of METHODS.md."""
    with language("vi"):
        head = [
            "# Các phương pháp phân loại khách hàng (Classification schemes)",
            "",
            "Trang này được sinh tự động từ khai báo của từng cách phân loại trong `src/phanloai/schemes/` "
            "— đừng sửa tay. *Generated from the scheme declarations; do not edit by hand.*",
            "",
            "```python",
            "import phanloai",
            'f = phanloai.load("fashion")',
            'nhan = phanloai.classify(f.customers, "ladder", radius_km=10)',
            'phanloai.show(phanloai.explain(f.customers, "ladder"))  # lý do từng khách',
            'phanloai.SCHEMES["ladder"].params  # tham số',
            "```",
            "",
            f"Có **{len(SCHEMES)} cách phân loại** (*{len(SCHEMES)} schemes*). Kết quả phân loại là **mã cấp** "
            "(cột *mã*), giống nhau ở lớp tiếng Việt và tiếng Anh; tên cấp hiện ra khi xem bảng, vẽ biểu đồ, xuất tệp. "
            "*Results are level codes, the same in every language; the names appear where people read.*",
            "",
            "Mọi cách phân loại đều có thêm cấp cuối **Không xác định (Unknown)**, mã `unknown`, cho dòng thiếu dữ liệu.",
            "",
            "| mã | tên | nguồn |",
            "|---|---|---|",
        ]
        head += [
            f"| [`{s.code}`](#{s.code}) | {s.title_vi} ({s.title_en}) | {', '.join(a if a.isdigit() else 'thực hành phổ biến (standard practice)' for a in s.source)} |"
            for s in SCHEMES.values()
        ]
        return "\n".join(head) + "\n\n" + "\n".join(scheme_markdown(s) for s in SCHEMES.values())
