"""Review tests build their inputs with the hand-made factory of the intake tests (order_factory.py) and
reuse their fast per-test database fixture (a copy of a schema-only template)."""

from __future__ import annotations

import sys
from pathlib import Path

# tests/ is not a package; make the sibling folder's helpers importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "intake"))

from conftest_db import conn, schema_template

__all__ = ["conn", "schema_template"]
