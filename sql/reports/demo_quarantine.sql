-- Quarantined rows by reason.
select reason_code, count(*) as n_rows
from quarantine_rows
group by reason_code
order by n_rows desc, reason_code
