import { createPinia, setActivePinia } from "pinia";
import { beforeEach, describe, expect, it } from "vitest";
import { type KitchenOrder, type Status, nextStatus, useBoardStore } from "./board-store";

// The store alone, fed the messages the kitchen stream sends (tenant_apps/realtime/payloads.py);
// the socket and the server are the browser tests' (tests/e2e/test_kitchen_board.py).
function order(id: string, status: Status, extra: Partial<KitchenOrder> = {}): KitchenOrder {
  return {
    id, number: Number(id.replace(/\D/g, "")) || 1, status, fulfillment: "pickup", location_name: "Mitte",
    placed_at: "2026-12-08T10:00:00Z", scheduled_for: null, estimated_ready_at: null, estimated_delivery_at: null,
    status_changed: "2026-12-08T10:00:00Z", location: "l1", contact_name: "Ada", contact_phone: "", delivery_address: null,
    note: "", lines: [], total_cents: 1000, currency: "EUR", payment_method: "cash", ...extra,
  };
}

function event(seq: number, o: KitchenOrder, kind: "created" | "status_changed" | "eta_changed" = "status_changed") {
  return { type: "order.event" as const, seq, order: o, event: { seq, kind, from: "", to: o.status, at: null, actor_role: "kitchen", reason: "" } };
}

class FakeTransport {
  live = true;
  sent: Record<string, unknown>[] = [];
  send(message: unknown): boolean {
    if (!this.live) return false;
    this.sent.push(message as Record<string, unknown>);
    return true;
  }
}

const ids = (list: { order: KitchenOrder }[]) => list.map((c) => c.order.id);

describe("the board store", () => {
  beforeEach(() => setActivePinia(createPinia()));

  it("orders the cards of a column by the seq of the event that put them there", () => {
    const board = useBoardStore();
    board.receive({ type: "snapshot", seq: 10, orders: [
      order("o2", "accepted", { status_changed: "2026-12-08T10:05:00Z" }),
      order("o1", "accepted", { status_changed: "2026-12-08T10:01:00Z" }),
    ] });
    board.receive(event(12, order("o4", "accepted")));
    board.receive(event(11, order("o3", "accepted")));
    // o3's event came late (seq 11 after 12 on a replay): it is below the board's seq, dropped.
    expect(ids(board.columns.accepted)).toEqual(["o1", "o2", "o4"]);
    board.receive(event(13, order("o1", "preparing")));
    board.receive(event(14, order("o5", "preparing")));
    board.receive(event(15, order("o2", "preparing")));
    expect(ids(board.columns.preparing)).toEqual(["o1", "o5", "o2"]);
    expect(ids(board.columns.accepted)).toEqual(["o4"]);
  });

  it("keeps a card in its place when only its estimate changes", () => {
    const board = useBoardStore();
    board.receive({ type: "snapshot", seq: 0, orders: [] });
    board.receive(event(1, order("o1", "accepted")));
    board.receive(event(2, order("o2", "accepted")));
    board.receive(event(3, order("o1", "accepted", { estimated_ready_at: "2026-12-08T10:30:00Z" }), "eta_changed"));
    expect(ids(board.columns.accepted)).toEqual(["o1", "o2"]);
    expect(board.cards.get("o1")?.order.estimated_ready_at).toBe("2026-12-08T10:30:00Z");
  });

  it("applies a replayed event once: after a reconnect the same seqs come again", () => {
    const board = useBoardStore();
    board.receive({ type: "snapshot", seq: 5, orders: [] });
    board.receive(event(6, order("o1", "placed"), "created"));
    board.acknowledge();
    board.receive(event(7, order("o1", "accepted")));
    // The replay after `?since=6` repeats seq 7 and brings 8; a second copy of 6 too.
    board.receive(event(6, order("o1", "placed"), "created"));
    board.receive(event(7, order("o1", "accepted")));
    board.receive(event(8, order("o1", "preparing")));
    expect(board.cards.get("o1")?.order.status).toBe("preparing");
    expect(board.cards.get("o1")?.lastSeq).toBe(8);
    expect(board.alerting).toBe(false); // the replayed "placed" did not ring again
    expect(board.lastSeq).toBe(8);
  });

  it("rings for a new order until someone acknowledges it, and stops when it is accepted", () => {
    const board = useBoardStore();
    board.receive({ type: "snapshot", seq: 0, orders: [] });
    board.receive(event(1, order("o1", "placed"), "created"));
    expect(board.alerting).toBe(true);
    board.acknowledge();
    expect(board.alerting).toBe(false);
    board.receive(event(2, order("o2", "placed"), "created"));
    expect(board.alerting).toBe(true);
    board.receive(event(3, order("o2", "accepted")));
    expect(board.alerting).toBe(false);
  });

  it("removes an order that is done, cancelled or rejected", () => {
    const board = useBoardStore();
    board.receive({ type: "snapshot", seq: 0, orders: [order("o1", "ready"), order("o2", "placed")] });
    board.receive(event(1, order("o1", "picked_up")));
    board.receive(event(2, order("o2", "rejected")));
    expect(board.cards.size).toBe(0);
    expect(board.alerting).toBe(false);
  });

  it("a resync snapshot replaces the board, even below the seq it had", () => {
    const board = useBoardStore();
    board.receive({ type: "snapshot", seq: 50, orders: [order("o1", "placed")] });
    board.receive({ type: "snapshot", seq: 3, orders: [order("o9", "ready")], reason: "resync" });
    expect([...board.cards.keys()]).toEqual(["o9"]);
    board.receive(event(4, order("o9", "picked_up")));
    expect(board.cards.size).toBe(0);
  });

  it("sends a bump at once over a live socket and forgets it on the server's ok", () => {
    const board = useBoardStore();
    const socket = new FakeTransport();
    board.setTransport(socket);
    board.receive({ type: "snapshot", seq: 1, orders: [order("o1", "placed")] });
    board.bump("o1", { readyInMinutes: 20 });
    expect(socket.sent).toHaveLength(1);
    const sent = socket.sent[0]!;
    expect(sent).toMatchObject({ type: "transition", order: "o1", to: "accepted" });
    expect(Date.parse(String(sent.estimated_ready_at)) - Date.now()).toBeGreaterThan(19 * 60_000);
    expect(board.pendingFor("o1")?.state).toBe("sent");
    board.receive({ type: "transition.ok", ref: String(sent.ref), order: "o1", status: "accepted" });
    expect(board.moves).toHaveLength(0);
  });

  it("moves a delivery's estimate with the kitchen's ready time, keeping its drive", () => {
    const board = useBoardStore();
    const socket = new FakeTransport();
    board.setTransport(socket);
    board.receive({ type: "snapshot", seq: 1, orders: [order("o1", "placed", {
      fulfillment: "delivery", estimated_ready_at: "2026-12-08T10:15:00Z", estimated_delivery_at: "2026-12-08T10:40:00Z" })] });
    board.bump("o1", { readyInMinutes: 30 });
    const sent = socket.sent[0]!;
    expect(Date.parse(String(sent.estimated_delivery_at)) - Date.parse(String(sent.estimated_ready_at))).toBe(25 * 60_000);
  });

  it("queues a bump made offline and sends it, in order, when the socket is live again", () => {
    const board = useBoardStore();
    const socket = new FakeTransport();
    board.setTransport(socket);
    board.receive({ type: "snapshot", seq: 1, orders: [order("o1", "accepted"), order("o2", "preparing")] });
    socket.live = false;
    board.bump("o1");
    board.bump("o2");
    expect(board.moves.map((m) => [m.order, m.to, m.state])).toEqual([["o1", "preparing", "queued"], ["o2", "ready", "queued"]]);
    expect(board.bump("o1")).toBeNull(); // one move per card at a time: a second tap adds nothing
    socket.live = true;
    board.flush();
    expect(socket.sent.map((m) => [m.order, m.to])).toEqual([["o1", "preparing"], ["o2", "ready"]]);
    expect(board.moves.every((m) => m.state === "sent")).toBe(true);
  });

  it("sends again what was unanswered when the socket dropped; a move the server already made is done", () => {
    const board = useBoardStore();
    const socket = new FakeTransport();
    board.setTransport(socket);
    board.receive({ type: "snapshot", seq: 1, orders: [order("o1", "accepted"), order("o2", "accepted")] });
    board.bump("o1");
    board.bump("o2");
    board.requeue(); // the socket closed before any answer
    socket.sent = [];
    board.flush();
    expect(socket.sent).toHaveLength(2);
    // o1's first copy had gone through: the replay brings its event, which settles the move.
    board.receive(event(2, order("o1", "preparing")));
    expect(board.pendingFor("o1")).toBeUndefined();
    // o2's answer to the second copy: illegal, because the first one moved it already.
    const ref = String(socket.sent[1]!.ref);
    board.receive({ type: "error", ref, error: { code: "illegal_transition", detail: "An order that is preparing cannot become preparing.", status: "preparing" } });
    expect(board.moves).toHaveLength(0);
  });

  it("keeps a refused move with the server's message until it is dismissed", () => {
    const board = useBoardStore();
    const socket = new FakeTransport();
    board.setTransport(socket);
    board.receive({ type: "snapshot", seq: 1, orders: [order("o1", "placed")] });
    board.move("o1", "rejected");
    const ref = String(socket.sent[0]!.ref);
    board.receive({ type: "error", ref, error: { code: "transition_forbidden", detail: "A kitchen may not move an order from placed to rejected.", status: "placed" } });
    const refused = board.pendingFor("o1");
    expect(refused?.state).toBe("refused");
    expect(refused?.error?.detail).toBe("A kitchen may not move an order from placed to rejected.");
    board.dismiss(refused!.ref);
    expect(board.moves).toHaveLength(0);
  });

  it("knows the next status of each fulfillment", () => {
    expect(nextStatus({ status: "ready", fulfillment: "pickup" })).toBe("picked_up");
    expect(nextStatus({ status: "ready", fulfillment: "delivery" })).toBe("out_for_delivery");
    expect(nextStatus({ status: "out_for_delivery", fulfillment: "delivery" })).toBe("delivered");
  });
});
