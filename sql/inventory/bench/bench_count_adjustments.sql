-- Benchmark ledger: half of the count differences are posted as count_gain / count_loss half an hour later.
insert into bench_events
select 'MC' || pair, pair, at_s + 1800, case when counted_units > resellable_units then 'count_gain' else 'count_loss' end,
    abs(counted_units - resellable_units)::int, 'count', count_id, 'pick', null
from bench_counts
where counted_units <> resellable_units and hash(pair, 'adj') % 2 = 0
