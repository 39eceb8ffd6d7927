import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createConsoleClient, type StaffRole } from '@pagatore/sdk';
import { expectAccessible } from '../../test/a11y.js';
import { API, ENTE, type Route, stubFetch } from '../../test/fetch-stub.js';
import type { PagatoreConsolePrivacy } from './privacy.js';
import './privacy.js';

const text = (kind: string, version: string, current: boolean, requiresReconsent = false) => ({
  kind,
  version,
  text: { it: `Informativa ${version}`, en: `Notice ${version}` },
  sha256: { it: 'a'.repeat(64), en: 'b'.repeat(64) },
  requiresReconsent,
  publishedAt: '2026-11-01T10:00:00.000Z',
  publishedBy: 'anna.bianchi@comune-esempio.example.it',
  current,
  url: `${API}/api/v1/entities/${ENTE}/consents/${kind}/versions/${version}/page`,
});
const TEXTS = [
  text('privacy', '2026-11', true, true),
  text('privacy', '2026-01', false),
  text('reminders', '1', true),
];
const ACCOUNT = {
  id: '0b6f3a2e-4a53-4c59-9a0c-2b1d7f5e8c11',
  status: 'active',
  username: 'mario.rossi',
  fiscalCode: 'RSSMRA85T10A562S',
  name: 'Mario Rossi',
  createdAt: '2026-10-01T08:00:00.000Z',
  closedAt: null,
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

async function page(routes: Route[], role: StaffRole) {
  const stub = stubFetch([
    { method: 'GET', path: '/api/v1/admin/consents', body: { items: TEXTS } },
    ...routes,
  ]);
  const el = await fixture<PagatoreConsolePrivacy>(
    html`<pagatore-console-privacy
      .client=${client()}
      .entity=${ENTE}
      .staffRole=${role}
    ></pagatore-console-privacy>`,
  );
  const root = el.shadowRoot as ShadowRoot;
  await waitUntil(() => root.querySelector('tr[data-version]'), 'the texts did not load');
  return { stub, el, root };
}

function set(root: ShadowRoot, name: string, value: string): void {
  (root.querySelector(`[name="${name}"]`) as HTMLInputElement | HTMLTextAreaElement).value = value;
}

describe('<pagatore-console-privacy>', () => {
  it('lists every version by kind, the one in force marked, each linked to its full text', async () => {
    const { stub, el, root } = await page([], 'admin');
    try {
      const privacy = [...root.querySelectorAll('table[data-kind="privacy"] tbody tr')];
      expect(privacy.map((r) => r.getAttribute('data-version'))).to.deep.equal(['2026-11', '2026-01']);
      expect(privacy[0]?.hasAttribute('data-current')).to.equal(true);
      expect(privacy[0]?.textContent).to.contain('in vigore');
      expect(privacy[1]?.textContent).to.contain('sostituita');
      expect(privacy[0]?.querySelector('a')?.getAttribute('href')).to.equal(TEXTS[0]?.url);
      expect(root.querySelectorAll('table[data-kind="reminders"] tbody tr')).to.have.length(1);
      await expectAccessible(el);
    } finally {
      stub.restore();
    }
  });

  it('checks the form with the SDK schema, errors by field and focus on the first, then publishes', async () => {
    const { stub, el, root } = await page(
      [
        {
          method: 'POST',
          path: '/api/v1/admin/consents/privacy/versions',
          status: 201,
          body: text('privacy', '2027-01', true, true),
        },
      ],
      'admin',
    );
    try {
      set(root, 'version', 'due parole');
      click(root, 'Pubblica la versione');
      await waitUntil(() => root.getElementById('cp-version-error'), 'no field error');
      const version = root.querySelector('[name="version"]') as HTMLInputElement;
      expect(root.activeElement).to.equal(version);
      expect(version.getAttribute('aria-invalid')).to.equal('true');
      expect(version.getAttribute('aria-describedby')).to.contain('cp-version-error');
      expect(root.getElementById('cp-text-it-error')?.textContent).to.contain('obbligatorio');
      expect(stub.calls.filter((c) => c.method === 'POST')).to.have.length(0);
      await expectAccessible(el);

      set(root, 'version', '2027-01');
      set(root, 'text.it', 'Nuova informativa');
      set(root, 'text.en', 'New notice');
      (root.querySelector('[name="reconsent"]') as HTMLInputElement).checked = true;
      click(root, 'Pubblica la versione');
      await waitUntil(() => stub.calls.some((c) => c.method === 'POST'), 'nothing sent');
      expect(stub.calls.find((c) => c.method === 'POST')?.body).to.deep.equal({
        version: '2027-01',
        text: { it: 'Nuova informativa', en: 'New notice' },
        requiresReconsent: true,
      });
      await waitUntil(() => root.textContent?.includes('Versione 2027-01 del testo «privacy» pubblicata'));
      expect(root.getElementById('cp-version-error')).to.equal(null);
      // The form is empty again, the kind back to the privacy notice.
      expect((root.querySelector('[name="kind"]') as HTMLInputElement).value).to.equal('privacy');
      expect((root.querySelector('[name="version"]') as HTMLInputElement).value).to.equal('');
      expect(stub.calls.filter((c) => c.method === 'GET' && c.url.includes('/consents'))).to.have.length(2);
    } finally {
      stub.restore();
    }
  });

  it("says a version already published by the version field (the server's 409)", async () => {
    const { stub, root } = await page(
      [
        {
          method: 'POST',
          path: '/api/v1/admin/consents/privacy/versions',
          status: 409,
          body: { error: { code: 'already_exists', message: 'x', requestId: 't' } },
        },
      ],
      'admin',
    );
    try {
      set(root, 'version', '2026-11');
      set(root, 'text.it', 'Altre parole');
      click(root, 'Pubblica la versione');
      await waitUntil(() => root.getElementById('cp-version-error'), 'no field error');
      expect(root.getElementById('cp-version-error')?.textContent).to.contain('già pubblicata');
      expect(root.activeElement).to.equal(root.querySelector('[name="version"]'));
    } finally {
      stub.restore();
    }
  });

  it('closes an account only after the confirmation, for admins', async () => {
    const closed = { ...ACCOUNT, status: 'closed', closedAt: '2026-12-07T09:00:00.000Z' };
    const { stub, el, root } = await page(
      [
        { method: 'GET', path: '/api/v1/admin/accounts', body: { items: [ACCOUNT] } },
        { method: 'DELETE', path: `/api/v1/admin/accounts/${ACCOUNT.id}/consent`, status: 204 },
      ],
      'admin',
    );
    try {
      set(root, 'who', 'mario.rossi@example.it');
      (root.querySelector('[name="by"]') as HTMLSelectElement).value = 'email';
      click(root, 'Cerca');
      await waitUntil(() => root.querySelector('tr[data-account]'), 'no account found');
      click(root, 'Chiudi l’account');
      await el.updateComplete;
      expect(root.querySelector('[role=alertdialog]')?.textContent).to.contain('Mario Rossi');
      expect(root.activeElement?.id).to.equal('close-no');
      expect(stub.calls.some((c) => c.method === 'DELETE')).to.equal(false);
      await expectAccessible(el);
      stub.restore();
      const after = stubFetch([
        { method: 'DELETE', path: `/api/v1/admin/accounts/${ACCOUNT.id}/consent`, status: 204 },
        { method: 'GET', path: '/api/v1/admin/accounts', body: { items: [closed] } },
      ]);
      try {
        click(root, 'Sì, chiudi l’account');
        await waitUntil(() => root.textContent?.includes('Account di Mario Rossi chiuso'), 'not closed');
        expect(after.calls.map((c) => c.method)).to.deep.equal(['DELETE', 'GET']);
        expect(new URL(after.calls[1]?.url ?? '').searchParams.get('email')).to.equal(
          'mario.rossi@example.it',
        );
        expect(root.querySelector('tr[data-account]')?.textContent).to.contain('chiuso il');
        expect(root.querySelector('button.btn-danger')).to.equal(null);
      } finally {
        after.restore();
      }
    } finally {
      stub.restore();
    }
  });

  it('lets a viewer read, download the ledger and export a person, but not publish', async () => {
    const { stub, el, root } = await page(
      [
        { method: 'GET', path: '/api/v1/admin/consent-ledger', body: 'id,account_id\n' },
        { method: 'GET', path: '/api/v1/admin/accounts', body: { items: [ACCOUNT] } },
        {
          method: 'GET',
          path: `/api/v1/admin/accounts/${ACCOUNT.id}/data-export.pdf`,
          body: 'pdf',
          headers: {
            'content-type': 'application/pdf',
            'content-disposition': 'attachment; filename="dati.pdf"',
          },
        },
      ],
      'viewer',
    );
    try {
      expect(root.querySelector('form [name="version"]')).to.equal(null);
      expect(root.querySelector('[data-read-only]')?.textContent).to.contain('lettura');

      set(root, 'from', '2026-12-05');
      set(root, 'to', '2026-12-01');
      click(root, 'Scarica il registro (CSV)');
      await waitUntil(() => root.getElementById('ledger-error'), 'no range error');
      expect(root.getElementById('ledger-error')?.textContent).to.contain('prima');
      expect(stub.calls.some((c) => c.url.includes('consent-ledger'))).to.equal(false);
      set(root, 'to', '2026-12-31');
      click(root, 'Scarica il registro (CSV)');
      await waitUntil(() => stub.calls.some((c) => c.url.includes('consent-ledger')), 'no ledger request');
      const ledger = new URL(stub.calls.find((c) => c.url.includes('consent-ledger'))?.url ?? '');
      expect(Object.fromEntries(ledger.searchParams)).to.deep.equal({
        from: '2026-12-05',
        to: '2026-12-31',
        format: 'csv',
      });

      set(root, 'who', 'rssmra85t10a562s');
      click(root, 'Cerca');
      await waitUntil(() => root.querySelector('tr[data-account]'), 'no account found');
      const search = new URL(stub.calls.find((c) => /\/admin\/accounts\?/.test(c.url))?.url ?? '');
      expect(search.searchParams.get('fiscalCode')).to.equal('RSSMRA85T10A562S');
      const pdf = root.querySelector('button[aria-label*="PDF"]') as HTMLButtonElement;
      expect(pdf.getAttribute('aria-label')).to.contain('Mario Rossi');
      expect(root.querySelector('tr[data-account]')?.textContent).to.contain('attivo');
      expect(root.querySelector('button.btn-danger')).to.equal(null);
      pdf.click();
      await waitUntil(() => root.textContent?.includes('Scaricato dati.pdf'), 'no PDF downloaded');
      await expectAccessible(el);
    } finally {
      stub.restore();
    }
  });
});
