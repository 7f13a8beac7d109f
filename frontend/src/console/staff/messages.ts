// Strings of the console's staff page, in English, German and Italian.
import { addMessages } from "@/i18n";

const en = {
  staff: {
    title: "Staff",
    intro: "Everyone who works in the console. Each role sees only its own pages.",
    invite: "Add a staff member",
    email: "E-mail",
    name: "Name",
    role: "Role",
    password: "First password (at least 8 characters; tell them in person)",
    add: "Add",
    added: "{email} can now sign in at {url}.",
    member: "Staff member",
    status: "Status",
    active: "Active",
    inactive: "Deactivated",
    deactivate: "Deactivate",
    reactivate: "Reactivate",
    change_role: "Role of {email}",
    saved: "{email} saved.",
    owner_fixed: "The owner",
    none: "No staff yet.",
  },
};
const de: typeof en = {
  staff: {
    title: "Personal",
    intro: "Alle, die in der Konsole arbeiten. Jede Rolle sieht nur ihre eigenen Seiten.",
    invite: "Mitarbeiter hinzufügen",
    email: "E-Mail",
    name: "Name",
    role: "Rolle",
    password: "Erstes Passwort (mindestens 8 Zeichen; persönlich mitteilen)",
    add: "Hinzufügen",
    added: "{email} kann sich jetzt unter {url} anmelden.",
    member: "Mitarbeiter",
    status: "Status",
    active: "Aktiv",
    inactive: "Deaktiviert",
    deactivate: "Deaktivieren",
    reactivate: "Reaktivieren",
    change_role: "Rolle von {email}",
    saved: "{email} gespeichert.",
    owner_fixed: "Inhaber",
    none: "Noch kein Personal.",
  },
};
const it: typeof en = {
  staff: {
    title: "Personale",
    intro: "Tutti quelli che lavorano nella console. Ogni ruolo vede solo le sue pagine.",
    invite: "Aggiungi un membro del personale",
    email: "E-mail",
    name: "Nome",
    role: "Ruolo",
    password: "Prima password (almeno 8 caratteri; comunicala di persona)",
    add: "Aggiungi",
    added: "{email} ora può accedere da {url}.",
    member: "Membro del personale",
    status: "Stato",
    active: "Attivo",
    inactive: "Disattivato",
    deactivate: "Disattiva",
    reactivate: "Riattiva",
    change_role: "Ruolo di {email}",
    saved: "{email} salvato.",
    owner_fixed: "Titolare",
    none: "Ancora nessun membro del personale.",
  },
};

export function useStaffMessages(): void {
  addMessages("console-staff", en, { de, it });
}
