import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookPayload, verifyWebhookSignature } from '../src/index.js';

const secret = 'whsec_testsecretvalue';
const body = '{"id":"1","type":"payment.paid","data":{"practice":{"amount":12345}}}';
const t = 1_764_165_600;
const now = new Date(t * 1000);

describe('webhook signature', () => {
  it('is HMAC-SHA256 of "<t>.<body>" in hex, as node:crypto computes it', async () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(await signWebhookPayload({ payload: body, secret, timestamp: t })).toBe(`t=${t},v1=${expected}`);
  });

  it('accepts a good signature (string or bytes, extra keys, several v1) and refuses the rest', async () => {
    const header = await signWebhookPayload({ payload: body, secret, timestamp: t });
    const v1 = header.split('v1=')[1]!;
    expect(await verifyWebhookSignature({ payload: body, header, secret, now })).toEqual({
      ok: true,
      timestamp: t,
    });
    const bytes = new TextEncoder().encode(body);
    expect((await verifyWebhookSignature({ payload: bytes, header, secret, now })).ok).toBe(true);
    const rotated = `t=${t},v1=${'f'.repeat(64)},v0=x,v1=${v1}`;
    expect((await verifyWebhookSignature({ payload: body, header: rotated, secret, now })).ok).toBe(true);

    const reason = async (o: Partial<Parameters<typeof verifyWebhookSignature>[0]>) => {
      const r = await verifyWebhookSignature({ payload: body, header, secret, now, ...o });
      return r.ok ? 'ok' : r.reason;
    };
    expect(await reason({ payload: body.replace('12345', '12346') })).toBe('mismatch');
    expect(await reason({ payload: `${body} ` })).toBe('mismatch');
    expect(await reason({ secret: 'whsec_other' })).toBe('mismatch');
    expect(await reason({ header: header.replace(`t=${t}`, `t=${t + 1}`) })).toBe('mismatch');
    expect(await reason({ now: new Date((t + 301) * 1000) })).toBe('stale');
    expect(await reason({ now: new Date((t - 301) * 1000) })).toBe('stale');
    expect(await reason({ now: new Date((t + 299) * 1000) })).toBe('ok');
    expect(await reason({ now: new Date((t + 1000) * 1000), toleranceSeconds: 1000 })).toBe('ok');
    for (const bad of [
      null,
      undefined,
      '',
      'garbage',
      `t=${t}`,
      `v1=${v1}`,
      `t=abc,v1=${v1}`,
      `t=${t},v1=XYZ`,
    ]) {
      expect(await reason({ header: bad })).toBe('malformed');
    }
  });
});
