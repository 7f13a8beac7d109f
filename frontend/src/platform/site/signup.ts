// The sign-up wizard's rules that live in the browser: a slug suggested from the brand's name, a
// password strength hint, and currency and time zone guessed from the browser. The server judges
// everything again (slug rules, Django's password validators, ISO currency, IANA zone).

/** "Café Olé's Grill" → "cafe-oles-grill": what the server's slug rules accept (a-z, 0-9, -). */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
}

export type Strength = "weak" | "fair" | "strong";

/** A hint, not a rule: length and variety, minus anything taken from the e-mail or brand name. */
export function passwordStrength(password: string, avoid: string[] = []): Strength {
  const lower = password.toLowerCase();
  const reused = avoid.some((word) => word.length >= 3 && lower.includes(word.toLowerCase()));
  if (password.length < 8 || /^\d+$/.test(password) || reused) return "weak";
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const score = password.length + classes * 3;
  return score >= 22 ? "strong" : score >= 14 ? "fair" : "weak";
}

const EURO_REGIONS = new Set([
  "AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI", "SK",
]);
const CURRENCY_OF: Record<string, string> = {
  GB: "GBP", US: "USD", CH: "CHF", SE: "SEK", NO: "NOK", DK: "DKK", PL: "PLN", CZ: "CZK", HU: "HUF", CA: "CAD",
  AU: "AUD", NZ: "NZD", JP: "JPY", MX: "MXN", BR: "BRL", IN: "INR", TR: "TRY",
};
export const CURRENCIES = ["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "CAD", "AUD", "NZD", "JPY", "MXN", "BRL", "INR", "TRY"];

/** The currency of the browser's region (`de-AT` → EUR), EUR when it cannot tell. */
export function browserCurrency(languages: readonly string[] = navigator.languages ?? [navigator.language]): string {
  for (const tag of languages) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (region && EURO_REGIONS.has(region)) return "EUR";
      if (region && CURRENCY_OF[region]) return CURRENCY_OF[region];
    } catch {
      /* not a language tag: try the next */
    }
  }
  return "EUR";
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
