"""One small generated sample per test session (generation takes a few seconds), read-only for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_landing import SMALL, Sample

from pipelines.sample_data import GeneratorConfig, generate


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    root: Path = tmp_path_factory.mktemp("sample")
    generate(GeneratorConfig(**SMALL), root, echo=lambda _: None)
    return Sample(root)
