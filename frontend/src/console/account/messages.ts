// Strings of the console's domains and billing pages, in English, German and Italian.
import { addMessages } from "@/i18n";

const en = {
  account: {
    domains: "Domains", domains_intro: "Your storefront's addresses. A custom domain routes at once and is verified when its TXT record is published.",
    add_domain: "Add a custom domain", domain: "Host name (e.g. order.example.com)", add: "Add",
    primary: "Primary", own: "Your Brigade address", verified: "Verified {time}", pending: "Waiting for the DNS record",
    record: "Create this DNS record at your domain's provider:", record_type: "Type", record_name: "Name", record_value: "Value",
    verify: "Verify now", verified_now: "{domain} is verified.", still_pending: "The TXT record for {domain} was not found yet; DNS changes can take a while.",
    remove: "Remove", confirm_remove: "Remove {domain}? Customers can no longer reach you there.",
    billing: "Billing", plan: "Plan", per_month: "{price} a month", included: "{n} orders included, then {fee} each",
    status: { trialing: "Trial", active: "Active", past_due: "Payment overdue", suspended: "Suspended", cancelled: "Cancelled" },
    trial_until: "Trial until {date}", period: "Current period: {from} – {to}",
    usage: "Usage", uses: { locations: "Locations", staff: "Staff accounts", orders: "Orders this period" },
    of: "{used} of {limit}", unlimited: "{used} (no limit)", not_counted: "not counted yet",
    invoices: "Invoices", no_invoices: "No invoice yet.", number: "Number", invoice_period: "Period", total: "Total", invoice_status: "Status",
    pdf: "PDF", download_pdf: "Download invoice {number} as PDF",
    invoice_states: { draft: "Draft", open: "Open", paid: "Paid", void: "Void" },
  },
};
const de: typeof en = {
  account: {
    domains: "Domains", domains_intro: "Die Adressen Ihres Shops. Eine eigene Domain leitet sofort weiter und gilt als bestätigt, sobald ihr TXT-Eintrag veröffentlicht ist.",
    add_domain: "Eigene Domain hinzufügen", domain: "Hostname (z. B. bestellen.example.de)", add: "Hinzufügen",
    primary: "Hauptadresse", own: "Ihre Brigade-Adresse", verified: "Bestätigt {time}", pending: "Wartet auf den DNS-Eintrag",
    record: "Legen Sie diesen DNS-Eintrag bei Ihrem Domain-Anbieter an:", record_type: "Typ", record_name: "Name", record_value: "Wert",
    verify: "Jetzt prüfen", verified_now: "{domain} ist bestätigt.", still_pending: "Der TXT-Eintrag für {domain} wurde noch nicht gefunden; DNS-Änderungen brauchen etwas Zeit.",
    remove: "Entfernen", confirm_remove: "{domain} entfernen? Kunden erreichen Sie dort nicht mehr.",
    billing: "Abrechnung", plan: "Tarif", per_month: "{price} im Monat", included: "{n} Bestellungen inklusive, danach je {fee}",
    status: { trialing: "Testphase", active: "Aktiv", past_due: "Zahlung überfällig", suspended: "Gesperrt", cancelled: "Gekündigt" },
    trial_until: "Testphase bis {date}", period: "Aktueller Zeitraum: {from} – {to}",
    usage: "Nutzung", uses: { locations: "Standorte", staff: "Personalkonten", orders: "Bestellungen im Zeitraum" },
    of: "{used} von {limit}", unlimited: "{used} (unbegrenzt)", not_counted: "noch nicht gezählt",
    invoices: "Rechnungen", no_invoices: "Noch keine Rechnung.", number: "Nummer", invoice_period: "Zeitraum", total: "Summe", invoice_status: "Status",
    pdf: "PDF", download_pdf: "Rechnung {number} als PDF herunterladen",
    invoice_states: { draft: "Entwurf", open: "Offen", paid: "Bezahlt", void: "Storniert" },
  },
};
const it: typeof en = {
  account: {
    domains: "Domini", domains_intro: "Gli indirizzi del tuo negozio. Un dominio proprio funziona subito ed è verificato quando il suo record TXT è pubblicato.",
    add_domain: "Aggiungi un dominio proprio", domain: "Nome host (p. es. ordina.example.it)", add: "Aggiungi",
    primary: "Principale", own: "Il tuo indirizzo Brigade", verified: "Verificato {time}", pending: "In attesa del record DNS",
    record: "Crea questo record DNS presso il fornitore del dominio:", record_type: "Tipo", record_name: "Nome", record_value: "Valore",
    verify: "Verifica ora", verified_now: "{domain} è verificato.", still_pending: "Il record TXT per {domain} non è ancora stato trovato; le modifiche DNS richiedono tempo.",
    remove: "Rimuovi", confirm_remove: "Rimuovere {domain}? I clienti non ti raggiungeranno più lì.",
    billing: "Fatturazione", plan: "Piano", per_month: "{price} al mese", included: "{n} ordini inclusi, poi {fee} ciascuno",
    status: { trialing: "Prova", active: "Attivo", past_due: "Pagamento scaduto", suspended: "Sospeso", cancelled: "Annullato" },
    trial_until: "Prova fino al {date}", period: "Periodo attuale: {from} – {to}",
    usage: "Utilizzo", uses: { locations: "Sedi", staff: "Account del personale", orders: "Ordini del periodo" },
    of: "{used} di {limit}", unlimited: "{used} (senza limite)", not_counted: "non ancora conteggiato",
    invoices: "Fatture", no_invoices: "Ancora nessuna fattura.", number: "Numero", invoice_period: "Periodo", total: "Totale", invoice_status: "Stato",
    pdf: "PDF", download_pdf: "Scarica la fattura {number} in PDF",
    invoice_states: { draft: "Bozza", open: "Aperta", paid: "Pagata", void: "Annullata" },
  },
};

export function useAccountMessages(): void {
  addMessages("console-account", en, { de, it });
}
