/**
 * Privacy routes: consent texts (public), the citizen's data export (session), and the entity's
 * side (admin): publishing texts, the consent ledger, a person's accounts, their export and closing.
 */
import { privacyEndpoints as ep, type Lang } from '@pagatore/sdk';
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import { findEntity } from '../../entities/entities.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { displayName } from '../../accounts/context.js';
import {
  consentTextOf,
  consentVersions,
  currentConsentText,
  publishConsentText,
  textIn,
  textsOf,
} from '../../privacy/consents.js';
import { exportAccountData } from '../../privacy/export.js';
import { renderExportPdf } from '../../privacy/export-pdf.js';
import {
  closeAccountOnRequest,
  consentLedgerCsv,
  consentLedgerOf,
  consentTextView,
  findAccounts,
  isCurrent,
  requireAccount,
} from '../../privacy/privacy.js';

async function entityOf(c: AppContext, code: string) {
  const entity = await findEntity(c.get('deps').db, code);
  if (!entity) throw new ApiError('entity_not_found');
  return entity;
}

/** Who acts on the admin side: the staff member, else the entity's API key. */
const actorOf = (c: AppContext) => c.get('staffSession')?.staff.email ?? 'api-key';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

function pdfResponse(pdf: Uint8Array, name: string): Response {
  return new Response(Buffer.from(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'private, no-store',
    },
  });
}

export function privacyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, ep.getConsentText, async (c, { params }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c, params.ente);
    const row = await currentConsentText(deps.db, entity, params.kind);
    if (!row) throw new ApiError('not_found');
    c.header('Cache-Control', 'no-cache');
    return consentTextView(row, true, deps.config.publicUrl);
  });

  route(app, ep.getConsentTextVersion, async (c, { params }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c, params.ente);
    const row = await consentTextOf(deps.db, entity, params.kind, params.version);
    if (!row) throw new ApiError('not_found');
    return consentTextView(row, await isCurrent(deps.db, entity, row), deps.config.publicUrl);
  });

  route(app, ep.consentTextPage, async (c, { params, query }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c, params.ente);
    const row = await consentTextOf(deps.db, entity, params.kind, params.version);
    if (!row) throw new ApiError('not_found');
    const lang: Lang = query.lang ?? c.get('lang');
    const shown = textIn(textsOf(row), lang);
    const html = `<!doctype html>
<html lang="${shown.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(entity.name)} — ${escapeHtml(row.kind)} ${escapeHtml(row.version)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#17324d}pre{white-space:pre-wrap;font:inherit}</style>
</head><body><h1>${escapeHtml(entity.name)}</h1>
<p>${escapeHtml(row.kind)} · ${escapeHtml(row.version)} · ${escapeHtml(row.published_at.slice(0, 10))}</p>
<pre>${escapeHtml(shown.text)}</pre></body></html>`;
    return new Response(html, {
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' },
    });
  });

  route(app, ep.exportMyData, async (c, { params }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c, params.ente);
    c.header('Cache-Control', 'private, no-store');
    c.header('Content-Disposition', `attachment; filename="dati-personali-${entity.code}.json"`);
    return exportAccountData(deps.db, entity, c.get('account'), deps.now());
  });

  route(app, ep.exportMyDataPdf, async (c, { params }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c, params.ente);
    const data = await exportAccountData(deps.db, entity, c.get('account'), deps.now());
    return pdfResponse(await renderExportPdf(data, c.get('lang')), `dati-personali-${entity.code}.pdf`);
  });

  route(app, ep.adminListConsentTexts, async (c, { query }) => {
    const deps = c.get('deps');
    const entity = c.get('adminEntity');
    const rows = await consentVersions(deps.db, entity, query.kind);
    const current = new Map<string, string>();
    for (const r of rows)
      if (!current.has(r.kind))
        current.set(r.kind, r.kind === 'privacy' ? entity.privacy_version : r.version);
    return {
      items: rows.map((r) => consentTextView(r, current.get(r.kind) === r.version, deps.config.publicUrl)),
    };
  });

  route(app, ep.adminPublishConsentText, async (c, { params, body }) => {
    const deps = c.get('deps');
    const row = await publishConsentText(
      deps.db,
      c.get('adminEntity'),
      {
        kind: params.kind,
        version: body.version,
        text: typeof body.text === 'string' ? { it: body.text } : body.text,
        requiresReconsent: body.requiresReconsent ?? false,
      },
      actorOf(c),
      deps.now(),
    );
    return consentTextView(row, true, deps.config.publicUrl);
  });

  route(app, ep.adminConsentLedger, async (c, { query }) => {
    const deps = c.get('deps');
    const entity = c.get('adminEntity').code;
    const items = await consentLedgerOf(deps.db, entity, query);
    c.header('Cache-Control', 'no-store');
    if (query.format === 'csv')
      return new Response(consentLedgerCsv(items), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="consensi-${entity}.csv"`,
          'cache-control': 'no-store',
        },
      });
    return { items };
  });

  route(app, ep.adminFindAccounts, async (c, { query }) => {
    const rows = await findAccounts(c.get('deps').db, c.get('adminEntity').code, query);
    c.header('Cache-Control', 'no-store');
    return {
      items: rows.map((a) => ({
        id: a.id,
        status: a.status,
        username: a.username,
        fiscalCode: a.fiscal_code,
        name: displayName(a),
        createdAt: a.created_at,
        closedAt: a.closed_at,
      })),
    };
  });

  route(app, ep.adminExportAccount, async (c, { params }) => {
    const deps = c.get('deps');
    const entity = c.get('adminEntity');
    const account = await requireAccount(deps.db, entity.code, params.id);
    c.header('Cache-Control', 'no-store');
    return exportAccountData(deps.db, entity, account, deps.now());
  });

  route(app, ep.adminExportAccountPdf, async (c, { params }) => {
    const deps = c.get('deps');
    const entity = c.get('adminEntity');
    const account = await requireAccount(deps.db, entity.code, params.id);
    const data = await exportAccountData(deps.db, entity, account, deps.now());
    const lang = account.lang === 'en' || account.lang === 'de' ? account.lang : 'it';
    return pdfResponse(await renderExportPdf(data, lang), `dati-personali-${account.id}.pdf`);
  });

  route(app, ep.adminCloseAccount, async (c, { params }) => {
    await closeAccountOnRequest(c.get('deps'), c.get('adminEntity').code, params.id, {
      actor: actorOf(c),
      channel: 'console',
      ip: c.get('clientIp').slice(0, 64),
    });
    return undefined;
  });

  return app;
}
