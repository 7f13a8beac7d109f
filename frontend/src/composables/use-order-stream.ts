// One order's live progress over the tracking WebSocket (`/ws/orders/<id>/`, API.md), on the one
// stream composable (use-event-stream.ts: connect, heartbeat, backoff, `?since=`, de-duplication
// by seq, connection state). Components only render it.
//
// Credentials: a signed-in customer's JWT goes in Sec-WebSocket-Protocol (["bearer", jwt]),
// never in the query string that proxies log; a tracking-link holder sends the link's token.
import { ref, shallowRef } from "vue";
import { tokens, type Schemas } from "@/api/client";
import { defaultBackoff, socketUrl, useEventStream } from "./use-event-stream";

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

export type { ConnectionState } from "./use-event-stream";

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

export { defaultBackoff };

export function streamUrl(options: Pick<StreamOptions, "realtimeUrl" | "orderId" | "tracking">, since: number | null): string {
  return socketUrl(options.realtimeUrl, `orders/${encodeURIComponent(options.orderId)}/`, { tracking: options.tracking, since });
}

export function useOrderStream(options: StreamOptions) {
  const order = shallowRef<StreamOrder | null>(null);
  const events = ref<StreamEvent[]>([]);
  const stream = useEventStream<Message>({
    url: (since) => streamUrl(options, since),
    protocols: () => (!options.tracking && tokens.access ? ["bearer", tokens.access] : undefined),
    refreshOnUnauthenticated: !options.tracking,
    since: options.since,
    WebSocketImpl: options.WebSocketImpl,
    idleMs: options.idleMs,
    backoffMs: options.backoffMs,
    onMessage(message) {
      if (message.type === "snapshot") {
        order.value = message.order;
      } else if (message.type === "order.event") {
        order.value = message.order;
        events.value = [...events.value, message.event];
      }
    },
  });
  return { state: stream.state, order, events, stop: stream.stop, reconnectNow: stream.reconnectNow, lastSeq: stream.lastSeq };
}
