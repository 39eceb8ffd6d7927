import { buildNav } from '@pagatore/sdk';
import { DEMO_ENTITY, renderNotice } from '@pagatore/server';
import { readFileSync } from 'node:fs';
const logo = {
  type: 'svg',
  bytes: new Uint8Array(
    readFileSync(new URL('../packages/server/assets/logo-comune-esempio.svg', import.meta.url)),
  ),
};
const pay = (k, amountCents, dueDate) => {
  const { nav, iuv } = buildNav({ auxDigit: 3, code: '01' }, String(k).padStart(13, '0'));
  return { nav, iuv, amountCents, dueDate };
};
const entity = {
  fiscalCode: DEMO_ENTITY.code,
  name: DEMO_ENTITY.name,
  sector: DEMO_ENTITY.sector,
  info: DEMO_ENTITY.info,
  cbill: 'A0EDT',
  onlineChannel: 'sul sito di Comune di Esempio,',
  logo: process.argv[2] === 'nologo' ? null : logo,
};
const n = (i) => ({
  entity,
  debtor: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi', address: 'Via Roma 1' },
  subject: `TARI 2026 utenza ${i}`,
  single: pay(i * 4 + 1, 15000, '2026-12-16'),
  installments: [
    pay(i * 4 + 2, 5000, '2026-04-30'),
    pay(i * 4 + 3, 5000, '2026-08-31'),
    pay(i * 4 + 4, 5000, '2026-12-16'),
  ],
});
for (let i = 0; i < 100; i++) await renderNotice(n(i));
const c0 = process.cpuUsage();
const N = 500;
for (let i = 0; i < N; i++) await renderNotice(n(i));
const c = process.cpuUsage(c0);
console.log(process.argv[2] ?? 'logo', 'ms/notice cpu', ((c.user + c.system) / 1000 / N).toFixed(2));
