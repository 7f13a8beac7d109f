// A stand-in for the network in Vitest: routes "METHOD /path" to a handler and records every
// call. The browser tests (tests/e2e) run the same code against the real server.
type Handler = (request: Request) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function fakeServer(routes: Record<string, Handler>) {
  const calls: { method: string; path: string; headers: Headers; body: string }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), location.href), init);
    const path = new URL(request.url).pathname;
    calls.push({ method: request.method, path, headers: request.headers, body: await request.clone().text() });
    const handler = routes[`${request.method} ${path}`];
    if (!handler) return json(404, { type: "client_error", code: "not_found", detail: "Not found.", fields: {} });
    return handler(request);
  };
  return { fetch, calls, count: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path).length };
}
