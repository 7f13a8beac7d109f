// The brand's colours become CSS custom properties. Owners pick any colour, so every colour that
// carries text gets a text colour computed for WCAG AA (4.5:1); nothing the owner chose is
// trusted to be readable.
import type { Schemas } from "@/api/client";

export const AA_NORMAL_TEXT = 4.5;
const FALLBACK = { primary: "#1d4ed8", accent: "#f59e0b", background: "#ffffff", text: "#1f2937" } as const;
const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

type Rgb = [number, number, number];

export function parseHex(value: string | undefined | null): Rgb | null {
  const match = value ? HEX.exec(value.trim()) : null;
  if (!match?.[1]) return null;
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join("") : match[1];
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

function toHex([r, g, b]: Rgb): string {
  return "#" + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");
}

/** Relative luminance (WCAG 2.x). */
export function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const la = luminance(parseHex(a) ?? [0, 0, 0]);
  const lb = luminance(parseHex(b) ?? [0, 0, 0]);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * Text for a surface of colour `background`: `preferred` if it reads at AA, else pure black or
 * white, one of which always reaches at least 4.58:1 (the crossover at luminance 0.179).
 */
export function textOn(background: string, preferred?: string): string {
  if (preferred && parseHex(preferred) && contrastRatio(preferred, background) >= AA_NORMAL_TEXT) return preferred;
  return contrastRatio("#ffffff", background) >= contrastRatio("#000000", background) ? "#ffffff" : "#000000";
}

/**
 * `colour` moved towards black or white, whichever the background needs, just far enough to read
 * at AA on `background`: brand-coloured links and prices keep their hue where they can.
 */
export function readableOn(colour: string, background: string): string {
  const rgb = parseHex(colour);
  if (!rgb) return textOn(background);
  const target: Rgb = luminance(parseHex(background) ?? [255, 255, 255]) > 0.18 ? [0, 0, 0] : [255, 255, 255];
  for (let step = 0; step <= 20; step++) {
    const t = step / 20;
    const mixed = toHex(rgb.map((c, i) => c + (target[i]! - c) * t) as Rgb);
    if (contrastRatio(mixed, background) >= AA_NORMAL_TEXT) return mixed;
  }
  return textOn(background);
}

/** `a` mixed with `b`, `share` of `a` (like CSS color-mix). */
export function mix(a: string, b: string, share: number): string {
  const [x, y] = [parseHex(a) ?? [0, 0, 0], parseHex(b) ?? [255, 255, 255]];
  return toHex(x.map((c, i) => c * share + y[i]! * (1 - share)) as Rgb);
}

export function brandColours(colors: Record<string, string> | undefined) {
  const pick = (key: keyof typeof FALLBACK) => {
    const value = colors?.[key];
    return value && parseHex(value) ? toHex(parseHex(value)!) : FALLBACK[key];
  };
  const background = pick("background");
  const primary = pick("primary");
  const accent = pick("accent");
  // Cards are a shade off the page; text on the page is made readable on that shade, which is
  // the harder of the two surfaces, so it reads on both.
  const surface = mix(pick("text"), background, 0.05);
  const text = readableOn(pick("text"), surface);
  return {
    "--brand-primary": primary,
    "--brand-on-primary": textOn(primary),
    "--brand-accent": accent,
    "--brand-on-accent": textOn(accent),
    "--brand-background": background,
    "--surface": surface,
    "--line": mix(text, background, 0.18),
    "--brand-text": text,
    "--muted": readableOn(mix(text, background, 0.75), surface),
    // The primary colour where it is text on the page (links, prices), adjusted if too light.
    "--brand-primary-text": readableOn(primary, surface),
  };
}

/** A favicon for brands without a logo: the initial on the primary colour. */
export function initialIcon(name: string, primary: string): string {
  const initial = (name.trim()[0] ?? "B").toUpperCase().replace(/[<>&"']/g, "");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${primary}"/><text x="32" y="44" font-size="36" font-family="sans-serif" font-weight="700" text-anchor="middle" fill="${textOn(primary)}">${initial}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Applies the brand to the document: colours, font, title, favicon. Runs before the app mounts. */
export function applyBrand(brand: Schemas["Brand"], fontStack: string): void {
  const root = document.documentElement;
  const colours = brandColours(brand.colors);
  for (const [name, value] of Object.entries(colours)) root.style.setProperty(name, value);
  root.style.setProperty("--brand-font", fontStack);
  root.style.background = colours["--brand-background"];
  root.style.color = colours["--brand-text"];
  document.title = brand.name;
  let icon = document.querySelector<HTMLLinkElement>("link[rel=icon]");
  if (!icon) {
    icon = document.createElement("link");
    icon.rel = "icon";
    document.head.append(icon);
  }
  icon.href = brand.logo_url || initialIcon(brand.name, colours["--brand-primary"]);
}
