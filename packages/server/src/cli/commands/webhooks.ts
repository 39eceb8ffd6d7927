/**
 * `pagatore webhooks create|list|delete|deliveries` and `pagatore receipts export`: entity events
 * straight on DATABASE_URL. A created endpoint's secret is printed alone on the last line.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ReceiptExportQuery, WebhookInput } from '@pagatore/sdk';
import { validate } from '../../core/messages.js';
import { exportStream } from '../../receipts/export.js';
import { urlTargetProblem } from '../../outbound/addresses.js';
import { listDeliveries } from '../../webhooks/deliveries.js';
import { createEndpoint, deleteEndpoint, findEndpoint, listEndpoints } from '../../webhooks/endpoints.js';
import { type Args, opt } from '../args.js';
import { fieldLines, withDatabase, withEntity } from './with-database.js';

const USAGE = `Usage:
  pagatore webhooks create --entity <code> --url <https://…> [--types payment.paid,receipt.received] [--description <text>] [--allow-http]
                                       the signing secret is the last line of output
  pagatore webhooks list [--entity <code>]
  pagatore webhooks delete <id> --entity <code>
  pagatore webhooks deliveries <id> --entity <code> [--status pending|delivered|failed]`;

const RECEIPTS_USAGE = `Usage:
  pagatore receipts export --entity <code> --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json] [--out file]
Days are Europe/Rome days, both included; one row per transfer (docs/reconciliation.md).`;

/** http is for a receiver on this machine, or when asked for explicitly. */
function httpAllowed(url: string, args: Args): boolean {
  if (url.startsWith('https://') || args.options['allow-http'] === true) return true;
  return /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(url);
}

export async function webhooksCommand(args: Args): Promise<number> {
  const [sub, id] = args.positional;
  const entityCode = opt(args, 'entity');
  if (sub === 'create' && entityCode) {
    const types = opt(args, 'types');
    const input = validate(
      WebhookInput,
      {
        url: opt(args, 'url'),
        ...(types ? { types: types.split(',').map((t) => t.trim()) } : {}),
        ...(opt(args, 'description') ? { description: opt(args, 'description') } : {}),
      },
      'en',
    );
    if (!input.ok) {
      console.error('Invalid webhook:');
      for (const line of fieldLines(input.fields)) console.error(line);
      return 2;
    }
    if (!httpAllowed(input.value.url, args)) {
      console.error('The URL must be https:// (add --allow-http for a plain-http receiver in a demo).');
      return 2;
    }
    return withEntity(entityCode, async ({ db }, entity) => {
      if (urlTargetProblem(input.value.url, entity.allow_private_targets === 1)) {
        console.error(
          `The URL points inside the network (loopback, private, link-local…): refused unless the entity allows its own network (pagatore entity update ${entity.code} --private-targets yes).`,
        );
        return 2;
      }
      const created = await createEndpoint(db, entity.code, input.value, new Date());
      if (!created) {
        console.error(`Entity ${entity.code} already has the most webhook endpoints allowed.`);
        return 1;
      }
      const types = JSON.parse(created.row.types) as string[];
      console.log(`Webhook ${created.row.id} for ${entity.code} ${entity.name}: ${created.row.url}`);
      console.log(`Events: ${types.length ? types.join(', ') : 'all'}.`);
      console.log('Signing secret, shown only now (verify Pagatore-Signature with it, docs/webhooks.md):');
      console.log(created.secret);
      return 0;
    });
  }
  if (sub === 'list') {
    return withDatabase(async ({ db }) => {
      for (const w of await listEndpoints(db, entityCode)) {
        const types = JSON.parse(w.types) as string[];
        console.log(
          `${w.id}  ${w.entity_code}  ${w.enabled ? 'enabled' : 'paused'}  ${w.url}  ${types.length ? types.join(',') : 'all events'}`,
        );
      }
      return 0;
    });
  }
  if (sub === 'delete' && id && entityCode) {
    return withDatabase(async ({ db }) => {
      if (!(await deleteEndpoint(db, entityCode, id))) {
        console.error(`No webhook ${id} for entity ${entityCode}.`);
        return 1;
      }
      console.log('Deleted.');
      return 0;
    });
  }
  if (sub === 'deliveries' && id && entityCode) {
    const status = opt(args, 'status');
    if (status !== undefined && !['pending', 'delivered', 'failed'].includes(status)) {
      console.error(USAGE);
      return 2;
    }
    return withDatabase(async ({ db }) => {
      const endpoint = await findEndpoint(db, entityCode, id);
      if (!endpoint) {
        console.error(`No webhook ${id} for entity ${entityCode}.`);
        return 1;
      }
      const { items, total } = await listDeliveries(db, endpoint.id, {
        status: status as 'pending' | 'delivered' | 'failed' | undefined,
        limit: 200,
        offset: 0,
      });
      for (const d of items) {
        console.log(
          `${d.id}  event ${d.event_id} ${d.event_type}  ${d.practice_key}  ${d.status}  attempts ${d.attempts}${d.last_error ? `  (${d.last_error})` : ''}`,
        );
      }
      console.log(`${items.length} of ${total} deliveries.`);
      return 0;
    });
  }
  console.error(USAGE);
  return 2;
}

export async function receiptsCommand(args: Args): Promise<number> {
  const [sub] = args.positional;
  const entityCode = opt(args, 'entity');
  const query = validate(
    ReceiptExportQuery,
    { from: opt(args, 'from'), to: opt(args, 'to'), format: opt(args, 'format') ?? 'csv' },
    'en',
  );
  if (sub !== 'export' || !entityCode || !query.ok) {
    if (query.ok === false && sub === 'export')
      for (const line of fieldLines(query.fields)) console.error(line);
    console.error(RECEIPTS_USAGE);
    return 2;
  }
  return withEntity(entityCode, async ({ db }, entity) => {
    const { from, to, format } = query.value;
    const file = opt(args, 'out');
    const out = file ? createWriteStream(file) : process.stdout;
    // Written as read, waiting for the file or pipe to drain: memory stays at one page.
    const reader = exportStream(db, entity.code, { from, to }, format ?? 'csv').getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      if (!out.write(r.value)) await once(out, 'drain');
    }
    if (file)
      await new Promise<void>((resolve, reject) =>
        out.end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
    return 0;
  });
}
