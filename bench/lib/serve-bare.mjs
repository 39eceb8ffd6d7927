// The SQLite baseline: the fastest plain handler for the same answers, so that Pagatore can only
// approach it. node:http (no framework), one prepared statement per request read as raw rows, no
// auth, no validation, no middleware, the answer's JSON written directly.
//   GET  /api/v1/admin/positions?nav=…             the admin lookup (position, options, transfers)
//   POST /api/v1/entities/:ente/practices/search    the citizen's search (practice, options, no IBAN)
// The citizen's search must count each request against the client's rate limit in the shared
// database (so that several processes count the same hits): the bare search does the least of
// that, one prepared upsert of the client's counter (autocommit) before its one prepared read.
// Prints "PORT <n>".
import http from 'node:http';
import SQLite from 'better-sqlite3';

const [databaseFile, entity] = process.argv.slice(2);
const db = new SQLite(databaseFile);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');

// The client's counter in its 10-minute window: Pagatore's own rate-limit upsert.
const countHit = db
  .prepare(
    `insert into rate_limits (bucket, window_start, count) values (?, ?, 1)
     on conflict (bucket, window_start) do update set count = rate_limits.count + 1 returning count`,
  )
  .pluck();

// Position × options × transfers of the option with this NAV, in one statement.
const lookup = db
  .prepare(
    `select p.iupd, p.status, p.debtor_fiscal_code, p.debtor_type, p.debtor_name, p.description,
       p.service_code, p.validity_date, p.created_at, p.updated_at,
       o.installment, o.amount, o.due_date, o.description, o.iuv, o.nav, o.status, o.paid_at,
       t.iban, t.postal, t.amount, t.remittance, t.taxonomy
     from payment_options f
     join positions p on p.id = f.position_id
     join payment_options o on o.position_id = p.id
     left join transfers t on t.option_id = o.id
     where f.entity_code = ? and f.nav = ? and p.entity_code = ?`,
  )
  .raw(true);

// The citizen's practice: position × options, found by NAV, in one statement.
const search = db
  .prepare(
    `select p.id, p.description, p.debtor_fiscal_code, p.debtor_name, p.service_code, p.status,
       p.amount, p.due_date, p.created_at, f.installment,
       o.installment, o.amount, o.due_date, o.description, o.iuv, o.nav, o.status, o.paid_at
     from payment_options f
     join positions p on p.id = f.position_id
     join payment_options o on o.position_id = p.id
     where f.entity_code = ? and f.nav = ? and p.entity_code = ?`,
  )
  .raw(true);

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

function adminLookup(nav, res) {
  const rows = lookup.all(entity, nav, entity);
  const p = rows[0];
  if (!p) return send(res, 200, { items: [], total: 0 });
  const option = (r) => ({
    installment: r[10],
    amount: r[11],
    dueDate: r[12],
    description: r[13],
    iuv: r[14],
    nav: r[15],
    status: r[16],
    paidAt: r[17],
    transfers:
      r[18] === null
        ? []
        : [{ iban: r[18], postal: r[19] === 1, amount: r[20], remittance: r[21], taxonomy: r[22] }],
  });
  const options = rows.map(option);
  send(res, 200, {
    items: [
      {
        iupd: p[0],
        status: p[1],
        debtor: { fiscalCode: p[2], type: p[3], name: p[4] },
        description: p[5],
        service: p[6],
        validityDate: p[7],
        single: options.find((o) => o.installment === 0) ?? null,
        installments: options.filter((o) => o.installment > 0),
        createdAt: p[8],
        updatedAt: p[9],
      },
    ],
    total: 1,
  });
}

function citizenSearch(ente, body, ip, res) {
  const { fiscalCode, nav } = JSON.parse(body);
  const seconds = Math.floor(Date.now() / 1000);
  if (countHit.get(`bare-search:ip:${ip}`, seconds - (seconds % 600)) > 30)
    return send(res, 429, { error: { code: 'rate_limited' } });
  const rows = search.all(ente, nav, ente);
  const p = rows[0];
  if (!p || p[2] !== fiscalCode) return send(res, 404, { error: { code: 'practice_not_found' } });
  const option = (r) => ({
    installment: r[10],
    amount: r[11],
    dueDate: r[12],
    description: r[13],
    iuv: r[14],
    nav: r[15],
    status: r[16],
    paidAt: r[17],
  });
  const options = rows.map(option);
  send(res, 200, {
    practice: {
      id: String(p[0]),
      entity: { code: ente },
      description: p[1],
      debtor: { fiscalCode: p[2], name: p[3] },
      service: p[4],
      status: p[5],
      amount: p[6],
      dueDate: p[7],
      single: options.find((o) => o.installment === 0) ?? null,
      installments: options.filter((o) => o.installment > 0),
      payable: options.some((o) => o.status === 'unpaid'),
      createdAt: p[8],
      found: p[9],
    },
  });
}

const SEARCH = /^\/api\/v1\/entities\/([^/]+)\/practices\/search$/;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/api/v1/admin/positions?nav=')) {
    return adminLookup(req.url.slice('/api/v1/admin/positions?nav='.length), res);
  }
  const m = req.method === 'POST' ? SEARCH.exec(req.url) : null;
  if (!m) return send(res, 404, {});
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d) => (body += d));
  req.on('end', () =>
    citizenSearch(m[1], body, req.headers['x-forwarded-for'] ?? req.socket.remoteAddress, res),
  );
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`PORT ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
