// The menu editor's forms as plain data: what the person typed ↔ what the API takes. The server
// stays the judge; these only catch what cannot be sent at all (a price that is not a number).
import type { Schemas } from "@/api/client";

/** "4.50", "4,50", "4" → 450; "" or anything else → null. */
export function parsePrice(text: string): number | null {
  const clean = text.trim().replace(/\s/g, "").replace(",", ".");
  if (!/^-?\d+(\.\d{1,2})?$/.test(clean)) return null;
  return Math.round(Number(clean) * 100);
}

/** 450 → "4.50" (the input's text for an amount in cents). */
export function priceText(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? "" : (cents / 100).toFixed(2);
}

export type ItemForm = {
  name: string;
  description: string;
  price: string;
  tax_category: NonNullable<Schemas["ItemRequest"]["tax_category"]>;
  calories: string;
  is_active: boolean;
  dietary_tags: Schemas["DietaryTagsEnum"][];
  allergens: Schemas["AllergensEnum"][];
};

export function itemForm(item?: Schemas["Item"]): ItemForm {
  return {
    name: item?.name ?? "",
    description: item?.description ?? "",
    price: priceText(item?.price_cents),
    tax_category: item?.tax_category ?? "standard",
    calories: item?.calories === null || item?.calories === undefined ? "" : String(item.calories),
    is_active: item?.is_active ?? true,
    dietary_tags: [...(item?.dietary_tags ?? [])],
    allergens: [...(item?.allergens ?? [])],
  };
}

type Checked<T> = { body: T; errors: null } | { body: null; errors: Record<string, string> };

/** The item's request body, or the fields that cannot be sent (keyed by the API's field names). */
export function itemBody(form: ItemForm, category: string, messages: { price: string; calories: string }): Checked<Schemas["ItemRequest"]> {
  const errors: Record<string, string> = {};
  const price = parsePrice(form.price);
  if (price === null) errors.price_cents = messages.price;
  const calories = form.calories.trim() === "" ? null : Number(form.calories);
  if (calories !== null && !Number.isInteger(calories)) errors.calories = messages.calories;
  if (Object.keys(errors).length) return { body: null, errors };
  return {
    errors: null,
    body: {
      category, name: form.name.trim(), description: form.description.trim(), price_cents: price!, tax_category: form.tax_category,
      calories, is_active: form.is_active, dietary_tags: form.dietary_tags, allergens: form.allergens,
    },
  };
}

export type GroupForm = { name: string; required: boolean; min_select: string; max_select: string; free_quantity: string };

export function groupForm(group?: Schemas["ModifierGroup"]): GroupForm {
  return {
    name: group?.name ?? "",
    required: group?.required ?? false,
    min_select: String(group?.min_select ?? 0),
    max_select: group?.max_select === null || group?.max_select === undefined ? "" : String(group.max_select),
    free_quantity: String(group?.free_quantity ?? 0),
  };
}

const count = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);

/** A modifier group's body; "required" means at least one choice, so min_select is raised to 1. */
export function groupBody(form: GroupForm, item: string, messages: { whole: string }): Checked<Schemas["ModifierGroupRequest"]> {
  const errors: Record<string, string> = {};
  const min = count(form.min_select);
  const max = form.max_select.trim() === "" ? null : count(form.max_select);
  const free = count(form.free_quantity);
  if (min === null) errors.min_select = messages.whole;
  if (form.max_select.trim() !== "" && max === null) errors.max_select = messages.whole;
  if (free === null) errors.free_quantity = messages.whole;
  if (Object.keys(errors).length) return { body: null, errors };
  return {
    errors: null,
    body: { item, name: form.name.trim(), required: form.required, min_select: form.required ? Math.max(1, min!) : min!, max_select: max, free_quantity: free! },
  };
}

export type ModifierForm = { name: string; price: string; max_quantity: string; is_available: boolean };

export function modifierForm(modifier?: Schemas["Modifier"]): ModifierForm {
  return {
    name: modifier?.name ?? "",
    price: priceText(modifier?.price_delta_cents ?? 0),
    max_quantity: String(modifier?.max_quantity ?? 1),
    is_available: modifier?.is_available ?? true,
  };
}

export function modifierBody(form: ModifierForm, group: string, messages: { price: string; whole: string }): Checked<Schemas["ModifierRequest"]> {
  const errors: Record<string, string> = {};
  const price = form.price.trim() === "" ? 0 : parsePrice(form.price);
  const max = count(form.max_quantity);
  if (price === null) errors.price_delta_cents = messages.price;
  if (max === null) errors.max_quantity = messages.whole;
  if (Object.keys(errors).length) return { body: null, errors };
  return { errors: null, body: { group, name: form.name.trim(), price_delta_cents: price!, max_quantity: max!, is_available: form.is_available } };
}

export type BulkChange = { mode: "percent" | "amount"; value: string; round: boolean };

/**
 * New prices for `items` after a change by a percentage or a fixed amount (negative lowers),
 * optionally rounded to the nearest 10 cents; never below zero. Null when the value is no number.
 */
export function bulkPrices(items: readonly { id: string; price_cents: number }[], change: BulkChange): { item: string; price_cents: number }[] | null {
  const value = Number(change.value.trim().replace(",", "."));
  if (change.value.trim() === "" || !Number.isFinite(value)) return null;
  return items.map((item) => {
    let cents = change.mode === "percent" ? item.price_cents * (1 + value / 100) : item.price_cents + value * 100;
    cents = change.round ? Math.round(cents / 10) * 10 : Math.round(cents);
    return { item: item.id, price_cents: Math.max(0, cents) };
  });
}

/** A datetime-local input's text ("2026-12-08T18:00") as an ISO instant in the browser's zone, or null. */
export function instant(local: string): string | null {
  if (!local) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
