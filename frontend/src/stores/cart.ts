// The cart of this brand, kept across reloads in localStorage under the brand's slug (each brand
// host is its own origin as well, so one brand's cart can never show on another's host). Prices
// shown are the server's: every change asks POST /orders/quote/ again; the lines' own prices are
// only the estimate the item dialog showed.
import { defineStore } from "pinia";
import { computed, ref, watch } from "vue";
import { api, type Schemas } from "@/api/client";
import { ApiError, unwrap } from "@/api/errors";
import { Attempt } from "@/api/idempotency";
import { useBrandStore } from "./brand";

export type Fulfillment = Schemas["OrderFulfillmentEnum"];
export type Address = Schemas["AddressRequest"];
export type Tip = Schemas["TipRequest"];

export interface CartLine {
  uid: string;
  item: string;
  name: string;
  quantity: number;
  /** Modifier ids, an id repeated once per unit (the API's form). */
  modifiers: string[];
  /** What the customer chose, for display: "Cheddar", "2 × Bacon". */
  summary: string[];
  note: string;
  /** The dialog's estimate of one unit, item and modifiers. */
  unitCents: number;
}

interface Saved {
  location: string | null;
  fulfillment: Fulfillment;
  lines: CartLine[];
  address: Address | null;
  savedAddressId: string | null;
  tip: Tip | null;
  promoCode: string;
  scheduledFor: string | null;
}

function empty(): Saved {
  return { location: null, fulfillment: "pickup", lines: [], address: null, savedAddressId: null, tip: null, promoCode: "", scheduledFor: null };
}
export const QUOTE_DEBOUNCE_MS = 150;

export function cartKey(slug: string): string {
  return `brigade.cart.${slug}`;
}

function load(slug: string): Saved {
  try {
    const raw = localStorage.getItem(cartKey(slug));
    return raw ? { ...empty(), ...(JSON.parse(raw) as Partial<Saved>) } : empty();
  } catch {
    return empty();
  }
}

export type CheckoutExtra = Pick<Schemas["CheckoutRequestRequest"], "payment_method" | "card_token" | "contact" | "note">;

export const useCartStore = defineStore("cart", () => {
  const slug = useBrandStore().brand?.slug ?? "platform";
  const state = ref<Saved>(load(slug));
  const quote = ref<Schemas["Quote"] | null>(null);
  const quoteError = ref<ApiError | null>(null);
  const quoting = ref(false);
  const attempt = new Attempt();
  let quoteSeq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const count = computed(() => state.value.lines.reduce((n, line) => n + line.quantity, 0));
  const estimateCents = computed(() => state.value.lines.reduce((n, line) => n + line.unitCents * line.quantity, 0));

  /** The body shared by the quote and the order. */
  const body = computed(() => {
    const s = state.value;
    const delivery = s.fulfillment === "delivery";
    return {
      location: s.location ?? "",
      fulfillment: s.fulfillment,
      items: s.lines.map((line) => ({ item: line.item, quantity: line.quantity, modifiers: line.modifiers, note: line.note })),
      delivery_address: delivery && !s.savedAddressId ? s.address : null,
      delivery_address_id: delivery ? s.savedAddressId : null,
      tip: s.tip,
      promo_code: s.promoCode,
      scheduled_for: s.scheduledFor,
    };
  });

  async function requote(): Promise<void> {
    const seq = ++quoteSeq;
    if (!state.value.location || !state.value.lines.length) {
      quote.value = null;
      quoteError.value = null;
      quoting.value = false;
      return;
    }
    quoting.value = true;
    try {
      const result = await unwrap(api.POST("/api/v1/orders/quote/", { body: body.value }));
      if (seq !== quoteSeq) return; // a newer change is being priced
      quote.value = result;
      quoteError.value = null;
    } catch (exc) {
      if (seq !== quoteSeq) return;
      quoteError.value = exc instanceof ApiError ? exc : new ApiError(0, null);
      quote.value = null;
    } finally {
      if (seq === quoteSeq) quoting.value = false;
    }
  }

  watch(
    () => JSON.stringify(state.value),
    (text) => {
      localStorage.setItem(cartKey(slug), text);
      attempt.settle(); // a changed cart is a new checkout attempt
      clearTimeout(timer);
      quoting.value = state.value.lines.length > 0;
      timer = setTimeout(() => void requote(), QUOTE_DEBOUNCE_MS);
    },
  );

  function add(location: string, line: Omit<CartLine, "uid">): void {
    if (state.value.location && state.value.location !== location) state.value.lines = [];
    state.value.location = location;
    state.value.lines.push({ ...line, uid: Math.random().toString(36).slice(2) });
  }

  function setQuantity(uid: string, quantity: number): void {
    const lines = state.value.lines;
    const index = lines.findIndex((line) => line.uid === uid);
    if (index < 0) return;
    if (quantity <= 0) lines.splice(index, 1);
    else lines[index]!.quantity = Math.min(quantity, 99);
  }

  function clear(): void {
    state.value = { ...empty(), location: state.value.location, fulfillment: state.value.fulfillment };
  }

  /**
   * Places the order. The same attempt (a double click, a retry after a network failure) sends the
   * same Idempotency-Key; the cart is emptied only when the order exists.
   */
  async function placeOrder(extra: CheckoutExtra): Promise<Schemas["Order"]> {
    const key = attempt.key();
    try {
      const order = await unwrap(
        api.POST("/api/v1/orders/", { body: { ...body.value, ...extra }, params: { header: { "Idempotency-Key": key } } }),
      );
      attempt.settle();
      clear();
      return order;
    } catch (exc) {
      // No answer, a 5xx, or the first request still running: the retry is the same attempt.
      const sameAttempt = exc instanceof ApiError && (exc.retryable || exc.code === "idempotency_in_progress");
      if (!sameAttempt) attempt.settle();
      throw exc;
    }
  }

  return { state, quote, quoteError, quoting, count, estimateCents, body, add, setQuantity, clear, requote, placeOrder, attemptKey: () => attempt.key() };
});
