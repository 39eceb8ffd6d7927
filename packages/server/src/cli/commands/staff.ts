/**
 * `pagatore staff create|grant|revoke|reset-totp|password|list`: the staff of the console. A new
 * staff member gets a temporary password, printed alone on the last line (or the one in
 * PAGATORE_STAFF_PASSWORD); the first login enrols the second factor (TOTP).
 */
import { Password, STAFF_ROLES, StaffInput, useCommonPasswords, type StaffRole } from '@pagatore/sdk';
import { COMMON_PASSWORDS_TEXT } from '@pagatore/sdk/common-passwords';
import * as v from 'valibot';
import { findEntity } from '../../entities/entities.js';
import {
  createStaff,
  listStaff,
  resetStaffTotp,
  revokeStaff,
  setStaffPassword,
  temporaryPassword,
} from '../../staff/staff.js';
import { type Args, opt } from '../args.js';
import { withDatabase } from './with-database.js';

const USAGE = `Usage:
  pagatore staff create <email> --entity <code> --role viewer|operator|admin [--name <text>]
      a new staff member's temporary password is the last line of output
      (or set PAGATORE_STAFF_PASSWORD to choose it); an existing one gets the role
  pagatore staff grant <email> --entity <code> --role viewer|operator|admin
  pagatore staff revoke <email> --entity <code>
  pagatore staff reset-totp <email>      the next login enrols a new second factor
  pagatore staff password <email>        a new temporary password, last line of output
  pagatore staff list [--entity <code>]`;

/** The password to set: PAGATORE_STAFF_PASSWORD when given (checked), a random one otherwise. */
function passwordToSet(): { password: string; generated: boolean } | string {
  const given = process.env.PAGATORE_STAFF_PASSWORD;
  if (!given) return { password: temporaryPassword(), generated: true };
  useCommonPasswords(COMMON_PASSWORDS_TEXT);
  const r = v.safeParse(Password, given);
  if (!r.success)
    return `PAGATORE_STAFF_PASSWORD: ${r.issues[0]?.message ?? 'invalid'} (at least 10 characters, not a common one)`;
  return { password: given, generated: false };
}

export async function staffCommand(args: Args): Promise<number> {
  const [sub, email] = args.positional;
  if ((sub === 'create' || sub === 'grant') && email) {
    const input = {
      email,
      name: opt(args, 'name') ?? email.split('@')[0] ?? email,
      entity: opt(args, 'entity') ?? '',
      role: (opt(args, 'role') ?? '') as StaffRole,
    };
    const parsed = v.safeParse(StaffInput, input);
    if (!parsed.success) {
      console.error(
        `Invalid input: --entity must be an 11-digit code, --role one of ${STAFF_ROLES.join(', ')}, the e-mail valid.`,
      );
      console.error(USAGE);
      return 2;
    }
    const pw = passwordToSet();
    if (typeof pw === 'string') {
      console.error(pw);
      return 2;
    }
    return withDatabase(async ({ db }) => {
      const entity = await findEntity(db, parsed.output.entity);
      if (!entity) {
        console.error(`No entity ${parsed.output.entity} (create it with: pagatore entity create).`);
        return 1;
      }
      const { staff, created } = await createStaff(
        db,
        { ...parsed.output, password: pw.password },
        'cli',
        new Date(),
      );
      console.log(`${staff.email}: ${parsed.output.role} of ${entity.code} ${entity.name}.`);
      if (created) {
        console.log('At the first login at /console the second factor (TOTP) is enrolled.');
        if (pw.generated) {
          console.log('Temporary password, shown only now:');
          console.log(pw.password);
        }
      }
      return 0;
    });
  }
  if (sub === 'revoke' && email) {
    const entity = opt(args, 'entity');
    if (!entity) {
      console.error(USAGE);
      return 2;
    }
    return withDatabase(async ({ db }) => {
      if (!(await revokeStaff(db, email, entity, 'cli', new Date()))) {
        console.error(`${email} holds no role on ${entity}.`);
        return 1;
      }
      console.log('Revoked.');
      return 0;
    });
  }
  if (sub === 'reset-totp' && email) {
    return withDatabase(async ({ db }) => {
      if (!(await resetStaffTotp(db, email, 'cli', new Date()))) {
        console.error(`No staff member ${email}.`);
        return 1;
      }
      console.log('Second factor reset: the next login enrols a new one.');
      return 0;
    });
  }
  if (sub === 'password' && email) {
    const pw = passwordToSet();
    if (typeof pw === 'string') {
      console.error(pw);
      return 2;
    }
    return withDatabase(async ({ db }) => {
      if (!(await setStaffPassword(db, email, pw.password, new Date()))) {
        console.error(`No staff member ${email}.`);
        return 1;
      }
      console.log('Password set; their sessions ended.');
      if (pw.generated) console.log(pw.password);
      return 0;
    });
  }
  if (sub === 'list') {
    return withDatabase(async ({ db }) => {
      for (const s of await listStaff(db, opt(args, 'entity'))) {
        const grants = s.grants.map((g) => `${g.entity}:${g.role}`).join(' ');
        console.log(`${s.email}  ${s.name}  ${s.enrolled ? 'TOTP enrolled' : 'not enrolled'}  ${grants}`);
      }
      return 0;
    });
  }
  console.error(USAGE);
  return 2;
}
