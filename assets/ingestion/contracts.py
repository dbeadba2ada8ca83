"""The landing-file contract as data: which columns each file kind carries and how each value is typed.

Order files have a hand-written contract (one export row feeds two tables). Stock and master tables take
their contract from the DuckDB catalog of `sql/schema/`, so the schema stays the single source of truth:
column types pick the parser, `not null` makes a value required, `check` constraints and primary keys are
evaluated before insert so that a bad row is quarantined instead of failing the whole load.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

# Parsers, implemented as DuckDB macros in sql/ingest/macros.sql (ingest_<parser>).
PARSERS = ("text", "integer", "int32", "decimal4", "money", "double", "boolean", "timestamp", "list")


@dataclass(frozen=True)
class ColumnSpec:
    source: str  # column name in the landing file
    target: str  # column name in the table
    parser: str  # one of PARSERS
    is_required_column: bool = True  # the header must have it (else MISSING_COLUMN for the whole file)
    is_value_required: bool = False  # an empty value quarantines the row (MISSING_VALUE)


@dataclass(frozen=True)
class CheckSpec:
    reason_code: str
    condition: str  # SQL over the typed target columns; a row passes when it is true or null
    message: str


@dataclass(frozen=True)
class TableContract:
    table: str
    file_kind: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]  # target columns of the primary key
    checks: tuple[CheckSpec, ...] = ()
    fixed_values: dict[str, str] = field(default_factory=dict)  # target columns the loader fills itself


def _c(name: str, parser: str = "text", *, key: bool = False, optional: bool = False) -> ColumnSpec:
    target = f"{name}_cents" if parser == "money" else name
    return ColumnSpec(name, target, parser, is_required_column=not optional, is_value_required=key)


# One row per order line; order-level fields repeat on every line (docs/landing_files.md).
ORDER_COLUMNS: tuple[ColumnSpec, ...] = (
    _c("channel", key=True),
    _c("order_id", key=True),
    _c("line_no", "int32", key=True),
    _c("ordered_at", "timestamp"),
    _c("paid_at", "timestamp"),
    _c("customer_id"),
    _c("recipient_name"),
    _c("phone"),
    _c("country_code"),
    _c("province"),
    _c("city"),
    _c("district"),
    _c("street"),
    _c("address_detail", optional=True),
    _c("postal_code"),
    _c("sku"),
    _c("quantity", "decimal4"),
    _c("unit_price", "money"),
    _c("order_discount", "money"),
    _c("shipping_fee", "money"),
    _c("paid_amount", "money"),
    _c("payment_method"),
    _c("payment_account"),
    _c("payment_ref"),
    _c("coupon_code", optional=True),
    _c("promotion_id", optional=True),
    _c("service_level"),
    _c("priority", "int32"),
    _c("exported_at", "timestamp"),
)
ORDER_CONTRACT = TableContract("order_lines", "orders", ORDER_COLUMNS, ("channel", "order_id", "line_no"))


@dataclass(frozen=True)
class StockKind:
    table: str
    file_prefix: str
    formats: frozenset[str]
    fixed_values: dict[str, str] = field(default_factory=dict)
    checks: tuple[CheckSpec, ...] = ()


STOCK_KINDS: dict[str, StockKind] = {
    "movements": StockKind(
        "stock_movements",
        "movements",
        frozenset({"csv", "parquet"}),
        checks=(
            CheckSpec(
                "UNKNOWN_MOVEMENT_TYPE",
                "movement_type in (select movement_type from movement_types)",
                "movement_type is not one of the types in movement_types; use a known type",
            ),
        ),
    ),
    "cycle_counts": StockKind("cycle_counts", "cycle_counts", frozenset({"csv"})),
    "channel_stock": StockKind("channel_stock_snapshots", "channel_stock", frozenset({"csv"})),
    "reservations": StockKind(
        "reservations", "reservations", frozenset({"csv"}), fixed_values={"source": "oms_export"}
    ),
    "incident_reports": StockKind("incident_reports", "incident_reports", frozenset({"csv"})),
}

MASTER_TABLES: tuple[str, ...] = (
    "skus",
    "warehouses",
    "bins",
    "safety_stock",
    "carriers",
    "carrier_services",
    "rate_cards",
    "transfer_lanes",
    "suppliers",
    "supplier_skus",
    "purchase_orders",
    "carton_types",
    "packing_materials",
    "promotions",
    "coupons",
    "customers",
)

_LOADER_COLUMNS = frozenset({"source_file_id"})


def _parser_for(name: str, data_type: str) -> str:
    if data_type == "BIGINT" and name.endswith("_cents"):
        return "money"
    by_type = {
        "VARCHAR": "text",
        "INTEGER": "int32",
        "BIGINT": "integer",
        "DOUBLE": "double",
        "BOOLEAN": "boolean",
        "TIMESTAMP": "timestamp",
        "VARCHAR[]": "list",
        "DECIMAL(18,4)": "decimal4",
    }
    if data_type not in by_type:
        raise ValueError(f"column {name} has type {data_type}, which the loader cannot parse yet")
    return by_type[data_type]


def contract_from_catalog(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    file_kind: str,
    fixed_values: dict[str, str] | None = None,
    extra_checks: tuple[CheckSpec, ...] = (),
) -> TableContract:
    """The file contract of a stock or master table, read from the table's columns and constraints."""
    fixed = fixed_values or {}
    rows = conn.execute(
        "select column_name, data_type, is_nullable from duckdb_columns()"
        " where table_name = ? and schema_name = 'main' order by column_index",
        [table],
    ).fetchall()
    if not rows:
        raise ValueError(f"table {table} does not exist; run ensure_schema first")
    columns = []
    for name, data_type, is_nullable in rows:
        if name in _LOADER_COLUMNS or name in fixed:
            continue
        parser = _parser_for(name, data_type)
        source = name.removesuffix("_cents") if parser == "money" else name
        columns.append(ColumnSpec(source, name, parser, not is_nullable, not is_nullable))
    constraints = conn.execute(
        "select constraint_type, expression, constraint_column_names from duckdb_constraints()"
        " where table_name = ? and schema_name = 'main' and constraint_type in ('CHECK', 'PRIMARY KEY')"
        " order by constraint_index",
        [table],
    ).fetchall()
    key: tuple[str, ...] = ()
    checks = []
    for constraint_type, expression, column_names in constraints:
        if constraint_type == "PRIMARY KEY":
            key = tuple(column_names)
        else:
            checks.append(
                CheckSpec("CHECK_FAILED", expression, f"violates {expression} on {', '.join(column_names)}")
            )
    return TableContract(table, file_kind, tuple(columns), key, (*checks, *extra_checks), fixed)
