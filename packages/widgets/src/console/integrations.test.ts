import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createConsoleClient, type StaffRole } from '@pagatore/sdk';
import { expectAccessible } from '../../test/a11y.js';
import { API, ENTE, type Route, stubFetch } from '../../test/fetch-stub.js';
import type { PagatoreConsoleKeys } from './keys.js';
import type { PagatoreConsolePagopa } from './pagopa.js';
import type { PagatoreConsoleWebhooks } from './webhooks.js';
import './keys.js';
import './pagopa.js';
import './webhooks.js';
import './login.js';

const KEY = 'pgk_abcdefghijklmnop_abcdefghijklmnopqrstuvwxyz234567';
const VIEW = {
  id: 'abcdefghijklmnop',
  name: 'Gestionale',
  prefix: 'pgk_abcdefghijklmnop_',
  createdAt: '2026-12-01T10:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};
const HOOK = {
  id: 'wh_abcdefghijklmnop',
  url: 'https://erp.example.it/hooks',
  types: [],
  enabled: true,
  description: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

function client() {
  const c = createConsoleClient({ baseUrl: API });
  c.useEntity(ENTE);
  return c;
}

function click(root: ShadowRoot, text: string): void {
  const button = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!button) throw new Error(`no button ${text}`);
  button.click();
}

describe('<pagatore-console-keys>', () => {
  it('shows a new key once, with its warning, and never again after "I copied it"', async () => {
    const stub = stubFetch([
      { method: 'GET', path: '/api/v1/admin/api-keys', body: { items: [VIEW] } },
      { method: 'POST', path: '/api/v1/admin/api-keys', status: 201, body: { ...VIEW, key: KEY } },
    ]);
    try {
      const el = await fixture<PagatoreConsoleKeys>(
        html`<pagatore-console-keys .client=${client()} .entity=${ENTE}></pagatore-console-keys>`,
      );
      const root = el.shadowRoot as ShadowRoot;
      await waitUntil(() => root.querySelector('tr[data-key]'), 'the list did not load');
      (root.getElementById('key-name') as HTMLInputElement).value = 'Gestionale';
      click(root, 'Crea la chiave');
      await waitUntil(() => root.querySelector('[data-new-key]'), 'the key did not show');
      expect((root.getElementById('new-key') as HTMLInputElement).value).to.equal(KEY);
      expect(root.querySelector('[data-new-key]')?.textContent).to.contain('non sarà più mostrata');
      expect(stub.calls.find((c) => c.method === 'POST')?.body).to.deep.equal({ name: 'Gestionale' });
      await expectAccessible(el);
      click(root, 'Ho copiato la chiave');
      await el.updateComplete;
      expect(root.querySelector('[data-new-key]')).to.equal(null);
      expect(root.innerHTML).not.to.contain(KEY.slice(VIEW.prefix.length));
      expect(root.querySelector('tr[data-key]')?.textContent).to.contain('pgk_abcdefghijklmnop_');
    } finally {
      stub.restore();
    }
  });

  it("says a bad name by its field, and revokes only once the confirmation's yes is pressed", async () => {
    const stub = stubFetch([
      { method: 'GET', path: '/api/v1/admin/api-keys', body: { items: [VIEW] } },
      {
        method: 'POST',
        path: '/api/v1/admin/api-keys',
        status: 422,
        body: {
          error: {
            code: 'validation_failed',
            message: 'x',
            requestId: 't',
            fields: [{ path: 'name', code: 'required', message: 'x' }],
          },
        },
      },
      { method: 'DELETE', path: `/api/v1/admin/api-keys/${VIEW.id}`, status: 204 },
    ]);
    try {
      const el = await fixture<PagatoreConsoleKeys>(
        html`<pagatore-console-keys .client=${client()} .entity=${ENTE}></pagatore-console-keys>`,
      );
      const root = el.shadowRoot as ShadowRoot;
      await waitUntil(() => root.querySelector('tr[data-key]'), 'the list did not load');
      click(root, 'Crea la chiave');
      await waitUntil(() => root.getElementById('key-name-error'), 'no field error');
      const input = root.getElementById('key-name') as HTMLInputElement;
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.contain('key-name-error');
      expect(root.activeElement).to.equal(input);
      click(root, 'Revoca');
      await el.updateComplete;
      expect(root.querySelector('[role=alertdialog]')?.textContent).to.contain('Gestionale');
      expect(stub.calls.filter((c) => c.method === 'DELETE')).to.have.length(0);
      expect(root.activeElement?.id).to.equal('revoke-no');
      await expectAccessible(el);
      click(root, 'Sì, revoca la chiave');
      await waitUntil(() => stub.calls.some((c) => c.method === 'DELETE'), 'no revoke sent');
    } finally {
      stub.restore();
    }
  });
});

describe('<pagatore-console-webhooks>', () => {
  it('adds an endpoint with the events chosen, rotates the secret with the grace chosen, filters deliveries', async () => {
    const stub = stubFetch([
      { method: 'GET', path: '/api/v1/admin/webhooks', body: { items: [HOOK] } },
      { method: 'POST', path: '/api/v1/admin/webhooks', status: 201, body: { ...HOOK, secret: 'whsec_new' } },
      {
        method: 'POST',
        path: `/api/v1/admin/webhooks/${HOOK.id}/secret`,
        body: { ...HOOK, secret: 'whsec_rotated', previousSecretUntil: '2026-12-04T10:00:00.000Z' },
      },
      {
        method: 'GET',
        path: `/api/v1/admin/webhooks/${HOOK.id}/deliveries`,
        body: {
          items: [
            {
              id: 7,
              webhookId: HOOK.id,
              eventId: 3,
              eventType: 'payment.paid',
              practice: 'TARI-1',
              status: 'failed',
              attempts: 12,
              nextAttemptAt: null,
              lastAttemptAt: '2026-12-01T11:00:00.000Z',
              lastStatus: 500,
              lastError: 'HTTP 500',
              deliveredAt: null,
              createdAt: '2026-12-01T10:00:00.000Z',
            },
          ],
          total: 1,
          limit: 20,
          offset: 0,
        },
      },
    ]);
    try {
      const el = await fixture<PagatoreConsoleWebhooks>(
        html`<pagatore-console-webhooks .client=${client()} .entity=${ENTE}></pagatore-console-webhooks>`,
      );
      const root = el.shadowRoot as ShadowRoot;
      await waitUntil(() => root.querySelector('[data-webhook]'), 'the list did not load');
      click(root, 'Aggiungi un indirizzo');
      await el.updateComplete;
      (root.getElementById('wh-url') as HTMLInputElement).value = 'https://erp.example.it/other';
      (root.querySelector('input[value="receipt.received"]') as HTMLInputElement).checked = true;
      await expectAccessible(el);
      click(root, 'Salva');
      await waitUntil(() => root.querySelector('[data-new-secret]'), 'no secret shown');
      expect(stub.calls.find((c) => c.method === 'POST')?.body).to.deep.equal({
        url: 'https://erp.example.it/other',
        types: ['receipt.received'],
        description: null,
      });
      click(root, 'Ho copiato il segreto');
      await el.updateComplete;
      expect(root.querySelector('[data-new-secret]')).to.equal(null);
      (root.getElementById(`grace-${HOOK.id}`) as HTMLSelectElement).value = '72';
      click(root, 'Cambia il segreto');
      await waitUntil(
        () => root.querySelector('[data-new-secret]')?.textContent?.includes('vecchio segreto'),
        'no rotated secret with its grace period',
      );
      expect(stub.calls.at(-1)?.body).to.deep.equal({ graceHours: 72 });
      expect((root.getElementById('new-secret') as HTMLInputElement).value).to.equal('whsec_rotated');
      click(root, 'Consegne');
      await waitUntil(() => root.querySelector('tr[data-delivery="7"]'), 'no deliveries');
      (root.getElementById('log-status') as HTMLSelectElement).value = 'failed';
      click(root, 'Filtra');
      await waitUntil(() => stub.calls.at(-1)?.url.includes('status=failed'), 'the filter was not sent');
      await expectAccessible(el);
    } finally {
      stub.restore();
    }
  });
});

describe('<pagatore-console-pagopa>', () => {
  const SETTINGS = {
    code: ENTE,
    ibans: ['IT60X0542811101000000123456'],
    pagopa: {
      idPA: ENTE,
      idBrokerPA: '15376371009',
      idStation: '15376371009_01',
      checkoutSubscriptionKey: '********abcd',
      environment: 'UAT',
      gpdSync: false,
      gpdSubscriptionKey: null,
      gpdUrl: null,
      gpdReceiptsUrl: null,
      ownStation: true,
    },
  };
  const HEALTH = {
    stationConfigured: true,
    environment: 'UAT',
    node: {
      verify: { at: '2026-12-01T10:00:00.000Z', fault: 'PAA_PAGAMENTO_SCONOSCIUTO' },
      activate: null,
      receipt: null,
    },
    lastReceipt: null,
    flows: { lastFetchAt: null, lastFetchError: null, nextFetchAt: null, lastFlow: null },
    gpd: { enabled: false, pending: 0, failed: 0, oldestPendingAt: null, lastDoneAt: null, lastError: null },
  };
  const routes: Route[] = [
    { method: 'GET', path: '/api/v1/admin/entity', body: SETTINGS },
    { method: 'PATCH', path: '/api/v1/admin/entity', body: SETTINGS },
    { method: 'GET', path: '/api/v1/admin/pagopa/health', body: HEALTH },
  ];
  const mount = (role: StaffRole) =>
    fixture<PagatoreConsolePagopa>(
      html`<pagatore-console-pagopa
        .client=${client()}
        .entity=${ENTE}
        .staffRole=${role}
      ></pagatore-console-pagopa>`,
    );

  it('never shows a subscription key back, only whether it is set; an empty field keeps it', async () => {
    const stub = stubFetch(routes);
    try {
      const el = await mount('admin');
      const root = el.shadowRoot as ShadowRoot;
      await waitUntil(() => root.querySelector('form[data-settings]'), 'the settings did not load');
      expect(root.querySelector('[data-health]')?.textContent).to.contain('PAA_PAGAMENTO_SCONOSCIUTO');
      expect(root.innerHTML).not.to.contain('abcd');
      const checkout = root.getElementById('pp-checkoutSubscriptionKey') as HTMLInputElement;
      expect(checkout.type).to.equal('password');
      expect(checkout.value).to.equal('');
      expect(root.getElementById('pp-checkoutSubscriptionKey-hint')?.dataset.secretState).to.equal('set');
      expect(root.getElementById('pp-gpdSubscriptionKey-hint')?.dataset.secretState).to.equal('unset');
      await expectAccessible(el);
      (root.getElementById('pp-gpdSubscriptionKey') as HTMLInputElement).value = 'nuova-chiave-gpd';
      click(root, 'Salva le impostazioni');
      await waitUntil(() => stub.calls.some((c) => c.method === 'PATCH'), 'nothing saved');
      const sent = stub.calls.find((c) => c.method === 'PATCH')?.body as {
        pagopa: Record<string, unknown>;
        ibans: string[];
      };
      expect(sent.pagopa.checkoutSubscriptionKey).to.equal(undefined);
      expect(sent.pagopa.gpdSubscriptionKey).to.equal('nuova-chiave-gpd');
      expect(sent.ibans).to.deep.equal(['IT60X0542811101000000123456']);
    } finally {
      stub.restore();
    }
  });

  it('a viewer reads the settings and the health, with nothing to change', async () => {
    const stub = stubFetch(routes);
    try {
      const el = await mount('viewer');
      const root = el.shadowRoot as ShadowRoot;
      await waitUntil(() => root.querySelector('form[data-settings]'), 'the settings did not load');
      expect(root.querySelector('[data-read-only]')).not.to.equal(null);
      expect((root.getElementById('pp-idStation') as HTMLInputElement).disabled).to.equal(true);
      expect([...root.querySelectorAll('button')].some((b) => b.textContent?.includes('Salva'))).to.equal(
        false,
      );
      await expectAccessible(el);
    } finally {
      stub.restore();
    }
  });
});

describe('<pagatore-console-login> with a staff provider', () => {
  it('offers "Accedi con il provider dell\'ente" when an entity configures one, and starts there', async () => {
    const stub = stubFetch([
      {
        method: 'GET',
        path: '/api/v1/console/oidc-providers',
        body: { items: [{ entity: ENTE, entityName: 'Comune di Esempio', provider: 'Accesso personale' }] },
      },
      { method: 'POST', path: '/api/v1/console/oidc-logins', status: 404 },
    ]);
    try {
      const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(
        html`<pagatore-console-login .client=${client()}></pagatore-console-login>`,
      );
      const root = el.shadowRoot as ShadowRoot;
      await waitUntil(() => root.querySelector('[data-oidc] button'), 'no provider button');
      expect(root.querySelector('[data-oidc] button')?.textContent?.trim()).to.equal(
        'Accedi con il provider dell’ente',
      );
      await expectAccessible(el);
      click(root, 'Accedi con il provider dell’ente');
      await waitUntil(() => stub.calls.some((c) => c.method === 'POST'), 'the login did not start');
      expect(stub.calls.find((c) => c.method === 'POST')?.body).to.deep.equal({ entity: ENTE });
      await waitUntil(() => root.querySelector('[role=alert]'), 'a refusal is not said');
    } finally {
      stub.restore();
    }
  });
});
