"""Coupon and promotion misuse: expired coupons, minimum spend not met, ineligible lines, per-customer limit
exceeded, and discounts larger than the rule allows. Amounts still add up: only the discount is wrong."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from pipelines.sample_data.config import BUYER_FIELDS, LOCAL_OFFSET_S, OrderAnomalyRates
from pipelines.sample_data.injection import Claims, TruthLog, count_for
from pipelines.sample_data.orders import reprice_refs
from pipelines.sample_data.pricing import Rules, coupon_codes, enforce_coupon_limits, rule_discounts

DAY = 86_400


def _rule(rules: Rules, channel: np.ndarray, kind: str) -> np.ndarray:
    """The channel's coupon rule of a kind (fixed_amount 新人券, threshold 满减券, percentage 品类券)."""
    table = rules.promos
    out = np.full(len(channel), -1, dtype=np.int64)
    for p in np.flatnonzero(table["is_coupon"].to_numpy() & (table["kind"].to_numpy() == kind)):
        out[channel == table.at[p, "channel"]] = p
    return out


def _weekly(rules: Rules, promo: np.ndarray, week: np.ndarray) -> np.ndarray:
    out = np.full(len(promo), -1, dtype=np.int64)
    for p in np.unique(promo):  # a handful of rules
        weekly, _ = coupon_codes(rules.coupons, rules.promos.at[p, "promotion_id"])
        mine = promo == p
        ok = mine & (week >= 0) & (week < len(weekly))
        out[ok] = weekly[week[ok]]
    return out


def _stamp(seconds: int) -> str:
    return str(np.datetime64(int(seconds) + LOCAL_OFFSET_S, "s")) + "+08:00"


class _Apart:
    """Hands out anomaly orders so that no two of them share a buyer and coupon code.

    A second use of a code by the same buyer breaks the code's per-customer limit on top of the order's own
    anomaly (and for a limit pair turns the "legitimate first use" into a later one), which the truth would
    not list. Clean uses of those codes by those buyers are stripped afterwards (`_isolate`)."""

    def __init__(
        self,
        orders: pd.DataFrame,
        protected: np.ndarray,
        n_codes: int,
        claims: Claims,
        rng: np.random.Generator,
    ) -> None:
        self.orders = orders
        self.protected = protected
        self.n_codes = n_codes
        self.claims = claims
        self.rng = rng

    def key(self, rows: np.ndarray, coupon: np.ndarray) -> np.ndarray:
        """(buyer, code) as one integer; an order without a code gets a key of its own (negative)."""
        buyer = self.orders["customer"].to_numpy()[rows].astype(np.int64)
        return np.where(coupon >= 0, buyer * self.n_codes + coupon, -1 - rows)

    def used(self) -> np.ndarray:
        """Keys of the anomaly orders so far."""
        coupon = self.orders["coupon_index"].to_numpy()
        mine = np.flatnonzero(self.protected & (coupon >= 0))
        return self.key(mine, coupon[mine])

    def pick(self, keys: np.ndarray, k: int) -> np.ndarray:
        """Sorted positions of up to k random keys, pairwise distinct and not used so far."""
        fresh = np.flatnonzero(~np.isin(keys, self.used()))
        fresh = fresh[self.rng.permutation(len(fresh))]
        _, first = np.unique(keys[fresh], return_index=True)
        return np.sort(fresh[np.sort(first)[:k]])

    def take(self, candidates: np.ndarray, code_of: Callable[[np.ndarray], np.ndarray], k: int) -> np.ndarray:
        """Up to k free candidate orders (sorted), now taken, where each will use the code code_of(rows)."""
        pool = np.flatnonzero(candidates & self.claims.free)
        chosen = pool[self.pick(self.key(pool, code_of(pool)), k)]
        self.claims.reserve(chosen)
        return chosen


def inject_coupon_anomalies(
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    rules: Rules,
    day0: int,
    rates: OrderAnomalyRates,
    claims: Claims,
    truth: TruthLog,
    rng: np.random.Generator,
) -> None:
    """Inject the five coupon/promotion anomalies, then keep every clean order within its coupon limits."""
    n = len(orders)
    t = orders["ordered_s"].to_numpy()
    channel = orders["channel"].to_numpy()
    subtotal = orders["subtotal_cents"].to_numpy()
    plain = orders["promo_index"].to_numpy() < 0
    week = (t - day0) // (7 * DAY)
    codes = rules.coupons["coupon_code"].to_numpy()
    protected = np.zeros(n, dtype=bool)
    apart = _Apart(orders, protected, len(codes), claims, rng)

    def use(rows: np.ndarray, promo: np.ndarray, coupon: np.ndarray, discount: np.ndarray) -> None:
        _use(orders, protected, rows, promo, coupon, discount)

    # Expired: last week's code; a third of them used exactly one second after it expired.
    fixed = _rule(rules, channel, "fixed_amount")
    rows = apart.take(
        plain & (fixed >= 0) & (subtotal >= 6_000) & (week >= 1),
        lambda r: _weekly(rules, fixed[r], week[r] - 1),
        count_for(rates.coupon_expired, n),
    )
    coupon = _weekly(rules, fixed[rows], week[rows] - 1)
    valid_to = rules.coupons["valid_to_s"].to_numpy()[coupon]
    by_a_second = rng.random(len(rows)) < 0.34
    paid_lag = orders["paid_s"].to_numpy()[rows] - t[rows]
    new_t = np.where(by_a_second, valid_to + 1, t[rows])
    orders.loc[rows, "ordered_s"] = new_t
    orders.loc[rows, "paid_s"] = np.where(paid_lag >= 0, new_t + paid_lag, -1)
    amount = rules.promos["amount_off_cents"].to_numpy()[fixed[rows]].astype(np.int64)
    use(rows, fixed[rows], coupon, amount)
    truth.add(
        rows,
        "coupon_expired",
        [
            f"{codes[c]} valid to {_stamp(v)}, ordered {_stamp(o)}" + (" (1 s late)" if s else "")
            for c, v, o, s in zip(coupon, valid_to, new_t, by_a_second, strict=True)
        ],
    )

    # Minimum spend not met: 满200减25 granted on a 50-199 yuan order.
    threshold = _rule(rules, channel, "threshold")
    rows = apart.take(
        plain & (threshold >= 0) & (subtotal >= 5_000) & (subtotal < 20_000) & (week >= 0),
        lambda r: _weekly(rules, threshold[r], week[r]),
        count_for(rates.coupon_min_spend_not_met, n),
    )
    coupon = _weekly(rules, threshold[rows], week[rows])
    use(
        rows,
        threshold[rows],
        coupon,
        rules.promos["amount_off_cents"].to_numpy()[threshold[rows]].astype(np.int64),
    )
    truth.add(
        rows,
        "coupon_min_spend_not_met",
        [
            f"{codes[c]} needs {rules.promos.at[p, 'min_spend_cents'] / 100:.2f}, order {s / 100:.2f}"
            for c, p, s in zip(coupon, threshold[rows], subtotal[rows], strict=True)
        ],
    )

    # Ineligible: a category coupon (15% off) applied to an order without a line of that category.
    category_rule = _rule(rules, channel, "percentage")
    line_rule = category_rule[lines["order"].to_numpy()]
    in_category = rules.category_ok[
        np.maximum(line_rule, 0), np.maximum(lines["category_index"].to_numpy(), 0)
    ]
    has_category = np.bincount(lines["order"].to_numpy(), weights=in_category, minlength=n) > 0
    rows = apart.take(
        plain & (category_rule >= 0) & ~has_category & (subtotal >= 10_000) & (week >= 0),
        lambda r: _weekly(rules, category_rule[r], week[r]),
        count_for(rates.coupon_ineligible, n),
    )
    coupon = _weekly(rules, category_rule[rows], week[rows])
    use(rows, category_rule[rows], coupon, subtotal[rows] * 15 // 100)
    truth.add(
        rows,
        "coupon_ineligible",
        [
            f"{codes[c]} is for {', '.join(rules.promos.at[p, 'eligible_categories'])}; no line qualifies"
            for c, p in zip(coupon, category_rule[rows], strict=True)
        ],
    )

    keep = _limit_exceeded(
        orders, rules, fixed, week, count_for(rates.coupon_limit_exceeded, n), apart, truth, rng, protected
    )
    _overdiscount(
        orders, lines, rules, count_for(rates.promotion_overdiscount, n), apart, truth, rng, protected
    )

    # Keep clean orders clean: drop other uses of the anomaly coupons by the same buyers, then apply limits.
    _isolate(orders, protected, keep)
    protected[keep] = True
    stripped = enforce_coupon_limits(orders, rules, protected)
    orders.loc[stripped, "discount_cents"] = 0


def _use(
    orders: pd.DataFrame,
    protected: np.ndarray,
    rows: np.ndarray,
    promo: np.ndarray,
    coupon: np.ndarray,
    discount: np.ndarray,
) -> None:
    orders.loc[rows, "promo_index"] = promo
    orders.loc[rows, "coupon_index"] = coupon
    orders.loc[rows, "discount_cents"] = discount
    protected[rows] = True


def _limit_exceeded(
    orders: pd.DataFrame,
    rules: Rules,
    fixed: np.ndarray,
    week: np.ndarray,
    k: int,
    apart: _Apart,
    truth: TruthLog,
    rng: np.random.Generator,
    protected: np.ndarray,
) -> np.ndarray:
    """Two orders in the same week and channel become the same buyer's; both use the 1-per-buyer code.

    No two pairs (nor any other anomaly order) share the first order's buyer and code, so the pair's two
    orders are that buyer's only uses of the code. Returns the first (legitimate) uses, which must keep
    their coupon."""
    subtotal = orders["subtotal_cents"].to_numpy()
    ok = (
        apart.claims.free
        & (orders["promo_index"].to_numpy() < 0)
        & (fixed >= 0)
        & (subtotal >= 6_000)
        & (week >= 0)
    )
    cand = np.flatnonzero(ok)
    key = pd.DataFrame({"g": fixed[cand] * 1000 + week[cand], "t": orders["ordered_s"].to_numpy()[cand]})
    ordering = np.lexsort((key["t"].to_numpy(), key["g"].to_numpy()))
    cand, group = cand[ordering], key["g"].to_numpy()[ordering]
    rank = pd.Series(group).groupby(group).cumcount().to_numpy()
    t = key["t"].to_numpy()[ordering]
    # The second order strictly later, so that "first use" is unambiguous in the files.
    first = np.flatnonzero((rank % 2 == 0) & (np.append(group[1:], -1) == group) & (np.append(t[1:], -1) > t))
    code = _weekly(rules, fixed[cand[first]], week[cand[first]])
    pairs = first[apart.pick(apart.key(cand[first], code), k)]
    a, b = cand[pairs], cand[pairs + 1]
    apart.claims.reserve(a)
    apart.claims.reserve(b)
    for column in BUYER_FIELDS:
        orders.loc[b, column] = orders.loc[a, column].to_numpy()
    orders.loc[b, "customer"] = orders["customer"].to_numpy()[a]
    t_b = orders["ordered_s"].to_numpy()[b]
    cod = orders["payment_method"].to_numpy()[b] == "cod"
    orders.loc[b, "paid_s"] = np.where(cod, -1, t_b + rng.integers(5, 120, len(b)))
    reprice_refs(orders, b)
    coupon = _weekly(rules, fixed[a], week[a])
    amount = rules.promos["amount_off_cents"].to_numpy()[fixed[a]].astype(np.int64)
    _use(orders, protected, a, fixed[a], coupon, amount)
    _use(orders, protected, b, fixed[b], coupon, amount)
    codes = rules.coupons["coupon_code"].to_numpy()[coupon]
    ids = orders["order_id"].to_numpy()[a]
    truth.add(
        b,
        "coupon_limit_exceeded",
        [f"{c}: limit 1 per buyer, already used on order {i}" for c, i in zip(codes, ids, strict=True)],
    )
    return a


def _overdiscount(
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    rules: Rules,
    k: int,
    apart: _Apart,
    truth: TruthLog,
    rng: np.random.Generator,
    protected: np.ndarray,
) -> None:
    """A promotion or coupon order whose discount exceeds what the rule allows by 1 yuan or more."""
    allowed, _ = rule_discounts(orders, lines, rules)
    subtotal = orders["subtotal_cents"].to_numpy()
    kind = rules.promos["kind"].to_numpy()[np.maximum(orders["promo_index"].to_numpy(), 0)]
    ok = (orders["promo_index"].to_numpy() >= 0) & (kind != "free_shipping") & (allowed > 0)
    ok &= subtotal - allowed >= 300
    rows = apart.take(ok, lambda r: orders["coupon_index"].to_numpy()[r], k)
    extra = np.maximum(100, np.round(rng.uniform(0.2, 1.0, len(rows)) * allowed[rows])).astype(np.int64)
    applied = np.minimum(allowed[rows] + extra, subtotal[rows] - 100)
    orders.loc[rows, "discount_cents"] = applied
    protected[rows] = True
    truth.add(
        rows,
        "promotion_overdiscount",
        [
            f"{rules.promos.at[p, 'promotion_id']} allows {a / 100:.2f}, applied {d / 100:.2f}"
            for p, a, d in zip(orders["promo_index"].to_numpy()[rows], allowed[rows], applied, strict=True)
        ],
    )


def _isolate(orders: pd.DataFrame, protected: np.ndarray, keep: np.ndarray) -> None:
    """Strip the coupon from clean orders of a buyer who also uses that coupon in an anomaly order."""
    coupon = orders["coupon_index"].to_numpy()
    customer = orders["customer"].to_numpy()
    flagged = protected & (coupon >= 0)
    groups = set(zip(customer[flagged].tolist(), coupon[flagged].tolist(), strict=True))
    used = np.flatnonzero((coupon >= 0) & ~protected)
    pair = pd.MultiIndex.from_arrays([customer[used], coupon[used]])
    hit = used[pair.isin(list(groups))]
    hit = hit[~np.isin(hit, keep)]
    orders.loc[hit, ["promo_index", "coupon_index", "discount_cents"]] = [-1, -1, 0]
