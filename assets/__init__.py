"""Thin Dagster assets and checks, with the resources and config classes they take."""
