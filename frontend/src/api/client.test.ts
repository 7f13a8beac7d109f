import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api, onSessionExpired, tokens } from "./client";
import { ApiError, unwrap } from "./errors";
import { fakeServer, json } from "@/test/fake-server";
import { setLocale } from "@/i18n";

const USER = { id: "u1", email: "ada@example.com", name: "Ada", role: "customer" };
const unauthenticated = { type: "client_error", code: "not_authenticated", detail: "Sign in again.", fields: {} };

function server() {
  return fakeServer({
    "GET /api/v1/auth/user/": (r) => (r.headers.get("Authorization") === "Bearer fresh" ? json(200, USER) : json(401, unauthenticated)),
    "POST /api/v1/auth/token/refresh/": async (r) => {
      const { refresh } = (await r.json()) as { refresh: string };
      return refresh === "good-refresh" ? json(200, { access: "fresh", refresh: "rotated" }) : json(401, unauthenticated);
    },
    "POST /api/v1/auth/login/": () => json(400, { type: "validation_error", code: "invalid_input", detail: "Check the fields.", fields: { email: ["Enter a valid e-mail address."] } }),
  });
}

describe("the API client's auth", () => {
  let fake: ReturnType<typeof server>;
  beforeEach(() => {
    fake = server();
    vi.stubGlobal("fetch", fake.fetch);
    sessionStorage.clear();
    tokens.clear();
  });
  afterEach(() => vi.unstubAllGlobals());

  it("refreshes an expired access token once and replays the request", async () => {
    tokens.set({ access: "expired", refresh: "good-refresh" });
    const user = await unwrap(api.GET("/api/v1/auth/user/"));
    expect(user.email).toBe("ada@example.com");
    expect(fake.count("POST", "/api/v1/auth/token/refresh/")).toBe(1);
    expect(tokens.access).toBe("fresh");
    expect(tokens.refresh).toBe("rotated");
  });

  it("shares one refresh between requests that fail together", async () => {
    tokens.set({ access: "expired", refresh: "good-refresh" });
    const users = await Promise.all([1, 2, 3].map(() => unwrap(api.GET("/api/v1/auth/user/"))));
    expect(users.map((u) => u.id)).toEqual(["u1", "u1", "u1"]);
    expect(fake.count("POST", "/api/v1/auth/token/refresh/")).toBe(1);
  });

  it("signs the person out when the refresh is refused, without a second try", async () => {
    const expired = vi.fn();
    onSessionExpired(expired);
    tokens.set({ access: "expired", refresh: "revoked" });
    await expect(unwrap(api.GET("/api/v1/auth/user/"))).rejects.toMatchObject({ status: 401, code: "not_authenticated" });
    expect(expired).toHaveBeenCalledTimes(1);
    expect(fake.count("POST", "/api/v1/auth/token/refresh/")).toBe(1);
    expect(tokens.access).toBeNull();
    expect(sessionStorage.getItem("brigade.refresh")).toBeNull();
  });

  it("does not try to refresh a guest's 401", async () => {
    await expect(unwrap(api.GET("/api/v1/auth/user/"))).rejects.toBeInstanceOf(ApiError);
    expect(fake.count("POST", "/api/v1/auth/token/refresh/")).toBe(0);
  });

  it("keeps the access token out of storage and the refresh token in this tab's session only", () => {
    tokens.set({ access: "secret-access", refresh: "good-refresh" });
    expect(JSON.stringify({ ...localStorage })).not.toContain("secret-access");
    expect(JSON.stringify({ ...sessionStorage })).not.toContain("secret-access");
    expect(sessionStorage.getItem("brigade.refresh")).toBe("good-refresh");
  });

  it("maps the error body's fields onto form fields", async () => {
    const error = await unwrap(api.POST("/api/v1/auth/login/", { body: { email: "x", password: "y" } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).field("email")).toBe("Enter a valid e-mail address.");
    expect((error as ApiError).code).toBe("invalid_input");
  });

  it("turns a network failure into a retryable ApiError", async () => {
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));
    const error = (await unwrap(api.GET("/api/v1/brand/")).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("network_error");
    expect(error.retryable).toBe(true);
  });
});

describe("an error on a page in another language", () => {
  afterEach(() => {
    setLocale("en");
    vi.unstubAllGlobals();
  });

  it("is worded by its code, on the form and on the field that repeats it, and the page's language is sent", async () => {
    const outside = "The address is outside the delivery area.";
    const fake = fakeServer({
      "POST /api/v1/orders/quote/": () => json(422, { type: "client_error", code: "outside_delivery_zone", detail: outside,
                                                      fields: { delivery_address: [outside] } }),
    });
    vi.stubGlobal("fetch", fake.fetch);
    setLocale("de");
    const error = (await unwrap(api.POST("/api/v1/orders/quote/", { body: {} as never })).catch((exc: unknown) => exc)) as ApiError;
    expect(error.message).toBe("Die Adresse liegt außerhalb des Liefergebiets.");
    expect(error.field("delivery_address")).toBe("Die Adresse liegt außerhalb des Liefergebiets.");
    expect(fake.calls[0]!.headers.get("Accept-Language")).toBe("de");
  });

  it("keeps the server's own words in English, and where no wording exists for its code", () => {
    expect(new ApiError(409, { code: "slot_full", detail: "Slot 18:00 is full.", fields: {} }).message).toBe("Slot 18:00 is full.");
    setLocale("it");
    expect(new ApiError(409, { code: "something_new", detail: "A new rule.", fields: {} }).message).toBe("A new rule.");
  });
});
