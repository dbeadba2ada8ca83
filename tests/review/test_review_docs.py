"""The documentation and the YAML defaults stay in step with the code."""

from __future__ import annotations

import re

import duckdb

from assets.intake.config import IntakeConfig, load_intake_config
from assets.review.config import ReviewConfig, load_review_config
from assets.sql_files import SQL_DIR

DOCS = SQL_DIR.parent / "docs"


def test_reason_code_catalogue_and_doc_agree(conn: duckdb.DuckDBPyConnection) -> None:
    table = {row[0] for row in conn.execute("select reason_code from reason_codes").fetchall()}
    doc = (DOCS / "reason_codes.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", doc, flags=re.MULTILINE))
    assert documented == table


def test_yaml_file_holds_the_documented_defaults() -> None:
    assert load_intake_config() == IntakeConfig()
    assert load_review_config() == ReviewConfig()


def test_every_setting_is_described_in_review_md() -> None:
    doc = (DOCS / "review.md").read_text(encoding="utf-8")
    fields = [*IntakeConfig.model_fields, *ReviewConfig.model_fields]
    missing = [name for name in fields if f"`{name}`" not in doc]
    assert not missing, f"document these settings in docs/review.md: {missing}"
