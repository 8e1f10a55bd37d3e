"""Command line: ``phanloai generate bolts --seed 1 --out bolts.xlsx`` and friends."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from ._i18n import PhanloaiError
from .case import CASES, load, resolve_params
from .export import save_tables

EPILOG = """Ví dụ / examples:
  phanloai lab                                            # mở bộ notebook / open the notebooks
  phanloai generate bolts --seed 1 --out bolts.xlsx       # Excel, một trang mỗi bảng
  phanloai generate spa --n 5000 --out spa/               # thư mục CSV, một tệp mỗi bảng
  phanloai generate fashion --out fashion.parquet/        # thư mục Parquet
  phanloai generate spa --messy --out spa_crm/             # như trong CRM thật: trùng, rác…
  phanloai params spa --out spa_cua_toi.toml              # chép tham số để sửa
  phanloai generate spa --params spa_cua_toi.toml --out spa_bien_the/
  phanloai export spa --scheme service_level --param loyal_orders=3 --by staff_id --out ds.xlsx
  phanloai classify khach_hang.csv --orders don_hang.xlsx --scheme rfm --out ket_qua.xlsx
  phanloai classify don_hang.parquet --scheme rfm --engine duckdb --out ket_qua.parquet
  phanloai workshop fashion                               # bảng điều khiển cho workshop
  phanloai workshop khach_hang.csv --orders don_hang.xlsx # …trên khách hàng của bạn
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # Vietnamese first, like every other message
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi cú pháp lệnh: {message}\n(English: command-line error: {message})\n")


_WHOLE = re.compile(r"\d{1,3}(?:[.,]\d{3})+|\d+")  # 10000, 10.000 or 10,000 — not 2.5


def _int(text: str, name: str) -> int:
    clean = text.strip().replace("_", "")
    if not _WHOLE.fullmatch(clean):
        raise PhanloaiError(
            f"'--{name}' phải là số nguyên, nhận được {text!r}.",
            f"'--{name}' must be an integer, got {text!r}.",
        )
    return int(clean.replace(".", "").replace(",", ""))


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
        "--messy",
        action="store_true",
        help="danh sách khách như trong CRM thật (trùng, rác, thiếu nguồn…) / as a real CRM holds it",
    )
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
    lab = sub.add_parser(
        "lab", help="mở bộ notebook trong JupyterLab / open the notebooks in JupyterLab"
    )
    lab.add_argument("--port", default=None, help="cổng / port (mặc định: 8888 hoặc cổng trống)")
    lab.add_argument(
        "--no-browser", action="store_true", help="không tự mở trình duyệt / do not open a browser"
    )
    shop = sub.add_parser(
        "workshop",
        help="bảng điều khiển không cần code cho workshop / the no-code workshop dashboard",
    )
    shop.add_argument(
        "case",
        help=f"tình huống / case: {', '.join(CASES)} — hoặc tệp khách hàng của bạn / or your customer file",
    )
    shop.add_argument(
        "--orders", default=None, help="tệp đơn hàng đi kèm tệp khách hàng / the order lines file"
    )
    shop.add_argument("--port", default=None, help="cổng / port (mặc định: một cổng trống)")
    shop.add_argument(
        "--language", default="vi", choices=("vi", "en"), help="ngôn ngữ / language (vi)"
    )
    shop.add_argument(
        "--no-browser", action="store_true", help="không tự mở trình duyệt / do not open a browser"
    )
    exp = sub.add_parser(
        "export",
        help="danh sách khách theo nhóm cho đội bán hàng (Excel / CSV) / segment lists for sales",
    )
    exp.add_argument("case", help=f"tình huống / case: {', '.join(CASES)} (hoặc tệp .toml)")
    exp.add_argument("--scheme", required=True, help="cách phân loại / scheme (phanloai docs)")
    exp.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="tham số của cách phân loại, lặp lại được / a scheme parameter, repeatable",
    )
    exp.add_argument(
        "--by", default=None, help="chia trang theo cột, vd staff_id / one sheet per value"
    )
    exp.add_argument("--n", default=None, help="số khách hàng / number of customers")
    exp.add_argument("--seed", default="0", help="hạt giống ngẫu nhiên / random seed (mặc định 0)")
    exp.add_argument("--params", default=None, help="tệp tham số đã sửa / edited parameter file")
    exp.add_argument("--out", required=True, help="tệp .xlsx hoặc .csv / an .xlsx or .csv file")
    exp.add_argument("--force", action="store_true", help="ghi đè / overwrite")
    cls = sub.add_parser(
        "classify",
        help="phân loại danh sách khách của bạn (CSV / Excel / Parquet) / classify your own customers",
    )
    cls.add_argument(
        "file", help="tệp khách hàng (hoặc đơn hàng) .csv/.xlsx/.parquet / customer (or order) file"
    )
    cls.add_argument("--orders", default=None, help="tệp đơn hàng / order lines file")
    cls.add_argument("--scheme", required=True, help="cách phân loại / scheme (phanloai docs)")
    cls.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="tham số của cách phân loại, lặp lại được / a scheme parameter, repeatable",
    )
    cls.add_argument(
        "--by", default=None, help="chia trang theo cột, vd staff_id / one sheet per value"
    )
    cls.add_argument(
        "--out",
        required=True,
        help="tệp .xlsx hoặc .csv (duckdb: .parquet hoặc .csv) / an .xlsx or .csv file "
        "(duckdb: .parquet or .csv)",
    )
    cls.add_argument("--force", action="store_true", help="ghi đè / overwrite")
    cls.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="TIÊU_ĐỀ=KHÓA",
        help='gán một cột, vd "Người chăm sóc=staff_id" (khóa trống: bỏ qua cột) / map a header to a column key',
    )
    cls.add_argument(
        "--monthfirst",
        action="store_true",
        help="ngày ghi tháng trước (mm/dd/yyyy) / dates written month first",
    )
    cls.add_argument(
        "--as-of", default=None, help="ngày tính độ gần đây / the day recency is counted to"
    )
    cls.add_argument(
        "--engine",
        choices=("pandas", "duckdb"),
        default="pandas",
        help="duckdb: đọc tệp Parquet/CSV đơn hàng lớn hơn bộ nhớ ngay tại chỗ, ghi .parquet/.csv; "
        "kiểm tra ít hơn (số điện thoại giữ như đã ghi, dòng trùng hệt vẫn tính) "
        "/ duckdb: read a Parquet/CSV order file larger than memory where it lies; fewer checks "
        "(phones kept as written, identical lines all counted)",
    )
    cls.add_argument(
        "--memory-limit",
        default="2GB",
        help="với duckdb: bộ nhớ tối đa, quá thì dùng đĩa (mặc định 2GB) / with duckdb: memory "
        "before it works on disk (default 2GB)",
    )
    doc = sub.add_parser(
        "docs", help="trang mô tả các cách phân loại / the schemes' catalogue (Markdown)"
    )
    doc.add_argument(
        "--out", default=None, help="tệp .md (mặc định: in ra màn hình) / .md file (default: print)"
    )
    doc.add_argument("--force", action="store_true", help="ghi đè / overwrite")
    return parser


def _write_text_file(out: Path, text: str, force: bool) -> None:
    """Write a small text file, whole or not at all, refusing to replace one unless ``force``."""
    from .files import writing

    with writing(out, force=force) as tmp:
        tmp.write_text(text, encoding="utf-8")


START_NOTEBOOK = "notebooks/00_bat_dau.ipynb"


def project_folder() -> Path:
    """The project folder (the one holding ``notebooks/`` and ``casebook/``): the current folder
    or one above it, else the folder the package was installed from (editable install)."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents, *Path(__file__).resolve().parents):
        if (folder / START_NOTEBOOK).is_file():
            return folder
    raise PhanloaiError(
        "Không tìm thấy thư mục dự án (nơi có notebooks/00_bat_dau.ipynb). Hãy mở cửa sổ dòng lệnh trong "
        "thư mục đã tải về rồi chạy lại.",
        "Cannot find the project folder (the one with notebooks/00_bat_dau.ipynb). Open a terminal in the "
        "downloaded folder and run this again.",
    )


def _lab(args) -> int:
    """JupyterLab on the whole project (casebook links work), opening the start notebook."""
    import subprocess

    root = project_folder()
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}",
    ]
    if args.port:
        command.append(f"--ServerApp.port={_int(args.port, 'port')}")
    if args.no_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # a container or a CI machine runs as root
        command.append("--allow-root")
    print(
        f"Đang mở JupyterLab cho {root} — notebook bắt đầu: {START_NOTEBOOK}.\n"
        "Dừng: nhấn Ctrl+C trong cửa sổ này (hai lần), hoặc menu Tệp → Tắt (File → Shut Down).\n"
        f"(English: opening JupyterLab on {root}; stop with Ctrl+C here, twice, or File → Shut Down.)",
        flush=True,
    )
    try:
        return subprocess.call(command, cwd=root)
    except KeyboardInterrupt:
        return 0


def scheme_params(scheme, pairs: list[str]) -> dict:
    """``["key_spend=20.000.000", "radius_km=15"]`` → the scheme's parameters, each read as its
    declared kind (numbers the Vietnamese way too); a bilingual error names the bad one."""
    from .schemes.registry import get_scheme
    from .vn import parse_number

    s = get_scheme(scheme)
    out = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key, text = key.strip(), text.strip()
        if not sep or key not in s.params:
            raise PhanloaiError(
                f"'--param {pair}': cần dạng tên=giá_trị với tên là một trong: {', '.join(s.params)}.",
                f"'--param {pair}': write name=value with a name among: {', '.join(s.params)}.",
            )
        param = s.params[key]
        if param.choices:
            out[key] = text
            continue
        try:
            value, _ = parse_number(text)
        except ValueError:
            raise PhanloaiError(
                f"'--param {pair}': '{text}' không phải một số.",
                f"'--param {pair}': '{text}' is not a number.",
            ) from None
        out[key] = int(value) if param.integer and float(value).is_integer() else value
    return s.check_params(out)


def _export(args) -> int:
    from .lists import export_segments, summary_text
    from .schemes.registry import classify

    params = scheme_params(args.scheme, args.param)
    _check_list_target(args)
    n = None if args.n is None else _int(args.n, "n")
    case = load(args.case, n=n, seed=_int(args.seed, "seed"), params=args.params)
    table = case.table_for(args.scheme)
    labels = classify(table, args.scheme, **params)
    _check_by(args.by, table, files=False)
    written = export_segments(table, labels, args.out, by=args.by, force=args.force)
    print(f"Đã ghi / written: {written}\n{summary_text(table, labels)}")
    return 0


def _mapping(pairs: list[str]) -> dict:
    """``["Người chăm sóc=staff_id", "Ghi chú="]`` → ``{"Người chăm sóc": "staff_id", "Ghi chú": None}``."""
    out = {}
    for pair in pairs:
        header, sep, key = pair.rpartition("=")
        if not sep or not header.strip():
            raise PhanloaiError(
                f'\'--map {pair}\': cần dạng "Tiêu đề=khóa", ví dụ "Người chăm sóc=staff_id".',
                f'\'--map {pair}\': write "Header=key", e.g. "Salesperson=staff_id".',
            )
        out[header.strip()] = key.strip() or None
    return out


def _classify_in_duckdb(args, params: dict, mapping: dict) -> int:
    from . import sql
    from .schemes.registry import get_scheme
    from .vn import format_number

    for flag, used in (("--by", args.by), ("--monthfirst", args.monthfirst)):
        if used:
            raise PhanloaiError(
                f"{flag} chưa dùng được với --engine duckdb (tệp Parquet/CSV có kiểu, kết quả là "
                "một bảng dữ liệu); bỏ --engine để có danh sách Excel theo từng người.",
                f"{flag} does not work with --engine duckdb yet (typed Parquet/CSV in, one data "
                "table out); leave out --engine for an Excel list per person.",
            )
    orders = args.orders or args.file
    customers = args.file if args.orders else None
    done = sql.classify_file(
        orders,
        args.scheme,
        params,
        args.out,
        customers=customers,
        as_of=None if args.as_of is None else _date(args.as_of),
        mapping=mapping or None,
        force=args.force,
        memory_limit=args.memory_limit,
    )
    counts = done["counts"]
    said = (  # what was left out or read as blank, said the way the door's report says it
        ("no_id", "lỗi", "error", "dòng đơn hàng không có mã khách: bỏ qua, không tính cho ai",
         "order lines have no customer id: left out", "order line has no customer id: left out"),
        ("unreadable_amounts", "lỗi", "error",
         "dòng đơn hàng có thành tiền không đọc được (NaN, vô cực): coi như trống, tổng chi tiêu "
         "của khách ấy không xác định",
         "order lines have an unreadable amount (NaN, infinity): read as blank, that customer's "
         "total spend unknown",
         "order line has an unreadable amount (NaN, infinity): read as blank, that customer's "
         "total spend unknown"),
        ("after_as_of", "ghi chú", "note",
         f"dòng đơn hàng sau ngày chốt {done['as_of']:%d/%m/%Y}: không tính",
         f"order lines after the cut-off day {done['as_of']:%d/%m/%Y}: left out",
         f"order line after the cut-off day {done['as_of']:%d/%m/%Y}: left out"),
        ("customers_no_id", "lỗi", "error", "dòng của tệp khách hàng không có mã khách: bỏ qua",
         "rows of the customers file have no customer id: left out",
         "row of the customers file has no customer id: left out"),
        ("customers_twice", "cảnh báo", "warning",
         "dòng của tệp khách hàng trùng mã khách với một dòng trước: giữ dòng đầu",
         "rows of the customers file repeat an earlier customer id: the first is kept",
         "row of the customers file repeats an earlier customer id: the first is kept"),
        ("id_leading_zeros", "cảnh báo", "warning",
         f"dòng đơn hàng có mã khách chỉ khớp với tệp khách hàng khi bỏ số 0 ở đầu (ví dụ "
         f"{done.get('zeros_example')}; Excel hay xóa số 0 ở đầu mã): đã nối với khách ấy; nên "
         "định dạng cột mã là chữ (Text)",
         f"order lines have a customer id that matches the customers file only without leading "
         f"zeros (e.g. {done.get('zeros_example')}; Excel often drops them): linked to that "
         "customer; best format the id column as Text",
         f"order line has a customer id that matches the customers file only without leading "
         f"zeros ({done.get('zeros_example')}; Excel often drops them): linked to that "
         "customer; best format the id column as Text"),
        ("province_old", "ghi chú", "note",
         f"khách ghi tên tỉnh trước 1/7/2025 (ví dụ {done.get('province_old_example')}): đã đổi "
         "sang tên hiện nay (sáp nhập theo Nghị quyết 202/2025/QH15)",
         f"customers have a province name from before 1 July 2025 (e.g. "
         f"{done.get('province_old_example')}): given today's name (merged by Resolution "
         "202/2025/QH15)",
         f"customer has a province name from before 1 July 2025 "
         f"({done.get('province_old_example')}): given today's name (merged by Resolution "
         "202/2025/QH15)"),
        ("strangers", "cảnh báo", "warning",
         f"khách có trong tệp đơn hàng mà không có trong tệp khách hàng (ví dụ: "
         f"{done.get('strangers_example')}): đã thêm vào kết quả, chỉ với dữ liệu đơn hàng",
         f"customers of the order file are not in the customers file (e.g. "
         f"{done.get('strangers_example')}): added to the result, with order data only",
         f"customer of the order file is not in the customers file "
         f"({done.get('strangers_example')}): added to the result, with order data only"),
    )  # fmt: skip
    for key, level_vi, level_en, vi, en, en_one in said:  # English: one line, two lines
        if done.get(key):
            n = done[key]
            print(
                f"[{level_vi}] {format_number(n, 0, 'vi')} {vi}.\n"
                f"[{level_en}] {format_number(n, 0, 'en')} {en if n != 1 else en_one}."
            )
    print(f"Độ gần đây tính đến / recency counted to: {done['as_of']:%d/%m/%Y}")
    s = get_scheme(args.scheme)
    levels = s.levels_for(s.check_params(params))
    total = sum(counts.values())
    print(
        f"Đã ghi / written: {args.out} — {format_number(total, 0, 'vi')} khách / "
        f"{format_number(total, 0, 'en')} customer{'s' if total != 1 else ''} (DuckDB; cột level là mã nhóm, cột reason ghi "
        "lý do / the level column holds level codes, the reason column says why)"
    )
    for lv in levels:
        if counts.get(lv.code):
            n = counts[lv.code]
            print(f"  {lv.code:16s} {format_number(n, 0, 'vi'):>12}  {lv.vi} / {lv.en}")
    return 0


def _classify(args) -> int:
    from .intake.door import from_files, looks_like_orders
    from .lists import export_segments, summary_text
    from .schemes.registry import classify

    params = scheme_params(args.scheme, args.param)
    mapping = _mapping(args.map)
    if args.engine == "duckdb":
        return _classify_in_duckdb(args, params, mapping)
    _check_list_target(args)
    customers, orders = args.file, args.orders
    if orders is None and looks_like_orders(customers, mapping):
        customers, orders = None, customers
        print(
            f"'{args.file}' là tệp đơn hàng: khách hàng được lập từ các đơn.\n"
            f"(English: '{args.file}' holds order lines: the customers are those of the orders.)"
        )
    case = from_files(
        customers,
        orders=orders,
        mapping=mapping or None,
        dayfirst=not args.monthfirst,
        as_of=None if args.as_of is None else _date(args.as_of),
    )
    print(case.report_text("vi"))
    print("\n(English)\n" + case.report_text("en") + "\n")
    table = case.table_for(args.scheme)
    try:
        labels = classify(table, args.scheme, **params)
    except PhanloaiError as exc:
        fits = ", ".join(case.schemes()) or "—"
        raise PhanloaiError(
            f"{exc.vi} Các cách phân loại dùng được với dữ liệu này: {fits}.",
            f"{exc.en} Schemes this data can feed: {fits}.",
        ) from None
    _check_by(args.by, table)
    written = export_segments(table, labels, args.out, by=args.by, force=args.force)
    print(f"Đã ghi / written: {written}\n{summary_text(table, labels)}")
    return 0


def _check_list_target(args) -> None:
    """Before reading anything: the lists can be written where ``--out`` says."""
    from .files import check_target

    if Path(args.out).suffix.lower() not in (".xlsx", ".csv"):
        raise PhanloaiError(
            f"'--out {args.out}': hãy chọn tên kết thúc bằng .xlsx hoặc .csv.",
            f"'--out {args.out}': choose a name ending in .xlsx or .csv.",
        )
    check_target(args.out, args.force, (getattr(args, "file", None), getattr(args, "orders", None)))


def _check_by(by: str | None, table, files: bool = True) -> None:
    """``--by`` names a column of the table (a file's column may be named with ``--map`` when
    ``--by`` is a column key; any other header is used as written)."""
    from .intake.headers import keys_of

    if by is None or by in table.columns:
        return
    files = files and by in keys_of("customers")
    have = ", ".join(map(str, table.columns))
    raise PhanloaiError(
        f"'--by {by}': dữ liệu không có cột {by}"
        + (f'; nếu tệp có cột ấy dưới tên khác, chỉ ra bằng --map "Tên cột={by}"' if files else "")
        + f". Các cột có: {have}.",
        f"'--by {by}': the data has no column {by}"
        + (
            f'; if the file holds it under another header, name it with --map "Header={by}"'
            if files
            else ""
        )
        + f". The columns are: {have}.",
    )


def _date(text: str):
    import numpy as np

    from .intake.values import parse_date

    parsed = parse_date(np.array([text.strip()], dtype=object))
    if parsed.problems[0] is not None:
        raise PhanloaiError(
            f"'--as-of {text}': không đọc được ngày (viết dd/mm/yyyy).",
            f"'--as-of {text}': cannot read the date (write dd/mm/yyyy).",
        )
    return parsed.values[0]


def run(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "cases":
        for name in CASES:
            case = load(name, n=10)
            print(f"{name:8s} {case.title_vi} — {case.title_en}")
        return 0
    if args.command == "lab":
        return _lab(args)
    if args.command == "workshop":
        from .dashboard import serve

        port = None if args.port is None else _int(args.port, "port")
        return serve(
            args.case,
            port=port,
            open_browser=not args.no_browser,
            language=args.language,
            orders=args.orders,
        )
    if args.command == "export":
        return _export(args)
    if args.command == "classify":
        return _classify(args)
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
    case = load(args.case, n=n, seed=_int(args.seed, "seed"), params=args.params, messy=args.messy)
    written = save_tables(case.tables, args.out, force=args.force)
    rows = ", ".join(f"{k} {len(v):,}".replace(",", ".") for k, v in case.tables.items())
    print(f"Đã ghi / written: {', '.join(str(w) for w in written)}\n{case.title_vi}: {rows}")
    return 0


def _safe_console() -> None:
    """Vietnamese text never breaks a console that cannot show it (Windows, a redirected pipe):
    what it cannot show is written as escapes instead of raising after the work is done."""
    for stream in (sys.stdout, sys.stderr):
        if (
            hasattr(stream, "reconfigure")
            and (stream.encoding or "").lower().replace("-", "") != "utf8"
        ):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    _safe_console()
    try:
        return run(argv)
    except PhanloaiError as exc:
        print(f"Lỗi: {exc.vi}\n(English: {exc.en})", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
