// The brand of this host, read once before the app mounts (main.ts). `null` on the platform host.
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { api, type Schemas } from "@/api/client";
import { ApiError, unwrap } from "@/api/errors";

export type Brand = Schemas["Brand"];

/**
 * The brand of this host. The server writes the brand endpoint's body into index.html
 * (`<script id="brand" type="application/json">`, docs/frontend-contract.md), so a brand host
 * needs no request before its first paint. Without it (the platform host, or Vite's dev server)
 * the app asks /api/v1/brand/: a brand host answers 200, the platform host has no such path and
 * answers 404 — that is how the app knows which area to start.
 */
export async function fetchBrand(): Promise<Brand | null> {
  const injected = document.getElementById("brand");
  if (injected?.textContent) {
    try {
      return JSON.parse(injected.textContent) as Brand;
    } catch {
      /* a broken element: ask the endpoint */
    }
  }
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
