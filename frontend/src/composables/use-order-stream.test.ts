import { effectScope } from "vue";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokens } from "@/api/client";
import { streamUrl, useOrderStream } from "./use-order-stream";

// A stand-in for the browser's WebSocket that the test drives: it records how each socket was
// opened and lets the test deliver messages and close codes. The real server is exercised by
// the browser tests (tests/e2e/test_storefront_order.py).
class FakeSocket {
  static opened: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
    FakeSocket.opened.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop(1000);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  deliver(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code: number) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const order = (status: string) => ({ id: "o1", number: 7, status, fulfillment: "pickup", location_name: "Mitte", placed_at: null, scheduled_for: null, estimated_ready_at: null, estimated_delivery_at: null, status_changed: null });
const event = (seq: number, to: string) => ({ type: "order.event", seq, order: order(to), event: { seq, kind: "status_changed", from: "placed", to, at: null, actor_role: "manager", reason: "", estimated_ready_at: null, estimated_delivery_at: null } });

function start(extra: Record<string, unknown> = {}) {
  const scope = effectScope();
  const stream = scope.run(() =>
    useOrderStream({ realtimeUrl: "ws://burger.localhost:8001/ws/", orderId: "o1", WebSocketImpl: FakeSocket as unknown as typeof WebSocket, backoffMs: () => 1000, ...extra }),
  )!;
  return { stream, scope, socket: () => FakeSocket.opened.at(-1)! };
}

describe("useOrderStream", () => {
  beforeEach(() => {
    FakeSocket.opened = [];
    vi.useFakeTimers();
    tokens.clear();
  });
  afterEach(() => vi.useRealTimers());

  it("sends a signed-in customer's token as a subprotocol, never in the URL", () => {
    tokens.set({ access: "jwt-abc", refresh: "r" });
    const { socket, scope } = start();
    expect(socket().protocols).toEqual(["bearer", "jwt-abc"]);
    expect(socket().url).not.toContain("jwt-abc");
    scope.stop();
  });

  it("uses the tracking link's token for a guest", () => {
    const { socket, scope } = start({ tracking: "trk" });
    expect(socket().protocols).toBeUndefined();
    expect(socket().url).toBe("ws://burger.localhost:8001/ws/orders/o1/?tracking=trk");
    scope.stop();
  });

  it("follows the snapshot and each event, and drops a replayed duplicate", () => {
    const { stream, socket, scope } = start();
    socket().open();
    expect(stream.state.value).toBe("live");
    socket().deliver({ type: "snapshot", seq: 10, order: order("placed") });
    socket().deliver(event(11, "accepted"));
    socket().deliver(event(11, "accepted"));
    expect(stream.order.value?.status).toBe("accepted");
    expect(stream.events.value.map((e) => e.seq)).toEqual([11]);
    scope.stop();
  });

  it("reconnects after a drop with ?since= the last seq, so nothing is missed", async () => {
    const { stream, socket, scope } = start();
    socket().open();
    socket().deliver({ type: "snapshot", seq: 10, order: order("placed") });
    socket().deliver(event(12, "accepted"));
    socket().drop(1006);
    expect(stream.state.value).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.opened).toHaveLength(2);
    expect(new URL(socket().url).searchParams.get("since")).toBe("12");
    socket().open();
    socket().deliver(event(13, "preparing"));
    expect(stream.order.value?.status).toBe("preparing");
    expect(stream.state.value).toBe("live");
    scope.stop();
  });

  it("answers the server's ping and treats a silent socket as dead", async () => {
    const { socket, scope } = start({ idleMs: 5000 });
    socket().open();
    socket().deliver({ type: "ping", seq: 0 });
    expect(socket().sent).toEqual([{ type: "pong" }]);
    await vi.advanceTimersByTimeAsync(5000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.opened).toHaveLength(2);
    scope.stop();
  });

  it("stops for good when the server refuses the order", async () => {
    const { stream, socket, scope } = start({ tracking: "wrong" });
    socket().drop(4404);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(stream.state.value).toBe("refused");
    expect(FakeSocket.opened).toHaveLength(1);
    scope.stop();
  });

  it("closes its socket when the component goes away", () => {
    const { socket, scope } = start();
    socket().open();
    scope.stop();
    expect(socket().readyState).toBe(3);
  });

  it("says offline when the browser loses its network and reconnects at once when it is back", async () => {
    const { stream, socket, scope } = start();
    socket().open();
    socket().deliver(event(12, "accepted"));
    window.dispatchEvent(new Event("offline"));
    expect(stream.state.value).toBe("offline");
    await vi.advanceTimersByTimeAsync(1000); // the backoff's retry fails while offline
    socket().drop(1006);
    expect(stream.state.value).toBe("offline");
    window.dispatchEvent(new Event("online"));
    expect(new URL(socket().url).searchParams.get("since")).toBe("12");
    socket().open();
    expect(stream.state.value).toBe("live");
    scope.stop();
  });

  it("builds the stream URL from realtime_url with or without its trailing slash", () => {
    expect(streamUrl({ realtimeUrl: "wss://x.example/ws", orderId: "o 1" }, 5)).toBe("wss://x.example/ws/orders/o%201/?since=5");
  });
});
