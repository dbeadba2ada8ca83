-- Benchmark input: per warehouse 2,000 pick bins (P0000-P1999), a returns bin RET and a quarantine bin QUA.
insert into bins (warehouse_code, bin_code, zone, aisle, bay, level, x_m, y_m, bin_type)
select 'WH' || lpad(w::varchar, 2, '0'), code, zone, 1 + b // 100, 1 + b % 100, 1, b // 100 * 3.0, b % 100 * 1.2,
    bin_type
from range($n_warehouses) as x(w),
    (select b, 'P' || lpad(b::varchar, 4, '0') as code, 'A' as zone, 'pick' as bin_type from range(2000) as y(b)
     union all select 2000, 'RET', 'R', 'returns' union all select 2001, 'QUA', 'Q', 'quarantine')
