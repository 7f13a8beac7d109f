// Strings of the console in English, German and Italian: the shell (sign-in, navigation) and the
// hand-over and first-run checklist.
import { addMessages } from "@/i18n";

const en = {
  checklist: {
    title: "Welcome to {name}",
    intro: "Four steps to your first order. Your storefront is already live at {host}.",
    signed_out: "Sign in to your brand's console.",
    sign_in: "Sign in",
    handover_failed: "This sign-in link has expired or was already used. Sign in with your e-mail and password.",
    done: "Done",
    todo: "To do",
    step: "Step {n}: {name}",
    location: {
      title: "Add a location",
      name: "Name",
      address: "Address",
      latitude: "Latitude",
      longitude: "Longitude",
      opens: "Opens",
      closes: "Closes",
      hours_hint: "Every day; fine-tune hours later.",
      save: "Add location",
      added: "{name} added.",
    },
    menu: {
      title: "Add a menu",
      menu: "Menu name",
      category: "Category",
      item: "First item",
      price: "Price ({currency})",
      save: "Add to the menu",
      added: "{item} is on the menu.",
      needs_location: "Add a location first: a menu is served at locations.",
    },
    colours: {
      title: "Set your colours",
      primary: "Main colour",
      accent: "Accent colour",
      save: "Save colours",
      saved: "Colours saved.",
    },
    storefront: { title: "Open your storefront", open: "Open the storefront", hint: "Place a test order as a guest." },
    saving: "Saving…",
  },
};


const checklistDe: typeof en = {
  checklist: {
    title: "Willkommen bei {name}",
    intro: "Vier Schritte bis zur ersten Bestellung. Ihr Shop ist bereits unter {host} online.",
    signed_out: "Melden Sie sich an der Konsole Ihrer Marke an.",
    sign_in: "Anmelden",
    handover_failed: "Dieser Anmeldelink ist abgelaufen oder wurde schon benutzt. Melden Sie sich mit E-Mail und Passwort an.",
    done: "Erledigt",
    todo: "Offen",
    step: "Schritt {n}: {name}",
    location: {
      title: "Standort hinzufügen", name: "Name", address: "Adresse", latitude: "Breitengrad", longitude: "Längengrad",
      opens: "Öffnet", closes: "Schließt", hours_hint: "Jeden Tag; Details später anpassen.", save: "Standort hinzufügen", added: "{name} hinzugefügt.",
    },
    menu: {
      title: "Speisekarte anlegen", menu: "Name der Speisekarte", category: "Kategorie", item: "Erstes Gericht", price: "Preis ({currency})",
      save: "Zur Speisekarte hinzufügen", added: "{item} steht auf der Karte.", needs_location: "Legen Sie zuerst einen Standort an: eine Speisekarte gilt für Standorte.",
    },
    colours: { title: "Farben festlegen", primary: "Hauptfarbe", accent: "Akzentfarbe", save: "Farben speichern", saved: "Farben gespeichert." },
    storefront: { title: "Shop öffnen", open: "Shop öffnen", hint: "Geben Sie als Gast eine Testbestellung auf." },
    saving: "Wird gespeichert…",
  },
};

const checklistIt: typeof en = {
  checklist: {
    title: "Benvenuto in {name}",
    intro: "Quattro passi per il primo ordine. Il tuo negozio è già online su {host}.",
    signed_out: "Accedi alla console del tuo marchio.",
    sign_in: "Accedi",
    handover_failed: "Questo link di accesso è scaduto o è già stato usato. Accedi con e-mail e password.",
    done: "Fatto",
    todo: "Da fare",
    step: "Passo {n}: {name}",
    location: {
      title: "Aggiungi una sede", name: "Nome", address: "Indirizzo", latitude: "Latitudine", longitude: "Longitudine",
      opens: "Apre", closes: "Chiude", hours_hint: "Tutti i giorni; rifinisci gli orari dopo.", save: "Aggiungi sede", added: "{name} aggiunta.",
    },
    menu: {
      title: "Aggiungi un menu", menu: "Nome del menu", category: "Categoria", item: "Primo piatto", price: "Prezzo ({currency})",
      save: "Aggiungi al menu", added: "{item} è nel menu.", needs_location: "Aggiungi prima una sede: un menu è servito nelle sedi.",
    },
    colours: { title: "Scegli i colori", primary: "Colore principale", accent: "Colore d'accento", save: "Salva i colori", saved: "Colori salvati." },
    storefront: { title: "Apri il negozio", open: "Apri il negozio", hint: "Fai un ordine di prova come ospite." },
    saving: "Salvataggio…",
  },
};

const shell = {
  en: {
    console: {
      title: "Staff console",
      skip: "Skip to content",
      nav_label: "Console",
      menu_toggle: "Menu",
      signed_in_as: "{email} · {role}",
      sign_out: "Sign out",
      storefront: "Storefront",
      roles: { owner: "Owner", manager: "Manager", kitchen: "Kitchen", courier: "Courier" },
      nav: {
        start: "Start", orders: "Orders", board: "Kitchen board", courier: "Deliveries", menu: "Menu",
        locations: "Locations", settings: "Settings", staff: "Staff", domains: "Domains", billing: "Billing",
        reports: "Reports", developer: "Developer",
      },
      signin: {
        title: "Staff sign-in",
        intro: "Sign in to the console of {name}.",
        email: "E-mail",
        password: "Password",
        submit: "Sign in",
        busy: "Signing in…",
        denied: "This account has no access to the staff console. Sign in with a staff account, or ask the owner for an invitation.",
        storefront: "Ordering food? Go to the storefront",
      },
      forbidden: { title: "Not for your role", text: "Your role ({role}) cannot open this page.", home: "Go to my start page" },
      not_found: { title: "Page not found", text: "There is no console page at this address.", home: "Go to my start page" },
      loading: "Loading…",
      load_failed: "This could not be loaded: {detail}",
      retry: "Try again",
    },
  },
  de: {
    console: {
      title: "Personal-Konsole",
      skip: "Zum Inhalt springen",
      nav_label: "Konsole",
      menu_toggle: "Menü",
      signed_in_as: "{email} · {role}",
      sign_out: "Abmelden",
      storefront: "Shop",
      roles: { owner: "Inhaber", manager: "Manager", kitchen: "Küche", courier: "Kurier" },
      nav: {
        start: "Start", orders: "Bestellungen", board: "Küchenmonitor", courier: "Lieferungen", menu: "Speisekarte",
        locations: "Standorte", settings: "Einstellungen", staff: "Personal", domains: "Domains", billing: "Abrechnung",
        reports: "Berichte", developer: "Entwickler",
      },
      signin: {
        title: "Anmeldung für Mitarbeitende",
        intro: "Melden Sie sich an der Konsole von {name} an.",
        email: "E-Mail",
        password: "Passwort",
        submit: "Anmelden",
        busy: "Anmeldung…",
        denied: "Dieses Konto hat keinen Zugang zur Personal-Konsole. Melden Sie sich mit einem Personalkonto an oder bitten Sie den Inhaber um eine Einladung.",
        storefront: "Sie möchten bestellen? Zum Shop",
      },
      forbidden: { title: "Nicht für Ihre Rolle", text: "Ihre Rolle ({role}) kann diese Seite nicht öffnen.", home: "Zu meiner Startseite" },
      not_found: { title: "Seite nicht gefunden", text: "Unter dieser Adresse gibt es keine Konsolenseite.", home: "Zu meiner Startseite" },
      loading: "Wird geladen…",
      load_failed: "Konnte nicht geladen werden: {detail}",
      retry: "Erneut versuchen",
    },
  },
  it: {
    console: {
      title: "Console del personale",
      skip: "Vai al contenuto",
      nav_label: "Console",
      menu_toggle: "Menu",
      signed_in_as: "{email} · {role}",
      sign_out: "Esci",
      storefront: "Negozio",
      roles: { owner: "Titolare", manager: "Responsabile", kitchen: "Cucina", courier: "Corriere" },
      nav: {
        start: "Inizio", orders: "Ordini", board: "Schermo cucina", courier: "Consegne", menu: "Menu",
        locations: "Sedi", settings: "Impostazioni", staff: "Personale", domains: "Domini", billing: "Fatturazione",
        reports: "Report", developer: "Sviluppatori",
      },
      signin: {
        title: "Accesso del personale",
        intro: "Accedi alla console di {name}.",
        email: "E-mail",
        password: "Password",
        submit: "Accedi",
        busy: "Accesso in corso…",
        denied: "Questo account non ha accesso alla console del personale. Accedi con un account del personale o chiedi un invito al titolare.",
        storefront: "Vuoi ordinare? Vai al negozio",
      },
      forbidden: { title: "Non per il tuo ruolo", text: "Il tuo ruolo ({role}) non può aprire questa pagina.", home: "Vai alla mia pagina iniziale" },
      not_found: { title: "Pagina non trovata", text: "A questo indirizzo non c'è nessuna pagina della console.", home: "Vai alla mia pagina iniziale" },
      loading: "Caricamento…",
      load_failed: "Impossibile caricare: {detail}",
      retry: "Riprova",
    },
  },
};

export function useConsoleMessages(): void {
  addMessages("console-shell", shell.en, { de: shell.de, it: shell.it });
}

export function useChecklistMessages(): void {
  addMessages("console", en, { de: checklistDe, it: checklistIt });
}
