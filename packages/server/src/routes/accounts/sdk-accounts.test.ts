/** `client.accounts.*` of the SDK against the real server over HTTP, with the dev mailbox. */
import { createClient, PagatoreError, SessionStore } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { devMailboxOf } from '../../mail/mailer.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';

describe('SDK accounts client over HTTP', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    h = await createHarness();
    server = await h.listen();
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  const lastToken = (kind: string) => {
    const mails = devMailboxOf(h.deps)?.messages ?? [];
    const m = new RegExp(`#pagatore-${kind}=([a-z2-7]+)`).exec(mails.at(-1)?.text ?? '');
    if (!m?.[1]) throw new Error(`no ${kind} link`);
    return m[1];
  };

  it('registers, activates, logs in keeping the token, and logs out forgetting it', async () => {
    const session = new SessionStore('sdk-accounts');
    const client = createClient({ baseUrl: server.url, entity: TEST_ENTITY.code, session });
    await expect(
      client.accounts.register({
        fiscalCode: 'RSSMRA85T10A562S',
        subjectKind: 'person',
        firstName: 'Mario',
        lastName: 'Rossi',
        address: 'Via Roma 1',
        country: 'IT',
        city: 'Roma',
        province: 'RM',
        postalCode: '00100',
        email: 'sdk@example.it',
        phone: '061234567',
        username: 'sdk.user',
        password: 'Tramonto-sul-Tevere-42',
        privacyConsent: true,
        privacyVersion: '2026-01',
      }),
    ).resolves.toEqual({ accepted: true });
    expect(await client.accounts.activate(lastToken('activate'))).toEqual({ username: 'sdk.user' });

    const wrong = await client.accounts.login('sdk.user', 'nope').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(PagatoreError);
    expect(wrong).toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(client.accounts.loggedIn).toBe(false);

    const created = await client.accounts.login('sdk.user', 'Tramonto-sul-Tevere-42');
    expect(session.token).toBe(created.token);
    expect(client.accounts.loggedIn).toBe(true);
    expect((await client.accounts.me()).username).toBe('sdk.user');

    await client.accounts.logout();
    expect(session.token).toBe(null);
    await expect(client.accounts.me()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('drops a token the server no longer knows', async () => {
    const session = new SessionStore('sdk-stale');
    const client = createClient({ baseUrl: server.url, entity: TEST_ENTITY.code, session });
    session.set({ token: 'gone.gone', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await expect(client.accounts.me()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(session.token).toBe(null);
  });
});
