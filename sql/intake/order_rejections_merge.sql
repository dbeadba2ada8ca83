-- Merge this run's intake_findings into order_rejections: findings that disappeared are removed, new ones
-- are added with the fix from the reason-code catalogue, and findings already on file keep detected_at.
-- Parameter: $now.

delete from order_rejections as r
where not exists (
    select 1 from intake_findings as f
    where f.channel = r.channel and f.order_id = r.order_id
        and f.line_no is not distinct from r.line_no
        and f.reason_code = r.reason_code and f.message = r.message
);

insert into order_rejections (channel, order_id, line_no, reason_code, message, fix, rule, detected_at)
select f.channel, f.order_id, f.line_no, f.reason_code, f.message, c.fix, f.rule, $now::timestamp
from intake_findings as f
join reason_codes as c using (reason_code)
where not exists (
    select 1 from order_rejections as r
    where f.channel = r.channel and f.order_id = r.order_id
        and f.line_no is not distinct from r.line_no
        and f.reason_code = r.reason_code and f.message = r.message
);
