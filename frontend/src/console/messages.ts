// Strings of the console's hand-over and first-run checklist (English; other languages fall back).
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


export function useChecklistMessages(): void {
  addMessages("console", en);
}
