// Search and the allergen / dietary filters of the menu page, on the menu tree as served.
import type { Schemas } from "@/api/client";

export type Allergen = Schemas["AllergensEnum"];
export type DietaryTag = Schemas["DietaryTagsEnum"];
type Menu = Schemas["TreeMenu"];

export interface MenuFilter {
  search: string;
  /** Items must carry every one of these tags. */
  dietary: DietaryTag[];
  /** Items must contain none of these allergens. */
  without: Allergen[];
}

function matches(item: Schemas["TreeItem"], filter: MenuFilter, words: string[]): boolean {
  const text = `${item.name} ${item.description ?? ""}`.toLowerCase();
  if (!words.every((word) => text.includes(word))) return false;
  if (!filter.dietary.every((tag) => item.dietary_tags?.includes(tag))) return false;
  return !filter.without.some((allergen) => item.allergens?.includes(allergen));
}

/** The menus with only the matching items, and without categories left empty. */
export function filterMenus(menus: Menu[], filter: MenuFilter): Menu[] {
  const words = filter.search.toLowerCase().split(/\s+/).filter(Boolean);
  return menus
    .map((menu) => ({
      ...menu,
      categories: menu.categories
        .map((category) => ({ ...category, items: category.items.filter((item) => matches(item, filter, words)) }))
        .filter((category) => category.items.length > 0),
    }))
    .filter((menu) => menu.categories.length > 0);
}
