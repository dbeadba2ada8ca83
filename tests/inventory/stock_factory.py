"""Hand-made stock data: insert ledger movements, counts, snapshots, reservations and incidents directly into
the schema tables, with readable defaults (warehouse W1, bin B1, SKU S1) and generated ids."""

from __future__ import annotations

import itertools
from datetime import datetime

import duckdb

from assets.inventory.build import build_all
from assets.inventory.config import Tolerances

T = datetime(2026, 3, 10, 22, 0)  # the channel snapshot time most tests use


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A time in March 2026 (UTC)."""
    return datetime(2026, 3, day, hour, minute)


class Stock:
    """Writes rows into a schema-initialised DuckDB connection."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self.conn = conn
        self._ids = itertools.count(1)

    def _id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):04d}"

    def sku(
        self, sku: str = "S1", abc_class: str = "A", cost_cents: int = 1_000, active: bool = True
    ) -> Stock:
        self.conn.execute(
            "insert into skus values (?, ?, 'cat', 'P1', null, null, 100, 10, 10, 10, false, false, false, "
            "?, ?, ?, ?)",
            [sku, f"name {sku}", cost_cents * 2, cost_cents, abc_class, active],
        )
        return self

    def move(
        self,
        movement_type: str,
        quantity: int,
        when: datetime,
        *,
        wh: str = "W1",
        bin_code: str | None = "B1",
        sku: str = "S1",
        ref: str | None = None,
        movement_id: str | None = None,
    ) -> str:
        movement_id = movement_id or self._id("M")
        self.conn.execute(
            "insert into stock_movements (movement_id, occurred_at, warehouse_code, bin_code, sku, "
            "movement_type, quantity, reference_id, source_file_id) values (?, ?, ?, ?, ?, ?, ?, ?, 'test')",
            [movement_id, when, wh, bin_code, sku, movement_type, quantity, ref],
        )
        return movement_id

    def count(
        self, units: int, when: datetime, *, wh: str = "W1", bin_code: str = "B1", sku: str = "S1"
    ) -> str:
        count_id = self._id("C")
        self.conn.execute(
            "insert into cycle_counts (count_id, counted_at, warehouse_code, bin_code, sku, counted_units, "
            "source_file_id) values (?, ?, ?, ?, ?, ?, 'test')",
            [count_id, when, wh, bin_code, sku, units],
        )
        return count_id

    def snapshot(
        self, units: int, when: datetime = T, *, channel: str = "tmall", wh: str = "W1", sku: str = "S1"
    ) -> None:
        self.conn.execute(
            "insert into channel_stock_snapshots (snapshot_at, channel, warehouse_code, sku, sellable_units, "
            "source_file_id) values (?, ?, ?, ?, ?, 'test')",
            [when, channel, wh, sku, units],
        )

    def reserve(
        self, units: int, when: datetime, *, status: str = "open", wh: str = "W1", sku: str = "S1"
    ) -> str:
        reservation_id = self._id("R")
        self.conn.execute(
            "insert into reservations (reservation_id, channel, order_id, line_no, warehouse_code, sku, "
            "reserved_units, reserved_at, status, source) "
            "values (?, 'tmall', ?, 1, ?, ?, ?, ?, ?, 'oms_export')",
            [reservation_id, f"O-{reservation_id}", wh, sku, units, when, status],
        )
        return reservation_id

    def incident(
        self,
        incident_type: str,
        units: int,
        when: datetime,
        *,
        status: str = "pending",
        posted_movement_id: str | None = None,
        wh: str = "W1",
        bin_code: str | None = "B1",
        sku: str = "S1",
    ) -> str:
        incident_id = self._id("I")
        self.conn.execute(
            "insert into incident_reports (incident_id, reported_at, warehouse_code, bin_code, sku, "
            "incident_type, units, status, posted_movement_id, source_file_id) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'test')",
            [incident_id, when, wh, bin_code, sku, incident_type, units, status, posted_movement_id],
        )
        return incident_id

    def safety(self, units: int, *, wh: str = "W1", sku: str = "S1") -> None:
        self.conn.execute(
            "insert into safety_stock (warehouse_code, sku, safety_stock_units) values (?, ?, ?)",
            [wh, sku, units],
        )

    def bin(self, bin_code: str, bin_type: str, wh: str = "W1") -> Stock:
        self.conn.execute(
            "insert into bins (warehouse_code, bin_code, zone, aisle, bay, level, x_m, y_m, bin_type) "
            "values (?, ?, 'Z', 1, 1, 1, 0, 0, ?)",
            [wh, bin_code, bin_type],
        )
        return self

    def lane(self, from_wh: str, to_wh: str, lead_time_days: int) -> None:
        self.conn.execute(
            "insert into transfer_lanes values (?, ?, 10, 100, ?)", [from_wh, to_wh, lead_time_days]
        )

    def purchase_order(
        self,
        ordered: int,
        received: int,
        expected: datetime,
        *,
        status: str = "open",
        wh: str = "W1",
        sku: str = "S1",
    ) -> str:
        po_id = self._id("PO")
        self.conn.execute(
            "insert into purchase_orders values (?, 'SUP1', ?, ?, ?, ?, ?, ?, ?)",
            [po_id, wh, sku, ordered, received, at(1), expected, status],
        )
        return po_id

    def build(
        self, cutoff_at: datetime | None = None, tolerances: Tolerances | None = None
    ) -> dict[str, int]:
        return build_all(self.conn, cutoff_at, tolerances)

    def position(self, wh: str = "W1", sku: str = "S1") -> dict[str, object]:
        return self.row("stock_positions", wh, sku)

    def line(self, wh: str = "W1", sku: str = "S1") -> dict[str, object]:
        return self.row("stock_reconciliation", wh, sku)

    def row_bin(self, bin_code: str, wh: str = "W1", sku: str = "S1") -> dict[str, object]:
        cursor = self.conn.execute(
            "select * from bin_stock_positions where warehouse_code = ? and bin_code = ? and sku = ?",
            [wh, bin_code, sku],
        )
        rows = cursor.fetchall()
        assert len(rows) == 1, f"expected one bin row for ({wh}, {bin_code}, {sku}), got {len(rows)}"
        return dict(zip([d[0] for d in cursor.description], rows[0], strict=True))

    def row(self, table: str, wh: str = "W1", sku: str = "S1") -> dict[str, object]:
        cursor = self.conn.execute(f"select * from {table} where warehouse_code = ? and sku = ?", [wh, sku])
        rows = cursor.fetchall()
        assert len(rows) == 1, f"expected one {table} row for ({wh}, {sku}), got {len(rows)}"
        return dict(zip([d[0] for d in cursor.description], rows[0], strict=True))


CAUSE_COLUMNS = (
    "returns_awaiting_restock_units",
    "unposted_damage_units",
    "unposted_shrinkage_units",
    "transfer_in_transit_units",
    "reservation_units",
    "count_adjustment_after_snapshot_units",
    "unexplained_units",
)


def causes(line: dict[str, object]) -> dict[str, object]:
    """The non-zero cause columns of a reconciliation line."""
    return {c.removesuffix("_units"): line[c] for c in CAUSE_COLUMNS if line[c]}
