// Serves Pagatore (built) on 127.0.0.1 over an existing database; prints "PORT <n>".
import { loadConfig, startServer } from '@pagatore/server';

const [databaseFile] = process.argv.slice(2);
const config = loadConfig(
  {},
  {
    mode: 'demo',
    databaseUrl: `file:${databaseFile}`,
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
  },
);
const server = await startServer(config);
console.log(`PORT ${server.port}`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
