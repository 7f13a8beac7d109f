// Strings of the console's locations page, in English, German and Italian.
import { addMessages } from "@/i18n";

const en = {
  places: {
    title: "Locations",
    new: "New location",
    none: "No location yet.",
    name: "Name", address: "Address", phone: "Phone", latitude: "Latitude", longitude: "Longitude", timezone: "Time zone",
    pickup: "Pickup", delivery: "Delivery", active: "Shown on the storefront",
    prep: "Preparation time (minutes)", slot_capacity: "Scheduled orders per slot (empty: the brand's default)",
    save: "Save", add: "Add", saved: "Saved.", added: "{name} added.", delete: "Delete", confirm_delete: "Delete {name}? This cannot be undone.",
    hours: "Opening hours", hours_hint: "Ranges such as 11:00–15:00, 17:00–22:30; empty: closed. A range may run past midnight.",
    days: { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" },
    exceptions: "Holidays and exceptions", exception_date: "Date", exception_ranges: "Hours that day (empty: closed)", exception_note: "Note",
    add_exception: "Add a date", remove: "Remove",
    zones: "Delivery zones", no_zones: "No delivery zone: delivery is not offered here.",
    zone_name: "Zone name", kind: "Shape", radius: "Circle around the location", polygon: "Drawn area",
    radius_m: "Radius (metres)", fee: "Delivery fee ({currency})", minimum: "Minimum order ({currency})",
    points: "Corner points (latitude, longitude)", point: "Point {n}", add_point: "Add a point", remove_point: "Remove point {n}",
    grid_hint: "Click the grid to add a corner, or type the points below. The grid lines are {step} m apart.",
    preview: "Preview of {name}: the location in the middle, north up",
    new_zone: "New delivery zone", zone_summary: "fee {fee}, minimum {minimum}",
    edit: "Edit", cancel: "Cancel", bad_number: "Enter a number.", busy: "Busy mode",
    busy_modes: { off: "Off", extra_time: "Extra preparation time", paused: "Paused: no new orders" },
  },
};
const de: typeof en = {
  places: {
    title: "Standorte",
    new: "Neuer Standort",
    none: "Noch kein Standort.",
    name: "Name", address: "Adresse", phone: "Telefon", latitude: "Breitengrad", longitude: "Längengrad", timezone: "Zeitzone",
    pickup: "Abholung", delivery: "Lieferung", active: "Im Shop sichtbar",
    prep: "Zubereitungszeit (Minuten)", slot_capacity: "Geplante Bestellungen pro Fenster (leer: Standard der Marke)",
    save: "Speichern", add: "Hinzufügen", saved: "Gespeichert.", added: "{name} hinzugefügt.", delete: "Löschen", confirm_delete: "{name} löschen? Das lässt sich nicht rückgängig machen.",
    hours: "Öffnungszeiten", hours_hint: "Zeiten wie 11:00–15:00, 17:00–22:30; leer: geschlossen. Eine Zeit darf über Mitternacht gehen.",
    days: { mon: "Montag", tue: "Dienstag", wed: "Mittwoch", thu: "Donnerstag", fri: "Freitag", sat: "Samstag", sun: "Sonntag" },
    exceptions: "Feiertage und Ausnahmen", exception_date: "Datum", exception_ranges: "Zeiten an dem Tag (leer: geschlossen)", exception_note: "Hinweis",
    add_exception: "Datum hinzufügen", remove: "Entfernen",
    zones: "Liefergebiete", no_zones: "Kein Liefergebiet: hier wird nicht geliefert.",
    zone_name: "Name des Gebiets", kind: "Form", radius: "Kreis um den Standort", polygon: "Gezeichnete Fläche",
    radius_m: "Radius (Meter)", fee: "Liefergebühr ({currency})", minimum: "Mindestbestellwert ({currency})",
    points: "Eckpunkte (Breite, Länge)", point: "Punkt {n}", add_point: "Punkt hinzufügen", remove_point: "Punkt {n} entfernen",
    grid_hint: "Klicken Sie ins Raster, um eine Ecke hinzuzufügen, oder tippen Sie die Punkte unten ein. Die Linien liegen {step} m auseinander.",
    preview: "Vorschau von {name}: der Standort in der Mitte, Norden oben",
    new_zone: "Neues Liefergebiet", zone_summary: "Gebühr {fee}, Mindestwert {minimum}",
    edit: "Bearbeiten", cancel: "Abbrechen", bad_number: "Geben Sie eine Zahl ein.", busy: "Stoßzeit-Modus",
    busy_modes: { off: "Aus", extra_time: "Mehr Zubereitungszeit", paused: "Pausiert: keine neuen Bestellungen" },
  },
};
const it: typeof en = {
  places: {
    title: "Sedi",
    new: "Nuova sede",
    none: "Ancora nessuna sede.",
    name: "Nome", address: "Indirizzo", phone: "Telefono", latitude: "Latitudine", longitude: "Longitudine", timezone: "Fuso orario",
    pickup: "Ritiro", delivery: "Consegna", active: "Visibile nel negozio",
    prep: "Tempo di preparazione (minuti)", slot_capacity: "Ordini programmati per fascia (vuoto: valore del marchio)",
    save: "Salva", add: "Aggiungi", saved: "Salvato.", added: "{name} aggiunta.", delete: "Elimina", confirm_delete: "Eliminare {name}? Non si può annullare.",
    hours: "Orari di apertura", hours_hint: "Fasce come 11:00–15:00, 17:00–22:30; vuoto: chiuso. Una fascia può superare la mezzanotte.",
    days: { mon: "Lunedì", tue: "Martedì", wed: "Mercoledì", thu: "Giovedì", fri: "Venerdì", sat: "Sabato", sun: "Domenica" },
    exceptions: "Festività ed eccezioni", exception_date: "Data", exception_ranges: "Orari quel giorno (vuoto: chiuso)", exception_note: "Nota",
    add_exception: "Aggiungi una data", remove: "Rimuovi",
    zones: "Zone di consegna", no_zones: "Nessuna zona: qui non si consegna.",
    zone_name: "Nome della zona", kind: "Forma", radius: "Cerchio intorno alla sede", polygon: "Area disegnata",
    radius_m: "Raggio (metri)", fee: "Costo di consegna ({currency})", minimum: "Ordine minimo ({currency})",
    points: "Vertici (latitudine, longitudine)", point: "Punto {n}", add_point: "Aggiungi un punto", remove_point: "Rimuovi il punto {n}",
    grid_hint: "Clicca sulla griglia per aggiungere un vertice, o scrivi i punti qui sotto. Le linee distano {step} m.",
    preview: "Anteprima di {name}: la sede al centro, nord in alto",
    new_zone: "Nuova zona di consegna", zone_summary: "costo {fee}, minimo {minimum}",
    edit: "Modifica", cancel: "Annulla", bad_number: "Inserisci un numero.", busy: "Modalità affollata",
    busy_modes: { off: "No", extra_time: "Più tempo di preparazione", paused: "In pausa: nessun nuovo ordine" },
  },
};

export function usePlacesMessages(): void {
  addMessages("console-places", en, { de, it });
}
