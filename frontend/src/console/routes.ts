// The staff console (brand host, `/manage`). A lazy chunk of its own: customers never load it.
import type { RouteRecordRaw } from "vue-router";

export const consoleRoutes: RouteRecordRaw[] = [
  { path: "/manage/:rest(.*)*", name: "console", component: () => import("./ConsoleHome.vue") },
];
