// Strings in English, German and Italian. The brand's language is the one of its time zone's
// country (the demo brands: Berlin → de, London → en, Rome → it) unless the customer picked one.
import { createI18n } from "vue-i18n";
import de from "./de.json";
import en from "./en.json";
import it from "./it.json";

export const LOCALES = ["en", "de", "it"] as const;
export type Locale = (typeof LOCALES)[number];
const CHOSEN_KEY = "brigade.locale";

const BY_ZONE: Record<string, Locale> = {
  "Europe/Berlin": "de", "Europe/Vienna": "de", "Europe/Zurich": "de", "Europe/Busingen": "de",
  "Europe/Rome": "it", "Europe/San_Marino": "it", "Europe/Vatican": "it",
};

export function localeFor(timezone: string | undefined): Locale {
  const chosen = localStorage.getItem(CHOSEN_KEY);
  if (chosen && (LOCALES as readonly string[]).includes(chosen)) return chosen as Locale;
  return (timezone && BY_ZONE[timezone]) || "en";
}

export const i18n = createI18n({ legacy: false, locale: "en", fallbackLocale: "en", messages: { en, de, it } });

export function setLocale(locale: Locale, remember = false): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  if (remember) localStorage.setItem(CHOSEN_KEY, locale);
}

const added = new Set<string>();

/** Adds an area's own English strings (other languages fall back to them) once, when it loads. */
export function addMessages(area: string, en: Record<string, unknown>): void {
  if (added.has(area)) return;
  i18n.global.mergeLocaleMessage("en", en);
  added.add(area);
}
