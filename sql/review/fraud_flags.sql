-- Fraud / order-brushing score: explainable signals per validated order, weighted into one score.
-- Signals look at every order received (a ring's rejected orders still betray it) and flag validated ones.
-- Parameters: $fraud_window_hours, $fraud_low_value_max_cents, $fraud_min_accounts, $fraud_new_account_days,
-- $fraud_payment_min_accounts, $weight_shared_address, $weight_shared_phone, $weight_new_account,
-- $weight_shared_payment, $weight_templated_names, $weight_low_value, $fraud_score_threshold.

with

received as (
    select o.channel, o.order_id, o.customer_id, o.ordered_at, o.paid_amount_cents,
        nullif(trim(o.payment_account), '') as payment_account,
        -- one key per physical address: blanks, punctuation and case do not make a new address
        nullif(regexp_replace(lower(concat_ws('|', o.country_code, o.province, o.city, o.district, o.street,
            o.address_detail)), '[\s,.\-#]+', '', 'g'), '') as address_key,
        nullif(right(regexp_replace(coalesce(o.phone, ''), '[^0-9]', '', 'g'), 10), '') as phone_key,
        -- the account name as a template: 好物分享07 and 好物分享08 (sequential fresh accounts) meet as
        -- 好物分享#; only numbered names can be templated
        regexp_replace(lower(coalesce(c.display_name, '')), '[0-9]+', '#', 'g') as name_template,
        regexp_matches(coalesce(c.display_name, ''), '[0-9]') as is_name_numbered,
        coalesce(o.paid_amount_cents, 0) <= $fraud_low_value_max_cents as is_low_value
    from orders as o
    left join customers as c on c.channel = o.channel and c.customer_id = o.customer_id
),

-- low-value orders of any account to the same address or phone within the window (two equi-joins, not
-- one join on "address or phone", so that DuckDB can hash them)
neighbours as (
    select a.channel, a.order_id, 'address' as via, b.customer_id, b.name_template, b.is_name_numbered,
        a.name_template as own_template, a.is_name_numbered as is_own_numbered
    from received as a
    join received as b on b.address_key = a.address_key
    where a.is_low_value and b.is_low_value
        and abs(epoch(b.ordered_at) - epoch(a.ordered_at)) <= $fraud_window_hours * 3600
    union all
    select a.channel, a.order_id, 'phone', b.customer_id, b.name_template, b.is_name_numbered,
        a.name_template, a.is_name_numbered
    from received as a
    join received as b on b.phone_key = a.phone_key
    where a.is_low_value and b.is_low_value
        and abs(epoch(b.ordered_at) - epoch(a.ordered_at)) <= $fraud_window_hours * 3600
),

window_pairs as (
    select channel, order_id,
        count(distinct customer_id) filter (where via = 'address') as n_address_accounts,
        count(distinct customer_id) filter (where via = 'phone') as n_phone_accounts,
        count(distinct customer_id) filter (
            where is_own_numbered and is_name_numbered and name_template = own_template) as n_template_accounts
    from neighbours
    group by all
),

payment_sharing as (
    select a.channel, a.order_id, count(distinct b.customer_id) as n_payment_accounts
    from received as a
    join received as b
        on b.payment_account = a.payment_account
        and abs(epoch(b.ordered_at) - epoch(a.ordered_at)) <= $fraud_window_hours * 3600
    group by all
),

signals as (
    select v.channel, v.order_id, v.customer_id,
        coalesce(w.n_address_accounts, 0) as n_address_accounts,
        coalesce(w.n_phone_accounts, 0) as n_phone_accounts,
        coalesce(w.n_template_accounts, 0) as n_template_accounts,
        coalesce(p.n_payment_accounts, 0) as n_payment_accounts,
        date_diff('hour', c.account_created_at, v.ordered_at) / 24.0 as account_age_days,
        v.paid_amount_cents <= $fraud_low_value_max_cents as is_low_value
    from validated_orders as v
    left join window_pairs as w using (channel, order_id)
    left join payment_sharing as p using (channel, order_id)
    left join customers as c on c.channel = v.channel and c.customer_id = v.customer_id
),

scored as (
    select *,
        n_address_accounts >= $fraud_min_accounts as is_shared_address,
        n_phone_accounts >= $fraud_min_accounts as is_shared_phone,
        account_age_days < $fraud_new_account_days as is_new_account,
        n_payment_accounts >= $fraud_payment_min_accounts as is_shared_payment,
        n_template_accounts >= $fraud_min_accounts as is_templated_name
    from signals
),

weighted as (
    select *,
        (case when is_shared_address then $weight_shared_address else 0 end
            + case when is_shared_phone then $weight_shared_phone else 0 end
            + case when coalesce(is_new_account, false) then $weight_new_account else 0 end
            + case when is_shared_payment then $weight_shared_payment else 0 end
            + case when is_templated_name then $weight_templated_names else 0 end
            + case when is_low_value then $weight_low_value else 0 end)::decimal(18, 6) as fraud_score
    from scored
)

select channel, order_id, null::integer as line_no, 'brushing_score' as rule,
    'BRUSHING_SUSPECTED' as reason_code, fraud_score::double as score,
    concat_ws('; ',
        case when is_shared_address
            then format('{} accounts, low-value orders to this address within {} h', n_address_accounts,
                $fraud_window_hours) end,
        case when is_shared_phone
            then format('{} accounts, low-value orders to this phone within {} h', n_phone_accounts,
                $fraud_window_hours) end,
        case when is_new_account then format('account {:.1f} days old', account_age_days) end,
        case when is_shared_payment
            then format('payment account used by {} buyer accounts', n_payment_accounts) end,
        case when is_templated_name
            then format('{} accounts in the burst with templated names', n_template_accounts) end,
        case when is_low_value then 'low-value order' end,
        format('score {:.2f} >= {:.2f}', fraud_score::double, $fraud_score_threshold)) as evidence,
    'verify_buyer' as resolution,
    null::varchar as substitute_sku, null::timestamp as restock_eta
from weighted
-- decimal, not double: a score exactly at the threshold must reach it (0.35 + 0.25 = 0.6)
where fraud_score >= $fraud_score_threshold::decimal(18, 6)
