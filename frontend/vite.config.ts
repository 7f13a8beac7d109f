/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

// `npm run dev` proxies the API to `make run`'s Django; open http://burger.localhost:5173/ so the
// Host names the brand (the proxy keeps it: changeOrigin false).
const backend = process.env.BRIGADE_BACKEND ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [vue(), tailwindcss()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  server: {
    proxy: { "/api": { target: backend }, "/media": { target: backend } },
  },
  build: {
    // Hashed file names under assets/: served with a year's cache, index.html never cached.
    assetsDir: "assets",
    sourcemap: false,
    manifest: true, // dist/.vite/manifest.json: which chunks a route loads (bench/frontend.py)
  },
  test: {
    environment: "happy-dom",
    // A brand host as the page's origin, so relative API paths resolve as in the browser.
    environmentOptions: { happyDOM: { url: "http://burger.localhost/" } },
    include: ["src/**/*.test.ts"],
  },
});
