/**
 * Demo staff of the console at `/console`: an admin and a viewer of the demo entity, with the
 * password and the TOTP key `npm start` prints (already enrolled, so the demo's login asks for a
 * code at once: add the key to an authenticator app, or compute the code with `oathtool`). The key
 * is public, as every demo credential: demo mode only. Idempotent: each start gives them their
 * password, key and role back.
 */
import { encodeBase32UpperCaseNoPadding, decodeHex } from '@oslojs/encoding';
import { hashPassword } from '../accounts/crypto.js';
import type { Db } from '../db/database.js';
import { selectStaffByEmail, updateStaff, upsertGrant } from '../db/stores/staff.js';
import { createStaff } from '../staff/staff.js';
import { DEMO_ENTITY } from './seed.js';

export const DEMO_STAFF_PASSWORD = 'Demo-Console-2026';
/** The demo staff's TOTP key (hex): 20 bytes, the same for both. */
export const DEMO_TOTP_KEY = '70616761746f72652d64656d6f2d746f74702121';

export const DEMO_STAFF = [
  { email: 'anna.bianchi@comune-esempio.example.it', name: 'Anna Bianchi', role: 'admin' as const },
  { email: 'luca.verdi@comune-esempio.example.it', name: 'Luca Verdi', role: 'viewer' as const },
];

/** Creates or refreshes the demo staff; returns the lines to print. */
export async function seedDemoStaff(db: Db, publicUrl: string): Promise<string[]> {
  const now = new Date();
  const passwordHash = await hashPassword(DEMO_STAFF_PASSWORD);
  for (const s of DEMO_STAFF) {
    let staff = await selectStaffByEmail(db, s.email);
    if (!staff) {
      staff = (
        await createStaff(db, { ...s, password: DEMO_STAFF_PASSWORD, entity: DEMO_ENTITY.code }, 'demo', now)
      ).staff;
    }
    await updateStaff(db, staff.id, {
      password_hash: passwordHash,
      status: 'active',
      totp_key: DEMO_TOTP_KEY,
      totp_enrolled_at: staff.totp_enrolled_at ?? now.toISOString(),
      updated_at: now.toISOString(),
    });
    await upsertGrant(db, {
      staff_id: staff.id,
      entity_code: DEMO_ENTITY.code,
      role: s.role,
      created_at: now.toISOString(),
    });
  }
  const secret = encodeBase32UpperCaseNoPadding(decodeHex(DEMO_TOTP_KEY));
  return [
    `Staff console      ${publicUrl}/console`,
    ...DEMO_STAFF.map((s) => `  ${s.role.padEnd(16)} ${s.email} / ${DEMO_STAFF_PASSWORD}`),
    `  TOTP key (both)  ${secret}   (add it to an authenticator app, or: oathtool --totp -b ${secret})`,
  ];
}
