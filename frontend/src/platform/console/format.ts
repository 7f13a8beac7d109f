// Dates and money in the admin's own language and time zone (the console spans every brand's zone).
import { useI18n } from "vue-i18n";

export function useAdminFormat() {
  const { locale } = useI18n();
  return {
    dateTime: (iso: string | null | undefined) =>
      iso ? new Intl.DateTimeFormat(locale.value, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)) : "",
    date: (iso: string | null | undefined) =>
      iso ? new Intl.DateTimeFormat(locale.value, { dateStyle: "medium" }).format(new Date(iso)) : "",
    money: (cents: number, currency: string) =>
      new Intl.NumberFormat(locale.value, { style: "currency", currency }).format(cents / 100),
  };
}
