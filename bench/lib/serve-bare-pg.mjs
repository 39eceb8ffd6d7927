// The PostgreSQL baseline: the fastest plain handler for the citizen's search, so that Pagatore can
// only approach it. node:http (no framework), no validation, no middleware, no miss counters, and
// one round trip per search: one named statement (parsed and planned once per connection) counts
// the client's hit as Pagatore counts it (the rate-limit upsert, so that several processes count
// the same hits) and reads the practice with its options, as rows in array mode; the answer's JSON
// is written directly. A pool of half DATABASE_POOL_SIZE (10), the connections one Pagatore process
// keeps for the search (with all ten the bare was no faster: 6,588 and 5,821 req/s against 7,434
// and 5,750 with five, on 100k positions in alternated runs). Prints "PORT <n>".
import http from 'node:http';
import pg from 'pg';

const [url] = process.argv.slice(2);
const asNumber = (v) => Number(v);
pg.types.setTypeParser(pg.types.builtins.INT8, asNumber);
const pool = new pg.Pool({
  connectionString: url,
  max: Math.max(1, Math.floor(Number(process.env.DATABASE_POOL_SIZE ?? 10) / 2)),
});

// The client's counter in its 10-minute window (Pagatore's own rate-limit upsert) beside each row of
// the practice: the position found by the Codice Avviso, once per option (no row: no practice).
const SEARCH = {
  name: 'bare.search',
  rowMode: 'array',
  text: `with hit as (
      insert into rate_limits (bucket, window_start, count) values ($1, $2, 1)
      on conflict (bucket, window_start) do update set count = rate_limits.count + 1 returning count)
    select hit.count, x.* from hit left join (
      select p.id, p.description, p.debtor_fiscal_code, p.debtor_name, p.service_code, p.status,
        p.amount, p.due_date, p.created_at, f.installment as found,
        o.installment, o.amount as o_amount, o.due_date as o_due_date, o.description as o_description,
        o.iuv, o.nav, o.status as o_status, o.paid_at
      from payment_options f
      join positions p on p.id = f.position_id
      join payment_options o on o.position_id = p.id
      where f.entity_code = $3 and p.entity_code = $3 and f.nav = $4) x on true
    order by x.installment`,
};

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

async function citizenSearch(ente, body, ip, res) {
  const { fiscalCode, nav } = JSON.parse(body);
  const seconds = Math.floor(Date.now() / 1000);
  const { rows } = await pool.query({
    ...SEARCH,
    values: [`bare-search:ip:${ip}`, seconds - (seconds % 600), ente, nav],
  });
  if (rows[0][0] > 30) return send(res, 429, { error: { code: 'rate_limited' } });
  const p = rows[0];
  if (p[1] === null || p[3] !== fiscalCode) return send(res, 404, { error: { code: 'practice_not_found' } });
  const option = (r) => ({
    installment: r[11],
    amount: r[12],
    dueDate: r[13],
    description: r[14],
    iuv: r[15],
    nav: r[16],
    status: r[17],
    paidAt: r[18],
  });
  const options = rows.map(option);
  send(res, 200, {
    practice: {
      id: String(p[1]),
      entity: { code: ente },
      description: p[2],
      debtor: { fiscalCode: p[3], name: p[4] },
      service: p[5],
      status: p[6],
      amount: p[7],
      dueDate: p[8],
      single: options.find((o) => o.installment === 0) ?? null,
      installments: options.filter((o) => o.installment > 0),
      payable: options.some((o) => o.status === 'unpaid'),
      createdAt: p[9],
      found: p[10],
    },
  });
}

const PATH = /^\/api\/v1\/entities\/([^/]+)\/practices\/search$/;
const server = http.createServer((req, res) => {
  const m = req.method === 'POST' ? PATH.exec(req.url) : null;
  if (!m) return send(res, 404, {});
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d) => (body += d));
  req.on('end', () =>
    citizenSearch(m[1], body, req.headers['x-forwarded-for'] ?? req.socket.remoteAddress, res).catch((e) =>
      send(res, 500, { error: { code: 'internal', message: String(e) } }),
    ),
  );
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`PORT ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
