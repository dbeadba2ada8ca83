"""One ingestion run for one file kind: plan (hash, registry), stage, classify, write in one transaction.

The kind-specific part (orders, a stock table, a master table) is a `write` callback that classifies the
staged rows into `stg_outcomes` and writes its table(s); everything else (which files are new, quarantine,
registry, deliveries, the run report) is shared here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb

from assets.ingestion.contracts import TableContract
from assets.ingestion.csv_fast import drop_native
from assets.ingestion.files import LandingFile, sha256_file
from assets.ingestion.lines import create_stg_lines
from assets.ingestion.readers import FileToRead, ReadResult, read_files, stage_quarantined_lines
from assets.ingestion.report import IngestReport, collect_report
from assets.ingestion.sqlgen import excerpt_sql, ident, typed_sql
from assets.sql_files import ensure_schema, load_sql

_TYPING_GROUP_LINES = 300_000


@dataclass(frozen=True)
class NewFile:
    file_id: str
    landing: LandingFile  # the smallest path delivering this content in this run


@dataclass
class BatchPlan:
    seen: list[LandingFile]
    new_files: list[NewFile] = field(default_factory=list)
    deliveries: list[tuple[str, str, str]] = field(default_factory=list)  # (path, file_id, outcome)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def plan_batch(conn: duckdb.DuckDBPyConnection, files: Sequence[LandingFile]) -> BatchPlan:
    """Hash every file; contents not in the registry are new (once each, under their smallest path)."""
    hashed = sorted(((f, sha256_file(f.abs_path)) for f in files), key=lambda pair: pair[0].path)
    ids = sorted({file_id for _, file_id in hashed})
    known = {
        row[0]
        for row in conn.execute(
            "select file_id from file_registry where list_contains(?::varchar[], file_id)", [ids]
        ).fetchall()
    }
    plan = BatchPlan(seen=list(files))
    new_by_id: dict[str, NewFile] = {}
    for landing, file_id in hashed:
        if file_id not in known and file_id not in new_by_id:
            new_by_id[file_id] = NewFile(file_id, landing)
            plan.deliveries.append((landing.path, file_id, "loaded"))
        else:
            plan.deliveries.append((landing.path, file_id, "already_loaded"))
    plan.new_files = list(new_by_id.values())
    return plan


def _stage_bookkeeping(conn: duckdb.DuckDBPyConnection, plan: BatchPlan) -> None:
    conn.execute(load_sql("ingest/stg_bookkeeping"))
    if plan.new_files:
        conn.executemany(
            "insert into stg_files values (?, ?, ?, ?, ?)",
            [
                [n.file_id, n.landing.path, n.landing.kind, n.landing.file_format, n.landing.size_bytes]
                for n in plan.new_files
            ],
        )
    if plan.deliveries:
        conn.executemany("insert into stg_deliveries values (?, ?, ?)", [list(d) for d in plan.deliveries])


def drop_staging(conn: duckdb.DuckDBPyConnection) -> None:
    """Drop this connection's staging views and tables (all temporary, all named stg_*)."""
    views = conn.execute(
        "select view_name from duckdb_views() where temporary and starts_with(view_name, 'stg_')"
    ).fetchall()
    for (name,) in views:
        conn.execute(f"drop view if exists temp.{ident(name)}")
    tables = conn.execute(
        "select table_name from duckdb_tables() where temporary and starts_with(table_name, 'stg_')"
    ).fetchall()
    for (name,) in tables:
        conn.execute(f"drop table if exists temp.{ident(name)}")


def _type_native_parts(
    conn: duckdb.DuckDBPyConnection, contract: TableContract, parts: dict[int, tuple[str, int]]
) -> None:
    """Type the natively read files into stg_typed, a group of files at a time: one statement per group keeps
    the planning cost low for many small files, and dropping each group's untyped copy keeps memory low."""
    group: list[int] = []
    n_lines = 0
    for i, (slot, (_, lines)) in enumerate(parts.items()):
        group.append(slot)
        n_lines += lines
        if n_lines >= _TYPING_GROUP_LINES or i == len(parts) - 1:
            source = "\n    union all".join(parts[s][0] for s in group)
            conn.execute(typed_sql(contract, source=source, create=False))
            for done in group:
                drop_native(conn, done)
            group, n_lines = [], 0


def run_batch(
    conn: duckdb.DuckDBPyConnection,
    contract: TableContract,
    files: Sequence[LandingFile],
    write: Callable[[duckdb.DuckDBPyConnection, datetime], None],
    now: datetime | None = None,
    native_csv: bool = True,
) -> IngestReport:
    """Load the new files among `files` with `write`, and record every delivery; one transaction."""
    ensure_schema(conn)
    now = now or utc_now()
    plan = plan_batch(conn, files)
    _stage_bookkeeping(conn, plan)
    try:
        read = ReadResult({}, {})
        if plan.new_files:
            to_read = [
                FileToRead(
                    n.file_id,
                    n.landing.abs_path,
                    n.landing.file_format,
                    n.landing.size_bytes,
                    n.landing.mtime_ns,
                )
                for n in plan.new_files
            ]
            read = read_files(conn, contract, to_read, native_csv)
            conn.execute(typed_sql(contract, create=False))
            _type_native_parts(conn, contract, read.native_parts)
            # The typed rows are all that is needed from here on; the text of the few rows that end in
            # quarantine is staged again from the line index (stage_quarantined_lines).
            create_stg_lines(conn)
        conn.execute("begin transaction")
        try:
            if plan.new_files:
                write(conn, now)
                stage_quarantined_lines(conn, read.indexes)
                conn.execute(excerpt_sql(contract))
                conn.execute(load_sql("ingest/quarantine_insert"))
                conn.execute(load_sql("ingest/registry_insert"), [now])
            conn.execute(load_sql("ingest/deliveries_insert"), [now])
            conn.execute("commit")
        except BaseException:
            conn.execute("rollback")
            raise
        report = collect_report(conn, contract, plan.seen, [n.file_id for n in plan.new_files])
        report.n_files_read_natively = len(read.native_parts) + len(read.one_pass_file_ids)
        report.n_files_read_in_one_pass = len(read.one_pass_file_ids)
        return report
    finally:
        drop_staging(conn)
