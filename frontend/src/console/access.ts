// Who may open which console page. Each route under /manage names its roles in `meta.roles`; the
// guard and the navigation read that one list (the API refuses the same people on its own side).
import type { RouteLocationRaw, RouteMeta, RouteRecordNameGeneric } from "vue-router";
import type { Schemas } from "@/api/client";

export type Role = Schemas["UserRoleEnum"];
export const STAFF_ROLES = ["owner", "manager", "kitchen", "courier"] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];
export const BACK_OFFICE: StaffRole[] = ["owner", "manager"];
export const OWNER: StaffRole[] = ["owner"];

declare module "vue-router" {
  interface RouteMeta {
    /** Console pages: the staff roles that may open it (none: any staff member). */
    roles?: readonly StaffRole[];
    /** Console pages outside the layout's sign-in requirement (the sign-in page itself). */
    public?: boolean;
  }
}

export function isStaff(role: Role | undefined | null): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role ?? "");
}

/** May a person of `role` open a route with these `roles`? */
export function allowed(roles: readonly StaffRole[] | undefined, role: Role | undefined | null): boolean {
  return isStaff(role) && (!roles || roles.includes(role));
}

/** Where a staff member starts: the back office for owners and managers, the board or the deliveries for the others. */
export function homeFor(role: StaffRole): RouteLocationRaw {
  if (role === "kitchen") return "/manage/board";
  if (role === "courier") return "/manage/courier";
  return { name: "console-checklist" };
}

/**
 * The console's route guard: signed out → the staff sign-in (and back afterwards); a customer
 * account → the sign-in page saying it has no access; a staff member on a page not for their role
 * → their own start page if they asked for the console's start, else the "not for your role" page.
 */
type Target = { path: string; fullPath: string; name?: RouteRecordNameGeneric | null; meta: RouteMeta; matched: { meta: RouteMeta }[] };

export function guard(to: Target, user: { role: Role } | null): true | RouteLocationRaw {
  if (!to.path.startsWith("/manage") || to.meta.public) return true;
  if (!user) return { name: "console-signin", query: { next: to.fullPath } };
  if (!isStaff(user.role)) return { name: "console-signin", query: { next: to.fullPath, denied: "1" } };
  const roles = to.matched.reduce<readonly StaffRole[] | undefined>((found, record) => record.meta.roles ?? found, undefined);
  if (allowed(roles, user.role)) return true;
  if (to.name === "console-checklist") return homeFor(user.role);
  return { name: "console-forbidden", query: { from: to.fullPath } };
}
