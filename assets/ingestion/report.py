"""What one ingestion run did, as data (for tests) and as Dagster metadata (for people)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import dagster as dg
import duckdb

from assets.ingestion.contracts import TableContract
from assets.ingestion.files import LandingFile


@dataclass
class FileResult:
    path: str
    file_id: str
    n_rows_read: int
    n_rows_loaded: int
    n_rows_duplicate: int
    n_rows_quarantined: int


@dataclass
class IngestReport:
    table: str
    n_files_seen: int = 0
    n_files_loaded: int = 0
    n_files_already_loaded: int = 0
    n_files_read_natively: int = 0  # CSV files read by DuckDB's CSV reader (fast path)
    n_files_read_in_one_pass: int = 0  # of those, read and typed in one statement (nothing rejected)
    files: list[FileResult] = field(default_factory=list)
    quarantine_by_reason: list[tuple[str, int]] = field(default_factory=list)
    unknown_columns: list[tuple[str, list[str]]] = field(default_factory=list)
    quarantine_sample: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def n_rows_read(self) -> int:
        return sum(f.n_rows_read for f in self.files)

    @property
    def n_rows_loaded(self) -> int:
        return sum(f.n_rows_loaded for f in self.files)

    @property
    def n_rows_duplicate(self) -> int:
        return sum(f.n_rows_duplicate for f in self.files)

    @property
    def n_rows_quarantined(self) -> int:
        return sum(f.n_rows_quarantined for f in self.files)


def collect_report(
    conn: duckdb.DuckDBPyConnection,
    contract: TableContract,
    seen: Sequence[LandingFile],
    new_file_ids: Sequence[str],
) -> IngestReport:
    """Read the run's results from the registry and the (still present) staging tables."""
    report = IngestReport(table=contract.table, n_files_seen=len(seen), n_files_loaded=len(new_file_ids))
    report.n_files_already_loaded = conn.execute(
        "select count(*) from stg_deliveries where outcome = 'already_loaded'"
    ).fetchall()[0][0]
    if not new_file_ids:
        return report
    rows = conn.execute(
        "select f.path, r.file_id, r.n_rows_read, r.n_rows_loaded, r.n_rows_duplicate, r.n_rows_quarantined"
        " from stg_files as f join file_registry as r using (file_id) order by f.path"
    ).fetchall()
    report.files = [FileResult(*row) for row in rows]
    report.quarantine_by_reason = conn.execute(
        "select reason_code, count(*) as n from stg_outcomes where outcome = 'quarantined'"
        " group by reason_code order by n desc, reason_code"
    ).fetchall()
    report.unknown_columns = conn.execute(
        "select f.path, h.unknown_columns from stg_headers as h join stg_files as f using (file_id)"
        " where len(h.unknown_columns) > 0 order by f.path"
    ).fetchall()
    report.quarantine_sample = conn.execute(
        "select f.path, o.line_number, o.reason_code, left(o.reason, 160) from stg_outcomes as o"
        " join stg_files as f using (file_id) where o.outcome = 'quarantined'"
        " order by f.path, o.line_number limit 10"
    ).fetchall()
    return report


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def report_metadata(report: IngestReport, preview: str | None = None) -> dict[str, dg.MetadataValue]:
    """Row counts and KPIs as numbers (plotted across runs), files and quarantine as Markdown tables."""
    metadata: dict[str, dg.MetadataValue] = {
        "files_seen": dg.MetadataValue.int(report.n_files_seen),
        "files_loaded": dg.MetadataValue.int(report.n_files_loaded),
        "files_already_loaded": dg.MetadataValue.int(report.n_files_already_loaded),
        "files_read_natively": dg.MetadataValue.int(report.n_files_read_natively),
        "files_read_in_one_pass": dg.MetadataValue.int(report.n_files_read_in_one_pass),
        "rows_read": dg.MetadataValue.int(report.n_rows_read),
        "rows_loaded": dg.MetadataValue.int(report.n_rows_loaded),
        "rows_duplicate": dg.MetadataValue.int(report.n_rows_duplicate),
        "rows_quarantined": dg.MetadataValue.int(report.n_rows_quarantined),
        "files": dg.MetadataValue.md(
            markdown_table(
                ["file", "read", "loaded", "duplicate", "quarantined"],
                [
                    (f.path, f.n_rows_read, f.n_rows_loaded, f.n_rows_duplicate, f.n_rows_quarantined)
                    for f in report.files
                ],
            )
            if report.files
            else "No new files."
        ),
        "quarantine_by_reason": dg.MetadataValue.md(
            markdown_table(["reason_code", "rows"], report.quarantine_by_reason)
            if report.quarantine_by_reason
            else "Nothing quarantined."
        ),
    }
    if report.unknown_columns:
        metadata["unknown_columns"] = dg.MetadataValue.md(
            markdown_table(
                ["file", "ignored columns"], [(p, ", ".join(c)) for p, c in report.unknown_columns]
            )
        )
    if report.quarantine_sample:
        metadata["quarantine_sample"] = dg.MetadataValue.md(
            markdown_table(["file", "line", "reason_code", "reason"], report.quarantine_sample)
        )
    if preview:
        metadata["preview"] = dg.MetadataValue.md(preview)
    return metadata


def table_preview(conn: duckdb.DuckDBPyConnection, select_sql: str, params: Sequence[Any] = ()) -> str:
    """A Markdown table of a few rows (select_sql comes from code and carries its own limit)."""
    cursor = conn.execute(select_sql, list(params))
    header = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    return markdown_table(header, rows) if rows else "(no rows)"
