"""Stage 2, review: flags with reason codes, decisions, order-line states and history, exception queue."""

from assets.review.assets import order_decisions, order_reviews, order_states
from assets.review.checks import order_line_states_counts_add_up, order_reviews_reason_codes_known
from assets.review.config import ReviewConfig, load_review_config
from assets.review.jobs import intake_review_job, review_run_config
from assets.review.report import review_summary

REVIEW_ASSETS = [order_reviews, order_decisions, order_states]
REVIEW_CHECKS = [order_line_states_counts_add_up, order_reviews_reason_codes_known]
# The job reads config/review.yaml, so it is built when the Definitions are, not at import:
# `jobs=[intake_review_job()]` (or `intake_review_job(path)` for another settings file).

__all__ = [
    "REVIEW_ASSETS",
    "REVIEW_CHECKS",
    "ReviewConfig",
    "intake_review_job",
    "load_review_config",
    "review_run_config",
    "review_summary",
]
