/**
 * The one layout of Pagatore's e-mails: the entity's logo and name on top, a heading, paragraphs,
 * an optional button with the link also written out, and a footer. HTML and plain text alike.
 */

export interface MailContent {
  entityName: string;
  logoUrl: string | null;
  lang: string;
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string; fallback: string };
  footer: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Renders a message in HTML and plain text. */
export function renderMail(c: MailContent): { subject: string; html: string; text: string } {
  const e = escapeHtml;
  const logo =
    c.logoUrl && /^https?:\/\//.test(c.logoUrl)
      ? `<img src="${e(c.logoUrl)}" alt="" width="56" height="56" style="vertical-align:middle;margin-right:12px">`
      : '';
  const button = c.action
    ? `<p style="margin:24px 0"><a href="${e(c.action.url)}" style="display:inline-block;background:#0066cc;color:#ffffff;padding:12px 24px;border-radius:4px;text-decoration:none;font-weight:600">${e(c.action.label)}</a></p>
<p style="font-size:14px;color:#5c6f82">${e(c.action.fallback)}<br><a href="${e(c.action.url)}" style="color:#0066cc;word-break:break-all">${e(c.action.url)}</a></p>`
    : '';
  const html = `<!doctype html>
<html lang="${e(c.lang)}"><head><meta charset="utf-8"><title>${e(c.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f2f7fc;font-family:'Titillium Web',Geneva,Tahoma,sans-serif;color:#1a1a1a">
<div style="max-width:600px;margin:0 auto;background:#ffffff;padding:24px;border-radius:4px">
<div style="border-bottom:1px solid #d9dadb;padding-bottom:16px;margin-bottom:16px">${logo}<strong style="font-size:20px;vertical-align:middle">${e(c.entityName)}</strong></div>
<h1 style="font-size:22px">${e(c.heading)}</h1>
${c.paragraphs.map((p) => `<p style="font-size:16px;line-height:1.5">${e(p)}</p>`).join('\n')}
${button}
<p style="font-size:13px;color:#5c6f82;border-top:1px solid #d9dadb;padding-top:16px;margin-top:24px">${e(c.footer)}</p>
</div></body></html>`;
  const text = [
    c.entityName,
    '',
    c.heading,
    '',
    ...c.paragraphs.flatMap((p) => [p, '']),
    ...(c.action ? [`${c.action.label}: ${c.action.url}`, ''] : []),
    '--',
    c.footer,
    '',
  ].join('\n');
  return { subject: c.subject, html, text };
}
