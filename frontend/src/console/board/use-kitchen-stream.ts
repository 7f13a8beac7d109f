// The live stream of one location's kitchen (`/ws/kitchen/<location>/`) feeding the board store,
// on the app's one stream composable (connect, heartbeat, backoff, `?since=`, de-duplication by
// seq, connection state). The socket is also the board's way to move orders: the store's queue
// sends through it while it is live and keeps what it cannot send.
import { watch } from "vue";
import { tokens } from "@/api/client";
import { socketUrl, useEventStream } from "@/composables/use-event-stream";
import { type KitchenMessage, useBoardStore } from "./board-store";

export function kitchenStreamUrl(realtimeUrl: string, locationId: string, since: number | null): string {
  return socketUrl(realtimeUrl, `kitchen/${encodeURIComponent(locationId)}/`, { since });
}

export function useKitchenStream(options: { realtimeUrl: string; locationId: string; WebSocketImpl?: typeof WebSocket }) {
  const board = useBoardStore();
  board.reset();
  const stream = useEventStream<KitchenMessage>({
    url: (since) => kitchenStreamUrl(options.realtimeUrl, options.locationId, since),
    protocols: () => (tokens.access ? ["bearer", tokens.access] : undefined),
    refreshOnUnauthenticated: true,
    WebSocketImpl: options.WebSocketImpl,
    onMessage: (message) => board.receive(message),
    onOpen: () => board.flush(),
  });
  board.setTransport({ send: stream.send });
  // Sent but unanswered when the socket went away: sent again once it is back (the store settles
  // a move the server had already made).
  watch(stream.state, (state, before) => {
    if (before === "live" && state !== "live") board.requeue();
  });
  return stream;
}
