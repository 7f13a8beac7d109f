// The brand's locations and their menus as the API serves them (cached there; kept here for the
// visit so going back to the menu never shows a spinner twice).
import { defineStore } from "pinia";
import { ref } from "vue";
import { api, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";

export type Location = Schemas["LocationPublic"];
/** A location as the menu carries it: the list's location without its delivery zones. */
export type LocationSummary = Schemas["LocationSummary"];
export type Menu = Schemas["PublicMenu"];
export type Item = Schemas["TreeItem"];

export const useCatalogStore = defineStore("catalog", () => {
  const locations = ref<Location[] | null>(null);
  const menus = ref<Record<string, Menu>>({});

  async function loadLocations(): Promise<Location[]> {
    // Paged like every list, but every location is on the one page.
    locations.value = (await unwrap(api.GET("/api/v1/locations/"))).results;
    return locations.value;
  }

  const loading = new Map<string, Promise<Menu>>();

  /** The menu, read once at a time per location: main.ts may have asked for it before the page. */
  function loadMenu(locationId: string): Promise<Menu> {
    let pending = loading.get(locationId);
    if (!pending) {
      pending = unwrap(api.GET("/api/v1/locations/{location_id}/menu/", { params: { path: { location_id: locationId } } }))
        .then((menu) => {
          menus.value = { ...menus.value, [locationId]: menu };
          return menu;
        })
        .finally(() => loading.delete(locationId));
      loading.set(locationId, pending);
    }
    return pending;
  }

  function location(id: string | null | undefined): LocationSummary | undefined {
    if (!id) return undefined;
    return menus.value[id]?.location ?? locations.value?.find((l) => l.id === id);
  }

  return { locations, menus, loadLocations, loadMenu, location };
});
