/**
 * Entity-side CLI commands, by first word. Each area adds its commands in its own file:
 * entity and apikey and positions, notices, webhooks and receipts, flows (reporting flows), identity
 * (SPID/CIE federation), staff (the console's), db (moving the data to PostgreSQL).
 */
import type { Args } from '../args.js';
import { apikeyCommand } from './apikey.js';
import { dbCommand } from './db.js';
import { entityCommand } from './entity.js';
import { identityCommand } from './identity.js';
import { flowsCommand } from './flows.js';
import { noticesCommand } from './notices.js';
import { paylinksCommand } from './paylinks.js';
import { positionsCommand } from './positions.js';
import { privacyCommand } from './privacy.js';
import { receiptsCommand, webhooksCommand } from './webhooks.js';
import { staffCommand } from './staff.js';

/** A command gets the parsed arguments (after its name) and returns the exit code. */
export type Command = (args: Args) => Promise<number>;

export const commands: Record<string, { summary: string; run: Command }> = {
  entity: { summary: 'create|update|list the hosted entities', run: entityCommand },
  apikey: { summary: 'create|revoke|list entity API keys (key alone on the last line)', run: apikeyCommand },
  positions: { summary: 'import <file> --entity <code>: bulk CSV/JSON/NDJSON import', run: positionsCommand },
  notices: {
    summary: '<out.zip|out.pdf> --entity <code> [--iupd A,B]: payment notices as PDF',
    run: noticesCommand,
  },
  privacy: {
    summary:
      "publish|texts|ledger|accounts|export|close|retention: consent texts, the consent ledger, a person's data (request by post)",
    run: privacyCommand,
  },
  paylinks: {
    summary: 'create|revoke --entity <code>: "Paga ora" links (CSV/JSON for mail merges)',
    run: paylinksCommand,
  },
  webhooks: {
    summary: 'create|list|delete|deliveries: webhook endpoints (secret alone on the last line)',
    run: webhooksCommand,
  },
  receipts: {
    summary: 'export --entity <code> --from <date> --to <date> [--format csv|json]: reconciliation',
    run: receiptsCommand,
  },
  identity: {
    summary:
      'keys generate|rotate|list, federation set|show --entity <code>: SPID/CIE federation keys and entity configuration',
    run: identityCommand,
  },
  staff: {
    summary: 'create|grant|revoke|reset-totp|password|list: staff of the console (password on the last line)',
    run: staffCommand,
  },
  flows: {
    summary:
      'upload|fetch|list|report --entity <code>: pagoPA reporting flows and the daily reconciliation report',
    run: flowsCommand,
  },
  db: {
    summary: 'copy --to postgres://… [--from <file>] [--replace]: move the SQLite data to PostgreSQL',
    run: dbCommand,
  },
};
