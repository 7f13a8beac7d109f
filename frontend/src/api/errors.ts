// Every 4xx of the API has the body {type, code, detail, fields} (shared_apps/core/errors.py);
// ApiError carries it to the screen, where `fields` lands on the form field of the same name.
// The server writes its own details in English: on a page in another language, the errors people
// meet are worded by their `code` (i18n `errors.*`), and DRF's field messages come translated
// (the client sends the page's language as Accept-Language).
import { i18n } from "@/i18n";
import type { Schemas } from "./client";

export type ErrorBody = Schemas["Error"];

function inPageLanguage(code: string, detail: string): string {
  const key = `errors.${code}`;
  return i18n.global.locale.value !== "en" && i18n.global.te(key) ? i18n.global.t(key) : detail;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string[]>;

  constructor(status: number, body: Partial<ErrorBody> | null | undefined) {
    const code = body?.code || (status === 0 ? "network_error" : "http_error");
    const detail = body?.detail || (status === 0 ? "The network is unreachable." : `Request failed (${status}).`);
    super(inPageLanguage(code, detail));
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    // A field message that repeats the detail (the address outside every zone) is worded like it.
    this.fields = Object.fromEntries(Object.entries(body?.fields ?? {}).map(
      ([name, messages]) => [name, messages.map((message) => (message === body?.detail ? this.message : message))]));
  }

  get detail(): string {
    return this.message;
  }

  /** No answer or a server fault: the same attempt may be sent again (with the same key). */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }

  /** The messages for one form field; nested paths ("delivery_address.lat") match their prefix. */
  field(name: string): string | undefined {
    const direct = this.fields[name];
    if (direct?.length) return direct.join(" ");
    const nested = Object.entries(this.fields).filter(([key]) => key.startsWith(name + "."));
    return nested.length ? nested.flatMap(([, messages]) => messages).join(" ") : undefined;
  }
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Unwraps an openapi-fetch call: its data, or an ApiError (also for a network failure). */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (exc) {
    if (exc instanceof ApiError) throw exc;
    throw new ApiError(0, null);
  }
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiError(result.response.status, result.error as Partial<ErrorBody>);
  }
  return result.data as T;
}
