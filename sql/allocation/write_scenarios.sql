-- Replace the what-if KPIs with this evaluation (registered frame scenario_rows). Parameter: $now.
begin transaction;
delete from allocation_scenarios;
insert into allocation_scenarios select scenario, kpi, value, $now::timestamp from scenario_rows;
commit;
