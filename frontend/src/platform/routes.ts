// The platform site and console (platform host). A lazy chunk of its own.
import type { RouteRecordRaw } from "vue-router";

export const platformRoutes: RouteRecordRaw[] = [
  { path: "/:rest(.*)*", name: "platform", component: () => import("./PlatformHome.vue") },
];
