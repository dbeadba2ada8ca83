-- The run record: status, objective, baseline, LP bound, gap, weights and KPIs.
insert into allocation_runs values (
    $run_id, $now::timestamp, $status, $method, $n_orders, $n_lines, $n_units, $objective_cents,
    $baseline_cents, $lp_bound_cents, $gap, $solve_time_s, $is_valid, $weights_json, $kpis_json, $notes
);
