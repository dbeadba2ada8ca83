-- Benchmark ledger events other than shipments, as a temp table with integer keys (pair p = warehouse
-- p // $n_skus, SKU p % $n_skus; at_s = seconds after 2026-10-21 00:00 UTC, 30 days; T = day 30 minus 2 h).
-- Mix per $n_movements: opening receipts (one per pair), 8% replenishment receipts, 4% returns (75%
-- restocked, 10% scrapped, 1-3 days later), 2% transfers (70% received whole, 20% in two parts, 10% still
-- on the road), 0.5% damage (70% written off), 0.5% quality holds (60% released), 0.3% shrinkage.
create or replace temp table bench_events as
with

returns as (
    select i, (hash(i, 'rp') % ($n_warehouses * $n_skus))::bigint as pair, (hash(i, 'rt') % 2332800)::bigint as at_s,
        1 + (hash(i, 'rq') % 10 = 0)::int as qty, (hash(i, 'rr') % 100)::int as roll,
        (86400 * (1 + hash(i, 'rl') % 3) + hash(i, 'rm') % 3600)::bigint as lag_s
    from range($n_movements * 4 // 100) as t(i)
),

transfers as (
    select i, src, (src // $n_skus + 1 + hash(i, 'xd') % ($n_warehouses - 1)) % $n_warehouses * $n_skus
            + src % $n_skus as dst,
        (hash(i, 'xt') % 2592000)::bigint as at_s, 5 + (hash(i, 'xq') % 20)::int as qty,
        (hash(i, 'xr') % 100)::int as roll, (86400 * (1 + hash(i, 'xl') % 4))::bigint as lead_s
    from (select i, (hash(i, 'xp') % ($n_warehouses * $n_skus))::bigint as src
          from range($n_movements * 2 // 100) as t(i))
),

damage as (
    select i, (hash(i, 'dp') % ($n_warehouses * $n_skus))::bigint as pair, (hash(i, 'dt') % 2584800)::bigint as at_s,
        1 + (hash(i, 'dq') % 2)::int as qty, (hash(i, 'dr') % 100)::int as roll,
        (86400 * (1 + hash(i, 'dl') % 5))::bigint as lag_s
    from range($n_movements * 5 // 1000) as t(i)
),

holds as (
    select i, (hash(i, 'hp') % ($n_warehouses * $n_skus))::bigint as pair, (hash(i, 'ht') % 2584800)::bigint as at_s,
        1 + (hash(i, 'hq') % 6)::int as qty, (hash(i, 'hr') % 100)::int as roll,
        (86400 * (1 + hash(i, 'hl') % 4))::bigint as lag_s
    from range($n_movements * 5 // 1000) as t(i)
),

events as (
    select 'MO' || p as event_id, p as pair, 0::bigint as at_s, 'receipt' as movement_type,
        200 + (hash(p, 'o') % 200)::int as qty, 'purchase_order' as reference_type, 'PO-OPEN-' || p as reference_id,
        'pick' as bin_kind, null::bigint as dst_pair
    from range($n_warehouses * $n_skus) as t(p)
    union all
    select 'MP' || i, (hash(i, 'pp') % ($n_warehouses * $n_skus))::bigint, (hash(i, 'pt') % 2592000)::bigint,
        'receipt', 20 + (hash(i, 'pq') % 60)::int, 'purchase_order', 'PO-' || i, 'pick', null
    from range($n_movements * 8 // 100) as t(i)
    union all
    select 'MR' || i || 'a', pair, at_s, 'return_received', qty, 'return', 'RT' || i, 'returns', null from returns
    union all
    select 'MR' || i || 'b', pair, at_s + lag_s, case when roll < 75 then 'return_restocked' else 'return_scrapped' end,
        qty, 'return', 'RT' || i, case when roll < 75 then 'pick' else 'returns' end, null
    from returns where roll < 85 and at_s + lag_s < 2592000
    union all
    select 'MX' || i || 'a', src, at_s, 'transfer_out', qty, 'transfer',
        'TR-WH' || lpad((src // $n_skus)::varchar, 2, '0') || '-WH' || lpad((dst // $n_skus)::varchar, 2, '0')
            || '-' || i, 'pick', dst
    from transfers
    union all
    select 'MX' || i || 'b', dst, at_s + lead_s, 'transfer_in', case when roll < 70 then qty else qty // 2 end,
        'transfer',
        'TR-WH' || lpad((src // $n_skus)::varchar, 2, '0') || '-WH' || lpad((dst // $n_skus)::varchar, 2, '0')
            || '-' || i, 'pick', null
    from transfers where roll < 90 and at_s + lead_s < 2592000
    union all
    select 'MX' || i || 'c', dst, at_s + lead_s + 86400, 'transfer_in', qty - qty // 2, 'transfer',
        'TR-WH' || lpad((src // $n_skus)::varchar, 2, '0') || '-WH' || lpad((dst // $n_skus)::varchar, 2, '0')
            || '-' || i, 'pick', null
    from transfers where roll >= 70 and roll < 90 and at_s + lead_s + 86400 < 2592000
    union all
    select 'MD' || i || 'a', pair, at_s, 'damage', qty, 'incident', 'INC-D' || i, 'pick', null from damage
    union all
    select 'MD' || i || 'b', pair, at_s + lag_s, 'damage_written_off', qty, 'incident', 'INC-D' || i,
        'quarantine', null
    from damage where roll < 70 and at_s + lag_s < 2592000
    union all
    select 'MH' || i || 'a', pair, at_s, 'quarantine_in', qty, 'quality_hold', 'QH' || i, 'quarantine', null
    from holds
    union all
    select 'MH' || i || 'b', pair, at_s + lag_s, 'quarantine_out', qty, 'quality_hold', 'QH' || i, 'pick', null
    from holds where roll < 60 and at_s + lag_s < 2592000
    union all
    select 'MS' || i, (hash(i, 'sp') % ($n_warehouses * $n_skus))::bigint, (hash(i, 'st') % 2584800)::bigint,
        'shrinkage', 1, 'incident', 'INC-S' || i, 'pick', null
    from range($n_movements * 3 // 1000) as t(i)
)

select * from events
