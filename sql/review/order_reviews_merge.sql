-- Replace order_reviews with this run's review_findings; a flag already on file keeps its detected_at.
-- Parameter: $now.

create or replace temp table order_reviews_new as
with previous as (
    select channel, order_id, line_no, reason_code, min(detected_at) as detected_at
    from order_reviews
    group by all
)
select f.channel, f.order_id, f.line_no, f.rule, f.reason_code, f.score, f.evidence, f.resolution,
    f.substitute_sku, f.restock_eta, coalesce(p.detected_at, $now::timestamp) as detected_at
from review_findings as f
left join previous as p
    on p.channel = f.channel and p.order_id = f.order_id and p.line_no is not distinct from f.line_no
    and p.reason_code = f.reason_code;

delete from order_reviews;

insert into order_reviews by name select * from order_reviews_new;
