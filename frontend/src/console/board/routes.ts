// The kitchen board and the courier view, full-screen pages of the console (lazy chunks) outside
// its layout. Who may open them is in `meta.roles`, which the console's guard reads (access.ts).
import type { RouteRecordRaw } from "vue-router";

export const boardRoutes: RouteRecordRaw[] = [
  { path: "/manage/board", name: "console-board", component: () => import("./BoardPage.vue"), props: { mode: "kitchen" },
    meta: { roles: ["owner", "manager", "kitchen"] } },
  { path: "/manage/courier", name: "console-courier", component: () => import("./BoardPage.vue"), props: { mode: "courier" },
    meta: { roles: ["owner", "manager", "courier"] } },
];
