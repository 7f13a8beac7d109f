// The brand fonts are shipped with the app (@fontsource packages; nothing is loaded from another
// site). Each font is its own lazy CSS chunk, so a brand's customers download only its font.
import type { Schemas } from "@/api/client";

type Font = Schemas["FontEnum"];
const SYSTEM = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const SERIF = 'Georgia, "Times New Roman", serif';

const FONTS: Record<Exclude<Font, "system">, { family: string; fallback: string; load: () => Promise<unknown> }> = {
  inter: { family: "Inter", fallback: SYSTEM, load: () => Promise.all([import("@fontsource/inter/400.css"), import("@fontsource/inter/700.css")]) },
  roboto: { family: "Roboto", fallback: SYSTEM, load: () => Promise.all([import("@fontsource/roboto/400.css"), import("@fontsource/roboto/700.css")]) },
  lato: { family: "Lato", fallback: SYSTEM, load: () => Promise.all([import("@fontsource/lato/400.css"), import("@fontsource/lato/700.css")]) },
  montserrat: { family: "Montserrat", fallback: SYSTEM, load: () => Promise.all([import("@fontsource/montserrat/400.css"), import("@fontsource/montserrat/700.css")]) },
  poppins: { family: "Poppins", fallback: SYSTEM, load: () => Promise.all([import("@fontsource/poppins/400.css"), import("@fontsource/poppins/700.css")]) },
  merriweather: { family: "Merriweather", fallback: SERIF, load: () => Promise.all([import("@fontsource/merriweather/400.css"), import("@fontsource/merriweather/700.css")]) },
  "playfair-display": { family: "Playfair Display", fallback: SERIF, load: () => Promise.all([import("@fontsource/playfair-display/400.css"), import("@fontsource/playfair-display/700.css")]) },
};

/**
 * Loads the font's CSS (the font files follow with font-display: swap) and returns its CSS
 * family list: the server's `font_family` when it names one, else ours.
 */
export async function loadFont(font: Font | undefined, family?: string): Promise<string> {
  const entry = font && font !== "system" ? FONTS[font] : undefined;
  if (!entry) return family || SYSTEM;
  await entry.load().catch(() => undefined); // a missing font never keeps the menu from showing
  return family || `"${entry.family}", ${entry.fallback}`;
}
