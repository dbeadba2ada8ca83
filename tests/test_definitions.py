"""The one Definitions loads, and every asset is documented, grouped and typed."""

from pathlib import Path

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.settings import Settings


def _defs(tmp_path: Path) -> dg.Definitions:
    return build_definitions(Settings.from_env({"FULFIL_DATA_DIR": str(tmp_path)}))


def test_definitions_load(tmp_path: Path) -> None:
    defs = _defs(tmp_path)
    defs.get_repository_def().load_all_definitions()


def test_every_asset_has_docstring_group_and_kinds(tmp_path: Path) -> None:
    graph = _defs(tmp_path).resolve_asset_graph()
    problems = []
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if not node.description:
            problems.append(f"{key.to_user_string()}: no description")
        if not node.group_name or node.group_name == "default":
            problems.append(f"{key.to_user_string()}: no group")
        if not node.kinds:
            problems.append(f"{key.to_user_string()}: no kinds")
    assert not problems, problems
