// One order's live progress over the tracking WebSocket (`/ws/orders/<id>/`, API.md). The
// composable owns the socket: it connects, answers the server's heartbeat, reconnects with
// backoff and `?since=<last seq>` so no event is missed (the server replays what came after),
// drops duplicates by seq, and exposes the connection state. Components only render it.
//
// Credentials: a signed-in customer's JWT goes in Sec-WebSocket-Protocol (["bearer", jwt]),
// never in the query string that proxies log; a tracking-link holder sends the link's token.
import { onScopeDispose, ref, shallowRef } from "vue";
import { refreshAccess, tokens, type Schemas } from "@/api/client";

/** What the tracking stream says of an order (tenant_apps/realtime/payloads.py, tracking_order). */
export interface StreamOrder {
  id: string;
  number: number;
  status: Schemas["OrderStatusEnum"];
  fulfillment: Schemas["OrderFulfillmentEnum"];
  location_name: string;
  placed_at: string | null;
  scheduled_for: string | null;
  estimated_ready_at: string | null;
  estimated_delivery_at: string | null;
  status_changed: string | null;
}

/** One event as the stream sends it (payloads.py, event_payload). */
export interface StreamEvent {
  seq: number;
  kind: Schemas["OrderEventKindEnum"];
  from: string;
  to: string;
  at: string | null;
  actor_role: string;
  reason: string;
  estimated_ready_at: string | null;
  estimated_delivery_at: string | null;
}

type Message =
  | { type: "snapshot"; seq: number; order: StreamOrder }
  | { type: "order.event"; seq: number; order: StreamOrder; event: StreamEvent }
  | { type: "ping" | "pong"; seq: number }
  | { type: "error"; error: unknown };

export type ConnectionState = "connecting" | "live" | "reconnecting" | "refused";

export interface StreamOptions {
  /** The brand's `realtime_url`, e.g. "wss://burger.example.com/ws/". */
  realtimeUrl: string;
  orderId: string;
  /** The tracking link's token (guests); without it the signed-in customer's JWT is used. */
  tracking?: string;
  /** The highest seq already known (e.g. from the order read over HTTP). */
  since?: number;
  /** The WebSocket class (tests pass their own). */
  WebSocketImpl?: typeof WebSocket;
  /** No message for this long (the server pings every 20 s): the socket is dead, reconnect. */
  idleMs?: number;
  backoffMs?: (attempt: number) => number;
}

// Final refusals (bad request, forbidden, not found): reconnecting would only be refused again.
const REFUSED = new Set([4400, 4403, 4404]);
const UNAUTHENTICATED = 4401;

export function defaultBackoff(attempt: number): number {
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2); // jitter: a restart does not bring every client back at once
}

export function streamUrl(options: Pick<StreamOptions, "realtimeUrl" | "orderId" | "tracking">, since: number | null): string {
  const url = new URL(`orders/${encodeURIComponent(options.orderId)}/`, options.realtimeUrl.endsWith("/") ? options.realtimeUrl : options.realtimeUrl + "/");
  if (options.tracking) url.searchParams.set("tracking", options.tracking);
  if (since !== null) url.searchParams.set("since", String(since));
  return url.toString();
}

export function useOrderStream(options: StreamOptions) {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const idleMs = options.idleMs ?? 50_000;
  const backoff = options.backoffMs ?? defaultBackoff;
  const state = ref<ConnectionState>("connecting");
  const order = shallowRef<StreamOrder | null>(null);
  const events = ref<StreamEvent[]>([]);
  let lastSeq: number | null = options.since ?? null;
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshedOnce = false;
  let stopped = false;

  function armIdle(): void {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => socket?.close(), idleMs);
  }

  function receive(message: Message): void {
    armIdle();
    if (message.type === "ping") {
      socket?.send(JSON.stringify({ type: "pong" }));
      return;
    }
    if (message.type === "snapshot") {
      order.value = message.order;
      lastSeq = Math.max(lastSeq ?? 0, message.seq);
    } else if (message.type === "order.event") {
      if (lastSeq !== null && message.seq <= lastSeq) return; // a replayed duplicate
      lastSeq = message.seq;
      order.value = message.order;
      events.value = [...events.value, message.event];
    }
  }

  function connect(): void {
    if (stopped) return;
    const jwt = options.tracking ? null : tokens.access;
    socket = jwt ? new Impl(streamUrl(options, lastSeq), ["bearer", jwt]) : new Impl(streamUrl(options, lastSeq));
    const current = socket;
    current.onopen = () => {
      attempt = 0;
      state.value = "live";
      armIdle();
    };
    current.onmessage = (event: MessageEvent) => {
      try {
        receive(JSON.parse(String(event.data)) as Message);
      } catch {
        /* not JSON: ignore */
      }
    };
    current.onclose = (event: CloseEvent) => void closed(current, event.code);
  }

  async function closed(which: WebSocket, code: number): Promise<void> {
    clearTimeout(idleTimer);
    if (which !== socket || stopped) return;
    socket = null;
    if (REFUSED.has(code)) {
      state.value = "refused";
      return;
    }
    if (code === UNAUTHENTICATED) {
      // An expired access token: one refresh, then try again; a second 4401 is final.
      if (options.tracking || refreshedOnce || !(await refreshAccess())) {
        state.value = "refused";
        return;
      }
      refreshedOnce = true;
    }
    state.value = "reconnecting";
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, backoff(attempt++));
  }

  function reconnectNow(): void {
    if (stopped || state.value === "refused") return;
    if (socket && socket.readyState <= 1) return;
    clearTimeout(retryTimer);
    connect();
  }

  function stop(): void {
    stopped = true;
    clearTimeout(retryTimer);
    clearTimeout(idleTimer);
    window.removeEventListener("online", reconnectNow);
    socket?.close();
    socket = null;
  }

  window.addEventListener("online", reconnectNow);
  connect();
  onScopeDispose(stop);

  return { state, order, events, stop, reconnectNow, lastSeq: () => lastSeq };
}
