-- Positions whose physical on-hand (ledger corrected by cycle counts) is negative: stock that cannot exist.
select warehouse_code, sku, on_hand_units, ledger_on_hand_units, count_variance_units, last_movement_at
from stock_positions
where on_hand_units < 0
order by on_hand_units, warehouse_code, sku
