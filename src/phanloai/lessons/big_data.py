"""Bài 08 — Khi dữ liệu lớn: classifying in the database (DuckDB through ibis, SQL for a warehouse).

The notebook builds a large orders file with DuckDB (:func:`write_order_files`), computes the
features and the segments there (:mod:`phanloai.sql`), prints the SQL a data team can run, and
shows that the codes equal the pandas ones. The exercises are worked out on the fashion shop's
world, classified in pandas — the same codes the database gives (tests hold the two equal).
"""

from __future__ import annotations

from pathlib import Path

from .. import practice
from ..schemes.registry import classify

TITLE = ("Khi dữ liệu lớn", "When the data are big")
NOTEBOOK = "08_du_lieu_lon.ipynb"
CASES = ("fashion",)


def write_order_files(folder, lines: int, customers: int | None = None) -> tuple[Path, Path]:
    """Two Parquet files written by DuckDB, without pandas and in bounded memory: ``orders``
    (``customer_id`` as text ``KH…``, ``amount`` in đồng, ``order_date`` over 2024–2025) with
    ``lines`` rows, and ``customers`` (``customer_id``, ``distance_km``), one customer per five
    lines unless ``customers`` is given. As in a real shop, a few customers buy very often and
    many once or never (the customer of a line is drawn as the cube of a uniform number). The
    same ``lines`` give the same files.

    >>> import tempfile, duckdb
    >>> orders, people = write_order_files(tempfile.mkdtemp(), 1000)
    >>> duckdb.sql(f"SELECT count(*) FROM '{orders}'").fetchone()[0]
    1000
    """
    import duckdb

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    people = max(customers or lines // 5, 1)
    orders_path = folder / f"don_hang_{lines}.parquet"
    customers_path = folder / f"khach_hang_{lines}.parquet"
    db = duckdb.connect()
    db.execute(
        f"""COPY (
            SELECT 'KH' || lpad(CAST(CAST(floor({people} * pow(hash(i) / 18446744073709551616.0, 3))
                     AS BIGINT) AS VARCHAR), 8, '0') AS customer_id,
                   CAST(50000 + (hash(i * 3) % 4000) * 1000 AS DOUBLE) AS amount,
                   TIMESTAMP '2024-01-01 08:00:00'
                     + to_days(CAST(hash(i * 7) % 731 AS INTEGER))
                     + to_minutes(CAST(hash(i * 11) % 720 AS INTEGER)) AS order_date
            FROM range({int(lines)}) r(i)
        ) TO '{orders_path}' (FORMAT parquet)"""
    )
    db.execute(
        f"""COPY (
            SELECT 'KH' || lpad(CAST(c AS VARCHAR), 8, '0') AS customer_id,
                   (hash(c * 13) % 400) / 10.0 AS distance_km
            FROM range({people}) r(c)
        ) TO '{customers_path}' (FORMAT parquet)"""
    )
    return orders_path, customers_path


def champions(case) -> int:
    """Customers RFM (default parameters) calls champions."""
    return int((classify(case.customers, "rfm") == "champions").sum())


def loyal_at(case, loyal_orders: int = 5) -> int:
    """Customers service_level calls loyal with ``loyal_orders`` orders as the bar."""
    return int(
        (classify(case.customers, "service_level", loyal_orders=loyal_orders) == "loyal").sum()
    )


_ENGINES = (
    (
        "excel",
        "Xuất ra CSV rồi mở bằng Excel trên máy một người",
        "Export to CSV and open it in Excel on one laptop",
    ),
    (
        "pandas",
        "Kéo cả kho về laptop rồi dùng pandas",
        "Pull the whole warehouse to a laptop and use pandas",
    ),
    (
        "warehouse",
        "Chạy ngay trong kho: classify trên bảng ibis, hoặc câu SQL của phanloai.to_sql",
        "Run it in the warehouse: classify on an ibis table, or the SQL of phanloai.to_sql",
    ),
)


def exercises(case) -> list[practice.Exercise]:
    return [
        practice.number(
            "1",
            (
                "Phân loại khách Mộc Lan bằng RFM (tham số mặc định) ngay trong DuckDB: bao nhiêu khách là 'champions'?",
                "Classify Mộc Lan's customers with RFM (default parameters) inside DuckDB: how many are 'champions'?",
            ),
            lambda: champions(case),
            tolerance=0,  # the point of the lesson: the same count, to the customer
            hint=(
                "Đưa thoi_trang.customers vào DuckDB (con.create_table), phanloai.classify trên bảng đó, rồi đếm 'champions'.",
                "Put thoi_trang.customers into DuckDB (con.create_table), phanloai.classify on that table, then count 'champions'.",
            ),
            how=(
                "t = con.create_table('khach', thoi_trang.customers[['n_orders', 'total_spend', 'recency_days']], overwrite=True)\n"
                "nhom = phanloai.classify(t, 'rfm').to_pandas()\n(nhom == 'champions').sum()",
                "t = con.create_table('customers', fashion.customers[['n_orders', 'total_spend', 'recency_days']], overwrite=True)\n"
                "segment = phanloai.classify(t, 'rfm').to_pandas()\n(segment == 'champions').sum()",
            ),
            schemes=("rfm",),
        ),
        practice.number(
            "2",
            (
                "Chạy câu SQL của phanloai.to_sql('service_level', loyal_orders=5) trên khách Mộc Lan: bao nhiêu khách ở mức 'loyal'?",
                "Run the SQL of phanloai.to_sql('service_level', loyal_orders=5) on Mộc Lan's customers: how many are 'loyal'?",
            ),
            lambda: loyal_at(case, 5),
            tolerance=0,
            hint=(
                "Như ở mục 4: con.create_table('customers', bảng khách Mộc Lan, overwrite=True), rồi "
                "con.sql(câu SQL dạng duckdb).to_pandas(); phanloai.classify cũng cho cùng đáp án.",
                "As in section 4: con.create_table('customers', Mộc Lan's customer table, overwrite=True), "
                "then con.sql(the duckdb query).to_pandas(); phanloai.classify gives the same answer.",
            ),
            how=(
                "con.create_table('customers', khach_mh[['customer_id', 'n_orders']], overwrite=True)\n"
                "kq = con.sql(phanloai.to_sql('service_level', dialect='duckdb', loyal_orders=5)).to_pandas()\n"
                "(kq['level'] == 'loyal').sum()",
                "con.create_table('customers', khach_mh[['customer_id', 'n_orders']], overwrite=True)\n"
                "r = con.sql(phanloai.to_sql('service_level', dialect='duckdb', loyal_orders=5)).to_pandas()\n"
                "(r['level'] == 'loyal').sum()",
            ),
            schemes=("service_level",),
        ),
        practice.choice(
            "3",
            (
                "Một chuỗi có 5 triệu hội viên và 300 triệu dòng đơn hàng trong kho BigQuery muốn chấm RFM mỗi tuần. Cách nào hợp?",
                "A chain with 5 million members and 300 million order lines in a BigQuery warehouse wants RFM every week. Which way fits?",
            ),
            lambda: _ENGINES,
            lambda: "warehouse",
            hint=(
                "300 triệu dòng là vài chục GB: laptop nào giữ nổi, và ai muốn chép chừng ấy mỗi tuần?",
                "300 million lines are tens of GB: which laptop holds them, and who wants to copy that every week?",
            ),
            why=lambda: (
                "Dữ liệu đã nằm trong kho, và kho được làm ra để tính trên hàng trăm triệu dòng: đưa phép phân loại tới dữ liệu "
                "(câu SQL, hay classify trên bảng ibis), cùng quy tắc, cùng mã nhóm như pandas — không chép dữ liệu ra ngoài.",
                "The data already live in the warehouse, which is built to compute over hundreds of millions of lines: take the "
                "classification to the data (the SQL, or classify on an ibis table), same rules, same codes as pandas — no copy "
                "leaves the warehouse.",
            ),
            schemes=("rfm",),
        ),
    ]
