-- The latest allocation run, with the ranked-rules baseline beside it.
select
    status, method, n_orders, n_lines, n_units,
    round(objective_cents / 100, 2) as total_cost_yuan,
    round(baseline_cents / 100, 2) as baseline_cost_yuan,
    round(lp_bound_cents / 100, 2) as lp_bound_yuan,
    round(gap, 4) as gap,
    round(solve_time_s, 1) as solve_time_s,
    is_valid
from allocation_runs
order by solved_at desc, run_id desc
limit 1
