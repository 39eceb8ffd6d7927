/**
 * The test OpenID Connect provider (the demo's, src/demo/identity-provider.ts) and a cookie-keeping
 * client to drive its login page without a browser.
 */
export { startTestProvider, type TestIdentity, type TestProvider } from '../../src/demo/identity-provider.js';

/** A browser without a browser: follows redirects by hand, keeping the provider's cookies. */
export class CookieBrowser {
  private jar = new Map<string, string>();

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      this.jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  private cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One request, no redirect followed. */
  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    this.remember(res);
    return res;
  }

  /** Follows redirects until one leads where `stop` says (returned, not fetched) or a page answers. */
  async follow(url: string, stop: (u: URL) => boolean, init: RequestInit = {}): Promise<URL | Response> {
    let next = url;
    let req = init;
    for (let i = 0; i < 20; i++) {
      const res = await this.go(next, req);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return res;
      const to = new URL(location, next);
      if (stop(to)) return to;
      next = to.href;
      req = {};
    }
    throw new Error('too many redirects');
  }
}
