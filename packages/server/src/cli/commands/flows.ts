/**
 * `pagatore flows upload|fetch|list|report`: pagoPA's reporting flows straight on DATABASE_URL — a
 * flow received another way stored and matched, a fetch from pagoPA now, the flows with their
 * anomalies, the daily reconciliation report (docs/reconciliation.md).
 */
import { readFileSync } from 'node:fs';
import { RECONCILIATION_REPORT_COLUMNS, ReconciliationReportQuery } from '@pagatore/sdk';
import { validate } from '../../core/messages.js';
import { ApiError } from '../../core/errors.js';
import { csvField } from '../../receipts/export.js';
import { fetchFlows } from '../../reconciliation/fetch.js';
import { storeFlow } from '../../reconciliation/flows.js';
import { listFlows } from '../../reconciliation/lists.js';
import { dailyReport } from '../../reconciliation/settlement.js';
import { type Args, opt } from '../args.js';
import { fieldLines, withEntity } from './with-database.js';

const USAGE = `Usage:
  pagatore flows upload <file.xml|file.json> --entity <code>   a FlussoRiversamento XML (or FdR 3 JSON), stored and matched
  pagatore flows fetch --entity <code>                         the new flows from pagoPA now (the entity's reconciliation settings)
  pagatore flows list --entity <code> [--anomalies]            current flows: id, flow id, revision, settlement, rows, anomalies
  pagatore flows report --entity <code> --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json]
                                                               the daily reconciliation report per day and IBAN`;

export async function flowsCommand(args: Args): Promise<number> {
  const [sub, file] = args.positional;
  const entityCode = opt(args, 'entity');
  if (
    !entityCode ||
    !sub ||
    !['upload', 'fetch', 'list', 'report'].includes(sub) ||
    (sub === 'upload' && !file)
  ) {
    console.error(USAGE);
    return 2;
  }
  const query =
    sub === 'report'
      ? validate(
          ReconciliationReportQuery,
          { from: opt(args, 'from'), to: opt(args, 'to'), format: opt(args, 'format') ?? 'csv' },
          'en',
        )
      : null;
  if (query && !query.ok) {
    for (const line of fieldLines(query.fields)) console.error(line);
    console.error(USAGE);
    return 2;
  }
  return withEntity(entityCode, async ({ db }, entity) => {
    if (sub === 'upload') {
      const raw = readFileSync(file as string, 'utf8');
      const format = /^\s*[{[]/.test(raw) ? 'json' : 'xml';
      const { flow, created } = await storeFlow(db, entity, { raw, format, origin: 'upload' }, new Date());
      console.log(
        `${created ? 'Stored' : 'Already stored'}: flow ${flow.id} ${flow.flow_id ?? '(no id)'} revision ${flow.revision} ${flow.status}` +
          (flow.status === 'invalid'
            ? ` — ${flow.invalid_reason}`
            : `, ${flow.row_count} rows, ${flow.anomalies} anomalies${flow.totals_mismatch ? ', totals do not match the declared ones' : ''}`),
      );
      return flow.status === 'invalid' ? 1 : 0;
    }
    if (sub === 'fetch') {
      try {
        const r = await fetchFlows(db, entity, () => new Date());
        console.log(`Listed ${r.listed}, stored ${r.stored} (${r.invalid} invalid).`);
        for (const e of r.errors) console.error(`  ${e}`);
        return r.errors.length ? 1 : 0;
      } catch (e) {
        console.error(e instanceof ApiError ? `${e.code}: ${e.detail ?? ''}` : String(e));
        return 1;
      }
    }
    if (sub === 'list') {
      const page = await listFlows(db, entity.code, {
        anomalies: args.options.anomalies === true ? 'true' : undefined,
        limit: 200,
        offset: 0,
      });
      for (const f of page.items)
        console.log(
          `${f.id}  ${f.flowId ?? '-'}  r${f.revision}  ${f.status}  ${f.settlementDate ?? '-'}  ${f.settlementId ?? '-'}  rows ${f.rowCount}  anomalies ${f.anomalies}${f.totalsMismatch ? '  TOTALS' : ''}${f.invalidReason ? `  (${f.invalidReason})` : ''}`,
        );
      return 0;
    }
    const q = query!.ok ? query!.value : null;
    if (!q) return 2;
    const rows = await dailyReport(db, entity.code, q, new Date());
    if (q.format === 'json') console.log(JSON.stringify(rows));
    else {
      process.stdout.write(`${RECONCILIATION_REPORT_COLUMNS.join(',')}\r\n`);
      for (const r of rows)
        process.stdout.write(`${RECONCILIATION_REPORT_COLUMNS.map((k) => csvField(r[k])).join(',')}\r\n`);
    }
    return 0;
  });
}
