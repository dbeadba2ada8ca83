"""The malformed-file corpus: every way an export can be broken, one file each, with the expected outcome.

Each file uses its own order ids so that files never interact; `Expected` says how many data rows the file
has, how many must load, and which reason codes the rest must carry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from corpus.orders import ORDER_COLUMNS, csv_line, order_row

HEADER = ",".join(ORDER_COLUMNS)


@dataclass(frozen=True)
class Expected:
    n_rows_read: int
    n_rows_loaded: int
    reasons: dict[str, int] = field(default_factory=dict)  # reason_code -> rows quarantined with it


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _lines(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_malformed_corpus(landing: Path) -> dict[str, Expected]:
    """Write the corpus under landing/orders/; returns expectations by path relative to the landing root."""
    o = landing / "orders"
    expected: dict[str, Expected] = {}

    _write(o / "bom.csv", b"\xef\xbb\xbf" + _lines(HEADER, csv_line(order_row("BOM1"))))
    expected["orders/bom.csv"] = Expected(1, 1)

    crlf = "\r\n".join([HEADER, csv_line(order_row("CRLF1")), csv_line(order_row("CRLF1", 2))]) + "\r\n"
    _write(o / "crlf.csv", crlf.encode("utf-8"))
    expected["orders/crlf.csv"] = Expected(2, 2)

    # Line 3 has a byte that is not UTF-8: quarantined, and line 2 (same order) must not load alone.
    bad = csv_line(order_row("UTF1", 2)).encode("utf-8").replace("科技园路".encode(), b"\xff\xfe")
    good_other = csv_line(order_row("UTF2")).encode("utf-8")
    _write(o / "invalid_utf8.csv", _lines(HEADER, csv_line(order_row("UTF1")))[:-1] + b"\n" + bad + b"\n"
           + good_other + b"\n")  # fmt: skip
    expected["orders/invalid_utf8.csv"] = Expected(3, 1, {"INVALID_UTF8": 1, "ORDER_INCOMPLETE": 1})

    _write(o / "ragged.csv", _lines(HEADER, csv_line(order_row("RAG1")) + ",extra", "tmall,RAG2,1",
                                    csv_line(order_row("RAG3"))))  # fmt: skip
    expected["orders/ragged.csv"] = Expected(3, 1, {"RAGGED_ROW": 2})

    # The quote opened on line 2 never closes: lines 3 and 4 must still be read, each as its own row.
    unterminated = csv_line(order_row("UNT1")).replace("张三", '"张三')
    _write(o / "unterminated_quote.csv", _lines(HEADER, unterminated, csv_line(order_row("UNT2")),
                                                csv_line(order_row("UNT3"))))  # fmt: skip
    expected["orders/unterminated_quote.csv"] = Expected(3, 2, {"UNTERMINATED_QUOTE": 1})

    # Two stray quotes (lines 2 and 4) would glue lines 2-4 into one record: they must stay three rows.
    stray = [
        csv_line(order_row("STR1")).replace("张三", 'zhang"san'),
        csv_line(order_row("STR2")),
        csv_line(order_row("STR3")).replace("张三", 'li"si'),
        csv_line(order_row("STR4")).replace("张三", '"wang"wu'),
        csv_line(order_row("STR5")),
    ]
    _write(o / "stray_quotes.csv", _lines(HEADER, *stray))
    expected["orders/stray_quotes.csv"] = Expected(5, 2, {"UNTERMINATED_QUOTE": 2, "MALFORMED_QUOTING": 1})

    # A quoted field spanning two physical lines is one row; the next row is on physical line 4.
    _write(o / "multiline.csv", _lines(HEADER, csv_line(order_row("ML1", address_detail="A栋\n1201")),
                                       csv_line(order_row("ML2"))))  # fmt: skip
    expected["orders/multiline.csv"] = Expected(2, 2)

    _write(o / "empty.csv", b"")
    expected["orders/empty.csv"] = Expected(0, 0)
    _write(o / "header_only.csv", _lines(HEADER))
    expected["orders/header_only.csv"] = Expected(0, 0)
    _write(o / "blank_lines.csv", _lines(HEADER, "", csv_line(order_row("BL1")), "   ", ""))
    expected["orders/blank_lines.csv"] = Expected(1, 1)

    _write(o / "huge_field.csv", _lines(HEADER, csv_line(order_row("HUGE1", street="x" * 10_000_000)),
                                        csv_line(order_row("HUGE2"))))  # fmt: skip
    expected["orders/huge_field.csv"] = Expected(2, 1, {"FIELD_TOO_LONG": 1})

    numbers = [
        order_row("NUM1", quantity="NaN"),
        order_row("NUM2", unit_price="1e309"),
        order_row("NUM3", quantity="1e309"),
        order_row("NUM4", quantity="two"),
        order_row("NUM5", unit_price="129.999"),
        order_row("NUM6", ordered_at="yesterday"),
        order_row("NUM7", line_no="1.5"),
    ]
    _write(o / "bad_numbers.csv", _lines(HEADER, *(csv_line(r) for r in numbers)))
    expected["orders/bad_numbers.csv"] = Expected(
        7, 0, {"BAD_NUMBER": 3, "BAD_MONEY": 2, "BAD_TIMESTAMP": 1, "BAD_INTEGER": 1}
    )

    quantities = [order_row("QTY1", quantity="0"), order_row("QTY2", quantity="-1"),
                  order_row("QTY3", quantity="1.5")]  # fmt: skip
    _write(o / "odd_quantities.csv", _lines(HEADER, *(csv_line(r) for r in quantities)))
    expected["orders/odd_quantities.csv"] = Expected(3, 3)

    extra_columns = (*ORDER_COLUMNS, "gift_wrap", "buyer_note")
    row = {**order_row("UNK1"), "gift_wrap": "yes", "buyer_note": "leave at door"}
    _write(o / "unknown_columns.csv", _lines(",".join(extra_columns), csv_line(row, extra_columns)))
    expected["orders/unknown_columns.csv"] = Expected(1, 1)

    without_sku = tuple(c for c in ORDER_COLUMNS if c != "sku")
    _write(o / "missing_column.csv", _lines(",".join(without_sku), csv_line(order_row("MIS1"), without_sku),
                                            csv_line(order_row("MIS2"), without_sku)))  # fmt: skip
    expected["orders/missing_column.csv"] = Expected(2, 0, {"MISSING_COLUMN": 2})

    def json_row(order_id: str, **raw_values: str) -> str:
        """A full JSON export row; raw_values are spliced in as raw JSON text (numbers, NaN, ...)."""
        row = {**order_row(order_id, channel="jd"), **{k: f"@{k}@" for k in raw_values}}
        text = json.dumps(row, ensure_ascii=False)
        for key, value in raw_values.items():
            text = text.replace(f'"@{key}@"', value)
        return text

    jsonl = "\n".join(
        [
            json_row("JS1", quantity="3", unit_price="9.9", priority="1"),
            "{not json",
            "[1, 2, 3]",
            "",
            json_row("JS2", quantity="NaN"),
            json_row("JS4", quantity="1e309"),
        ]
    ).encode("utf-8")
    jsonl += b"\n" + json_row("JS3").encode("utf-8").replace("科技园路".encode(), b"\xff") + b"\n"
    _write(o / "malformed.jsonl", jsonl)
    expected["orders/malformed.jsonl"] = Expected(
        6, 1, {"MALFORMED_JSON": 1, "NOT_AN_OBJECT": 1, "BAD_NUMBER": 2, "INVALID_UTF8": 1}
    )

    _write(o / "broken.parquet", b"PAR1 this is not a parquet file")
    expected["orders/broken.parquet"] = Expected(1, 0, {"UNREADABLE_FILE": 1})
    return expected
