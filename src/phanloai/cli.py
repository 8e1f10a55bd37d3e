"""Command line: ``phanloai generate bolts --seed 1 --out bolts.xlsx`` and friends."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._i18n import PhanloaiError
from .case import CASES, load, resolve_params
from .export import save_tables

EPILOG = """Ví dụ / examples:
  phanloai generate bolts --seed 1 --out bolts.xlsx       # Excel, một trang mỗi bảng
  phanloai generate spa --n 5000 --out spa/               # thư mục CSV, một tệp mỗi bảng
  phanloai generate fashion --out fashion.parquet/        # thư mục Parquet
  phanloai params spa --out spa_cua_toi.toml              # chép tham số để sửa
  phanloai generate spa --params spa_cua_toi.toml --out spa_bien_the/
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # Vietnamese first, like every other message
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi cú pháp lệnh: {message}\n(English: command-line error: {message})\n")


def _int(text: str, name: str) -> int:
    try:
        return int(text.replace("_", "").replace(".", ""))
    except ValueError:
        raise PhanloaiError(
            f"'--{name}' phải là số nguyên, nhận được {text!r}.",
            f"'--{name}' must be an integer, got {text!r}.",
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="phanloai",
        description="Phân loại khách hàng — sinh dữ liệu tình huống (customer-classification casebook).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    gen = sub.add_parser("generate", help="sinh dữ liệu một tình huống / generate a case world")
    gen.add_argument("case", help=f"tình huống / case: {', '.join(CASES)} (hoặc tệp .toml)")
    gen.add_argument("--n", default=None, help="số khách hàng / number of customers")
    gen.add_argument("--seed", default="0", help="hạt giống ngẫu nhiên / random seed (mặc định 0)")
    gen.add_argument("--params", default=None, help="tệp tham số đã sửa / edited parameter file")
    gen.add_argument("--out", required=True, help="x.xlsx | thư_mục/ (CSV) | x.parquet/")
    gen.add_argument(
        "--force", action="store_true", help="ghi đè tệp có sẵn / overwrite existing files"
    )
    par = sub.add_parser(
        "params", help="chép tệp tham số mặc định để sửa / copy a default parameter file"
    )
    par.add_argument("case", help=f"tình huống / case: {', '.join(CASES)}")
    par.add_argument("--out", required=True, help="tệp .toml mới / new .toml file")
    par.add_argument("--force", action="store_true", help="ghi đè / overwrite")
    sub.add_parser("cases", help="liệt kê các tình huống / list the cases")
    doc = sub.add_parser(
        "docs", help="trang mô tả các cách phân loại / the schemes' catalogue (Markdown)"
    )
    doc.add_argument(
        "--out", default=None, help="tệp .md (mặc định: in ra màn hình) / .md file (default: print)"
    )
    doc.add_argument("--force", action="store_true", help="ghi đè / overwrite")
    return parser


def _write_text_file(out: Path, text: str, force: bool) -> None:
    """Write a small text file, refusing to replace one the user has unless ``force``."""
    if out.exists() and not force:
        raise PhanloaiError(
            f"Tệp '{out}' đã có sẵn, không ghi đè (dùng --force).",
            f"File '{out}' already exists, not overwriting (use --force).",
        )
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PhanloaiError(
            f"Không ghi được '{out}' ({exc.strerror}).", f"Cannot write '{out}' ({exc.strerror})."
        ) from exc


def run(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "cases":
        for name in CASES:
            case = load(name, n=10)
            print(f"{name:8s} {case.title_vi} — {case.title_en}")
        return 0
    if args.command == "docs":
        from .docs import catalogue_markdown

        text = catalogue_markdown()
        if args.out is None:
            print(text)
            return 0
        _write_text_file(Path(args.out), text, args.force)
        print(f"Đã ghi / written: {args.out}")
        return 0
    if args.command == "params":
        _, p = resolve_params(args.case)
        _write_text_file(Path(args.out), Path(p.source).read_text("utf-8"), args.force)
        print(f"Đã chép tham số vào / parameters copied to: {args.out}")
        return 0
    n = None if args.n is None else _int(args.n, "n")
    case = load(args.case, n=n, seed=_int(args.seed, "seed"), params=args.params)
    written = save_tables(case.tables, args.out, force=args.force)
    rows = ", ".join(f"{k} {len(v):,}".replace(",", ".") for k, v in case.tables.items())
    print(f"Đã ghi / written: {', '.join(str(w) for w in written)}\n{case.title_vi}: {rows}")
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        return run(argv)
    except PhanloaiError as exc:
        print(f"Lỗi: {exc.vi}\n(English: {exc.en})", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
