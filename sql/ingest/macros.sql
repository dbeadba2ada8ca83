-- Parsers for landing-file values, one per contract type. Each takes the raw VARCHAR and returns the typed
-- value, or null when the value is empty or cannot be read exactly as that type (the caller turns "not empty
-- but null" into a quarantine reason). Temporary macros: they live in the loading connection only.

-- Empty means null; surrounding spaces are dropped (trimming only the values that have them is much cheaper).
create or replace temp macro ingest_text(v) as
    case
        when v = '' then null
        when starts_with(v, ' ') or ends_with(v, ' ') then nullif(trim(v), '')
        else v
    end;

-- Integers: digits with an optional sign; a trailing ".0" is accepted because Parquet doubles cast that way.
create or replace temp macro ingest_integer(v) as
    case when regexp_full_match(ingest_text(v), '[+-]?[0-9]{1,18}(\.0*)?')
        then try_cast(regexp_extract(ingest_text(v), '^[+-]?[0-9]+') as bigint) end;

create or replace temp macro ingest_int32(v) as try_cast(ingest_integer(v) as integer);

-- Order-line quantity is kept as exported (0, -1, 1.5 load) but must be a plain decimal number:
-- NaN, Infinity, 1e309 and more than four decimals cannot be stored exactly and are refused.
create or replace temp macro ingest_decimal4(v) as
    case when regexp_full_match(ingest_text(v), '[+-]?([0-9]{1,14}(\.[0-9]{0,4})?|\.[0-9]{1,4})')
        then try_cast(ingest_text(v) as decimal(18, 4)) end;

-- Money: major units with at most two decimals, stored as integer cents.
create or replace temp macro ingest_money(v) as
    case when regexp_full_match(ingest_text(v), '[+-]?([0-9]{1,15}(\.[0-9]{0,2})?|\.[0-9]{1,2})')
        then cast(try_cast(ingest_text(v) as decimal(18, 2)) * 100 as bigint) end;

-- Finite decimal or scientific numbers only (no NaN, no Infinity, no overflow to infinity such as 1e309).
create or replace temp macro ingest_double(v) as
    case when regexp_full_match(ingest_text(v), '[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?')
        and isfinite(try_cast(ingest_text(v) as double))
        then try_cast(ingest_text(v) as double) end;

create or replace temp macro ingest_boolean(v) as
    case lower(ingest_text(v)) when 'true' then true when '1' then true when 'false' then false when '0' then false end;

-- ISO 8601 date-time, with "T" or a space, optional seconds and fraction, optional offset (Z, +08:00, +0800,
-- +08). With an offset the value is converted to UTC; without one it is taken as UTC. A bare date is midnight.
-- The common shapes go through strptime (fast); the date is checked first because strptime with %z rolls an
-- impossible date such as 02-30 over into March. Everything else goes through the general regex.
create or replace temp macro ingest_timestamp_parts(v) as
    regexp_extract(
        ingest_text(v),
        '^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?))?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$',
        ['day', 'time_of_day', 'utc_offset']
    );

create or replace temp macro ingest_offset_minutes(z) as
    case when z in ('', 'Z') then 0
        else (case when z[1] = '-' then -1 else 1 end)
            * (cast(z[2:3] as integer) * 60 + coalesce(try_cast(nullif(replace(z[4:], ':', ''), '') as integer), 0))
    end;

create or replace temp macro ingest_timestamp_from_parts(p) as
    case when p.day <> '' then
        try_cast(p.day || ' ' || coalesce(nullif(p.time_of_day, ''), '00:00:00') as timestamp)
            - to_minutes(ingest_offset_minutes(p.utc_offset))
    end;

create or replace temp macro ingest_timestamp_common(v) as
    case when length(v) >= 19 and try_cast(left(v, 10) as date) is not null then
        case
            when length(v) = 19 then try_strptime(v, ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S'])
            when length(v) = 20 and ends_with(v, 'Z')
                then try_strptime(left(v, 19), ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S'])
            -- an offset: the instant's epoch microseconds as a UTC timestamp (cheaper than timezone('UTC', ...))
            else coalesce(
                make_timestamp(epoch_us(try_strptime(v, ['%Y-%m-%dT%H:%M:%S%z', '%Y-%m-%d %H:%M:%S%z',
                    '%Y-%m-%dT%H:%M:%S.%f%z', '%Y-%m-%d %H:%M:%S.%f%z']))),
                try_strptime(v, ['%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S.%fZ', '%Y-%m-%d %H:%M:%S.%f'])
            )
        end
    end;

-- The general path sits inside a lambda so that its regex runs only for the values the common path could not
-- read: written out, the four uses of its parts would be hoisted as a common subexpression and run on every row.
-- Real UTC offsets lie within -12:00 and +14:00: an hour part above 14 (+25:00) is no time zone, so the value
-- is refused instead of being shifted by a day. After "YYYY-MM-DDTHH:MM" only an offset has a sign.
create or replace temp macro ingest_offset_hours(v) as
    list_transform(
        [greatest(strpos(v[17:], '+'), strpos(v[17:], '-'))],
        lambda p: case when p > 0 then try_cast(v[17 + p:18 + p] as integer) end
    )[1];

create or replace temp macro ingest_timestamp(v) as
    case when coalesce(ingest_offset_hours(trim(v)), 0) <= 14 then
        coalesce(
            ingest_timestamp_common(v),
            list_transform([ingest_timestamp_parts(v)], lambda p: ingest_timestamp_from_parts(p))[1]
        )
    end;

-- CSV fields of one record (RFC 4180: ',' separated, '"' quoting, '""' inside quotes). Without quotes a plain
-- split; with quotes, commas outside quotes are found by quote parity (the odd pieces of a split on '"' lie
-- outside quotes) and turned into a separator. A field that is neither plain nor fully quoted becomes null,
-- which marks the record as malformed (ingest_csv_is_valid). Records holding chr(31) itself use the regex.
create or replace temp macro ingest_csv_unquote(f) as
    case
        when not contains(f, '"') then f
        when length(f) >= 2 and starts_with(f, '"') and ends_with(f, '"')
            and not contains(replace(f[2:-2], '""', ''), '"') then replace(f[2:-2], '""', '"')
    end;

create or replace temp macro ingest_csv_split(t) as
    case
        when not contains(t, '"') then string_split(t, ',')
        when not contains(t, chr(31)) then list_transform(
            string_split(
                array_to_string(
                    list_transform(string_split(t, '"'),
                        lambda piece, i: case when i % 2 = 1 then replace(piece, ',', chr(31)) else piece end),
                    '"'),
                chr(31)),
            lambda f: ingest_csv_unquote(f))
        when regexp_full_match(t, '(?:"(?:[^"]|"")*"|[^,"]*)(?:,(?:"(?:[^"]|"")*"|[^,"]*))*')
            -- a leading comma makes every field start with one, so no match is ever empty
            then list_transform(regexp_extract_all(',' || t, ',("(?:[^"]|"")*"|[^,"]*)', 1),
                lambda f: ingest_csv_unquote(f))
    end;

create or replace temp macro ingest_csv_is_valid(fields) as
    fields is not null and list_count(fields) = len(fields);

-- Lists (promotion eligibility) are ';'-separated; blanks between separators are dropped.
create or replace temp macro ingest_list(v) as
    case when ingest_text(v) is not null then list_filter(list_transform(string_split(v, ';'), lambda x: trim(x)), lambda x: x <> '') end;
