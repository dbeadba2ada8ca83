"""The analyst report: one self-contained HTML file (tables and inline SVG charts, no network request when
opened) and the full reconciliation as CSV, both written atomically into the reports folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import jinja2
import pandas as pd

from assets.inventory import charts
from assets.inventory.markdown import display_frame, money
from assets.sql_files import load_sql

TEMPLATES = Path(__file__).resolve().parent / "templates"
HTML_NAME = "stock_reconciliation.html"
CSV_NAME = "stock_reconciliation.csv"
EVIDENCE_CSV_NAME = "stock_reconciliation_evidence.csv"
TOP_LINES = 25
# The id of every <section> of the report, in order; tests open the page and look for each.
SECTIONS = (
    "summary",
    "by-cause",
    "by-warehouse",
    "top-variances",
    "above-tolerance",
    "trend",
    "evidence",
    "method",
)


@dataclass(frozen=True)
class ReportData:
    kpis: dict[str, int]
    by_cause: pd.DataFrame
    by_warehouse: pd.DataFrame
    top: pd.DataFrame
    above_tolerance: pd.DataFrame
    evidence: pd.DataFrame
    trend: pd.DataFrame


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    csv: Path
    evidence_csv: Path


def _frame(conn: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    return conn.execute(load_sql(name), params).df()


def report_data(conn: duckdb.DuckDBPyConnection, top_lines: int = TOP_LINES) -> ReportData:
    """Everything the report and the Markdown summary show, read from the reconciliation tables."""
    (n_lines, n_variance, n_above, variance, variance_value, unexplained, unexplained_value) = (
        conn.execute(
            """
        select count(*), count(*) filter (where variance_units <> 0),
            count(*) filter (where status = 'unexplained_above_tolerance'),
            coalesce(sum(variance_units), 0), coalesce(sum(variance_value_cents), 0),
            coalesce(sum(unexplained_units), 0), coalesce(sum(unexplained_value_cents), 0)
        from stock_reconciliation
        """
        ).fetchone()
        or (0,) * 7
    )
    kpis = {
        "n_lines": int(n_lines),
        "n_lines_with_variance": int(n_variance),
        "n_lines_above_tolerance": int(n_above),
        "variance_units": int(variance),
        "variance_value_cents": int(variance_value),
        "unexplained_units": int(unexplained),
        "unexplained_value_cents": int(unexplained_value),
    }
    return ReportData(
        kpis=kpis,
        by_cause=_frame(conn, "inventory/report/reconciliation_by_cause"),
        by_warehouse=_frame(conn, "inventory/report/reconciliation_by_warehouse"),
        top=_frame(conn, "inventory/report/reconciliation_top_variances", limit=top_lines),
        above_tolerance=_frame(conn, "inventory/checks/stock_reconciliation_unexplained_within_tolerance"),
        evidence=_frame(conn, "inventory/report/reconciliation_line_evidence", limit=top_lines),
        trend=_frame(conn, "inventory/report/reconciliation_trend"),
    )


def _html_table(frame: pd.DataFrame, max_rows: int = 200) -> str:
    if frame.empty:
        return '<p class="empty">No rows.</p>'
    shown = display_frame(frame, max_rows)
    shown.columns = [c.removesuffix("_cents") for c in shown.columns]
    html = shown.to_html(index=False, na_rep="", border=0, classes="data", escape=True)
    if len(frame) > max_rows:
        html += f'<p class="more">{len(frame) - max_rows} more rows in the CSV.</p>'
    return html


def render_html(data: ReportData, generated_at: datetime) -> str:
    """The report page; every asset it needs is inline."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["html", "j2"])
    )
    template = environment.get_template("stock_reconciliation.html.j2")
    has_lines = data.kpis["n_lines"] > 0
    return template.render(
        generated_at=generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        kpis=data.kpis,
        money=money,
        cause_chart=charts.cause_bars(data.by_cause) if has_lines else "",
        warehouse_chart=charts.warehouse_stacks(data.by_warehouse) if has_lines else "",
        trend_chart=charts.trend_lines(data.trend) if not data.trend.empty else "",
        by_cause=_html_table(data.by_cause),
        by_warehouse=_html_table(data.by_warehouse),
        top=_html_table(data.top),
        above_tolerance=_html_table(data.above_tolerance),
        trend=_html_table(data.trend),
        evidence=_html_table(data.evidence, max_rows=500),
        sections=SECTIONS,
    )


def _write_atomic(path: Path, write: object) -> None:
    """Write to a temporary sibling and rename it over the target: readers never see half a file."""
    partial = path.with_name(f".{path.name}.partial")
    write(partial)  # type: ignore[operator]
    os.replace(partial, path)


def write_report(
    conn: duckdb.DuckDBPyConnection, folder: Path, generated_at: datetime | None = None
) -> tuple[ReportFiles, ReportData]:
    """Write the HTML report and the CSVs (all lines, all evidence) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    generated_at = generated_at or datetime.now(UTC)
    data = report_data(conn)
    files = ReportFiles(folder / HTML_NAME, folder / CSV_NAME, folder / EVIDENCE_CSV_NAME)
    html = render_html(data, generated_at)
    _write_atomic(files.html, lambda p: p.write_text(html, encoding="utf-8"))
    ordered = {
        files.csv: "select * from stock_reconciliation order by warehouse_code, sku",
        files.evidence_csv: "select * from stock_reconciliation_evidence "
        "order by warehouse_code, sku, cause, evidence_id",
    }
    for path, query in ordered.items():
        _write_atomic(path, lambda p, q=query: conn.sql(q).write_csv(str(p), header=True))
    return files, data
