// The brand of this host, read once before the app mounts (main.ts). `null` on the platform host.
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { api, type Schemas } from "@/api/client";
import { ApiError, unwrap } from "@/api/errors";

export type Brand = Schemas["Brand"];

/**
 * Reads /api/v1/brand/. A brand host answers 200; the platform host has no such path and answers
 * 404 (docs/decisions.md, "Front end"): that 404 is how the app knows which area to start.
 */
export async function fetchBrand(): Promise<Brand | null> {
  try {
    return await unwrap(api.GET("/api/v1/brand/"));
  } catch (exc) {
    if (exc instanceof ApiError && exc.status === 404) return null;
    throw exc;
  }
}

export const useBrandStore = defineStore("brand", () => {
  const brand = ref<Brand | null>(null);
  const acceptsOrders = computed(() => brand.value?.accepts_orders ?? false);
  const currency = computed(() => brand.value?.currency ?? "EUR");
  const timezone = computed(() => brand.value?.timezone ?? "UTC");
  return { brand, acceptsOrders, currency, timezone };
});
