from pathlib import Path

from pipelines.settings import Settings


def test_defaults_live_under_data() -> None:
    settings = Settings.from_env({})
    assert settings.db_path == Path("data/fulfilment.duckdb")
    assert settings.landing_dir == Path("data/landing")
    assert settings.reports_dir == Path("data/reports")


def test_data_dir_moves_everything_and_explicit_paths_win() -> None:
    settings = Settings.from_env({"FULFIL_DATA_DIR": "/srv/fulfil", "FULFIL_DB_PATH": "/tmp/x.duckdb"})
    assert settings.db_path == Path("/tmp/x.duckdb")
    assert settings.landing_dir == Path("/srv/fulfil/landing")
    assert settings.reports_dir == Path("/srv/fulfil/reports")
