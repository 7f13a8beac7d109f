// One router, two route tables: a brand host gets the storefront and the console, the platform
// host the platform area. Each area's pages are lazy chunks.
import { createRouter, createWebHistory } from "vue-router";
import { consoleRoutes, guardConsole } from "./console/routes";
import { platformRoutes } from "./platform/routes";
import { storefrontRoutes } from "./storefront/routes";

export function makeRouter(area: "brand" | "platform") {
  const router = createRouter({
    history: createWebHistory(),
    routes: area === "brand" ? [...consoleRoutes, ...storefrontRoutes] : platformRoutes,
    scrollBehavior: (to, _from, saved) => saved ?? (to.hash ? { el: to.hash, top: 80 } : { top: 0 }),
  });
  if (area === "brand") guardConsole(router);
  return router;
}
