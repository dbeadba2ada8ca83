-- Per-order explanations of the run (registered frame explanation_rows). Parameter: $run_id.
insert into allocation_explanations
select
    $run_id, channel, order_id, nullif(warehouses, ''),
    coalesce(len(string_split(nullif(warehouses, ''), ';')), 0),
    cost_cents, best_alternative, extra_cost_cents, reason
from explanation_rows;
