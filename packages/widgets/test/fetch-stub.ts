/**
 * A scripted API for widget tests: answers requests by method and path with JSON, and records
 * them. (End-to-end tests in /test run the real server; component tests pin one state each.)
 */
export type Route = {
  method: string;
  path: RegExp | string;
  status?: number;
  body?: unknown;
  /** A body sent as it is (a file), instead of `body` as JSON; `headers` say its type. */
  text?: string;
  headers?: Record<string, string>;
};

export function stubFetch(routes: Route[]): {
  calls: { method: string; url: string; body: unknown; headers: Record<string, string> }[];
  restore(): void;
} {
  const original = window.fetch;
  const calls: { method: string; url: string; body: unknown; headers: Record<string, string> }[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const path = new URL(url).pathname;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    calls.push({
      method,
      url,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body,
      headers,
    });
    const route = routes.find(
      (r) => r.method === method && (typeof r.path === 'string' ? r.path === path : r.path.test(path)),
    );
    if (!route)
      return new Response(
        JSON.stringify({ error: { code: 'not_found', message: 'not found', requestId: 't' } }),
        { status: 404, headers: { 'content-type': 'application/json' } },
      );
    if (route.text !== undefined)
      return new Response(route.text, { status: route.status ?? 200, headers: route.headers });
    return new Response(route.status === 204 ? null : JSON.stringify(route.body ?? {}), {
      status: route.status ?? 200,
      headers: { 'content-type': 'application/json', ...route.headers },
    });
  };
  return { calls, restore: () => void (window.fetch = original) };
}

export const API = 'http://api.test';
export const ENTE = '80012345676';

export const demoEntity = {
  code: ENTE,
  name: 'Comune di Esempio',
  article: 'il',
  sector: 'Servizi al cittadino',
  info: null,
  logoUrl: null,
  portalUrl: null,
  spontaneousPayments: true,
  ownRegistration: true,
  privacy: { version: '1', text: 'Informativa' },
  hasPostalAccount: false,
};
