// Money and times through Intl: the brand's currency, the page's language, the location's zone.
import { useI18n } from "vue-i18n";
import { useBrandStore } from "@/stores/brand";

export function formatMoney(cents: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(cents / 100);
}

export function formatTime(iso: string | null | undefined, timeZone: string, locale: string): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined, timeZone: string, locale: string): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(locale, { timeZone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

export function useFormat() {
  const { locale } = useI18n();
  const brand = useBrandStore();
  return {
    money: (cents: number, currency?: string) => formatMoney(cents, currency ?? brand.currency, locale.value),
    time: (iso: string | null | undefined, timeZone?: string) => formatTime(iso, timeZone ?? brand.timezone, locale.value),
    dateTime: (iso: string | null | undefined, timeZone?: string) => formatDateTime(iso, timeZone ?? brand.timezone, locale.value),
  };
}
