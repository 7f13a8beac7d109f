// Who is signed in on this host. Tokens are the API client's business (src/api/client.ts); this
// store holds the user and the three moves: register, sign in, sign out.
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { api, onSessionExpired, refreshAccess, tokens, type Schemas } from "@/api/client";
import { unwrap } from "@/api/errors";

export type User = Schemas["User"];

export const useAuthStore = defineStore("auth", () => {
  const user = ref<User | null>(null);
  const signedIn = computed(() => user.value !== null);
  /** Set by main.ts: where a person goes when their session can no longer be refreshed. */
  let toSignIn: () => void = () => {};

  function accept(pair: Schemas["TokenPair"]): User {
    tokens.set(pair);
    user.value = pair.user;
    return pair.user;
  }

  async function signIn(email: string, password: string): Promise<User> {
    return accept(await unwrap(api.POST("/api/v1/auth/login/", { body: { email, password } })));
  }

  async function register(email: string, password: string, name: string): Promise<User> {
    return accept(await unwrap(api.POST("/api/v1/auth/register/", { body: { email, password, name } })));
  }

  async function signOut(): Promise<void> {
    const refresh = tokens.refresh;
    if (refresh) await api.POST("/api/v1/auth/logout/", { body: { refresh } }).catch(() => undefined);
    tokens.clear();
    user.value = null;
  }

  /** After a reload: the refresh token of this tab, if any, buys a new access token. */
  async function restore(): Promise<void> {
    if (!tokens.refresh || !(await refreshAccess())) return;
    user.value = await unwrap(api.GET("/api/v1/auth/user/")).catch(() => null);
  }

  function whenExpired(handler: () => void): void {
    toSignIn = handler;
  }

  onSessionExpired(() => {
    user.value = null;
    toSignIn();
  });

  return { user, signedIn, signIn, register, signOut, restore, whenExpired };
});
