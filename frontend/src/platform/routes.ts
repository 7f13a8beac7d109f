// The platform host: the public site (landing, sign-up, "sign in to my brand") and, under
// /console, the platform admins' console. Each page is a lazy chunk; the console needs a sign-in.
import type { RouteRecordRaw } from "vue-router";
import { useSiteMessages } from "./messages";
import { useAdminSession } from "./session";

useSiteMessages();

async function adminOnly(to: { fullPath: string }) {
  const session = useAdminSession();
  await session.restore();
  return session.signedIn ? true : { name: "admin-login", query: { next: to.fullPath } };
}

export const platformRoutes: RouteRecordRaw[] = [
  {
    path: "/",
    component: () => import("./site/SiteLayout.vue"),
    children: [
      { path: "", name: "landing", component: () => import("./site/LandingPage.vue") },
      { path: "signup", name: "signup", component: () => import("./site/SignupWizard.vue") },
      { path: "signin", name: "signin-links", component: () => import("./site/SigninLinksPage.vue") },
      // The platform admins' reset link (the same page as on brand hosts, against this host's API).
      { path: "reset-password", name: "reset-password", component: () => import("@/storefront/pages/ResetPasswordPage.vue"),
        props: { platform: true } },
    ],
  },
  { path: "/console/login", name: "admin-login", component: () => import("./console/LoginPage.vue") },
  {
    path: "/console",
    component: () => import("./console/ConsoleLayout.vue"),
    beforeEnter: adminOnly,
    children: [
      { path: "", name: "admin-overview", component: () => import("./console/OverviewPage.vue") },
      { path: "tenants", name: "admin-tenants", component: () => import("./console/TenantsPage.vue") },
      { path: "tenants/:slug", name: "admin-tenant", component: () => import("./console/TenantPage.vue"), props: true },
      { path: "invoices", name: "admin-invoices", component: () => import("./console/InvoicesPage.vue") },
      { path: "audit", name: "admin-audit", component: () => import("./console/AuditPage.vue") },
    ],
  },
  { path: "/:rest(.*)*", redirect: { name: "landing" } },
];
