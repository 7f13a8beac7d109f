import { describe, expect, it } from "vitest";
import de from "./de.json";
import en from "./en.json";
import it_ from "./it.json";

function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === "object" ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`]));
}

describe("the translations", () => {
  it("have the same keys in English, German and Italian", () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
    expect(keys(it_).sort()).toEqual(keys(en).sort());
  });
});
