// Strings in English, German and Italian. The brand's language is its `locale` (a BCP 47 tag
// such as "de-DE": its language subtag, English when we have no strings for it) unless the
// customer picked another one in the footer.
import { createI18n } from "vue-i18n";
import de from "./de.json";
import en from "./en.json";
import it from "./it.json";

export const LOCALES = ["en", "de", "it"] as const;
export type Locale = (typeof LOCALES)[number];
const CHOSEN_KEY = "brigade.locale";

const known = (tag: string | null | undefined): Locale | null => {
  const language = tag?.toLowerCase().split(/[-_]/)[0];
  return language && (LOCALES as readonly string[]).includes(language) ? (language as Locale) : null;
};

/** The person's own choice, else the brand's language; on the platform host (no brand), the browser's. */
export function localeFor(brandLocale: string | undefined): Locale {
  const fallback = brandLocale ?? navigator.languages.map(known).find(Boolean);
  return known(localStorage.getItem(CHOSEN_KEY)) ?? known(fallback) ?? "en";
}

export const i18n = createI18n({ legacy: false, locale: "en", fallbackLocale: "en", messages: { en, de, it } });

export function setLocale(locale: Locale, remember = false): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  if (remember) localStorage.setItem(CHOSEN_KEY, locale);
}

const added = new Set<string>();

/**
 * Adds an area's own strings once, when it loads: English, and German and Italian where the area
 * has them (a missing key falls back to English).
 */
export function addMessages(area: string, en: Record<string, unknown>, others: Partial<Record<Exclude<Locale, "en">, Record<string, unknown>>> = {}): void {
  if (added.has(area)) return;
  i18n.global.mergeLocaleMessage("en", en);
  for (const [locale, messages] of Object.entries(others)) i18n.global.mergeLocaleMessage(locale, messages);
  added.add(area);
}
