-- Orders and lines by current state (an order counts under the state of its lines; mixed orders under each).
select state, count(distinct (channel, order_id)) as n_orders, count(*) as n_lines
from order_line_states
group by state
order by n_lines desc
