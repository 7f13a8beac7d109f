// The offered plans, read once per page load and shared by the landing page and the wizard.
import { ref } from "vue";
import { platformApi } from "@/api/client";
import { unwrap } from "@/api/errors";
import type { PlatformSchemas } from "../schemas";

export type Plan = PlatformSchemas["Plan"];

const plans = ref<Plan[] | null>(null);
const failed = ref(false);
let loading: Promise<void> | null = null;

export function usePlans() {
  loading ??= unwrap(platformApi.GET("/api/v1/plans/"))
    .then((page) => {
      plans.value = page.results;
    })
    .catch(() => {
      failed.value = true;
      loading = null;
    });
  return { plans, failed };
}
