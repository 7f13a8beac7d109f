// Who is impersonating whom on this brand host (after a platform admin's hand-over), for the
// banner on every page. Kept in this tab's sessionStorage with the token's end; the token itself
// stays in memory (src/api/client.ts), so a reload ends the impersonation and the banner with it.
import { ref } from "vue";

export type Impersonation = { admin: string; owner: string; until: string };

const KEY = "brigade.impersonation";
export const impersonation = ref<Impersonation | null>(read());

function read(): Impersonation | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Impersonation | null;
    return value && new Date(value.until) > new Date() ? value : null;
  } catch {
    return null;
  }
}

export function startImpersonation(value: Impersonation): void {
  sessionStorage.setItem(KEY, JSON.stringify(value));
  impersonation.value = value;
}

export function endImpersonation(): void {
  sessionStorage.removeItem(KEY);
  impersonation.value = null;
}
