// The one API client. Types come from the generated OpenAPI files (never written by hand):
// `api` for a brand host's document, `platformApi` for the platform host's.
//
// Auth lives here and nowhere else: the access token is kept in memory only, the refresh token in
// sessionStorage (this tab, this host); a 401 on an authenticated request refreshes once and
// replays the request, and a failed refresh signs the person out (onSessionExpired).
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths as BrandPaths } from "./generated/brand";
import type { paths as PlatformPaths } from "./generated/platform";
import { i18n } from "@/i18n";

export type Schemas = components["schemas"];

const REFRESH_KEY = "brigade.refresh";
const REFRESH_PATH = "/api/v1/auth/token/refresh/";

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
let expiredHandler: () => void = () => {};
const fetchImpl = (input: Request) => globalThis.fetch(input);

export const tokens = {
  get access(): string | null {
    return accessToken;
  },
  get refresh(): string | null {
    return sessionStorage.getItem(REFRESH_KEY);
  },
  set(pair: { access: string; refresh?: string }): void {
    accessToken = pair.access;
    if (pair.refresh) sessionStorage.setItem(REFRESH_KEY, pair.refresh);
  },
  clear(): void {
    accessToken = null;
    sessionStorage.removeItem(REFRESH_KEY);
  },
};

/** Called when a refresh fails: the auth store clears itself and sends the person to sign-in. */
export function onSessionExpired(handler: () => void): void {
  expiredHandler = handler;
}

/** Exchanges the refresh token for a new access token; concurrent 401s share one exchange. */
export function refreshAccess(): Promise<boolean> {
  const refresh = tokens.refresh;
  if (!refresh) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const response = await globalThis.fetch(REFRESH_PATH, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ refresh }),
      });
      if (!response.ok) return false;
      const body = (await response.json()) as { access: string; refresh?: string };
      tokens.set(body);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

const copies = new Map<string, Request>();

const auth: Middleware = {
  onRequest({ request, id }) {
    request.headers.set("Accept", "application/json");
    request.headers.set("Accept-Language", i18n.global.locale.value); // the server's own messages, in the page's language
    if (accessToken) {
      request.headers.set("Authorization", `Bearer ${accessToken}`);
      copies.set(id, request.clone()); // the body is consumed by fetch; a replay needs its own
    }
    return request;
  },
  async onResponse({ response, id }) {
    const copy = copies.get(id);
    copies.delete(id);
    if (response.status !== 401 || !copy) return undefined;
    if (!(await refreshAccess())) {
      tokens.clear();
      expiredHandler();
      return undefined;
    }
    copy.headers.set("Authorization", `Bearer ${accessToken}`);
    return fetchImpl(copy);
  },
  onError({ id }) {
    copies.delete(id);
  },
};

// fetch is looked up on each call, not captured once, so tests and polyfills can replace it.
export const api = createClient<BrandPaths>({ baseUrl: "", fetch: fetchImpl });
api.use(auth);

export const platformApi = createClient<PlatformPaths>({ baseUrl: "", fetch: fetchImpl });
platformApi.use(auth);
