// The brand host's side of the hand-over (docs/decisions.md, "Platform site and console"): the
// platform sends the browser to /manage/#handover=<code>; the code is taken out of the URL (and
// its history entry) before anything else runs, then exchanged by a POST for this host's tokens.
import { api, tokens } from "@/api/client";
import { unwrap } from "@/api/errors";
import { useAuthStore } from "@/stores/auth";
import { endImpersonation, startImpersonation } from "@/ui/impersonation";

const PATTERN = /(?:^#|&)handover=([^&]+)/;

/** The code in the current URL's fragment, removed from the address bar and history; or null. */
export function takeHandoverCode(): string | null {
  const match = PATTERN.exec(window.location.hash);
  if (!match) return null;
  history.replaceState(history.state, "", window.location.pathname + window.location.search);
  return decodeURIComponent(match[1]!);
}

/** Signs the code's person in on this host. Throws ApiError (`handover_invalid`) when refused. */
export async function handOver(code: string): Promise<void> {
  const result = await unwrap(api.POST("/api/v1/auth/handover/", { body: { code } }));
  tokens.clear();
  tokens.set({ access: result.access, refresh: result.refresh ?? undefined });
  useAuthStore().user = result.user;
  if (result.impersonated_by) {
    startImpersonation({ admin: result.impersonated_by, owner: result.user.email, until: result.access_expires_at });
  } else {
    endImpersonation();
  }
}
