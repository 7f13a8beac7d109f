// Strings of the console's reports page, in English, German and Italian.
import { addMessages } from "@/i18n";

const en = { reports: {
  title: "Reports", from: "From", to: "To", location: "Location", all: "Every location", show: "Show", csv: "Download CSV",
  chart: "Revenue per day by location, {from} to {to}", date: "Business day", revenue: "Revenue", sales: "Sales orders", orders: "All orders",
  average: "Average ticket", none: "No report for these days.", live: "today so far", summary: "{revenue} from {sales} sales orders",
} };
const de: typeof en = { reports: {
  title: "Berichte", from: "Von", to: "Bis", location: "Standort", all: "Alle Standorte", show: "Anzeigen", csv: "CSV herunterladen",
  chart: "Umsatz pro Tag und Standort, {from} bis {to}", date: "Geschäftstag", revenue: "Umsatz", sales: "Verkäufe", orders: "Alle Bestellungen",
  average: "Durchschnittsbon", none: "Kein Bericht für diese Tage.", live: "heute bisher", summary: "{revenue} aus {sales} Verkäufen",
} };
const it: typeof en = { reports: {
  title: "Report", from: "Dal", to: "Al", location: "Sede", all: "Tutte le sedi", show: "Mostra", csv: "Scarica CSV",
  chart: "Incasso al giorno per sede, dal {from} al {to}", date: "Giorno lavorativo", revenue: "Incasso", sales: "Vendite", orders: "Tutti gli ordini",
  average: "Scontrino medio", none: "Nessun report per questi giorni.", live: "oggi finora", summary: "{revenue} da {sales} vendite",
} };

export function useReportsMessages(): void {
  addMessages("console-reports", en, { de, it });
}
