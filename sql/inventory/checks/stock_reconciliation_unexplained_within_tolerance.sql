-- Lines whose unexplained variance exceeds the tolerance of their SKU class, largest value first.
select warehouse_code, sku, abc_class, channel_sellable_units, physical_sellable_units, variance_units,
    unexplained_units, tolerance_units, unexplained_value_cents, unrecorded_loss_units,
    channel_formula_gap_units
from stock_reconciliation
where status = 'unexplained_above_tolerance'
order by abs(unexplained_value_cents) desc, abs(unexplained_units) desc, warehouse_code, sku
