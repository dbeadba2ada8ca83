-- Move order lines to their target state (temp table line_state_targets): every change of state or of
-- reason codes is written to order_state_history first, then order_line_states is upserted. Lines whose
-- state and codes did not change are not touched, so a rerun writes nothing. Parameter: $now.

create or replace temp table line_state_changes as
select t.*, s.state as from_state
from line_state_targets as t
left join order_line_states as s using (channel, order_id, line_no)
where s.state is null
    or s.state <> t.state
    or s.reason_codes <> t.reason_codes
    or s.fulfil_sku is distinct from t.fulfil_sku;

insert into order_state_history (channel, order_id, line_no, from_state, to_state, reason_codes, changed_by,
    changed_at)
select channel, order_id, line_no, from_state, state, reason_codes, updated_by, $now::timestamp
from line_state_changes;

insert or replace into order_line_states (channel, order_id, line_no, state, reason_codes, fulfil_sku,
    quantity_units, updated_by, updated_at)
select channel, order_id, line_no, state, reason_codes, fulfil_sku, quantity_units, updated_by,
    $now::timestamp
from line_state_changes;
