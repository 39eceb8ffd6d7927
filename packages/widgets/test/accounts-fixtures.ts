/** Fixtures for the account widget tests: a profile and a session as the API gives them. */
import { API, ENTE } from './fetch-stub.js';

export const profile = {
  id: '7d0f0a2e-0000-4000-8000-000000000001',
  username: 'mario.rossi',
  email: 'mario@example.it',
  pendingEmail: null,
  fiscalCode: 'RSSMRA85T10A562S',
  subjectKind: 'person',
  firstName: 'Mario',
  lastName: 'Rossi',
  companyName: null,
  address: 'Via Roma 1',
  country: 'IT',
  city: 'Roma',
  province: 'RM',
  postalCode: '00100',
  phone: '061234567',
  lang: 'it',
  privacy: { version: '1', acceptedAt: '2026-01-01T00:00:00.000Z' },
  provenFiscalCodes: [],
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const sessionBody = {
  token: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  idleTimeoutSeconds: 1800,
  account: profile,
};

export const base = `/api/v1/entities/${ENTE}`;
export { API, ENTE };

/** An API error body; `message` as the server would say it (the widgets show it for most codes). */
export function apiError(
  code: string,
  fields?: { path: string; code: string; message: string }[],
  message: string = code,
) {
  return { error: { code, message, requestId: 't', ...(fields ? { fields } : {}) } };
}
