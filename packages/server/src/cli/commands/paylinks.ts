/**
 * `pagatore paylinks create|revoke`: "Paga ora" links straight from DATABASE_URL, for one position
 * (or one installment) or many at once as the CSV or JSON of a mail merge.
 */
import { writeFile } from 'node:fs/promises';
import { payLinksCsv, type PayLinkBulkResult } from '@pagatore/sdk';
import { ApiError } from '../../core/errors.js';
import { createPayLink, createPayLinks, revokePayLink } from '../../paylinks/paylinks.js';
import { type Args, opt } from '../args.js';
import { withEntity } from './with-database.js';

const USAGE = `Usage:
  pagatore paylinks create --entity <code> --iupd A[,B,…] [--installment N] [--valid-days N] [--format csv|json] [--out file]
  pagatore paylinks revoke <pl_…> --entity <code>
create writes one line per link (CSV: iupd,installment,url,expires_at) to --out or standard output;
positions left out (not found, paid, cancelled) are listed on standard error, exit code 3.
--installment (0: the single payment, 1..n) needs a single --iupd. Default validity: 90 days.`;

function intOpt(args: Args, name: string, min: number, max: number): number | undefined | null {
  const s = opt(args, name);
  if (s === undefined) return undefined;
  const n = Number(s);
  return /^\d+$/.test(s) && n >= min && n <= max ? n : null;
}

export async function paylinksCommand(args: Args): Promise<number> {
  const [sub, id] = args.positional;
  const entityCode = opt(args, 'entity');
  if (!entityCode || (sub !== 'create' && sub !== 'revoke')) {
    console.error(USAGE);
    return 2;
  }
  return withEntity(entityCode, async ({ db }, entity) => {
    try {
      if (sub === 'revoke') {
        if (!id) {
          console.error(USAGE);
          return 2;
        }
        await revokePayLink(db, entity, id, new Date());
        console.log(`Revoked ${id}.`);
        return 0;
      }
      const iupds = (opt(args, 'iupd') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const installment = intOpt(args, 'installment', 0, 999);
      const validDays = intOpt(args, 'valid-days', 1, 366);
      const format = opt(args, 'format') ?? 'csv';
      if (
        iupds.length === 0 ||
        installment === null ||
        validDays === null ||
        (installment !== undefined && iupds.length !== 1) ||
        (format !== 'csv' && format !== 'json')
      ) {
        console.error(USAGE);
        return 2;
      }
      const result: PayLinkBulkResult =
        installment !== undefined
          ? {
              items: [await createPayLink(db, entity, iupds[0]!, { installment, validDays }, new Date())],
              skipped: [],
            }
          : await createPayLinks(db, entity, iupds, validDays, new Date());
      const text =
        format === 'csv' ? payLinksCsv(result.items) : `${JSON.stringify(result.items, null, 2)}\n`;
      const out = opt(args, 'out');
      if (out) await writeFile(out, text);
      else process.stdout.write(text);
      for (const s of result.skipped) console.error(`Skipped ${s.iupd}: ${s.code}`);
      return result.skipped.length > 0 ? 3 : 0;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      console.error(
        e.code === 'portal_url_missing'
          ? `The entity has no portal page: set it with \`pagatore entity update ${entityCode} --portal-url <url>\` (or portalUrl in PATCH /api/v1/admin/entity).`
          : `Refused: ${e.code}`,
      );
      return 1;
    }
  });
}
