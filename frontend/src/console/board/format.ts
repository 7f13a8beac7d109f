// Clock times on the board, through Intl in the page's language and the location's time zone.
// One formatter per (language, zone): 200 cards re-rendering must not build 200 of them.
const formatters = new Map<string, Intl.DateTimeFormat>();

export function clockTime(iso: string | null | undefined, timeZone: string, locale: string): string {
  if (!iso) return "";
  const key = `${locale}|${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit" });
    formatters.set(key, format);
  }
  return format.format(new Date(iso));
}
