-- Preliminary stock check: lines of validated orders that the network's sellable stock cannot cover, with
-- the earliest restock, a named substitute and the recommended resolution.
-- Parameters: $stock_check_mode, $as_of, $restock_wait_days, $count_supplier_lead_time,
-- $substitute_match_color, $substitute_match_size, $substitute_max_price_diff_pct.

with

network as (
    select sku, sum(sellable_units)::bigint as sellable_units
    from stock_positions
    group by all
),

-- lines that still need stock: lines already allocated or further hold a reservation, which sellable
-- stock has already deducted
open_lines as (
    select l.channel, l.order_id, l.line_no, l.sku, l.quantity::bigint as quantity_units, v.priority,
        v.ordered_at
    from order_lines as l
    join validated_orders as v using (channel, order_id)
    left join order_line_states as s using (channel, order_id, line_no)
    where s.state is null or s.state in ('rejected', 'on_hold', 'approved')
),

demand as (
    select o.*,
        sum(o.quantity_units) over (
            partition by o.sku order by o.priority desc, o.ordered_at, o.channel, o.order_id, o.line_no
            rows unbounded preceding
        ) as cumulative_units,
        coalesce(n.sellable_units, 0) as network_sellable_units
    from open_lines as o
    left join network as n using (sku)
),

short_lines as (
    select *,
        case when $stock_check_mode = 'line' then quantity_units
            else least(quantity_units, cumulative_units - network_sellable_units) end as shortfall_units
    from demand
    where case when $stock_check_mode = 'line' then quantity_units > network_sellable_units
        else cumulative_units > network_sellable_units end
),

supply as (
    -- open purchase orders: due now when already late
    select sku, greatest(expected_at, $as_of::timestamp) as eta, (ordered_units - received_units)::bigint as units,
        format('purchase order {} ({} units)', po_id, ordered_units - received_units) as source
    from purchase_orders
    where status in ('open', 'partially_received') and ordered_units > received_units
    union all
    -- transfers in transit: the expected arrival, else after the slowest lane into the warehouse
    select p.sku,
        greatest(coalesce(p.next_transfer_arrival_at,
            $as_of::timestamp + to_days(coalesce(max(t.lead_time_days), 0)::integer)), $as_of::timestamp),
        p.in_transit_in_units::bigint, format('transfer in transit to {}', p.warehouse_code)
    from stock_positions as p
    left join transfer_lanes as t on t.to_warehouse_code = p.warehouse_code
    where p.in_transit_in_units > 0
    group by p.sku, p.warehouse_code, p.next_transfer_arrival_at, p.in_transit_in_units
    union all
    select ss.sku, $as_of::timestamp + to_days(min(su.lead_time_days)::integer), null::bigint,
        'new purchase order (supplier lead time)'
    from supplier_skus as ss
    join suppliers as su using (supplier_code)
    where $count_supplier_lead_time
    group by ss.sku
),

restock as (
    select l.channel, l.order_id, l.line_no,
        first(s.source order by s.eta, s.source) as restock_source,
        min(s.eta) as restock_eta
    from short_lines as l
    join supply as s on s.sku = l.sku and (s.units is null or s.units >= l.shortfall_units)
    group by all
),

substitutes as (
    select l.channel, l.order_id, l.line_no,
        first(c.sku order by abs(c.unit_price_cents - o.unit_price_cents), n.sellable_units desc, c.sku)
            as substitute_sku
    from short_lines as l
    join skus as o on o.sku = l.sku
    join skus as c
        on c.category = o.category and c.sku <> o.sku and c.is_active
        and (not $substitute_match_color or c.color is not distinct from o.color)
        and (not $substitute_match_size or c.size is not distinct from o.size)
        and abs(c.unit_price_cents - o.unit_price_cents) * 100
            <= $substitute_max_price_diff_pct * o.unit_price_cents
    join network as n on n.sku = c.sku and n.sellable_units >= l.quantity_units
    group by all
),

final as (
    select l.channel, l.order_id, l.line_no, 'preliminary_stock_check' as rule, 'STOCK_OUT' as reason_code,
        1.0 as score,
        format('SKU {}: {} ordered, {} sellable in the network{}{}', l.sku, l.quantity_units,
            l.network_sellable_units,
            case when r.restock_eta is not null
                then format('; restock by {} from {}', strftime(r.restock_eta, '%Y-%m-%d'), r.restock_source)
                else '; no restock in sight' end,
            case when s.substitute_sku is not null then format('; substitute {} in stock', s.substitute_sku)
                else '' end) as evidence,
        case
            when r.restock_eta <= $as_of::timestamp + to_days($restock_wait_days::integer) then 'wait_for_restock'
            when s.substitute_sku is not null then 'offer_substitute'
            else 'cancel'
        end as resolution,
        s.substitute_sku,
        r.restock_eta
    from short_lines as l
    left join restock as r using (channel, order_id, line_no)
    left join substitutes as s using (channel, order_id, line_no)
)

select * from final
