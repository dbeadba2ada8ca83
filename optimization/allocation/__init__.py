"""Multi-warehouse allocation: plain tables in, a validated plan with cost, bound and gap out.

Entry point: `solve_tables` (see `solve.py`); planner weights: `Weights`; independent check: `validate_plan`.
"""

from optimization.allocation.solve import solve_instance, solve_tables
from optimization.allocation.tables import InstanceError
from optimization.allocation.validate import Validation, validate_plan
from optimization.allocation.weights import Weights, WeightsError

__all__ = [
    "InstanceError",
    "Validation",
    "Weights",
    "WeightsError",
    "solve_instance",
    "solve_tables",
    "validate_plan",
]
