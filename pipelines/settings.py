"""Where the pipeline keeps its data, read from environment variables with documented defaults.

| variable | default | what |
|---|---|---|
| FULFIL_DATA_DIR | data | base folder for everything below |
| FULFIL_DB_PATH | $FULFIL_DATA_DIR/fulfilment.duckdb | the DuckDB database file |
| FULFIL_LANDING_DIR | $FULFIL_DATA_DIR/landing | where channel exports, master and stock files arrive |
| FULFIL_REPORTS_DIR | $FULFIL_DATA_DIR/reports | where HTML and CSV reports are written |
| FULFIL_ALLOCATION_CRON | */15 * * * * | when the allocation schedule runs (UTC) |
| FULFIL_RECONCILIATION_CRON | 0 2 * * * | when the daily reconciliation runs (UTC) |

Relative paths are taken from the working directory (the repository root under `make`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_path: Path
    landing_dir: Path
    reports_dir: Path
    allocation_cron: str = "*/15 * * * *"
    reconciliation_cron: str = "0 2 * * *"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("FULFIL_DATA_DIR") or "data")
        return cls(
            data_dir=data_dir,
            db_path=Path(env.get("FULFIL_DB_PATH") or data_dir / "fulfilment.duckdb"),
            landing_dir=Path(env.get("FULFIL_LANDING_DIR") or data_dir / "landing"),
            reports_dir=Path(env.get("FULFIL_REPORTS_DIR") or data_dir / "reports"),
            allocation_cron=env.get("FULFIL_ALLOCATION_CRON") or cls.allocation_cron,
            reconciliation_cron=env.get("FULFIL_RECONCILIATION_CRON") or cls.reconciliation_cron,
        )
