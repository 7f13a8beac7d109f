"""The pricing engine: pure functions over plain data, in integer minor units. No Django, no I/O.

`quotes.py` turns catalog rows into these dataclasses; tests drive them directly.

Rules (the ones customers and accountants can check on a receipt):
- A line's subtotal is (unit price + the item's charged modifiers) × quantity. Modifier charges
  come from the catalog's rule (`catalog.rules.validate_modifier_selection`: the group's free
  quantity covers its cheapest units).
- A promo discount applies to the items only (not delivery, not tip): percent of the subtotal,
  rounded half up, or a fixed amount, never more than the subtotal. It is spread over the lines
  in proportion to their subtotals by the largest-remainder method, so the lines' discounts add
  up to the order's exactly.
- Tax is computed **per line**, on the line's discounted amount, and rounded half up to the
  minor unit: inclusive prices hold tax = amount × r / (1 + r), exclusive prices add
  tax = amount × r. The order's tax is the sum of its lines' taxes (what a receipt prints).
- The delivery fee and the tip carry no tax here. A percent tip is a percentage of the items
  after discount (what the customer sees as "food"), rounded half up.
- total = Σ line totals + delivery fee + tip, where a line total is its discounted amount,
  plus its tax when prices exclude tax.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

BASIS_POINTS = 10_000


def div_round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to the nearest integer, halves away from zero (both ≥ 0)."""
    if numerator < 0 or denominator <= 0:
        raise ValueError("div_round_half_up takes a non-negative numerator and a positive denominator.")
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True)
class ModifierCharge:
    id: object
    name: str
    quantity: int
    unit_price_cents: int
    charged_cents: int  # for one unit of the item, after the group's free quantity

    def snapshot(self) -> dict:
        """The JSON an order line keeps and a quote shows for this modifier."""
        return {"id": str(self.id), "name": self.name, "quantity": self.quantity,
                "unit_price_cents": self.unit_price_cents, "charged_cents": self.charged_cents}


@dataclass(frozen=True)
class Line:
    item_id: object
    name: str
    unit_price_cents: int
    quantity: int
    tax_rate_bp: int
    tax_category: str = "standard"
    modifiers: tuple[ModifierCharge, ...] = ()
    note: str = ""

    @property
    def modifiers_cents(self) -> int:
        return sum(m.charged_cents for m in self.modifiers)

    @property
    def subtotal_cents(self) -> int:
        return (self.unit_price_cents + self.modifiers_cents) * self.quantity


@dataclass(frozen=True)
class Discount:
    kind: str  # "percent" (value in basis points) or "fixed" (value in minor units)
    value: int


@dataclass(frozen=True)
class Tip:
    kind: str  # "amount" (minor units) or "percent" (basis points)
    value: int


@dataclass(frozen=True)
class PricedLine:
    line: Line
    subtotal_cents: int
    discount_cents: int
    tax_cents: int
    total_cents: int


@dataclass(frozen=True)
class Totals:
    lines: tuple[PricedLine, ...]
    subtotal_cents: int
    discount_cents: int
    tax_cents: int
    delivery_fee_cents: int
    tip_cents: int
    total_cents: int
    prices_include_tax: bool
    extra: dict = field(default_factory=dict)


def discount_amount(discount: Discount | None, subtotal_cents: int) -> int:
    if discount is None or subtotal_cents <= 0:
        return 0
    if discount.kind == "percent":
        amount = div_round_half_up(subtotal_cents * min(discount.value, BASIS_POINTS), BASIS_POINTS)
    elif discount.kind == "fixed":
        amount = discount.value
    else:
        raise ValueError(f"Unknown discount kind {discount.kind!r}.")
    return max(0, min(amount, subtotal_cents))


def allocate(amount: int, weights: Sequence[int], tiebreak: Sequence[object] | None = None) -> list[int]:
    """Split `amount` over `weights` in proportion, by largest remainder; the parts add up to it.

    Ties of remainder go to the larger weight, then to the smaller `tiebreak` key, so the split
    depends on what the lines are, not on the order they were listed in.
    """
    total = sum(weights)
    if amount == 0 or total == 0:
        return [0] * len(weights)
    shares = [amount * w // total for w in weights]
    remainders = [amount * w % total for w in weights]
    keys = tiebreak if tiebreak is not None else [""] * len(weights)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], -weights[i], keys[i]))
    for i in order[: amount - sum(shares)]:
        shares[i] += 1
    return shares


def line_tax(amount_cents: int, rate_bp: int, *, inclusive: bool) -> int:
    """The tax in one line's amount, rounded half up (the documented per-line rule)."""
    if inclusive:
        return div_round_half_up(amount_cents * rate_bp, BASIS_POINTS + rate_bp)
    return div_round_half_up(amount_cents * rate_bp, BASIS_POINTS)


def tip_amount(tip: Tip | None, items_cents: int) -> int:
    if tip is None:
        return 0
    if tip.kind == "amount":
        return tip.value
    if tip.kind == "percent":
        return div_round_half_up(items_cents * tip.value, BASIS_POINTS)
    raise ValueError(f"Unknown tip kind {tip.kind!r}.")


def _line_key(line: Line) -> str:
    return repr((str(line.item_id), line.name, line.unit_price_cents, line.quantity, line.tax_rate_bp,
                 tuple((str(m.id), m.quantity, m.charged_cents) for m in line.modifiers), line.note))


def price(
    lines: Sequence[Line],
    *,
    prices_include_tax: bool,
    delivery_fee_cents: int = 0,
    discount: Discount | None = None,
    tip: Tip | None = None,
) -> Totals:
    """Price a cart. Every input amount must be ≥ 0; every output amount is ≥ 0."""
    for line in lines:
        if line.quantity < 1 or line.unit_price_cents < 0 or line.tax_rate_bp < 0 or line.modifiers_cents < 0:
            raise ValueError("Lines need a quantity ≥ 1 and non-negative prices and rates.")
    if delivery_fee_cents < 0 or (tip is not None and tip.value < 0) or (discount is not None and discount.value < 0):
        raise ValueError("Fees, tips and discounts are non-negative.")
    subtotals = [line.subtotal_cents for line in lines]
    subtotal = sum(subtotals)
    discount_total = discount_amount(discount, subtotal)
    discounts = allocate(discount_total, subtotals, [_line_key(line) for line in lines])
    priced = []
    for line, line_subtotal, line_discount in zip(lines, subtotals, discounts, strict=True):
        amount = line_subtotal - line_discount
        tax = line_tax(amount, line.tax_rate_bp, inclusive=prices_include_tax)
        total = amount if prices_include_tax else amount + tax
        priced.append(PricedLine(line, line_subtotal, line_discount, tax, total))
    items_total = sum(p.total_cents for p in priced)
    tip_cents = tip_amount(tip, subtotal - discount_total)
    return Totals(
        lines=tuple(priced),
        subtotal_cents=subtotal,
        discount_cents=discount_total,
        tax_cents=sum(p.tax_cents for p in priced),
        delivery_fee_cents=delivery_fee_cents,
        tip_cents=tip_cents,
        total_cents=items_total + delivery_fee_cents + tip_cents,
        prices_include_tax=prices_include_tax,
    )


@dataclass(frozen=True)
class PromoRule:
    code: str
    kind: str  # "percent" | "fixed"
    value: int
    min_subtotal_cents: int = 0
    valid_from: object = None  # aware datetime or None
    valid_until: object = None
    max_uses: int | None = None
    max_uses_per_customer: int | None = None
    active: bool = True


class PromoRejected(ValueError):
    """The promo code cannot be used; the message says why (shown to the customer)."""


def check_promo(promo: PromoRule, *, subtotal_cents: int, at, uses_total: int, uses_by_customer: int) -> Discount:
    """The discount `promo` gives this cart at instant `at`, or `PromoRejected` saying why."""
    if not promo.active:
        raise PromoRejected("This promo code is no longer active.")
    if promo.valid_from is not None and at < promo.valid_from:
        raise PromoRejected("This promo code is not valid yet.")
    if promo.valid_until is not None and at >= promo.valid_until:
        raise PromoRejected("This promo code has expired.")
    if subtotal_cents < promo.min_subtotal_cents:
        raise PromoRejected(f"This promo code needs a subtotal of at least {promo.min_subtotal_cents} (minor units).")
    if promo.max_uses is not None and uses_total >= promo.max_uses:
        raise PromoRejected("This promo code has been used up.")
    if promo.max_uses_per_customer is not None and uses_by_customer >= promo.max_uses_per_customer:
        raise PromoRejected("You have already used this promo code.")
    return Discount(promo.kind, promo.value)
