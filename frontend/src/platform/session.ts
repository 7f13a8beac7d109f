// The platform admin signed in on the platform host. Tokens are the API client's (memory and this
// tab's sessionStorage, src/api/client.ts); this store holds who it is and the three moves.
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { platformApi, refreshAccess, tokens } from "@/api/client";
import { unwrap } from "@/api/errors";
import type { PlatformSchemas } from "./schemas";

export const useAdminSession = defineStore("platform-admin", () => {
  const user = ref<PlatformSchemas["User"] | null>(null);
  const signedIn = computed(() => user.value !== null);
  let restored: Promise<void> | null = null;

  async function signIn(email: string, password: string): Promise<void> {
    const pair = await unwrap(platformApi.POST("/api/v1/auth/login/", { body: { email, password } }));
    tokens.set(pair);
    user.value = pair.user;
  }

  async function signOut(): Promise<void> {
    const refresh = tokens.refresh;
    if (refresh) await platformApi.POST("/api/v1/auth/logout/", { body: { refresh } }).catch(() => undefined);
    tokens.clear();
    user.value = null;
  }

  /** After a reload: this tab's refresh token, if any, buys a new access token (once per load). */
  function restore(): Promise<void> {
    restored ??= (async () => {
      if (user.value || !tokens.refresh || !(await refreshAccess())) return;
      user.value = await unwrap(platformApi.GET("/api/v1/auth/user/")).catch(() => null);
    })();
    return restored;
  }

  return { user, signedIn, signIn, signOut, restore };
});
