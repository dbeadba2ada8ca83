-- Rejected orders by reason code (an order with several failed rules counts under each).
select reason_code, count(distinct (channel, order_id)) as n_orders
from order_rejections
group by reason_code
order by n_orders desc, reason_code
