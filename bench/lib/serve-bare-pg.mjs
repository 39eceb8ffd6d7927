// The PostgreSQL baseline: bare Hono + pg answering the citizen's search (position by entity,
// debtor fiscal code and Codice Avviso, with its options and transfers, the practice's JSON) with
// the same queries Pagatore runs, no validation, no rate limit, no middleware. A pool of
// DATABASE_POOL_SIZE (10) connections, as one Pagatore process. Prints "PORT <n>".
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';

const [url] = process.argv.slice(2);
const asNumber = (v) => Number(v);
pg.types.setTypeParser(pg.types.builtins.INT8, asNumber);
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });

const app = new Hono();
app.post('/api/v1/entities/:ente/practices/search', async (c) => {
  const ente = c.req.param('ente');
  const { fiscalCode, nav } = await c.req.json();
  const found = await pool.query(
    `select p.*, o.installment as found_installment from payment_options o
     join positions p on p.id = o.position_id
     where o.entity_code = $1 and p.entity_code = $1 and o.nav = $2`,
    [ente, nav],
  );
  const p = found.rows[0];
  if (!p || p.debtor_fiscal_code !== fiscalCode)
    return c.json({ error: { code: 'practice_not_found' } }, 404);
  const [options, transfers] = await Promise.all([
    pool.query('select * from payment_options where position_id = $1 order by installment', [p.id]),
    pool.query(
      'select t.* from transfers t join payment_options o on o.id = t.option_id where o.position_id = $1 order by t.idx',
      [p.id],
    ),
  ]);
  void transfers;
  const option = (o) => ({
    installment: o.installment,
    amount: o.amount,
    dueDate: o.due_date,
    description: o.description,
    iuv: o.iuv,
    nav: o.nav,
    status: o.status,
    paidAt: o.paid_at,
  });
  const single = options.rows.find((o) => o.installment === 0);
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
      installments: options.rows.filter((o) => o.installment > 0).map(option),
      payable: options.rows.some((o) => o.status === 'unpaid'),
      createdAt: p.created_at,
      found: p.found_installment,
    },
  });
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
  console.log(`PORT ${info.port}`),
);
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
