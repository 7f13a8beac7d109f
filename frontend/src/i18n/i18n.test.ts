import { describe, expect, it, vi } from "vitest";
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

describe("the language", () => {
  it("is the brand's on a brand host and the browser's on the platform host", async () => {
    const { localeFor } = await import("./index");
    localStorage.removeItem("brigade.locale");
    const languages = vi.spyOn(navigator, "languages", "get").mockReturnValue(["it-IT", "en"]);
    expect(localeFor("de-DE")).toBe("de");
    expect(localeFor(undefined)).toBe("it");
    languages.mockReturnValue(["fr-FR"]);
    expect(localeFor(undefined)).toBe("en");
    localStorage.setItem("brigade.locale", "de");
    expect(localeFor(undefined)).toBe("de");
    localStorage.removeItem("brigade.locale");
    languages.mockRestore();
  });
});
