import { describe, expect, it } from "vitest";
import { browserCurrency, passwordStrength, slugify } from "./signup";

describe("slugify", () => {
  it("makes a slug the server accepts from any brand name", () => {
    expect(slugify("Café Olé's Grill")).toBe("cafe-oles-grill");
    expect(slugify("  --Pizza  & Pasta!! ")).toBe("pizza-pasta");
    expect(slugify("x".repeat(50))).toHaveLength(40);
  });
});

describe("passwordStrength", () => {
  it("calls short, numeric or reused passwords weak", () => {
    expect(passwordStrength("abc12")).toBe("weak");
    expect(passwordStrength("1234567890")).toBe("weak");
    expect(passwordStrength("tacobrigade-2024", ["taco@x.test", "tacobrigade"])).toBe("weak");
  });
  it("rewards length and variety", () => {
    expect(passwordStrength("goodpassword")).toBe("fair");
    expect(passwordStrength("Correct-Horse-Battery-9")).toBe("strong");
  });
});

describe("browserCurrency", () => {
  it("follows the browser's region", () => {
    expect(browserCurrency(["de-AT"])).toBe("EUR");
    expect(browserCurrency(["en-GB"])).toBe("GBP");
    expect(browserCurrency(["en-US"])).toBe("USD");
    expect(browserCurrency(["not a tag", "fr-CH"])).toBe("CHF");
    expect(browserCurrency([])).toBe("EUR");
  });
});
