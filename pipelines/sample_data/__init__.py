"""Deterministic sample landing data with exact ground truth: `python -m pipelines.sample_data --help`.

Python use: `generate(GeneratorConfig(orders=..., ...), out_dir)` writes `out_dir/landing/` and
`out_dir/_truth/` and returns a `Summary` (rows per file, the manifest, seconds). See docs/sample_data.md.
"""

from pipelines.sample_data.config import GeneratorConfig, OrderAnomalyRates, StockAnomalyRates
from pipelines.sample_data.generate import Summary, generate

__all__ = ["GeneratorConfig", "OrderAnomalyRates", "StockAnomalyRates", "Summary", "generate"]
