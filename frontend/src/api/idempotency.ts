// One Idempotency-Key per checkout attempt (API.md): a double click, a retry after a network
// failure or a 5xx sends the same key, so the server makes one order; a definite answer (the
// order, or a 4xx such as a declined card) ends the attempt and the next one gets a new key.
function uuid(): string {
  // crypto.randomUUID exists only in secure contexts; a brand on plain http still needs keys.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class Attempt {
  private current: string | null = null;

  /** The key of the attempt under way, or of a new one. */
  key(): string {
    this.current ??= uuid();
    return this.current;
  }

  /** The server gave a definite answer: the next submission is a new attempt. */
  settle(): void {
    this.current = null;
  }
}
