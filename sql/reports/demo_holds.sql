-- Orders on hold by reason code, with the recommended resolutions of the exception queue.
select reason_code, count(distinct (channel, order_id)) as n_orders
from order_reviews
group by reason_code
order by n_orders desc, reason_code
