// The item dialog's modifier rules, the same ones the server applies
// (tenant_apps/catalog/rules.py, validate_modifier_selection), enforced as the customer taps so
// that an invalid choice cannot be sent. The server stays the judge: its quote and its checkout
// check again, and its price is the one charged.
import type { Schemas } from "@/api/client";

export type Group = Schemas["TreeGroup"] | Schemas["TreeNestedGroup"];
export type Modifier = Schemas["TreeTopModifier"] | Schemas["TreeModifier"];
/** Modifier id → units chosen. */
export type Selection = Record<string, number>;
export type Problem = { kind: "min" | "max"; count: number };

const nested = (modifier: Modifier): Schemas["TreeNestedGroup"][] => ("groups" in modifier ? modifier.groups ?? [] : []);
const maxQuantity = (modifier: Modifier) => modifier.max_quantity ?? 1;

export function effectiveMin(group: Group): number {
  const min = group.min_select ?? 0;
  return group.required ? Math.max(min, 1) : min;
}

export function countIn(group: Group, selection: Selection): number {
  return group.modifiers.reduce((n, m) => n + (selection[m.id] ?? 0), 0);
}

/** One choice at a time: picking a modifier replaces the group's other choice. */
export function isSingleChoice(group: Group): boolean {
  return group.max_select === 1;
}

/** The groups that apply: the item's own, and those nested under a chosen modifier. */
export function activeGroups(groups: Schemas["TreeGroup"][], selection: Selection): Group[] {
  return groups.flatMap((group) => [group, ...group.modifiers.filter((m) => selection[m.id]).flatMap(nested)]);
}

function without(selection: Selection, modifier: Modifier): Selection {
  const next = { ...selection };
  delete next[modifier.id];
  for (const group of nested(modifier)) for (const child of group.modifiers) delete next[child.id];
  return next;
}

export function canAdd(group: Group, modifier: Modifier, selection: Selection): boolean {
  if (modifier.available === false) return false;
  if ((selection[modifier.id] ?? 0) >= maxQuantity(modifier)) return false;
  return isSingleChoice(group) || group.max_select == null || countIn(group, selection) < group.max_select;
}

/** Units of `modifier` set to `quantity`, within its own and its group's limits. */
export function setQuantity(group: Group, modifier: Modifier, quantity: number, selection: Selection): Selection {
  if (quantity <= 0) return without(selection, modifier);
  if (modifier.available === false) return selection;
  let next = selection;
  if (isSingleChoice(group)) {
    for (const other of group.modifiers) if (other.id !== modifier.id) next = without(next, other);
    return { ...next, [modifier.id]: 1 };
  }
  const others = countIn(group, selection) - (selection[modifier.id] ?? 0);
  const room = group.max_select == null ? Infinity : group.max_select - others;
  const allowed = Math.min(quantity, maxQuantity(modifier), room);
  return allowed <= 0 ? selection : { ...next, [modifier.id]: allowed };
}

/** A tap on a modifier: choose it (replacing in a single-choice group) or un-choose it. */
export function toggle(group: Group, modifier: Modifier, selection: Selection): Selection {
  return selection[modifier.id] ? without(selection, modifier) : setQuantity(group, modifier, 1, selection);
}

/** What keeps each applying group from being valid, by group id. */
export function problems(groups: Schemas["TreeGroup"][], selection: Selection): Record<string, Problem> {
  const found: Record<string, Problem> = {};
  for (const group of activeGroups(groups, selection)) {
    const count = countIn(group, selection);
    const min = effectiveMin(group);
    if (count < min && (group.required || count > 0)) found[group.id] = { kind: "min", count: min };
    else if (group.max_select != null && count > group.max_select) found[group.id] = { kind: "max", count: group.max_select };
  }
  return found;
}

/** A group's charge: its `free_quantity` cheapest units are free (as the server charges). */
function groupCents(group: Group, selection: Selection): number {
  const units = group.modifiers.flatMap((m) => Array<number>(selection[m.id] ?? 0).fill(m.price_delta_cents ?? 0)).sort((a, b) => a - b);
  return units.slice(group.free_quantity ?? 0).reduce((n, cents) => n + cents, 0);
}

/** One unit of the item with these modifiers, as the dialog estimates it. */
export function unitCents(item: Schemas["TreeItem"], selection: Selection): number {
  return activeGroups(item.modifier_groups ?? [], selection).reduce((n, g) => n + groupCents(g, selection), item.price_cents);
}

/** The API's form: each chosen modifier's id once per unit, in menu order. */
export function modifierIds(groups: Schemas["TreeGroup"][], selection: Selection): string[] {
  return activeGroups(groups, selection).flatMap((g) => g.modifiers.flatMap((m) => Array<string>(selection[m.id] ?? 0).fill(m.id)));
}

/** The choice in words, for the cart: "Medium", "2 × Bacon". */
export function summary(groups: Schemas["TreeGroup"][], selection: Selection): string[] {
  return activeGroups(groups, selection).flatMap((g) =>
    g.modifiers.filter((m) => selection[m.id]).map((m) => (selection[m.id]! > 1 ? `${selection[m.id]} × ${m.name}` : m.name)),
  );
}

/** The starting choice: nothing, except a required single-choice group's only available option. */
export function initialSelection(groups: Schemas["TreeGroup"][]): Selection {
  const selection: Selection = {};
  for (const group of groups) {
    const available = group.modifiers.filter((m) => m.available !== false);
    if (group.required && isSingleChoice(group) && available.length === 1) selection[available[0]!.id] = 1;
  }
  return selection;
}
