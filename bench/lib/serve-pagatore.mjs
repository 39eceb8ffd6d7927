// Serves Pagatore (built) on 127.0.0.1 over an existing database (an SQLite file or a postgres://
// URL); prints "PORT <n>". Client addresses come from X-Forwarded-For, so a bench can be many
// citizens, each under its own rate limit. DATABASE_POOL_SIZE sets the PostgreSQL pool.
import { loadConfig, startServer } from '@pagatore/server';

const [database] = process.argv.slice(2);
const config = loadConfig(
  { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE },
  {
    mode: 'demo',
    databaseUrl: /^postgres(ql)?:\/\//.test(database) ? database : `file:${database}`,
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    trustProxy: true,
  },
);
const server = await startServer(config);
console.log(`PORT ${server.port}`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
