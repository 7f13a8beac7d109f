"""Modifier choices: a group's limits and what a selection costs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .base import RuleError


@dataclass(frozen=True)
class ModifierRule:
    id: object
    name: str
    price_delta_cents: int
    max_quantity: int = 1
    available: bool = True
    groups: tuple[GroupRule, ...] = ()  # nested groups, one level deep


@dataclass(frozen=True)
class GroupRule:
    id: object
    name: str
    min_select: int
    max_select: int | None  # None: no upper bound
    required: bool
    free_quantity: int
    modifiers: tuple[ModifierRule, ...]

    @property
    def effective_min(self) -> int:
        return max(self.min_select, 1) if self.required else self.min_select


@dataclass(frozen=True)
class ChosenModifier:
    id: object
    name: str
    quantity: int
    unit_price_cents: int
    charged_cents: int  # after free quantity


class ModifierSelectionError(RuleError):
    pass


def validate_group_limits(min_select: int, max_select: int | None, required: bool, free_quantity: int) -> None:
    """The shape rules of one group (used when staff edit it)."""
    fields: dict[str, list[str]] = {}
    if min_select < 0:
        fields["min_select"] = ["Must be 0 or more."]
    if max_select is not None and max_select < 1:
        fields["max_select"] = ["Must be at least 1, or empty for no limit."]
    if max_select is not None and min_select > max_select:
        fields["min_select"] = ["Must not exceed max_select."]
    if required and max_select is not None and max_select < 1:
        fields["required"] = ["A required group must allow a choice."]
    if free_quantity < 0:
        fields["free_quantity"] = ["Must be 0 or more."]
    if fields:
        raise RuleError("Modifier group limits are invalid.", fields=fields)


def _charge(group: GroupRule, chosen: list[tuple[ModifierRule, int]]) -> list[ChosenModifier]:
    # The `free_quantity` cheapest units of a group are free ("2 toppings included"); the rule is
    # the same one restaurants print on their menus, and the restaurant never pays for a swap.
    units = sorted((m.price_delta_cents, index) for index, (m, qty) in enumerate(chosen) for _ in range(qty))
    free_by_index: dict[int, int] = {}
    for price, index in units[: group.free_quantity]:
        free_by_index[index] = free_by_index.get(index, 0) + price
    return [
        ChosenModifier(m.id, m.name, qty, m.price_delta_cents, m.price_delta_cents * qty - free_by_index.get(i, 0))
        for i, (m, qty) in enumerate(chosen)
    ]


def validate_modifier_selection(groups: Sequence[GroupRule], selected: Sequence) -> list[ChosenModifier]:
    """Check the modifiers chosen for one item against its groups; return them priced.

    `selected` lists modifier ids; an id given twice means quantity 2. Errors name the group
    (`modifiers.<group id>`) so a client can show them beside it.
    """
    by_id: dict[object, tuple[GroupRule, ModifierRule, ModifierRule | None]] = {}
    for group in groups:
        for modifier in group.modifiers:
            by_id[modifier.id] = (group, modifier, None)
            for child_group in modifier.groups:
                for child in child_group.modifiers:
                    by_id[child.id] = (child_group, child, modifier)
    counts: dict[object, int] = {}
    errors: dict[str, list[str]] = {}
    for mod_id in selected:
        if mod_id not in by_id:
            errors.setdefault("modifiers", []).append(f"{mod_id} is not a modifier of this item.")
            continue
        counts[mod_id] = counts.get(mod_id, 0) + 1
    chosen: list[ChosenModifier] = []

    def check(group: GroupRule) -> None:
        picked = [(m, counts[m.id]) for m in group.modifiers if m.id in counts]
        total = sum(q for _, q in picked)
        key = f"modifiers.{group.id}"
        for modifier, qty in picked:
            if not modifier.available:
                errors.setdefault(key, []).append(f"{modifier.name} is not available.")
            if qty > modifier.max_quantity:
                errors.setdefault(key, []).append(f"{modifier.name}: at most {modifier.max_quantity}.")
        if total < group.effective_min and (group.required or total > 0):
            errors.setdefault(key, []).append(f"{group.name}: choose at least {group.effective_min}.")
        if group.max_select is not None and total > group.max_select:
            errors.setdefault(key, []).append(f"{group.name}: choose at most {group.max_select}.")
        chosen.extend(_charge(group, picked))
        for modifier, _ in picked:
            for child_group in modifier.groups:
                check(child_group)

    for group in groups:
        check(group)
    for mod_id in counts:
        _, modifier, parent = by_id[mod_id]
        if parent is not None and parent.id not in counts:
            errors.setdefault("modifiers", []).append(f"{modifier.name} needs {parent.name} to be chosen.")
    if errors:
        raise ModifierSelectionError("The modifier choice is invalid.", fields=errors)
    return chosen
