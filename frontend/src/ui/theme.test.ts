import { describe, expect, it } from "vitest";
import { AA_NORMAL_TEXT, brandColours, contrastRatio, readableOn, textOn } from "./theme";

const everyGrey = Array.from({ length: 52 }, (_, i) => `#${(i * 5).toString(16).padStart(2, "0").repeat(3)}`);
const owners = ["#ffeb3b", "#00ff00", "#ff0000", "#0000ff", "#808080", "#777777", "#e91e63", "#00bcd4", "#ffffff", "#000000", "#f5a623"];

describe("theme contrast", () => {
  it("computes the WCAG ratio of black on white as 21 and of a colour on itself as 1", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#777777")).toBeCloseTo(1, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  it("picks text that reads at AA on any colour an owner can choose", () => {
    for (const colour of [...everyGrey, ...owners]) {
      expect(contrastRatio(textOn(colour), colour), colour).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    }
  });

  it("keeps the owner's text colour when it is readable and replaces it when it is not", () => {
    expect(textOn("#ffffff", "#333333")).toBe("#333333");
    expect(textOn("#ffffff", "#eeeeee")).not.toBe("#eeeeee");
  });

  it("darkens a light brand colour used as text on a light page until it reads at AA", () => {
    const yellow = readableOn("#ffeb3b", "#ffffff");
    expect(contrastRatio(yellow, "#ffffff")).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    expect(readableOn("#1d4ed8", "#ffffff")).toBe("#1d4ed8"); // already readable: unchanged
    expect(contrastRatio(readableOn("#202020", "#101010"), "#101010")).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
  });

  it("gives every text-carrying pair of a theme AA contrast, even for an unreadable choice", () => {
    const vars = brandColours({ primary: "#ffeb3b", accent: "#777777", background: "#fafafa", text: "#f0f0f0" });
    expect(contrastRatio(vars["--brand-on-primary"], vars["--brand-primary"])).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    expect(contrastRatio(vars["--brand-on-accent"], vars["--brand-accent"])).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    expect(contrastRatio(vars["--brand-text"], vars["--brand-background"])).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    expect(contrastRatio(vars["--brand-primary-text"], vars["--brand-background"])).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
  });

  it("keeps page text, muted text and links readable on the cards' shade as well as on the page", () => {
    for (const primary of owners) {
      for (const background of ["#ffffff", "#fdf6e3", "#111111", "#1e3a8a"]) {
        const vars = brandColours({ primary, background, text: "#777777" });
        for (const surface of [vars["--brand-background"], vars["--surface"]]) {
          for (const text of [vars["--brand-text"], vars["--muted"], vars["--brand-primary-text"]]) {
            expect(contrastRatio(text, surface), `${text} on ${surface}`).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
          }
        }
      }
    }
  });

  it("falls back to the default palette for colours that are not hex", () => {
    const vars = brandColours({ primary: "red; background: url(x)", background: "" });
    expect(vars["--brand-primary"]).toBe("#1d4ed8");
    expect(vars["--brand-background"]).toBe("#ffffff");
  });
});
