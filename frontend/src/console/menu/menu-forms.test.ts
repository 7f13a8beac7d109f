import { describe, expect, it } from "vitest";
import { bulkPrices, groupBody, groupForm, instant, itemBody, itemForm, modifierBody, modifierForm, parsePrice, priceText } from "./menu-forms";

const MESSAGES = { price: "bad price", calories: "bad calories", whole: "whole number" };

describe("the menu editor's price fields", () => {
  it("read a price with a point or a comma, or a whole amount, as cents", () => {
    expect(parsePrice("4.50")).toBe(450);
    expect(parsePrice(" 4,5 ")).toBe(450);
    expect(parsePrice("12")).toBe(1200);
    expect(parsePrice("0.07")).toBe(7);
  });

  it("refuse what is not an amount of money", () => {
    for (const text of ["", "abc", "4.505", "4.5.0", "€4"]) expect(parsePrice(text)).toBeNull();
  });

  it("show cents as the text of the input", () => {
    expect(priceText(450)).toBe("4.50");
    expect(priceText(null)).toBe("");
  });
});

describe("the item form", () => {
  it("sends what the person typed, trimmed, in the API's fields", () => {
    const form = { ...itemForm(), name: " Classic ", price: "9,90", calories: "640", dietary_tags: ["spicy" as const] };
    expect(itemBody(form, "cat-1", MESSAGES)).toEqual({
      errors: null,
      body: { category: "cat-1", name: "Classic", description: "", price_cents: 990, tax_category: "standard", calories: 640,
              is_active: true, dietary_tags: ["spicy"], allergens: [] },
    });
  });

  it("names the fields it cannot send, by the API's field names", () => {
    const form = { ...itemForm(), name: "Classic", price: "nine", calories: "6.5" };
    expect(itemBody(form, "cat-1", MESSAGES)).toEqual({ body: null, errors: { price_cents: "bad price", calories: "bad calories" } });
  });

  it("starts from the item being edited", () => {
    const form = itemForm({ id: "i", category: "c", name: "Fries", price_cents: 350, calories: null, created: "", updated: "", position: 0, image_url: null, sold_out: false, sold_out_until: null });
    expect(form).toMatchObject({ name: "Fries", price: "3.50", calories: "", is_active: true, tax_category: "standard" });
  });
});

describe("the modifier group form", () => {
  it("makes a required group ask for at least one choice", () => {
    const form = { ...groupForm(), name: "Bun", required: true, min_select: "0", max_select: "1" };
    expect(groupBody(form, "item-1", MESSAGES).body).toEqual({ item: "item-1", name: "Bun", required: true, min_select: 1, max_select: 1, free_quantity: 0 });
  });

  it("leaves the upper limit open when it is empty and refuses counts that are not whole numbers", () => {
    expect(groupBody({ ...groupForm(), name: "Extras", max_select: "" }, "i", MESSAGES).body?.max_select).toBeNull();
    expect(groupBody({ ...groupForm(), name: "Extras", min_select: "-1", max_select: "x", free_quantity: "1.5" }, "i", MESSAGES).errors)
      .toEqual({ min_select: "whole number", max_select: "whole number", free_quantity: "whole number" });
  });
});

describe("the modifier form", () => {
  it("sends a choice with its extra price in cents (none when empty)", () => {
    expect(modifierBody({ ...modifierForm(), name: "Cheese", price: "0,80" }, "g", MESSAGES).body).toEqual({ group: "g", name: "Cheese", price_delta_cents: 80, max_quantity: 1, is_available: true });
    expect(modifierBody({ ...modifierForm(), name: "Plain", price: "" }, "g", MESSAGES).body?.price_delta_cents).toBe(0);
    expect(modifierBody({ ...modifierForm(), name: "Plain", price: "x" }, "g", MESSAGES).errors).toEqual({ price_delta_cents: "bad price" });
  });
});

describe("the bulk price change", () => {
  const items = [{ id: "a", price_cents: 990 }, { id: "b", price_cents: 350 }];

  it("raises every price by a percentage, optionally to the nearest 10 cents", () => {
    expect(bulkPrices(items, { mode: "percent", value: "10", round: false })).toEqual([{ item: "a", price_cents: 1089 }, { item: "b", price_cents: 385 }]);
    expect(bulkPrices(items, { mode: "percent", value: "10", round: true })).toEqual([{ item: "a", price_cents: 1090 }, { item: "b", price_cents: 390 }]);
  });

  it("lowers by a fixed amount and never below zero", () => {
    expect(bulkPrices(items, { mode: "amount", value: "-4", round: false })).toEqual([{ item: "a", price_cents: 590 }, { item: "b", price_cents: 0 }]);
  });

  it("changes nothing until the value is a number", () => {
    expect(bulkPrices(items, { mode: "percent", value: "", round: false })).toBeNull();
    expect(bulkPrices(items, { mode: "percent", value: "ten", round: false })).toBeNull();
  });
});

it("a datetime input's local time becomes an instant, and an empty one none", () => {
  expect(instant("2026-12-08T18:00")).toBe(new Date("2026-12-08T18:00").toISOString());
  expect(instant("")).toBeNull();
});
