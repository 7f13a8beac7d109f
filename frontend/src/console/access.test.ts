import { describe, expect, it } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import { guard } from "./access";
import { consoleRoutes } from "./routes";

const router = createRouter({
  history: createMemoryHistory(),
  routes: [
    ...consoleRoutes,
    // As the board adds its pages: the kitchen's board, the couriers' deliveries.
    { path: "/manage/board", name: "console-board", component: {}, meta: { roles: ["owner", "manager", "kitchen"] } },
    { path: "/", name: "locations", component: {} },
  ],
});
const at = (path: string) => router.resolve(path);
const as = (role: "owner" | "manager" | "kitchen" | "courier" | "customer") => ({ role });

describe("the console's route guard", () => {
  it("sends a signed-out visitor to the staff sign-in and back to the page afterwards", () => {
    expect(guard(at("/manage/"), null)).toEqual({ name: "console-signin", query: { next: "/manage/" } });
    expect(guard(at("/manage/board?x=1"), null)).toEqual({ name: "console-signin", query: { next: "/manage/board?x=1" } });
  });

  it("lets anyone open the sign-in page and leaves the storefront alone", () => {
    expect(guard(at("/manage/signin"), null)).toBe(true);
    expect(guard(at("/"), null)).toBe(true);
  });

  it("tells a customer account on the sign-in page that it has no access", () => {
    expect(guard(at("/manage/"), as("customer"))).toEqual({ name: "console-signin", query: { next: "/manage/", denied: "1" } });
  });

  it("opens the back office for owners and managers", () => {
    expect(guard(at("/manage/"), as("owner"))).toBe(true);
    expect(guard(at("/manage/"), as("manager"))).toBe(true);
  });

  it("starts the kitchen on the board and couriers on their deliveries instead of the back office", () => {
    expect(guard(at("/manage/"), as("kitchen"))).toBe("/manage/board");
    expect(guard(at("/manage/"), as("courier"))).toBe("/manage/courier");
  });

  it("refuses a page whose roles leave the person out", () => {
    expect(guard(at("/manage/board"), as("courier"))).toEqual({ name: "console-forbidden", query: { from: "/manage/board" } });
    expect(guard(at("/manage/board"), as("kitchen"))).toBe(true);
  });

  it("shows any staff member the not-found and forbidden pages", () => {
    expect(guard(at("/manage/no-such-page"), as("courier"))).toBe(true);
    expect(guard(at("/manage/forbidden"), as("kitchen"))).toBe(true);
  });
});
