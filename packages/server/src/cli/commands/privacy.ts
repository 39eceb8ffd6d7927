/**
 * `pagatore privacy …`: the entity's privacy side straight from DATABASE_URL: publish a consent
 * text, read the consent ledger, find a person's accounts, export what is held about one (JSON or
 * PDF, for a request received by post), close one on the person's request, run the retention job.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { ConsentLedgerQuery, ConsentTextInput, type Lang } from '@pagatore/sdk';
import * as v from 'valibot';
import { loadConfig } from '../../config/index.js';
import { ApiError } from '../../core/errors.js';
import { consentVersions, publishConsentText } from '../../privacy/consents.js';
import { exportAccountData } from '../../privacy/export.js';
import { renderExportPdf } from '../../privacy/export-pdf.js';
import {
  closeAccountOnRequest,
  consentLedgerCsv,
  consentLedgerOf,
  findAccounts,
  requireAccount,
} from '../../privacy/privacy.js';
import { eraseExpiredPaymentData } from '../../privacy/retention.js';
import { createLogger } from '../../log/logger.js';
import { VERSION } from '../../version.js';
import { type Args, opt } from '../args.js';
import { withDatabase, withEntity } from './with-database.js';

const USAGE = `Usage:
  pagatore privacy publish <kind> --entity <code> --version <v> --file <text> [--file-en <text>] [--file-de <text>] [--reconsent]
  pagatore privacy texts --entity <code> [--kind <kind>]
  pagatore privacy ledger --entity <code> [--account <id>] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format csv|json] [--out <file>]
  pagatore privacy accounts --entity <code> (--fiscal-code <code> | --email <address>)
  pagatore privacy export <account id> --entity <code> [--format json|pdf] --out <file>
  pagatore privacy close <account id> --entity <code> --by <who acts, e.g. the DPO's name>
  pagatore privacy retention
<kind> is privacy, reminders or another name (a-z, 0-9, _ -); --reconsent asks every account to
accept the new privacy text at its next login.`;

const write = async (out: string | undefined, data: string | Uint8Array) => {
  if (out) await writeFile(out, data);
  else process.stdout.write(data);
};

export async function privacyCommand(args: Args): Promise<number> {
  const [sub, arg] = args.positional;
  const config = loadConfig(process.env, { mode: 'demo' });
  if (sub === 'retention') {
    return withDatabase(async ({ db }) => {
      const r = await eraseExpiredPaymentData(db, new Date(), config.retentionYears);
      console.log(
        `Erased the personal data of ${r.receipts} receipts and ${r.payments} payments past ${config.retentionYears} years.`,
      );
      return 0;
    });
  }
  const entityCode = opt(args, 'entity');
  if (!entityCode || !['publish', 'texts', 'ledger', 'accounts', 'export', 'close'].includes(sub ?? '')) {
    console.error(USAGE);
    return 2;
  }
  return withEntity(entityCode, async ({ db }, entity) => {
    try {
      switch (sub) {
        case 'publish': {
          const file = opt(args, 'file');
          if (!arg || !file) break;
          const text: Record<string, string> = { it: await readFile(file, 'utf8') };
          for (const lang of ['en', 'de'] as const) {
            const f = opt(args, `file-${lang}`);
            if (f) text[lang] = await readFile(f, 'utf8');
          }
          const body = v.safeParse(ConsentTextInput, {
            version: opt(args, 'version'),
            text: Object.keys(text).length === 1 ? text.it : text,
            requiresReconsent: args.options.reconsent === true,
          });
          if (!body.success || !/^[a-z][a-z0-9_-]{1,29}$/.test(arg)) {
            console.error(`Invalid kind, version or text.\n${USAGE}`);
            return 2;
          }
          const t = body.output.text;
          const row = await publishConsentText(
            db,
            entity,
            {
              kind: arg,
              version: body.output.version,
              text: typeof t === 'string' ? { it: t } : t,
              requiresReconsent: body.output.requiresReconsent ?? false,
            },
            'cli',
            new Date(),
          );
          console.log(
            `Published ${row.kind} ${row.version}${row.requires_reconsent ? ' (fresh consent at next login)' : ''}.`,
          );
          return 0;
        }
        case 'texts': {
          for (const r of await consentVersions(db, entity, opt(args, 'kind')))
            console.log(
              `${r.kind}\t${r.version}\t${r.published_at}\t${r.requires_reconsent ? 'reconsent' : ''}`,
            );
          return 0;
        }
        case 'ledger': {
          const q = v.safeParse(ConsentLedgerQuery, {
            account: opt(args, 'account'),
            from: opt(args, 'from'),
            to: opt(args, 'to'),
            format: opt(args, 'format') ?? 'csv',
          });
          if (!q.success) break;
          const items = await consentLedgerOf(db, entity.code, q.output);
          await write(
            opt(args, 'out'),
            q.output.format === 'json' ? `${JSON.stringify(items, null, 2)}\n` : consentLedgerCsv(items),
          );
          return 0;
        }
        case 'accounts': {
          const rows = await findAccounts(db, entity.code, {
            fiscalCode: opt(args, 'fiscal-code'),
            email: opt(args, 'email'),
          });
          for (const a of rows)
            console.log(`${a.id}\t${a.status}\t${a.username ?? ''}\t${a.created_at}\t${a.closed_at ?? ''}`);
          return rows.length ? 0 : 1;
        }
        case 'export': {
          const format = opt(args, 'format') ?? 'json';
          if (!arg || (format !== 'json' && format !== 'pdf')) break;
          const account = await requireAccount(db, entity.code, arg);
          const data = await exportAccountData(db, entity, account, new Date());
          const lang: Lang = account.lang === 'en' || account.lang === 'de' ? account.lang : 'it';
          await write(
            opt(args, 'out'),
            format === 'pdf' ? await renderExportPdf(data, lang) : `${JSON.stringify(data, null, 2)}\n`,
          );
          return 0;
        }
        case 'close': {
          const by = opt(args, 'by');
          if (!arg || !by) break;
          const deps = {
            config,
            db,
            logger: createLogger('silent'),
            now: () => new Date(),
            version: VERSION,
          };
          await closeAccountOnRequest(deps, entity.code, arg, { actor: by, channel: 'cli' });
          console.log(`Closed account ${arg}; the consent ledger records the revocation by ${by}.`);
          return 0;
        }
      }
      console.error(USAGE);
      return 2;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      console.error(
        e.code === 'not_found' ? 'No such account.' : `Refused: ${e.code}${e.detail ? ` — ${e.detail}` : ''}`,
      );
      return e.code === 'not_found' ? 1 : 3;
    }
  });
}
