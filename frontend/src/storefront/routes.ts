// The storefront's routes (brand host, `/`). Every page is a lazy chunk of this area.
import type { RouteRecordRaw } from "vue-router";

export const storefrontRoutes: RouteRecordRaw[] = [
  {
    path: "/",
    component: () => import("./StorefrontLayout.vue"),
    children: [
      { path: "", name: "locations", component: () => import("./pages/LocationsPage.vue") },
      { path: "l/:locationId", name: "menu", component: () => import("./pages/MenuPage.vue"), props: true },
      { path: ":rest(.*)*", name: "not-found", component: () => import("./pages/NotFoundPage.vue") },
    ],
  },
];
