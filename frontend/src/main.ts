// Boot: read the brand, paint its theme, then mount. Nothing of the page is shown before the
// brand's colours, font, title and favicon are in place, so no customer sees a flash of another
// look (docs/decisions.md, "Front end").
import { createPinia } from "pinia";
import { createApp } from "vue";
import App from "./App.vue";
import { i18n, localeFor, setLocale } from "./i18n";
import { makeRouter } from "./router";
import { useAuthStore } from "./stores/auth";
import { fetchBrand, useBrandStore } from "./stores/brand";
import { useCatalogStore } from "./stores/catalog";
import { applyBrand } from "./ui/theme";
import { loadFont } from "./ui/fonts";
import "./style.css";

async function boot(): Promise<void> {
  const app = createApp(App);
  const pinia = createPinia();
  app.use(pinia).use(i18n);
  let brand;
  try {
    brand = await fetchBrand();
  } catch {
    document.getElementById("app")!.textContent = "This page cannot reach its server. Please try again in a moment.";
    return;
  }
  if (brand) {
    // A menu page asks for its menu now, while the font and the page's chunks load, not after.
    const menuPath = /^\/l\/([^/]+)\/?$/.exec(window.location.pathname);
    if (menuPath?.[1]) void useCatalogStore(pinia).loadMenu(decodeURIComponent(menuPath[1])).catch(() => undefined);
    applyBrand(brand, await loadFont(brand.font, brand.font_family));
    useBrandStore(pinia).brand = brand;
  }
  setLocale(localeFor(brand?.locale));
  const router = makeRouter(brand ? "brand" : "platform");
  if (brand) {
    const auth = useAuthStore(pinia);
    auth.whenExpired(() => {
      const here = router.currentRoute.value;
      void router.push({ name: here.path.startsWith("/manage") ? "console-signin" : "signin", query: { next: here.fullPath } });
    });
    await auth.restore();
    router.beforeEach((to) => (to.meta.signedIn && !auth.signedIn ? { name: "signin", query: { next: to.fullPath } } : true));
  }
  app.use(router);
  await router.isReady();
  app.mount("#app");
}

void boot();
