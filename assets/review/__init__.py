"""Stage 2, review: flags with reason codes, decisions, order-line states and history, exception queue."""

from assets.review.assets import order_decisions, order_reviews, order_states
from assets.review.checks import order_line_states_counts_add_up, order_reviews_reason_codes_known
from assets.review.config import ReviewConfig, load_review_config, review_run_config
from assets.review.report import review_summary

REVIEW_ASSETS = [order_reviews, order_decisions, order_states]
REVIEW_CHECKS = [order_line_states_counts_add_up, order_reviews_reason_codes_known]
# The intake + review job (with config/review.yaml as its default run config) is built in pipelines/jobs.py.

__all__ = [
    "REVIEW_ASSETS",
    "REVIEW_CHECKS",
    "ReviewConfig",
    "load_review_config",
    "review_run_config",
    "review_summary",
]
