"""Pure optimisation models. Nothing here imports dagster or duckdb."""
