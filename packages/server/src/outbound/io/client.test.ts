/**
 * The IO client against the stand-in built from IO's spec: the profile by POST (found, not allowed,
 * absent), a message accepted as the spec wants it, the key checked, a payload the spec refuses
 * answered 400, IO's 429 with its Retry-After read, and the spec's rules checked before sending.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IoStandIn, startIoStandIn } from '../../../test/support/io-stand-in.js';
import { getIoProfile, type IoTarget, retryAfterSeconds, submitIoMessage } from './client.js';
import { type IoNewMessage, messageProblems } from './types.js';

const FC = 'RSSMRA85T10A562S';
let io: IoStandIn;
let target: IoTarget;

beforeAll(async () => {
  io = await startIoStandIn({ keys: ['io-key-0001'] });
  target = { baseUrl: io.url, apiKey: 'io-key-0001', allowPrivate: true, userAgent: 'test', timeoutMs: 5000 };
});
afterAll(() => io.close());

const message = (over: Partial<IoNewMessage['content']> = {}): IoNewMessage => ({
  fiscal_code: FC,
  content: {
    subject: 'Avviso di pagamento TARI 2026',
    markdown: `Gentile cittadino, è disponibile un avviso di pagamento. ${'Paga dall’app IO. '.repeat(4)}`,
    payment_data: { amount: 12_345, notice_number: '301000000000000123', invalid_after_due_date: false },
    due_date: '2026-12-31T22:59:59.000Z',
    ...over,
  },
});

describe('IO client', () => {
  it('reads the profile: allowed, not allowed, absent (404)', async () => {
    io.setProfile(FC, true);
    io.setProfile('BNCGNN80A41H501X', false);
    const yes = await getIoProfile(target, FC);
    expect(yes).toMatchObject({ ok: true, value: { sender_allowed: true } });
    const no = await getIoProfile(target, 'BNCGNN80A41H501X');
    expect(no).toMatchObject({ ok: true, value: { sender_allowed: false } });
    const absent = await getIoProfile(target, 'VRDLGU70M01F205Z');
    expect(absent).toMatchObject({ ok: false, status: 404, kind: 'not_found' });
    expect(io.calls.at(-1)).toMatchObject({ operationId: 'getProfileByPOST', status: 404 });
  });

  it('submits a message the spec accepts and the stand-in records', async () => {
    const r = await submitIoMessage(target, message());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.status).toBe(201);
    expect(io.messages.at(-1)).toMatchObject({ id: r.value.id, fiscal_code: FC, key: 'io-key-0001' });
    expect(io.problems).toEqual([]);
  });

  it('a wrong or missing key answers 401 (unauthorized)', async () => {
    const r = await submitIoMessage({ ...target, apiKey: 'other' }, message());
    expect(r).toMatchObject({ ok: false, status: 401, kind: 'unauthorized' });
  });

  it('what the spec refuses answers 400: short subject, short markdown, bad notice number', async () => {
    const before = io.messages.length;
    for (const bad of [
      { subject: 'Breve' },
      { markdown: 'Troppo corto.' },
      { payment_data: { amount: 100, notice_number: '12345' } },
      { payment_data: { amount: 0, notice_number: '301000000000000123' } },
    ]) {
      const m = message(bad);
      expect(messageProblems(m).length).toBeGreaterThan(0);
      const r = await submitIoMessage(target, m);
      expect(r).toMatchObject({ ok: false, status: 400, kind: 'bad_request' });
    }
    expect(io.messages.length).toBe(before);
    expect(messageProblems(message())).toEqual([]);
    io.problems.length = 0;
  });

  it('429 carries Retry-After; 500 is unavailable', async () => {
    io.failNext(429, 1, '7');
    const r = await submitIoMessage(target, message());
    expect(r).toMatchObject({ ok: false, status: 429, kind: 'rate_limited', retryAfterSeconds: 7 });
    io.failNext(500);
    expect(await getIoProfile(target, FC)).toMatchObject({ ok: false, status: 500, kind: 'unavailable' });
  });

  it('Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(retryAfterSeconds('30', now)).toBe(30);
    expect(retryAfterSeconds('Tue, 01 Dec 2026 10:01:00 GMT', now)).toBe(60);
    expect(retryAfterSeconds(undefined, now)).toBeNull();
    expect(retryAfterSeconds('soon', now)).toBeNull();
  });
});
