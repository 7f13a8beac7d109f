import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/api/errors";
import { fakeServer, json } from "@/test/fake-server";
import { useBrandStore, type Brand } from "./brand";
import { QUOTE_DEBOUNCE_MS, cartKey, useCartStore } from "./cart";

const LOCATION = "11111111-1111-4111-8111-111111111111";
const BURGER = "22222222-2222-4222-8222-222222222222";

function brand(slug: string): Brand {
  return { name: slug, slug, logo_url: null, colors: { primary: "#000000", accent: "#000000", background: "#ffffff", text: "#000000" }, font: "system", font_family: "system-ui", hero_text: "", locale: "en", currency: "EUR", timezone: "Europe/Berlin", status: "active", accepts_orders: true, realtime_url: "ws://x/ws/" };
}

function freshCart(slug = "burger") {
  setActivePinia(createPinia());
  useBrandStore().brand = brand(slug);
  return useCartStore();
}

const line = { item: BURGER, name: "Classic", quantity: 1, modifiers: ["m-medium"], summary: ["Medium"], note: "", unitCents: 950 };

function quoteFor(body: { items: { quantity: number }[] }) {
  const subtotal = body.items.reduce((n, i) => n + i.quantity * 950, 0);
  return { location: LOCATION, fulfillment: "pickup", lines: [], delivery_zone: null, promo_code: "", scheduled_for: null, estimated_ready_at: "2026-12-04T12:00:00Z",
    totals: { currency: "EUR", prices_include_tax: true, subtotal_cents: subtotal, discount_cents: 0, tax_cents: 0, delivery_fee_cents: 0, tip_cents: 0, total_cents: subtotal } };
}

describe("the cart", () => {
  let fake: ReturnType<typeof fakeServer>;
  let orderAnswer: () => Response;
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
    orderAnswer = () => json(201, { id: "o1", number: 7 });
    fake = fakeServer({
      "POST /api/v1/orders/quote/": async (r) => json(200, quoteFor(await r.json())),
      "POST /api/v1/orders/": () => orderAnswer(),
    });
    vi.stubGlobal("fetch", fake.fetch);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  async function settle() {
    await vi.advanceTimersByTimeAsync(QUOTE_DEBOUNCE_MS + 10);
    await vi.runAllTimersAsync();
  }

  it("survives a reload of the same brand's page", async () => {
    freshCart().add(LOCATION, line);
    await settle();
    const again = freshCart();
    expect(again.state.lines.map((l) => l.name)).toEqual(["Classic"]);
    expect(again.count).toBe(1);
  });

  it("is kept per brand: another brand never sees it", async () => {
    freshCart("burger").add(LOCATION, line);
    await settle();
    expect(freshCart("sushi").state.lines).toEqual([]);
    expect(localStorage.getItem(cartKey("sushi"))).toBeNull();
  });

  it("asks the server for a quote after each change and shows the server's total", async () => {
    const cart = freshCart();
    cart.add(LOCATION, line);
    await settle();
    expect(cart.quote?.totals.total_cents).toBe(950);
    cart.setQuantity(cart.state.lines[0]!.uid, 3);
    await settle();
    expect(cart.quote?.totals.total_cents).toBe(2850);
    expect(fake.count("POST", "/api/v1/orders/quote/")).toBe(2);
  });

  it("prices a burst of taps once, with the last state", async () => {
    const cart = freshCart();
    cart.add(LOCATION, line);
    for (const q of [2, 3, 4]) cart.setQuantity(cart.state.lines[0]!.uid, q);
    await settle();
    expect(fake.count("POST", "/api/v1/orders/quote/")).toBe(1);
    expect(cart.quote?.totals.subtotal_cents).toBe(3800);
  });

  it("shows the server's refusal of a promo code on the promo field", async () => {
    fake = fakeServer({
      "POST /api/v1/orders/quote/": () => json(400, { type: "validation_error", code: "promo_code_invalid", detail: "This code is not valid.", fields: { promo_code: ["This code has expired."] } }),
    });
    vi.stubGlobal("fetch", fake.fetch);
    const cart = freshCart();
    cart.add(LOCATION, line);
    cart.state.promoCode = "OLD";
    await settle();
    expect(cart.quoteError?.field("promo_code")).toBe("This code has expired.");
  });

  it("sends the same Idempotency-Key when an attempt is retried after a network failure", async () => {
    const cart = freshCart();
    cart.add(LOCATION, line);
    await settle();
    let first = true;
    vi.stubGlobal("fetch", async (input: Request) => {
      if (first && new URL(input.url).pathname === "/api/v1/orders/") {
        first = false;
        await fake.fetch(input);
        throw new TypeError("Failed to fetch");
      }
      return fake.fetch(input);
    });
    await expect(cart.placeOrder({ payment_method: "cash" })).rejects.toMatchObject({ code: "network_error" });
    expect(cart.state.lines).toHaveLength(1);
    await cart.placeOrder({ payment_method: "cash" });
    const keys = fake.calls.filter((c) => c.path === "/api/v1/orders/").map((c) => c.headers.get("Idempotency-Key"));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    expect(cart.state.lines).toEqual([]);
  });

  it("keeps the cart after a declined card and starts a new attempt with a new key", async () => {
    const cart = freshCart();
    cart.add(LOCATION, line);
    await settle();
    orderAnswer = () => json(402, { type: "client_error", code: "payment_declined", detail: "The card was declined.", fields: {} });
    const declined = await cart.placeOrder({ payment_method: "card", card_token: "tok_declined" }).catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(ApiError);
    expect((declined as ApiError).code).toBe("payment_declined");
    expect(cart.state.lines).toHaveLength(1);
    orderAnswer = () => json(201, { id: "o2", number: 8 });
    await cart.placeOrder({ payment_method: "card", card_token: "tok_visa" });
    const keys = fake.calls.filter((c) => c.path === "/api/v1/orders/").map((c) => c.headers.get("Idempotency-Key"));
    expect(keys[1]).not.toBe(keys[0]);
  });

  it("starts a new attempt when the cart changes between two tries", async () => {
    const cart = freshCart();
    cart.add(LOCATION, line);
    await settle();
    const before = cart.attemptKey();
    cart.setQuantity(cart.state.lines[0]!.uid, 2);
    await settle();
    expect(cart.attemptKey()).not.toBe(before);
  });
});
