// The staff console (brand host, `/manage`). A lazy chunk of its own: customers never load it.
import { ref } from "vue";
import type { RouteLocationNormalized, RouteRecordRaw } from "vue-router";
import { ApiError } from "@/api/errors";
import { handOver, takeHandoverCode } from "./handover";
import { useChecklistMessages } from "./messages";

/** Set when the last hand-over code was refused, for the page to say so. */
export const handoverError = ref(false);

async function handOverFirst(to: RouteLocationNormalized) {
  useChecklistMessages();
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

export const consoleRoutes: RouteRecordRaw[] = [
  { path: "/manage/", name: "console-checklist", component: () => import("./ChecklistPage.vue"), beforeEnter: handOverFirst },
  { path: "/manage/:rest(.*)*", name: "console", component: () => import("./ConsoleHome.vue") },
];
