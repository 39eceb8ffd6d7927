/**
 * The dev mailbox (demo mode without SMTP only): `GET /dev/mailbox` shows the mail the demo sent,
 * `GET /dev/mailbox.json` gives it to scripts and tests as `[{ to, subject, text, html, date }]`.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { escapeHtml } from '../../mail/layout.js';
import { devMailboxOf } from '../../mail/mailer.js';

export function devMailboxRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/dev/mailbox.json', (c) => {
    const box = devMailboxOf(c.get('deps'));
    c.header('Cache-Control', 'no-store');
    // Attachments are listed by name and size, not inlined.
    return c.json(
      (box?.messages ?? []).map(({ attachments, ...m }) => ({
        ...m,
        attachments: (attachments ?? []).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          size: a.content.byteLength,
        })),
      })),
    );
  });

  app.get('/dev/mailbox', (c) => {
    const box = devMailboxOf(c.get('deps'));
    const items = [...(box?.messages ?? [])].reverse();
    const list = items
      .map(
        (m, i) => `<article>
<h2>${escapeHtml(m.subject)}</h2>
<p class="meta">A: ${escapeHtml(m.to)} · ${escapeHtml(m.date)}</p>
<iframe title="${escapeHtml(m.subject)}" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(m.html.replace(/<a /g, '<a target="_blank" rel="noopener" '))}"></iframe>
<details><summary>Testo</summary><pre id="text-${i}">${escapeHtml(m.text)}</pre></details>
</article>`,
      )
      .join('\n');
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; frame-src 'self'; frame-ancestors 'none'",
    );
    c.header('Cache-Control', 'no-store');
    return c.html(`<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>Dev mailbox</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}article{border:1px solid #ccc;border-radius:4px;padding:1rem;margin-bottom:1rem}
.meta{color:#555}iframe{width:100%;height:32rem;border:1px solid #ddd}pre{white-space:pre-wrap}</style></head>
<body><h1>Dev mailbox</h1><p>Demo mode: the e-mails the server sent (${items.length}), newest first.</p>
${list || '<p>No e-mail yet.</p>'}</body></html>`);
  });

  return app;
}
