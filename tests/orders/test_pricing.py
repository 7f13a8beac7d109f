"""The pricing engine's rules, by example and as properties over generated carts (hypothesis)."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenant_apps.orders.pricing import (
    Discount,
    Line,
    ModifierCharge,
    PromoRejected,
    PromoRule,
    Tip,
    allocate,
    check_promo,
    div_round_half_up,
    price,
)

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def line(unit, qty=1, rate=1900, mods=(), name="Burger"):
    return Line(item_id=name, name=name, unit_price_cents=unit, quantity=qty, tax_rate_bp=rate,
                modifiers=tuple(ModifierCharge(f"m{i}", f"mod {i}", 1, m, m) for i, m in enumerate(mods)))


def test_line_subtotal_is_unit_price_plus_modifiers_times_quantity():
    totals = price([line(1000, qty=3, mods=(150, 50))], prices_include_tax=True)
    assert totals.subtotal_cents == 3600 and totals.total_cents == 3600


def test_inclusive_tax_is_extracted_per_line_and_rounded_half_up():
    # 1190 incl. 19 %: net 1000, tax 190. 1000 incl. 19 %: 159.66 → 160.
    totals = price([line(1190), line(1000, name="Fries")], prices_include_tax=True)
    assert [p.tax_cents for p in totals.lines] == [190, 160]
    assert totals.tax_cents == 350 and totals.total_cents == 2190


def test_exclusive_tax_is_added_per_line():
    # 999 × 7 % = 69.93 → 70; 250 × 19 % = 47.5 → 48 (half up).
    totals = price([line(999, rate=700), line(250, name="Soda")], prices_include_tax=False)
    assert [p.tax_cents for p in totals.lines] == [70, 48]
    assert totals.total_cents == 999 + 70 + 250 + 48


def test_percent_discount_is_spread_over_lines_and_taxed_after_it():
    totals = price([line(1000), line(500, name="Fries")], prices_include_tax=False, discount=Discount("percent", 1000))
    assert totals.discount_cents == 150
    assert [p.discount_cents for p in totals.lines] == [100, 50]
    assert [p.tax_cents for p in totals.lines] == [171, 86]  # 900 × .19 = 171, 450 × .19 = 85.5 → 86


def test_fixed_discount_never_exceeds_the_subtotal():
    totals = price([line(300)], prices_include_tax=True, discount=Discount("fixed", 1000), delivery_fee_cents=250)
    assert totals.discount_cents == 300 and totals.total_cents == 250 and totals.tax_cents == 0


def test_delivery_fee_and_tip_are_added_untaxed():
    totals = price([line(2000)], prices_include_tax=True, delivery_fee_cents=299, tip=Tip("percent", 1000))
    assert totals.tip_cents == 200 and totals.total_cents == 2499 and totals.tax_cents == 319


def test_allocation_adds_up_and_follows_the_weights():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(0, [5, 5]) == [0, 0]
    assert allocate(7, [0, 10]) == [0, 7]


@pytest.mark.parametrize(("rule", "message"), [
    (PromoRule("X", "percent", 1000, active=False), "no longer active"),
    (PromoRule("X", "percent", 1000, valid_from=NOW + timedelta(days=1)), "not valid yet"),
    (PromoRule("X", "percent", 1000, valid_until=NOW), "expired"),
    (PromoRule("X", "percent", 1000, min_subtotal_cents=5000), "at least"),
    (PromoRule("X", "percent", 1000, max_uses=3), "used up"),
    (PromoRule("X", "percent", 1000, max_uses_per_customer=1), "already used"),
])
def test_promo_rules_say_why_a_code_is_refused(rule, message):
    with pytest.raises(PromoRejected, match=message):
        check_promo(rule, subtotal_cents=2000, at=NOW, uses_total=3, uses_by_customer=1)


def test_promo_within_its_rules_gives_its_discount():
    rule = PromoRule("X", "fixed", 500, min_subtotal_cents=1000, valid_from=NOW, valid_until=NOW + timedelta(1),
                     max_uses=10, max_uses_per_customer=2)
    assert check_promo(rule, subtotal_cents=1000, at=NOW, uses_total=9, uses_by_customer=1) == Discount("fixed", 500)


# ---------------------------------------------------------------------------------------------
# Properties

money = st.integers(min_value=0, max_value=500_000)
rates = st.sampled_from([0, 500, 700, 1000, 1900, 2000, 2500])
lines_strategy = st.lists(
    st.builds(
        lambda unit, qty, rate, mods, name: line(unit, qty, rate, mods, name),
        money, st.integers(1, 20), rates, st.lists(st.integers(0, 5_000), max_size=4), st.sampled_from("ABCDE"),
    ),
    min_size=1, max_size=8,
)
discounts = st.one_of(st.none(), st.builds(Discount, st.just("percent"), st.integers(0, 10_000)),
                      st.builds(Discount, st.just("fixed"), money))
tips = st.one_of(st.none(), st.builds(Tip, st.just("amount"), money), st.builds(Tip, st.just("percent"), st.integers(0, 3000)))
cart = st.fixed_dictionaries({
    "lines": lines_strategy, "prices_include_tax": st.booleans(), "delivery_fee_cents": money,
    "discount": discounts, "tip": tips,
})


@settings(max_examples=300, deadline=None)
@given(cart)
def test_no_amount_is_ever_negative(args):
    totals = price(**args)
    amounts = [totals.subtotal_cents, totals.discount_cents, totals.tax_cents, totals.tip_cents, totals.total_cents]
    amounts += [v for p in totals.lines for v in (p.subtotal_cents, p.discount_cents, p.tax_cents, p.total_cents)]
    assert min(amounts) >= 0


@settings(max_examples=300, deadline=None)
@given(cart)
def test_totals_equal_the_sum_of_their_lines(args):
    totals = price(**args)
    assert totals.subtotal_cents == sum(p.subtotal_cents for p in totals.lines)
    assert totals.discount_cents == sum(p.discount_cents for p in totals.lines)
    assert totals.tax_cents == sum(p.tax_cents for p in totals.lines)
    assert totals.total_cents == sum(p.total_cents for p in totals.lines) + totals.delivery_fee_cents + totals.tip_cents
    expected_items = totals.subtotal_cents - totals.discount_cents + (0 if totals.prices_include_tax else totals.tax_cents)
    assert sum(p.total_cents for p in totals.lines) == expected_items


@settings(max_examples=200, deadline=None)
@given(cart, st.randoms(use_true_random=False))
def test_totals_do_not_depend_on_the_order_of_lines(args, random):
    shuffled = list(args["lines"])
    random.shuffle(shuffled)
    a, b = price(**args), price(**{**args, "lines": shuffled})
    assert (a.subtotal_cents, a.discount_cents, a.tax_cents, a.tip_cents, a.total_cents) == (
        b.subtotal_cents, b.discount_cents, b.tax_cents, b.tip_cents, b.total_cents)


@settings(max_examples=300, deadline=None)
@given(cart)
def test_each_lines_tax_is_the_exact_tax_rounded_half_up(args):
    totals = price(**args)
    for p in totals.lines:
        amount = p.subtotal_cents - p.discount_cents
        rate = Fraction(p.line.tax_rate_bp, 10_000)
        exact = amount * rate / (1 + rate) if totals.prices_include_tax else amount * rate
        assert abs(p.tax_cents - exact) <= Fraction(1, 2)
        assert p.tax_cents - exact != Fraction(-1, 2)  # a half is rounded up, never down


@given(st.integers(0, 10**9), st.integers(1, 10**6))
def test_division_rounds_half_up(numerator, denominator):
    result = div_round_half_up(numerator, denominator)
    assert Fraction(numerator, denominator) - Fraction(1, 2) < result <= Fraction(numerator, denominator) + Fraction(1, 2)


@settings(max_examples=200, deadline=None)
@given(money, st.lists(st.integers(0, 100_000), min_size=1, max_size=10))
def test_allocation_always_adds_up_to_the_amount(amount, weights):
    parts = allocate(amount, weights)
    assert sum(parts) == (amount if sum(weights) else 0)
    assert all(p >= 0 for p in parts)
