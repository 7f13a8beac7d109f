import { describe, expect, it } from "vitest";
import type { Schemas } from "@/api/client";
import * as rules from "./modifiers";

const mod = (id: string, price = 0, extra: Partial<Schemas["TreeTopModifier"]> = {}) => ({ id, name: id, price_delta_cents: price, max_quantity: 1, available: true, ...extra });
const doneness: Schemas["TreeGroup"] = { id: "g-done", name: "Doneness", min_select: 1, max_select: 1, required: true, free_quantity: 0, modifiers: [mod("medium"), mod("well")] };
const sauce: Schemas["TreeNestedGroup"] = { id: "g-sauce", name: "Dip", min_select: 1, max_select: 1, required: true, free_quantity: 0, modifiers: [mod("bbq"), mod("mayo", 50)] };
const extras: Schemas["TreeGroup"] = {
  id: "g-extras", name: "Extras", min_select: 0, max_select: 3, required: false, free_quantity: 1,
  modifiers: [mod("bacon", 150, { max_quantity: 2 }), mod("cheese", 100), mod("fries", 300, { groups: [sauce] }), mod("egg", 120, { available: false })],
};
const item: Schemas["TreeItem"] = { id: "burger", name: "Classic", price_cents: 990, image_url: null, available: true, available_again_at: null, modifier_groups: [doneness, extras] };
const groups = item.modifier_groups!;
const [, bacon, cheese, fries, egg] = [null, ...extras.modifiers] as Schemas["TreeTopModifier"][];

describe("modifier rules", () => {
  it("reports a required group with nothing chosen, and is satisfied by one choice", () => {
    expect(rules.problems(groups, {})).toEqual({ "g-done": { kind: "min", count: 1 } });
    expect(rules.problems(groups, rules.toggle(doneness, doneness.modifiers[0]!, {}))).toEqual({});
  });

  it("replaces the choice in a single-choice group instead of adding a second", () => {
    let s = rules.toggle(doneness, doneness.modifiers[0]!, {});
    s = rules.toggle(doneness, doneness.modifiers[1]!, s);
    expect(s).toEqual({ well: 1 });
  });

  it("never lets a group go past its maximum or a modifier past its own", () => {
    let s: rules.Selection = {};
    s = rules.setQuantity(extras, bacon!, 5, s);
    expect(s.bacon).toBe(2);
    s = rules.toggle(extras, cheese!, s);
    expect(rules.countIn(extras, s)).toBe(3);
    expect(rules.canAdd(extras, fries!, s)).toBe(false);
    expect(rules.toggle(extras, fries!, s)).toEqual(s);
  });

  it("refuses a sold-out modifier", () => {
    expect(rules.canAdd(extras, egg!, {})).toBe(false);
    expect(rules.toggle(extras, egg!, {})).toEqual({});
  });

  it("asks for a nested group only once its modifier is chosen, and drops its choice with it", () => {
    let s = rules.toggle(doneness, doneness.modifiers[0]!, {});
    expect(rules.activeGroups(groups, s).map((g) => g.id)).toEqual(["g-done", "g-extras"]);
    s = rules.toggle(extras, fries!, s);
    expect(rules.problems(groups, s)).toEqual({ "g-sauce": { kind: "min", count: 1 } });
    s = rules.toggle(sauce, sauce.modifiers[1]!, s);
    expect(rules.problems(groups, s)).toEqual({});
    s = rules.toggle(extras, fries!, s);
    expect(s).toEqual({ medium: 1 });
  });

  it("prices like the server: the group's free units are its cheapest ones", () => {
    let s = rules.toggle(doneness, doneness.modifiers[0]!, {});
    s = rules.setQuantity(extras, bacon!, 2, s); // 150 + 150
    s = rules.toggle(extras, cheese!, s); // 100, the cheapest: free
    expect(rules.unitCents(item, s)).toBe(990 + 300);
    s = rules.setQuantity(extras, bacon!, 1, s);
    s = rules.toggle(extras, fries!, s);
    s = rules.toggle(sauce, sauce.modifiers[1]!, s); // nested +50
    expect(rules.unitCents(item, s)).toBe(990 + 150 + 300 + 50);
  });

  it("sends each chosen modifier once per unit, nested ones included", () => {
    let s = rules.toggle(doneness, doneness.modifiers[1]!, {});
    s = rules.setQuantity(extras, bacon!, 2, s);
    s = rules.toggle(extras, fries!, s);
    s = rules.toggle(sauce, sauce.modifiers[0]!, s);
    expect(rules.modifierIds(groups, s)).toEqual(["well", "bacon", "bacon", "fries", "bbq"]);
    expect(rules.summary(groups, s)).toEqual(["well", "2 × bacon", "fries", "bbq"]);
  });

  it("chooses a required single-choice group's only available option for the customer", () => {
    const only: Schemas["TreeGroup"] = { ...doneness, modifiers: [mod("medium"), mod("rare", 0, { available: false })] };
    expect(rules.initialSelection([only, extras])).toEqual({ medium: 1 });
  });
});
