// Strings of the console's developer page (API keys, webhooks), in English, German and Italian.
import { addMessages } from "@/i18n";

const en = {
  dev: {
    title: "Developer",
    intro: "Keys for your own systems and signed webhooks for theirs. The API documentation is at {docs}.",
    keys: "API keys", no_keys: "No API key yet.",
    key_name: "Name", scopes: "Scopes", expires: "Expires (optional)", location: "Only for location", any_location: "Every location",
    rate: "Requests per minute", create_key: "Create key",
    secret_once: "Copy this key now: it is shown only once.", copy: "Copy", copied: "Copied.", done: "I have stored it",
    prefix: "Key", last_used: "Last used {time} from {ip}", never_used: "Never used", revoked: "Revoked {time}", expired: "Expired",
    expires_at: "expires {time}", revoke: "Revoke", confirm_revoke: "Revoke {name}? Systems using it stop working at once.",
    webhooks: "Webhook endpoints", no_webhooks: "No webhook endpoint yet.",
    url: "URL (https)", description: "Description", events: "Events", enabled: "Enabled", disabled: "Disabled", create_endpoint: "Add endpoint",
    secret: "Signing secret", show_secret: "Show secret", hide_secret: "Hide secret", rotate: "Rotate secret",
    confirm_rotate: "Rotate the secret? The old one keeps signing for 24 hours.", rotated: "New secret; the old one signs until {time}.",
    send_test: "Send a test event", test_sent: "Test event queued.", disable: "Disable", enable: "Enable", delete: "Delete",
    confirm_delete: "Delete the endpoint {url}?", disabled_because: "Disabled: {reason}", failing_since: "Failing since {time}",
    deliveries: "Deliveries", no_deliveries: "No delivery yet.", show_deliveries: "Show deliveries", hide_deliveries: "Hide deliveries",
    status: { pending: "pending", succeeded: "delivered", failed: "failed" },
    attempts: "{n} attempts", attempt: "Attempt {number}: {status} in {ms} ms", no_answer: "no answer",
    redeliver: "Send again", redelivered: "Queued again.", redeliver_failed: "Send every failed one again since", redeliver_all: "Send again",
    saved: "Saved.", created: "{name} created.",
  },
};
const de: typeof en = {
  dev: {
    title: "Entwickler",
    intro: "Schlüssel für Ihre eigenen Systeme und signierte Webhooks für andere. Die API-Dokumentation liegt unter {docs}.",
    keys: "API-Schlüssel", no_keys: "Noch kein API-Schlüssel.",
    key_name: "Name", scopes: "Berechtigungen", expires: "Läuft ab (optional)", location: "Nur für Standort", any_location: "Alle Standorte",
    rate: "Anfragen pro Minute", create_key: "Schlüssel erstellen",
    secret_once: "Kopieren Sie diesen Schlüssel jetzt: er wird nur einmal angezeigt.", copy: "Kopieren", copied: "Kopiert.", done: "Ich habe ihn gespeichert",
    prefix: "Schlüssel", last_used: "Zuletzt benutzt {time} von {ip}", never_used: "Nie benutzt", revoked: "Widerrufen {time}", expired: "Abgelaufen",
    expires_at: "läuft ab {time}", revoke: "Widerrufen", confirm_revoke: "{name} widerrufen? Systeme, die ihn nutzen, funktionieren sofort nicht mehr.",
    webhooks: "Webhook-Endpunkte", no_webhooks: "Noch kein Webhook-Endpunkt.",
    url: "URL (https)", description: "Beschreibung", events: "Ereignisse", enabled: "Aktiv", disabled: "Deaktiviert", create_endpoint: "Endpunkt hinzufügen",
    secret: "Signaturschlüssel", show_secret: "Schlüssel zeigen", hide_secret: "Schlüssel verbergen", rotate: "Schlüssel erneuern",
    confirm_rotate: "Schlüssel erneuern? Der alte signiert noch 24 Stunden.", rotated: "Neuer Schlüssel; der alte signiert bis {time}.",
    send_test: "Testereignis senden", test_sent: "Testereignis eingereiht.", disable: "Deaktivieren", enable: "Aktivieren", delete: "Löschen",
    confirm_delete: "Endpunkt {url} löschen?", disabled_because: "Deaktiviert: {reason}", failing_since: "Fehlschläge seit {time}",
    deliveries: "Zustellungen", no_deliveries: "Noch keine Zustellung.", show_deliveries: "Zustellungen zeigen", hide_deliveries: "Zustellungen verbergen",
    status: { pending: "ausstehend", succeeded: "zugestellt", failed: "fehlgeschlagen" },
    attempts: "{n} Versuche", attempt: "Versuch {number}: {status} in {ms} ms", no_answer: "keine Antwort",
    redeliver: "Erneut senden", redelivered: "Erneut eingereiht.", redeliver_failed: "Alle fehlgeschlagenen erneut senden seit", redeliver_all: "Erneut senden",
    saved: "Gespeichert.", created: "{name} erstellt.",
  },
};
const it: typeof en = {
  dev: {
    title: "Sviluppatori",
    intro: "Chiavi per i tuoi sistemi e webhook firmati per quelli altrui. La documentazione dell'API è su {docs}.",
    keys: "Chiavi API", no_keys: "Ancora nessuna chiave API.",
    key_name: "Nome", scopes: "Permessi", expires: "Scadenza (facoltativa)", location: "Solo per la sede", any_location: "Tutte le sedi",
    rate: "Richieste al minuto", create_key: "Crea chiave",
    secret_once: "Copia ora questa chiave: viene mostrata una sola volta.", copy: "Copia", copied: "Copiata.", done: "L'ho salvata",
    prefix: "Chiave", last_used: "Ultimo uso {time} da {ip}", never_used: "Mai usata", revoked: "Revocata {time}", expired: "Scaduta",
    expires_at: "scade {time}", revoke: "Revoca", confirm_revoke: "Revocare {name}? I sistemi che la usano smettono subito di funzionare.",
    webhooks: "Endpoint webhook", no_webhooks: "Ancora nessun endpoint webhook.",
    url: "URL (https)", description: "Descrizione", events: "Eventi", enabled: "Attivo", disabled: "Disattivato", create_endpoint: "Aggiungi endpoint",
    secret: "Segreto di firma", show_secret: "Mostra il segreto", hide_secret: "Nascondi il segreto", rotate: "Rinnova il segreto",
    confirm_rotate: "Rinnovare il segreto? Il vecchio firma ancora per 24 ore.", rotated: "Nuovo segreto; il vecchio firma fino a {time}.",
    send_test: "Invia un evento di prova", test_sent: "Evento di prova in coda.", disable: "Disattiva", enable: "Attiva", delete: "Elimina",
    confirm_delete: "Eliminare l'endpoint {url}?", disabled_because: "Disattivato: {reason}", failing_since: "Errori dal {time}",
    deliveries: "Consegne", no_deliveries: "Ancora nessuna consegna.", show_deliveries: "Mostra le consegne", hide_deliveries: "Nascondi le consegne",
    status: { pending: "in attesa", succeeded: "consegnato", failed: "non riuscito" },
    attempts: "{n} tentativi", attempt: "Tentativo {number}: {status} in {ms} ms", no_answer: "nessuna risposta",
    redeliver: "Invia di nuovo", redelivered: "Di nuovo in coda.", redeliver_failed: "Invia di nuovo tutti i non riusciti dal", redeliver_all: "Invia di nuovo",
    saved: "Salvato.", created: "{name} creato.",
  },
};

export function useDeveloperMessages(): void {
  addMessages("console-developer", en, { de, it });
}
