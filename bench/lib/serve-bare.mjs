// The baseline: bare Hono + better-sqlite3 answering the same lookup (position by entity + NAV,
// with its options and transfers, the same JSON shape) with prepared statements, no auth, no
// validation, no middleware. Prints "PORT <n>".
import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import { Hono } from 'hono';

const [databaseFile, entity] = process.argv.slice(2);
const db = new SQLite(databaseFile, { readonly: true });
db.pragma('journal_mode = WAL');
const byNav = db.prepare(
  `select p.* from positions p join payment_options o on o.position_id = p.id
   where p.entity_code = ? and o.entity_code = ? and o.nav = ?`,
);
const options = db.prepare('select * from payment_options where position_id = ? order by installment');
const transfers = db.prepare('select * from transfers where option_id = ? order by idx');

const app = new Hono();
app.get('/api/v1/admin/positions', (c) => {
  const nav = c.req.query('nav') ?? '';
  const p = byNav.get(entity, entity, nav);
  if (!p) return c.json({ items: [], total: 0, limit: 50, offset: 0 });
  const opts = options.all(p.id).map((o) => ({
    installment: o.installment,
    amount: o.amount,
    dueDate: o.due_date,
    description: o.description,
    iuv: o.iuv,
    nav: o.nav,
    status: o.status,
    paidAt: o.paid_at,
    transfers: transfers.all(o.id).map((t) => ({
      iban: t.iban,
      postal: t.postal === 1,
      amount: t.amount,
      remittance: t.remittance,
      taxonomy: t.taxonomy,
    })),
  }));
  const item = {
    iupd: p.iupd,
    status: p.status,
    debtor: {
      fiscalCode: p.debtor_fiscal_code,
      type: p.debtor_type,
      name: p.debtor_name,
      address: p.debtor_address,
      city: p.debtor_city,
      postalCode: p.debtor_postal_code,
      province: p.debtor_province,
      country: p.debtor_country,
      email: p.debtor_email,
    },
    description: p.description,
    service: p.service_code,
    validityDate: p.validity_date,
    single: opts.find((o) => o.installment === 0) ?? null,
    installments: opts.filter((o) => o.installment > 0),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
  return c.json({ items: [item], total: 1, limit: 50, offset: 0 });
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
  console.log(`PORT ${info.port}`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
