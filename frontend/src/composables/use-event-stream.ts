// One live event stream of the API's WebSockets (API.md, "WebSockets": `/ws/orders/<id>/` and
// `/ws/kitchen/<location>/`). The composable owns the socket: it connects, answers the server's
// heartbeat, reconnects with backoff and `?since=<last seq>` so no event is missed (the server
// replays what came after), drops events it already has by seq, and exposes the connection state.
// Callers say where to connect and what to do with a message; components only render.
//
// Credentials: a staff member's or a signed-in customer's JWT goes in Sec-WebSocket-Protocol
// (["bearer", jwt]), never in the query string that proxies log.
import { onScopeDispose, ref } from "vue";
import { refreshAccess } from "@/api/client";

/** `offline`: the browser says it has no network; it reconnects as soon as it has one again. */
export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline" | "refused";

/** Any message of a stream; `seq` on snapshots, events and pings (tenant_apps/realtime/stream.py). */
export interface StreamMessage {
  type: string;
  seq?: number;
}

export interface EventStreamOptions<M extends StreamMessage> {
  /** The socket's URL for a (re)connect after `since` (null: from a snapshot). */
  url: (since: number | null) => string;
  /** Subprotocols of each connect, e.g. ["bearer", jwt]; read again on every connect (refreshed tokens). */
  protocols?: () => string[] | undefined;
  /** On 4401, refresh the access token once and try again (JWT credentials). */
  refreshOnUnauthenticated?: boolean;
  /** The highest seq already known (e.g. from the order read over HTTP). */
  since?: number;
  /** Every message but pings, and events already seen, in the order they arrive. */
  onMessage: (message: M) => void;
  /** Each time the socket opens (again). */
  onOpen?: () => void;
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

/** `<realtime_url><path>` with the query's parameters, `realtime_url` with or without its trailing slash. */
export function socketUrl(realtimeUrl: string, path: string, query: Record<string, string | number | null | undefined>): string {
  const url = new URL(path, realtimeUrl.endsWith("/") ? realtimeUrl : realtimeUrl + "/");
  for (const [key, value] of Object.entries(query)) if (value !== null && value !== undefined) url.searchParams.set(key, String(value));
  return url.toString();
}

export function useEventStream<M extends StreamMessage>(options: EventStreamOptions<M>) {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const idleMs = options.idleMs ?? 50_000;
  const backoff = options.backoffMs ?? defaultBackoff;
  const state = ref<ConnectionState>("connecting");
  let lastSeq: number | null = options.since ?? null;
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshedOnce = false;
  let stopped = false;
  let browserOffline = false; // the browser's `offline` event came, and no `online` since

  function armIdle(): void {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => socket?.close(), idleMs);
  }

  function receive(message: M): void {
    armIdle();
    if (message.type === "ping") {
      socket?.send(JSON.stringify({ type: "pong" }));
      return;
    }
    if (message.type === "snapshot" && typeof message.seq === "number") {
      lastSeq = message.seq; // also below the last one: the server started over (a resync)
    } else if (message.type === "order.event" && typeof message.seq === "number") {
      if (lastSeq !== null && message.seq <= lastSeq) return; // a replayed duplicate
      lastSeq = message.seq;
    }
    options.onMessage(message);
  }

  function connect(): void {
    if (stopped) return;
    const protocols = options.protocols?.();
    socket = protocols ? new Impl(options.url(lastSeq), protocols) : new Impl(options.url(lastSeq));
    const current = socket;
    current.onopen = () => {
      attempt = 0;
      state.value = "live";
      armIdle();
      options.onOpen?.();
    };
    current.onmessage = (event: MessageEvent) => {
      let message: M;
      try {
        message = JSON.parse(String(event.data)) as M;
      } catch {
        return; /* not JSON: ignore */
      }
      receive(message);
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
      if (!options.refreshOnUnauthenticated || refreshedOnce || !(await refreshAccess())) {
        state.value = "refused";
        return;
      }
      refreshedOnce = true;
    }
    state.value = browserOffline || navigator.onLine === false ? "offline" : "reconnecting";
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, backoff(attempt++));
  }

  /** Sends `data` as JSON if the socket is open; false when it is not (the caller keeps it). */
  function send(data: unknown): boolean {
    if (!socket || socket.readyState !== 1 || state.value !== "live") return false;
    socket.send(JSON.stringify(data));
    return true;
  }

  function reconnectNow(): void {
    browserOffline = false;
    if (stopped || state.value === "refused") return;
    if (socket && socket.readyState <= 1) return;
    clearTimeout(retryTimer);
    connect();
  }

  function wentOffline(): void {
    if (state.value === "refused") return;
    browserOffline = true;
    state.value = "offline";
    socket?.close(); // a socket without a network is dead; closing it schedules the reconnect
  }

  function stop(): void {
    stopped = true;
    clearTimeout(retryTimer);
    clearTimeout(idleTimer);
    window.removeEventListener("online", reconnectNow);
    window.removeEventListener("offline", wentOffline);
    socket?.close();
    socket = null;
  }

  window.addEventListener("online", reconnectNow);
  window.addEventListener("offline", wentOffline);
  connect();
  onScopeDispose(stop);

  return { state, send, stop, reconnectNow, lastSeq: () => lastSeq };
}
