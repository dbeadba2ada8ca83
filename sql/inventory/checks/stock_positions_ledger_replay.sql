-- Replay the ledger per (warehouse, SKU), independently of the bin-level build, and compare its final state
-- with stock_positions; replaying it movement by movement in time order also finds the moments at which
-- the running ledger on-hand went below zero (n_negative_moments: a ledger posted out of order or a
-- shipment of stock the ledger never had). Rows returned differ or went negative.

with

signed as (
    select
        m.warehouse_code,
        m.sku,
        m.occurred_at,
        m.movement_id,
        m.quantity * t.on_hand_sign as on_hand_delta,
        m.quantity * t.returns_pending_sign as returns_pending_delta,
        m.quantity * t.damaged_sign as damaged_delta,
        m.quantity * t.quarantined_sign as quarantined_delta
    from stock_movements as m
    join movement_types as t using (movement_type)
),

running as (
    select
        warehouse_code,
        sku,
        sum(on_hand_delta) over (
            partition by warehouse_code, sku order by occurred_at, movement_id rows unbounded preceding
        ) as on_hand_units
    from signed
),

negative as (
    select warehouse_code, sku, count(*) as n_negative_moments
    from running
    where on_hand_units < 0
    group by all
),

final_state as (
    select
        warehouse_code,
        sku,
        sum(on_hand_delta) as on_hand_units,
        sum(returns_pending_delta) as returns_pending_units,
        sum(damaged_delta) as damaged_units,
        sum(quarantined_delta) as quarantined_units
    from signed
    group by warehouse_code, sku
),

compared as (
    select
        coalesce(r.warehouse_code, p.warehouse_code) as warehouse_code,
        coalesce(r.sku, p.sku) as sku,
        coalesce(r.on_hand_units, 0) as replayed_on_hand_units,
        coalesce(p.ledger_on_hand_units, 0) as position_on_hand_units,
        coalesce(r.returns_pending_units, 0) as replayed_returns_pending_units,
        coalesce(p.returns_pending_units, 0) as position_returns_pending_units,
        coalesce(r.damaged_units, 0) as replayed_damaged_units,
        coalesce(p.damaged_units, 0) as position_damaged_units,
        coalesce(r.quarantined_units, 0) as replayed_quarantined_units,
        coalesce(p.quarantined_units, 0) as position_quarantined_units,
        coalesce(n.n_negative_moments, 0) as n_negative_moments
    from final_state as r
    full join stock_positions as p using (warehouse_code, sku)
    left join negative as n
        on n.warehouse_code = coalesce(r.warehouse_code, p.warehouse_code)
        and n.sku = coalesce(r.sku, p.sku)
)

select *
from compared
where replayed_on_hand_units <> position_on_hand_units
    or replayed_returns_pending_units <> position_returns_pending_units
    or replayed_damaged_units <> position_damaged_units
    or replayed_quarantined_units <> position_quarantined_units
    or n_negative_moments > 0
order by warehouse_code, sku
