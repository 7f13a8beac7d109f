// The staff console (brand host, `/manage`). A lazy chunk of its own: customers never load it.
// Every page names who may open it in `meta.roles` (access.ts); the guard and the navigation read
// that one list. The kitchen board and the courier view (board/) add their own routes here.
import { ref } from "vue";
import type { RouteLocationNormalized, RouteRecordRaw, Router } from "vue-router";
import { ApiError } from "@/api/errors";
import { useAuthStore } from "@/stores/auth";
import { BACK_OFFICE, guard, OWNER } from "./access";
import { boardRoutes } from "./board/routes";
import { handOver, takeHandoverCode } from "./handover";
import { useChecklistMessages, useConsoleMessages } from "./messages";

/** Set when the last hand-over code was refused, for the page to say so. */
export const handoverError = ref(false);

/** A hand-over code in the fragment is exchanged first, then the code leaves the URL. */
async function handOverFirst(to: RouteLocationNormalized) {
  if (!/handover=/.test(to.hash)) return true;
  const code = takeHandoverCode();
  handoverError.value = false;
  if (code) {
    try {
      await handOver(code);
    } catch (exc) {
      if (!(exc instanceof ApiError)) throw exc;
      handoverError.value = true;
    }
  }
  return { path: to.path, query: to.query, hash: "", replace: true }; // the code never stays in the URL
}

/** The console's guards on the brand router: the hand-over, then who may open what (access.ts). */
export function guardConsole(router: Router): void {
  router.beforeEach(async (to) => {
    if (!to.path.startsWith("/manage")) return true;
    useConsoleMessages();
    useChecklistMessages();
    const handed = await handOverFirst(to);
    if (handed !== true) return handed;
    return guard(to, useAuthStore().user);
  });
}

export const consoleRoutes: RouteRecordRaw[] = [
  { path: "/manage/signin", name: "console-signin", component: () => import("./SignInPage.vue"), meta: { public: true } },
  ...boardRoutes, // full-screen pages, outside the layout
  {
    path: "/manage",
    component: () => import("./ConsoleLayout.vue"),
    children: [
      { path: "", name: "console-checklist", component: () => import("./ChecklistPage.vue"), meta: { roles: BACK_OFFICE } },
      { path: "orders", name: "console-orders", component: () => import("./orders/OrdersPage.vue"), meta: { roles: BACK_OFFICE } },
      { path: "orders/:orderId", name: "console-order", component: () => import("./orders/OrderPage.vue"), props: true, meta: { roles: BACK_OFFICE } },
      { path: "menu", name: "console-menu", component: () => import("./menu/MenuEditorPage.vue"), meta: { roles: BACK_OFFICE } },
      { path: "locations", name: "console-locations", component: () => import("./locations/LocationsPage.vue"), meta: { roles: BACK_OFFICE } },
      { path: "settings", name: "console-settings", component: () => import("./settings/SettingsPage.vue"), meta: { roles: BACK_OFFICE } },
      { path: "staff", name: "console-staff", component: () => import("./staff/StaffPage.vue"), meta: { roles: OWNER } },
      { path: "domains", name: "console-domains", component: () => import("./account/DomainsPage.vue"), meta: { roles: OWNER } },
      { path: "billing", name: "console-billing", component: () => import("./account/BillingPage.vue"), meta: { roles: OWNER } },
      { path: "reports", name: "console-reports", component: () => import("./reports/ReportsPage.vue"), meta: { roles: BACK_OFFICE } },
      { path: "developer", name: "console-developer", component: () => import("./developer/DeveloperPage.vue"), meta: { roles: OWNER } },
      { path: "forbidden", name: "console-forbidden", component: () => import("./ForbiddenPage.vue") },
      { path: ":rest(.*)*", name: "console-not-found", component: () => import("./NotFoundPage.vue") },
    ],
  },
];

/** The console's navigation, in order; an entry shows when its route exists and the role may open it. */
export const consoleNav = [
  { to: "/manage/", key: "start" },
  { to: "/manage/orders", key: "orders" },
  { to: "/manage/board", key: "board" },
  { to: "/manage/courier", key: "courier" },
  { to: "/manage/menu", key: "menu" },
  { to: "/manage/locations", key: "locations" },
  { to: "/manage/settings", key: "settings" },
  { to: "/manage/staff", key: "staff" },
  { to: "/manage/domains", key: "domains" },
  { to: "/manage/billing", key: "billing" },
  { to: "/manage/reports", key: "reports" },
  { to: "/manage/developer", key: "developer" },
] as const;
