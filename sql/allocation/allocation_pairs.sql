-- Distance from every warehouse to every customer of the batch, priced with the cheapest carrier service of
-- the order's service level: the first-weight-tier rate of the distance band (the parcel cost) and the band's
-- per-kg rate (the marginal weight cost of each unit). Beyond the widest band the widest band applies.
create or replace temp table alloc_pairs as
with orders_in_batch as (
    select distinct order_key, latitude, longitude, service_level from alloc_lines
),
pairs as (
    select
        o.order_key,
        o.service_level,
        w.warehouse_code,
        w.handling_cost_per_order_cents,
        2 * 6371.0088 * asin(sqrt(
            pow(sin(radians(o.latitude - w.latitude) / 2), 2)
            + cos(radians(w.latitude)) * cos(radians(o.latitude))
              * pow(sin(radians(o.longitude - w.longitude) / 2), 2)
        )) as distance_km
    from orders_in_batch as o
    cross join warehouses as w
),
first_tiers as (
    select
        r.carrier_code,
        r.service_code,
        s.service_level,
        r.distance_band_max_km,
        r.rate_cents,
        r.additional_kg_rate_cents,
        r.sla_days,
        max(r.distance_band_max_km) over (partition by r.carrier_code, r.service_code) as widest_band_km
    from rate_cards as r
    join carrier_services as s using (carrier_code, service_code)
    qualify row_number() over (
        partition by r.carrier_code, r.service_code, r.distance_band_max_km
        order by r.weight_tier_max_g
    ) = 1
),
banded as (
    -- per pair and carrier service: the narrowest band that covers the distance
    select p.*, t.carrier_code, t.service_code, t.rate_cents, t.additional_kg_rate_cents, t.sla_days
    from pairs as p
    join first_tiers as t
        on t.service_level = p.service_level
       and (t.distance_band_max_km >= p.distance_km or t.distance_band_max_km = t.widest_band_km)
    qualify row_number() over (
        partition by p.order_key, p.warehouse_code, t.carrier_code, t.service_code
        order by t.distance_band_max_km
    ) = 1
),
final as (
    select
        order_key,
        warehouse_code,
        carrier_code,
        service_code,
        distance_km,
        rate_cents as parcel_cost_cents,
        handling_cost_per_order_cents as parcel_handling_cents,
        additional_kg_rate_cents,
        sla_days as transit_days
    from banded
    qualify row_number() over (
        partition by order_key, warehouse_code
        order by rate_cents, additional_kg_rate_cents, carrier_code, service_code
    ) = 1
)
select * from final;
