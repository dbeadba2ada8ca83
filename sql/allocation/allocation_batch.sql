-- Inputs of one allocation batch, as temporary tables that allocation_*.sql read. The batch is every order
-- line whose state is approved or backordered (backorders are retried as stock arrives); lines already
-- allocated carry a reservation and are never part of a batch again, so a rerun never double-reserves.
-- A line partly served by an earlier run keeps its reservations and comes back only for the rest.
-- Parameters: $express_days, $standard_days, $economy_days (promised transit days per service level).

create or replace temp table alloc_lines as
with reserved as (
    select channel, order_id, line_no, sum(reserved_units) as units
    from reservations
    where source = 'allocation' and status = 'open'
    group by all
),
batch_states as (
    select s.channel, s.order_id, s.line_no, s.fulfil_sku,
        s.quantity_units - coalesce(r.units, 0) as quantity_units
    from order_line_states as s
    left join reserved as r using (channel, order_id, line_no)
    where s.state in ('approved', 'backordered')
      and s.fulfil_sku is not null
      and s.quantity_units - coalesce(r.units, 0) > 0
),
orders_in_batch as (
    select
        v.channel,
        v.order_id,
        v.latitude,
        v.longitude,
        v.service_level,
        v.priority
    from validated_orders as v
    where exists (
        select 1 from batch_states as s where s.channel = v.channel and s.order_id = v.order_id
    )
),
final as (
    select
        s.channel,
        s.order_id,
        s.channel || '|' || s.order_id as order_key,
        s.line_no,
        s.fulfil_sku as sku,
        s.quantity_units as quantity,
        o.priority,
        o.service_level,
        case o.service_level
            when 'express' then $express_days
            when 'economy' then $economy_days
            else $standard_days
        end as promised_days,
        o.latitude,
        o.longitude,
        k.weight_g
    from batch_states as s
    join orders_in_batch as o using (channel, order_id)
    join skus as k on k.sku = s.fulfil_sku
)
select * from final;
