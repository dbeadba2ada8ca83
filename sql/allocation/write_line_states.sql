-- Move the batch's lines on: allocated when fully reserved, backordered while units are still missing.
-- History first, then the state itself. Parameters: $run_id, $now.
create or replace temp table alloc_state_changes as
with targets as (
    select
        l.channel, l.order_id, l.line_no,
        case when b.units is null then 'allocated' else 'backordered' end as state,
        case when b.units is null then []::varchar[] else ['BACKORDERED'] end as reason_codes
    from alloc_lines as l
    left join backorder_rows as b using (channel, order_id, line_no)
)
select t.*, s.state as from_state
from targets as t
join order_line_states as s using (channel, order_id, line_no)
where s.state <> t.state or s.reason_codes <> t.reason_codes;
insert into order_state_history (channel, order_id, line_no, from_state, to_state, reason_codes, changed_by,
    changed_at)
select channel, order_id, line_no, from_state, state, reason_codes, 'allocation:' || $run_id, $now::timestamp
from alloc_state_changes;
update order_line_states as s
set state = c.state, reason_codes = c.reason_codes, updated_by = 'allocation:' || $run_id,
    updated_at = $now::timestamp
from alloc_state_changes as c
where s.channel = c.channel and s.order_id = c.order_id and s.line_no = c.line_no;
