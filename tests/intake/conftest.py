"""Intake tests use the fast per-test database fixture of conftest_db.py."""

from conftest_db import conn, schema_template

__all__ = ["conn", "schema_template"]
