"""Hand-built landing files for the ingestion tests, written at test time into tmp_path.

`order_row` gives one valid export row (override any field); the writers produce CSV, JSON Lines and Parquet;
`malformed` writes the malformed-file corpus and returns what the ingestion must make of each file.
"""

from corpus.malformed import Expected, write_malformed_corpus
from corpus.orders import (
    ORDER_COLUMNS,
    csv_line,
    order_row,
    write_orders_csv,
    write_orders_jsonl,
    write_orders_parquet,
)

__all__ = [
    "ORDER_COLUMNS",
    "Expected",
    "csv_line",
    "order_row",
    "write_malformed_corpus",
    "write_orders_csv",
    "write_orders_jsonl",
    "write_orders_parquet",
]
