-- Every (path, content) pair seen by this run; a pair seen before keeps its first record. $1 = time (UTC).
insert or ignore into file_deliveries
select path, file_id, $1::timestamp as seen_at, outcome
from stg_deliveries;
