// The PostgreSQL baseline: bare Hono + pg answering the citizen's search (position by entity, debtor
// fiscal code and Codice Avviso, with its options, the practice's JSON) in the fewest round trips:
// the client's rate-limit hit counted in the database as Pagatore counts it (one upsert, so that
// several processes count the same hits), then one statement for the practice and its options; no
// validation, no middleware, no miss counters. A pool of DATABASE_POOL_SIZE (10) connections, as one
// Pagatore process. Prints "PORT <n>".
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';

const [url] = process.argv.slice(2);
const asNumber = (v) => Number(v);
pg.types.setTypeParser(pg.types.builtins.INT8, asNumber);
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });

// The client's counter in its 10-minute window (Pagatore's own rate-limit upsert), then the practice
// with its options in one statement; both prepared once per connection (named statements).
const HIT = `insert into rate_limits (bucket, window_start, count) values ($1, $2, 1)
  on conflict (bucket, window_start) do update set count = rate_limits.count + 1 returning count`;
const PRACTICE = `select p.id, p.description, p.debtor_fiscal_code, p.debtor_name, p.service_code, p.status,
    p.amount, p.due_date, p.created_at, f.installment as found,
    o.installment, o.amount as o_amount, o.due_date as o_due_date, o.description as o_description,
    o.iuv, o.nav, o.status as o_status, o.paid_at
  from payment_options f
  join positions p on p.id = f.position_id
  join payment_options o on o.position_id = p.id
  where f.entity_code = $1 and p.entity_code = $1 and f.nav = $2
  order by o.installment`;

const app = new Hono();
app.post('/api/v1/entities/:ente/practices/search', async (c) => {
  const ente = c.req.param('ente');
  const { fiscalCode, nav } = await c.req.json();
  const ip = c.req.header('x-forwarded-for') ?? '';
  const seconds = Math.floor(Date.now() / 1000);
  const hit = await pool.query({
    name: 'hit',
    text: HIT,
    values: [`bare-search:ip:${ip}`, seconds - (seconds % 600)],
  });
  if (hit.rows[0].count > 30) return c.json({ error: { code: 'rate_limited' } }, 429);
  const { rows } = await pool.query({ name: 'practice', text: PRACTICE, values: [ente, nav] });
  const p = rows[0];
  if (!p || p.debtor_fiscal_code !== fiscalCode)
    return c.json({ error: { code: 'practice_not_found' } }, 404);
  const option = (o) => ({
    installment: o.installment,
    amount: o.o_amount,
    dueDate: o.o_due_date,
    description: o.o_description,
    iuv: o.iuv,
    nav: o.nav,
    status: o.o_status,
    paidAt: o.paid_at,
  });
  const single = rows.find((o) => o.installment === 0);
  c.header('Cache-Control', 'no-store');
  return c.json({
    practice: {
      id: String(p.id),
      entity: { code: ente, name: 'Comune di Esempio' },
      description: p.description,
      debtor: { fiscalCode: p.debtor_fiscal_code, name: p.debtor_name },
      service: p.service_code,
      status: p.status,
      amount: p.amount,
      dueDate: p.due_date,
      single: single ? option(single) : null,
      installments: rows.filter((o) => o.installment > 0).map(option),
      payable: rows.some((o) => o.o_status === 'unpaid'),
      createdAt: p.created_at,
      found: p.found,
    },
  });
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
  console.log(`PORT ${info.port}`),
);
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
