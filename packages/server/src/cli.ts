#!/usr/bin/env node
/**
 * `pagatore`: serve (production), demo (everything `npm start` shows), migrate, and the entity
 * commands. A created API key is printed alone on the last line, so scripts can capture it.
 */
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { parseArgs } from './cli/args.js';
import { ConfigError, loadConfig } from './config/index.js';
import { migrate, openDatabase } from './db/database.js';
import { commands } from './cli/commands/index.js';
import { DEMO_ENTITY } from './demo/seed.js';
import { seedDemo } from './demo/seed-all.js';
import { startSite } from './demo/site.js';
import { startDemoIdentity } from './demo/seed-identity.js';
import { startServer } from './server.js';
import { VERSION } from './version.js';

const HELP = `pagatore ${VERSION} — embeddable pagoPA payer portal

Usage:
  pagatore serve            start the server (production mode unless PAGATORE_MODE=demo)
  pagatore demo             start the demo: API + widgets + example Comune site, seeded data
  pagatore demo seed        (re)create the demo data in DATABASE_URL
  pagatore migrate          apply pending database migrations
  pagatore help             this text

%COMMANDS%
Settings come from environment variables: see README.md and docs/operations.md.`;

function help(): string {
  const extra = Object.entries(commands).map(([name, c]) => `  pagatore ${name.padEnd(17)}${c.summary}`);
  return HELP.replace('%COMMANDS%', extra.length ? `${extra.join('\n')}\n` : '');
}

function widgetsDirDefault(): string | null {
  try {
    return dirname(fileURLToPath(import.meta.resolve('@pagatore/widgets/pagatore.js')));
  } catch {
    return null;
  }
}

function siteDirDefault(): string {
  return fileURLToPath(new URL('../../../examples/site', import.meta.url));
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const [command = 'help', sub] = args.positional;
  switch (command) {
    case 'serve': {
      const config = loadConfig(process.env, { widgetsDir: process.env.WIDGETS_DIR || widgetsDirDefault() });
      const server = await startServer(config);
      stopOnSignal(() => server.close());
      return -1;
    }
    case 'demo': {
      const config = loadConfig(process.env, {
        mode: 'demo',
        widgetsDir: process.env.WIDGETS_DIR || widgetsDirDefault(),
        siteDir: process.env.SITE_DIR || siteDirDefault(),
      });
      if (sub === 'seed') {
        const handle = await openDatabase(config.databaseUrl);
        await migrate(handle.db);
        const notes = await seedDemo(handle.db, config);
        await handle.close();
        console.log([`Demo data ready in ${config.databaseUrl}`, ...notes].join('\n'));
        return 0;
      }
      let notes: string[] = [];
      let identity: Awaited<ReturnType<typeof startDemoIdentity>> | null = null;
      const server = await startServer(config, {
        beforeListen: async (deps) => {
          notes = await seedDemo(deps.db, deps.config);
          identity = await startDemoIdentity(deps.db, deps.config);
          notes.push(...identity.notes);
        },
      });
      const site = await startSite({
        dir: config.siteDir ?? siteDirDefault(),
        apiUrl: server.url,
        entity: DEMO_ENTITY.code,
        port: config.sitePort,
      });
      console.log(
        [
          '',
          'Pagatore demo is running',
          `  Comune di Esempio  ${site.url}/pagamenti.html   (each component alone: ${site.url}/componenti.html)`,
          `  API (OpenAPI)      ${server.url}/api/v1/openapi.json`,
          `  Widget bundle      ${server.url}/widgets/pagatore.js`,
          `  Dev mailbox        ${server.url}/dev/mailbox   (activation, reset and username e-mails)`,
          `  Demo entity        ${DEMO_ENTITY.name}, fiscal code ${DEMO_ENTITY.code}`,
          ...notes.map((n) => `  ${n}`),
          '',
        ].join('\n'),
      );
      stopOnSignal(async () => {
        await site.close();
        await server.close();
        await identity?.close();
      });
      return -1;
    }
    case 'migrate': {
      // Only DATABASE_URL matters here; the mode rules are for serving.
      const config = loadConfig(process.env, { mode: 'demo' });
      const handle = await openDatabase(config.databaseUrl);
      const applied = await migrate(handle.db);
      await handle.close();
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      return 0;
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(help());
      return 0;
    case 'version':
    case '--version':
      console.log(VERSION);
      return 0;
    default: {
      const found = commands[command];
      if (found) return found.run(parseArgs(argv.slice(1)));
      console.error(`Unknown command: ${command}\n\n${help()}`);
      return 2;
    }
  }
}

function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error);
    process.exitCode = 1;
  },
);
