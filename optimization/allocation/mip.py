"""Hand a sparse MIP/LP given as numpy arrays to an OR-Tools solver (HiGHS, CP-SAT, GLOP, PDLP, SCIP).

The model is written straight into protobuf wire format with vectorised numpy: building a million-variable
MPModelProto one Python call at a time takes longer than solving its LP. Every solve gets a time limit, a
fixed seed and a fixed thread count; the result carries status, objective and bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import linear_solver_pb2 as pb
from ortools.linear_solver import pywraplp

INF = float("inf")
OPTIMAL, FEASIBLE = pb.MPSOLVER_OPTIMAL, pb.MPSOLVER_FEASIBLE


@dataclass(frozen=True)
class SparseModel:
    """min obj.x s.t. row_lb <= A x <= row_ub, var_lb <= x <= var_ub, x integer where is_int (A in COO)."""

    var_lb: np.ndarray
    var_ub: np.ndarray
    obj: np.ndarray
    is_int: np.ndarray
    row_lb: np.ndarray
    row_ub: np.ndarray
    a_row: np.ndarray
    a_col: np.ndarray
    a_val: np.ndarray
    offset: float = 0.0


@dataclass(frozen=True)
class SolveOutcome:
    status: str  # optimal, feasible, infeasible, not_solved
    objective: float
    bound: float
    values: np.ndarray | None
    wall_s: float
    duals: np.ndarray | None = None  # row duals when the solver returned them (LP solvers)


def _varint_len(values: np.ndarray) -> np.ndarray:
    v = values.astype(np.uint64)
    return 1 + sum((v >= np.uint64(1 << (7 * k))).astype(np.int64) for k in range(1, 10))


def _put_varints(buf: np.ndarray, pos: np.ndarray, values: np.ndarray) -> None:
    v = values.astype(np.uint64)
    n = _varint_len(values)
    for k in range(int(n.max(initial=0))):
        live = n > k
        byte = (v[live] >> np.uint64(7 * k)) & np.uint64(0x7F)
        more = (n[live] > k + 1).astype(np.uint64) << np.uint64(7)
        buf[pos[live] + k] = (byte | more).astype(np.uint8)


def _put_doubles(buf: np.ndarray, pos: np.ndarray, values: np.ndarray) -> None:
    raw = np.ascontiguousarray(values, dtype="<f8").view(np.uint8).reshape(-1, 8)
    buf[pos[:, None] + np.arange(8)] = raw


def _variables_bytes(m: SparseModel) -> bytes:
    rec = np.dtype(
        [
            ("tag", "u1"),
            ("len", "u1"),
            ("t1", "u1"),
            ("lb", "<f8"),
            ("t2", "u1"),
            ("ub", "<f8"),
            ("t3", "u1"),
            ("obj", "<f8"),
            ("t4", "u1"),
            ("int", "u1"),
        ]
    )
    out = np.zeros(len(m.var_lb), dtype=rec)
    out["tag"], out["len"], out["t1"], out["t2"], out["t3"], out["t4"] = 0x1A, 29, 0x09, 0x11, 0x19, 0x20
    out["lb"], out["ub"], out["obj"], out["int"] = m.var_lb, m.var_ub, m.obj, m.is_int
    return out.tobytes()


def _constraints_bytes(m: SparseModel) -> bytes:
    n_rows = len(m.row_lb)
    order = np.lexsort((m.a_col, m.a_row))
    rows, cols, vals = m.a_row[order], m.a_col[order].astype(np.int64), m.a_val[order]
    nnz = np.bincount(rows, minlength=n_rows).astype(np.int64)
    col_len = _varint_len(cols)
    idx_len = np.bincount(rows, weights=col_len, minlength=n_rows).astype(np.int64)
    body = 18 + 1 + _varint_len(idx_len) + idx_len + 1 + _varint_len(8 * nnz) + 8 * nnz
    size = 1 + _varint_len(body) + body
    start = np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
    buf = np.zeros(int(size.sum()), dtype=np.uint8)
    buf[start] = 0x22
    _put_varints(buf, start + 1, body)
    p = start + 1 + _varint_len(body)
    buf[p] = 0x11
    _put_doubles(buf, p + 1, m.row_lb)
    buf[p + 9] = 0x19
    _put_doubles(buf, p + 10, m.row_ub)
    buf[p + 18] = 0x32
    _put_varints(buf, p + 19, idx_len)
    idx_start = p + 19 + _varint_len(idx_len)
    entry_row_start = np.concatenate([[0], np.cumsum(nnz)[:-1]]).astype(np.int64)
    within = np.cumsum(col_len) - col_len - np.concatenate([[0], np.cumsum(idx_len)[:-1]])[rows]
    _put_varints(buf, idx_start[rows] + within, cols)
    q = idx_start + idx_len
    buf[q] = 0x3A
    _put_varints(buf, q + 1, 8 * nnz)
    dbl_start = q + 1 + _varint_len(8 * nnz)
    rank = np.arange(len(rows), dtype=np.int64) - entry_row_start[rows]
    _put_doubles(buf, dbl_start[rows] + 8 * rank, vals)
    return buf.tobytes()


def to_request(
    m: SparseModel,
    solver: str,
    time_limit_s: float,
    seed: int,
    workers: int,
    hint=None,
    extra_params: str = "",
) -> bytes:
    """Serialised MPModelRequest for `solver` in highs, highs_lp, sat, glop, pdlp, scip; `extra_params` are
    appended to the solver-specific parameters (HiGHS: `key=value` lines)."""
    extra = pb.MPModelProto(objective_offset=m.offset)
    if hint is not None:
        extra.solution_hint.var_index.extend(np.arange(len(hint), dtype=np.int32).tolist())
        extra.solution_hint.var_value.extend(np.asarray(hint, dtype=np.float64).tolist())
    model = _variables_bytes(m) + _constraints_bytes(m) + extra.SerializeToString()
    kinds = {
        "highs": (
            pb.MPModelRequest.HIGHS_MIXED_INTEGER_PROGRAMMING,
            f"threads={workers}\nrandom_seed={seed}",
        ),
        "highs_lp": (pb.MPModelRequest.HIGHS_LINEAR_PROGRAMMING, f"threads={workers}\nrandom_seed={seed}"),
        "sat": (
            pb.MPModelRequest.SAT_INTEGER_PROGRAMMING,
            f"num_workers:{workers} random_seed:{seed} max_deterministic_time:{time_limit_s}",
        ),
        "glop": (pb.MPModelRequest.GLOP_LINEAR_PROGRAMMING, f"random_seed:{seed}"),
        "pdlp": (pb.MPModelRequest.PDLP_LINEAR_PROGRAMMING, f"num_threads:{workers}"),
        "scip": (pb.MPModelRequest.SCIP_MIXED_INTEGER_PROGRAMMING, f"randomization/randomseedshift = {seed}"),
    }
    solver_type, params = kinds[solver]
    if solver.startswith("highs"):
        params += "\noutput_flag=false\nlog_to_console=false"
    if extra_params:
        params += "\n" + extra_params
    tail = pb.MPModelRequest(
        solver_type=solver_type,
        solver_time_limit_seconds=float(time_limit_s),
        solver_specific_parameters=params,
    )
    size = np.array([len(model)], dtype=np.int64)
    head = np.zeros(1 + int(_varint_len(size)[0]), dtype=np.uint8)
    head[0] = 0x0A
    _put_varints(head, np.array([1]), size)
    return head.tobytes() + model + tail.SerializeToString()


def solve(
    m: SparseModel,
    solver: str,
    time_limit_s: float,
    seed: int = 0,
    workers: int = 1,
    hint=None,
    extra_params: str = "",
) -> SolveOutcome:
    """Solve and return status, objective, bound and values (None when no solution was found)."""
    started = time.perf_counter()
    if solver.startswith("highs"):
        hint = None  # OR-Tools 9.15 crashes (SIGSEGV) passing a solution hint to HiGHS through SolveWithProto
    request = pb.MPModelRequest.FromString(
        to_request(m, solver, time_limit_s, seed, workers, hint, extra_params)
    )
    response = pb.MPSolutionResponse()
    pywraplp.Solver.SolveWithProto(request, response)
    names = {OPTIMAL: "optimal", FEASIBLE: "feasible", pb.MPSOLVER_INFEASIBLE: "infeasible"}
    status = names.get(response.status, "not_solved")
    values = (
        np.asarray(response.variable_value, dtype=np.float64) if status in ("optimal", "feasible") else None
    )
    if solver in ("highs_lp", "glop", "pdlp"):
        bound = response.objective_value if status == "optimal" else -INF
    else:
        bound = response.best_objective_bound if status in ("optimal", "feasible") else -INF
    duals = np.asarray(response.dual_value, dtype=np.float64) if len(response.dual_value) else None
    return SolveOutcome(status, response.objective_value, bound, values, time.perf_counter() - started, duals)
