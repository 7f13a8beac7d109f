// The kitchen board of one location: its open orders as cards, and the moves staff make on them.
//
// Fed by the kitchen stream (`/ws/kitchen/<location>/`, tenant_apps/realtime): a snapshot replaces
// everything; each event carries the order as it is now, so applying it is "take the order";
// an event at or below the seq the card already has is a replay of something applied (dropped).
// Cards of a column are ordered by the seq of the event that put them there (first come, first
// cooked); the snapshot's cards, which came before any seq the board saw, by their time.
//
// Moves (accept, bump, reject, ...) go through `transport` (the socket, set by the page). Each
// move is queued first; it is sent at once when the socket is live, else when it is live again,
// and leaves the queue only on the server's answer: done (`transition.ok`, or the order is
// already where the move wanted it), or refused (the server's message is kept on the card until
// someone dismisses it). Nothing is dropped silently.
import { defineStore } from "pinia";
import { computed, ref, shallowRef, triggerRef } from "vue";
import type { Schemas } from "@/api/client";

export type Status = Schemas["OrderStatusEnum"];
export type Fulfillment = Schemas["OrderFulfillmentEnum"];

/** A kitchen stream's order (tenant_apps/realtime/payloads.py, kitchen_order). */
export interface KitchenOrder {
  id: string;
  number: number;
  status: Status;
  fulfillment: Fulfillment;
  location_name: string;
  placed_at: string | null;
  scheduled_for: string | null;
  estimated_ready_at: string | null;
  estimated_delivery_at: string | null;
  status_changed: string | null;
  location: string | null;
  contact_name: string;
  contact_phone: string;
  delivery_address: Record<string, unknown> | null;
  note: string;
  lines: { name: string; quantity: number; modifiers: { name: string; quantity: number }[]; note: string }[];
  total_cents: number;
  currency: string;
  payment_method: string;
}

export interface KitchenEvent {
  seq: number;
  kind: Schemas["OrderEventKindEnum"];
  from: string;
  to: string;
  at: string | null;
  actor_role: string;
  reason: string;
}

export interface ErrorBody {
  code: string;
  detail: string;
  status?: string;
  allowed?: string[];
  fields?: Record<string, string[]>;
}

export type KitchenMessage =
  | { type: "snapshot"; seq: number; orders: KitchenOrder[]; reason?: string }
  | { type: "order.event"; seq: number; order: KitchenOrder; event: KitchenEvent }
  | { type: "transition.ok"; ref: string | null; order: string; status: Status }
  | { type: "error"; ref: string | number | null; error: ErrorBody }
  | { type: "ping" | "pong"; seq: number };

export interface Card {
  order: KitchenOrder;
  /** The seq of the event that put the order in its current status; 0 for a snapshot's order. */
  seq: number;
  /** The highest seq applied to this card (any kind: an ETA change too). */
  lastSeq: number;
}

export interface MoveExtras {
  reason?: string;
  /** Accepting: the kitchen's estimate, minutes from when the move is sent. */
  readyInMinutes?: number;
}

export interface Move extends MoveExtras {
  ref: string;
  order: string;
  to: Status;
  /** queued: not sent yet (offline); sent: waiting for the answer; refused: the server said no. */
  state: "queued" | "sent" | "refused";
  error?: ErrorBody;
}

export interface Transport {
  /** Sends the message if the socket is live; false if it is not. */
  send(message: unknown): boolean;
}

export const OPEN_STATUSES: Status[] = ["placed", "accepted", "preparing", "ready", "out_for_delivery"];
// Where one tap takes an order next (the state machine's forward move, by fulfillment).
export function nextStatus(order: Pick<KitchenOrder, "status" | "fulfillment">): Status | null {
  switch (order.status) {
    case "placed":
      return "accepted";
    case "accepted":
      return "preparing";
    case "preparing":
      return "ready";
    case "ready":
      return order.fulfillment === "delivery" ? "out_for_delivery" : "picked_up";
    case "out_for_delivery":
      return "delivered";
    default:
      return null;
  }
}

const time = (iso: string | null) => (iso ? Date.parse(iso) : 0);

export function byArrival(a: Card, b: Card): number {
  return a.seq - b.seq || time(a.order.status_changed) - time(b.order.status_changed) || a.order.number - b.order.number;
}

let refCounter = 0;
const newRef = () => `m${Date.now().toString(36)}${(refCounter++).toString(36)}`;

export const useBoardStore = defineStore("board", () => {
  // One shallow Map, triggered by hand: 200 cards and 20 events a second must not make every
  // card's every field deeply reactive.
  const cards = shallowRef(new Map<string, Card>());
  const moves = ref<Move[]>([]);
  const lastSeq = ref(0);
  /** Events applied since the page opened (replayed duplicates are not): shown on the page for tests. */
  const applied = ref(0);
  /** New orders nobody acknowledged yet (the alert rings while there is one). */
  const unacknowledged = ref(new Set<string>());
  let transport: Transport | null = null;

  const columns = computed(() => {
    const result: Record<string, Card[]> = Object.fromEntries(OPEN_STATUSES.map((s) => [s, [] as Card[]]));
    for (const card of cards.value.values()) result[card.order.status]?.push(card);
    for (const list of Object.values(result)) list.sort(byArrival);
    return result as Record<(typeof OPEN_STATUSES)[number], Card[]>;
  });
  const alerting = computed(() => unacknowledged.value.size > 0);

  function receive(message: KitchenMessage): void {
    switch (message.type) {
      case "snapshot":
        return takeSnapshot(message.seq, message.orders);
      case "order.event":
        return applyEvent(message.seq, message.order, message.event);
      case "transition.ok":
        return settle(message.ref, null);
      case "error":
        return settle(message.ref === null ? null : String(message.ref), message.error);
    }
  }

  function takeSnapshot(seq: number, orders: KitchenOrder[]): void {
    const next = new Map<string, Card>();
    const fresh = new Set<string>();
    for (const order of orders) {
      next.set(order.id, { order, seq: 0, lastSeq: seq });
      if (order.status === "placed" && (unacknowledged.value.has(order.id) || !cards.value.has(order.id))) fresh.add(order.id);
    }
    cards.value = next;
    unacknowledged.value = fresh;
    lastSeq.value = seq;
    for (const order of orders) settleMovesOf(order.id, [order.status]);
  }

  function applyEvent(seq: number, order: KitchenOrder, event: KitchenEvent): void {
    if (seq <= lastSeq.value) return; // a replayed event this board already applied
    lastSeq.value = seq;
    applied.value += 1;
    const card = cards.value.get(order.id);
    if (OPEN_STATUSES.includes(order.status)) {
      // An ETA change keeps the card's place; any other event puts it at the end of its column.
      const place = event.kind === "eta_changed" && card ? card.seq : seq;
      cards.value.set(order.id, { order, seq: place, lastSeq: seq });
    } else {
      cards.value.delete(order.id);
    }
    triggerRef(cards);
    const isNew = order.status === "placed";
    if (isNew !== unacknowledged.value.has(order.id)) {
      const fresh = new Set(unacknowledged.value);
      if (isNew) fresh.add(order.id);
      else fresh.delete(order.id);
      unacknowledged.value = fresh;
    }
    settleMovesOf(order.id, [order.status, event.to as Status]);
  }

  function acknowledge(): void {
    unacknowledged.value = new Set();
  }

  // --- moves ---------------------------------------------------------------------------------
  function setTransport(next: Transport | null): void {
    transport = next;
    flush();
  }

  function pendingFor(orderId: string): Move | undefined {
    return moves.value.find((m) => m.order === orderId);
  }

  /** Queue a move of an order; sent at once if the socket is live. One move per card at a time. */
  function move(orderId: string, to: Status, extras: MoveExtras = {}): Move | null {
    const existing = pendingFor(orderId);
    if (existing && existing.state !== "refused") return null;
    if (existing) dismiss(existing.ref);
    const queued: Move = { ref: newRef(), order: orderId, to, state: "queued", ...extras };
    moves.value = [...moves.value, queued];
    flush();
    return queued;
  }

  function bump(orderId: string, extras: MoveExtras = {}): Move | null {
    const card = cards.value.get(orderId);
    const to = card ? nextStatus(card.order) : null;
    return to ? move(orderId, to, extras) : null;
  }

  function message(m: Move): Record<string, unknown> {
    const body: Record<string, unknown> = { type: "transition", ref: m.ref, order: m.order, to: m.to };
    if (m.reason) body.reason = m.reason;
    if (m.to === "accepted" && m.readyInMinutes) {
      const ready = Date.now() + m.readyInMinutes * 60_000;
      body.estimated_ready_at = new Date(ready).toISOString();
      // A delivery keeps its drive after the kitchen: the delivery estimate moves with the ready
      // time (the server refuses a delivery before the food is ready).
      const order = cards.value.get(m.order)?.order;
      if (order?.fulfillment === "delivery" && order.estimated_ready_at && order.estimated_delivery_at) {
        const drive = Math.max(0, Date.parse(order.estimated_delivery_at) - Date.parse(order.estimated_ready_at));
        body.estimated_delivery_at = new Date(ready + drive).toISOString();
      }
    }
    return body;
  }

  /** Send what is queued, in order; called when the transport is (again) live and on each new move. */
  function flush(): void {
    if (!transport) return;
    for (const m of moves.value) {
      if (m.state !== "queued") continue;
      if (!transport.send(message(m))) return;
      m.state = "sent";
    }
  }

  /** The socket went away: what was sent and not answered is sent again when it is back. */
  function requeue(): void {
    for (const m of moves.value) if (m.state === "sent") m.state = "queued";
  }

  function settle(ref: string | null, error: ErrorBody | null): void {
    const m = ref === null ? undefined : moves.value.find((x) => x.ref === ref);
    if (!m) return;
    // Sent twice across a reconnect, or made by someone else meanwhile: the order is where we wanted it.
    if (error === null || error.status === m.to) {
      moves.value = moves.value.filter((x) => x !== m);
      return;
    }
    m.state = "refused";
    m.error = error;
  }

  /** Moves of an order that already is (or just went) where they wanted it are done. */
  function settleMovesOf(orderId: string, reached: Status[]): void {
    const done = moves.value.filter((m) => m.order === orderId && m.state !== "refused" && reached.includes(m.to));
    if (done.length) moves.value = moves.value.filter((m) => !done.includes(m));
  }

  function dismiss(ref: string): void {
    moves.value = moves.value.filter((m) => m.ref !== ref);
  }

  function reset(): void {
    cards.value = new Map();
    moves.value = [];
    lastSeq.value = 0;
    unacknowledged.value = new Set();
    transport = null;
  }

  return {
    cards, columns, moves, lastSeq, applied, unacknowledged, alerting,
    receive, acknowledge, setTransport, move, bump, flush, requeue, pendingFor, dismiss, reset,
  };
});
