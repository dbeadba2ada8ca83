-- Lines where the channel's snapshot is not what replaying the ledger up to T gives under the channel
-- formula of docs/landing_files.md (on-hand - safety - damaged - quarantined + in transit to here).
select warehouse_code, sku, channel, snapshot_at, channel_sellable_units,
    channel_sellable_units - channel_formula_gap_units as replayed_units, channel_formula_gap_units
from stock_reconciliation
where channel_formula_gap_units <> 0
order by abs(channel_formula_gap_units) desc, warehouse_code, sku
