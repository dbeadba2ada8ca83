"""Acceptance: intake and review measured against the sample generator's ground truth on two seeds.

A reduced but representative sample per seed (every anomaly kind present, several brushing rings); the
default size (20,000 orders) runs under `-m slow` and its figures are recorded in docs/review.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from truth_measure import EXPECTED, Figures, run_and_measure

SIZES = {"orders": 3_000, "skus": 300, "warehouses": 4, "days": 14}


@pytest.fixture(scope="module", params=[42, 2026], ids=lambda seed: f"seed{seed}")
def figures(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Figures:
    work = tmp_path_factory.mktemp(f"acceptance_{request.param}")
    return run_and_measure(work, seed=request.param, **SIZES)


def assert_meets_targets(figures: Figures) -> None:
    missing_kinds = sorted(set(EXPECTED) - set(figures.n_truth_rows))
    assert not missing_kinds, f"the sample has no {missing_kinds}: not representative"
    intake = {a for a, (_, stage) in EXPECTED.items() if stage in ("intake", "promotion", "stock")}
    recall = {a: figures.caught[a] / figures.n_truth_rows[a] for a in intake}
    assert all(r == 1.0 for r in recall.values()), (recall, figures.missed[:20])
    assert figures.n_false_rejections == 0, figures.false_rejections[:20]
    assert figures.n_promotion_false_flags == 0, figures.promotion_false_flags[:20]
    assert figures.brushing_precision >= 0.9 and figures.brushing_recall >= 0.9, (
        figures.brushing_precision,
        figures.brushing_recall,
    )
    assert figures.n_duplicate_orders_kept_once == figures.n_duplicate_truth


def test_sample_meets_the_acceptance_figures(figures: Figures) -> None:
    assert_meets_targets(figures)


@pytest.mark.slow
def test_default_size_sample_meets_the_acceptance_figures(tmp_path: Path) -> None:
    assert_meets_targets(run_and_measure(tmp_path, orders=20_000, seed=42))
