/**
 * GET /console: the staff console's page, on the server's own origin. It loads the console's
 * bundle (`/widgets/console.js`) and the Titillium Web faces of the Italian PA design system (from
 * the font package the notices already use), under a policy that allows scripts, styles, fonts and
 * requests from this origin only.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import type { AppContext, AppEnv } from '../../http/context.js';

const FONTS: Record<string, string> = {
  'titillium-400.ttf': '@expo-google-fonts/titillium-web/400Regular/TitilliumWeb_400Regular.ttf',
  'titillium-600.ttf': '@expo-google-fonts/titillium-web/600SemiBold/TitilliumWeb_600SemiBold.ttf',
  'titillium-700.ttf': '@expo-google-fonts/titillium-web/700Bold/TitilliumWeb_700Bold.ttf',
};

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>Console dell’ente · Pagatore</title>
<style>
@font-face{font-family:"Titillium Web";font-weight:400;font-display:swap;src:url(/console/fonts/titillium-400.ttf) format("truetype")}
@font-face{font-family:"Titillium Web";font-weight:600;font-display:swap;src:url(/console/fonts/titillium-600.ttf) format("truetype")}
@font-face{font-family:"Titillium Web";font-weight:700;font-display:swap;src:url(/console/fonts/titillium-700.ttf) format("truetype")}
html,body{margin:0;background:#fff;color:#1a1a1a;font-family:"Titillium Web",Geneva,Tahoma,sans-serif}
</style>
<script type="module" src="/widgets/console.js"></script>
</head>
<body>
<pagatore-console></pagatore-console>
<noscript><p>La console richiede JavaScript. · The console needs JavaScript.</p></noscript>
</body>
</html>
`;

export function consolePageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const require = createRequire(import.meta.url);
  const page = (c: AppContext) => {
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-store');
    return c.html(PAGE);
  };
  app.get('/console', page);
  app.get('/console/', page);
  app.get('/console/fonts/:file', async (c) => {
    const spec = FONTS[c.req.param('file')];
    if (!spec) throw new ApiError('not_found');
    c.header('Content-Type', 'font/ttf');
    c.header('Cache-Control', 'public, max-age=604800');
    return c.body(await readFile(require.resolve(spec)));
  });
  return app;
}
