// The storefront's routes (brand host, `/`). Every page is a lazy chunk of this area.
import type { RouteRecordRaw } from "vue-router";

export const storefrontRoutes: RouteRecordRaw[] = [
  {
    path: "/",
    component: () => import("./StorefrontLayout.vue"),
    children: [
      { path: "", name: "locations", component: () => import("./pages/LocationsPage.vue") },
      { path: "l/:locationId", name: "menu", component: () => import("./pages/MenuPage.vue"), props: true },
      { path: "cart", name: "cart", component: () => import("./pages/CartPage.vue") },
      { path: "checkout", name: "checkout", component: () => import("./pages/CheckoutPage.vue") },
      { path: "orders/:orderId", name: "order", component: () => import("./pages/OrderPage.vue"), props: true, meta: { signedIn: true } },
      { path: "track/:token", name: "track", component: () => import("./pages/OrderPage.vue"), props: true },
      { path: "signin", name: "signin", component: () => import("./pages/SignInPage.vue") },
      { path: "register", name: "register", component: () => import("./pages/RegisterPage.vue") },
      { path: "reset-password", name: "reset-password", component: () => import("./pages/ResetPasswordPage.vue") },
      { path: "account", name: "account", component: () => import("./pages/AccountPage.vue"), meta: { signedIn: true } },
      { path: ":rest(.*)*", name: "not-found", component: () => import("./pages/NotFoundPage.vue") },
    ],
  },
];
