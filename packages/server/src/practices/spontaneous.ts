/**
 * "Inserimento spontaneo": a citizen fills a service's form and gets a payable position. The
 * values are checked against the stored service definition with the SDK's `submissionSchema`
 * (never trusting the widget), the amount comes from the service's rule, and the position is
 * written by the positions domain (IUV, NAV, transfers) in one transaction with the link that
 * makes it the account's: either both land or neither does.
 */
import { randomBytes } from 'node:crypto';
import {
  type FieldError,
  fillTemplate,
  formatCents,
  type Lang,
  localText,
  type PositionInput,
  PositionInput as PositionInputSchema,
  type Service,
  serviceAmount,
  submissionSchema,
  type SubmissionValues,
} from '@pagatore/sdk';
import { fieldMessage, validate } from '../core/messages.js';
import * as v from 'valibot';
import { type Db, transaction } from '../db/database.js';
import type { AccountRow, EntityRow, PositionRow } from '../db/schema/index.js';
import { ApiError, validationError } from '../core/errors.js';
import { addDays, romeDate } from '../core/rome-calendar.js';
import { writePositions } from '../positions/positions.js';
import { findService, serviceOf } from '../services/services.js';

/** The service a citizen may use now: the entity allows spontaneous payments and it is enabled. */
export async function openService(db: Db, entity: EntityRow, code: string): Promise<Service> {
  if (entity.spontaneous_enabled !== 1) throw new ApiError('spontaneous_disabled');
  const row = await findService(db, entity.code, code);
  if (!row || row.enabled !== 1) throw new ApiError('service_not_found');
  const service = serviceOf(row);
  if (!service.enabled) throw new ApiError('service_not_found');
  return service;
}

/** Values as they read in a description: amounts in euro, choices by their label, booleans sì/no. */
function templateValues(service: Service, values: SubmissionValues): SubmissionValues {
  const out: SubmissionValues = { ...values };
  for (const f of service.fields) {
    const value = values[f.name];
    if (f.type === 'amount' && typeof value === 'number') out[f.name] = `${formatCents(value, 'it')} €`;
    if (f.type === 'select') {
      const option = f.options.find((o) => o.value === value);
      if (option) out[f.name] = localText(option.label, 'it');
    }
  }
  return out;
}

const fits = (s: string | null | undefined, re: RegExp): string | undefined =>
  s && re.test(s) ? s : undefined;
const cut = (s: string | null | undefined, max: number): string | undefined =>
  s?.trim() ? s.trim().slice(0, max) : undefined;

/** The debtor of a spontaneous position: the account holder, as the notice prints them. */
function debtorOf(account: AccountRow): PositionInput['debtor'] {
  if (!account.fiscal_code) throw new ApiError('forbidden');
  const person = [account.first_name, account.last_name].filter(Boolean).join(' ');
  return {
    fiscalCode: account.fiscal_code,
    type: account.fiscal_code.length === 16 ? 'F' : 'G',
    name: (account.company_name ?? person).slice(0, 70) || account.fiscal_code,
    address: cut(account.address, 140),
    city: cut(account.city, 60),
    postalCode: fits(account.postal_code, /^[0-9A-Za-z -]{2,10}$/),
    province: fits(account.province, /^[A-Za-z]{2}$/),
    country: fits(account.country, /^[A-Za-z]{2}$/),
    email: cut(account.email, 254),
  };
}

function prefixed(fields: FieldError[], prefix: string): FieldError[] {
  return fields.map((f) => ({ ...f, path: f.path ? `${prefix}.${f.path}` : prefix }));
}

/**
 * Creates a spontaneous position for the account from a service's form; answers the position row.
 * Throws `validation_failed` with `values.<field>` paths when the values do not fit the service.
 */
export async function createSpontaneous(
  db: Db,
  entity: EntityRow,
  account: AccountRow,
  input: { service: string; values: Record<string, string | number | boolean> },
  now: Date,
  lang: Lang,
): Promise<PositionRow> {
  const service = await openService(db, entity, input.service);
  const checked = validate(submissionSchema(service), input.values, lang);
  if (!checked.ok) throw validationError(prefixed(checked.fields, 'values'));
  const values = checked.value;
  const amount = serviceAmount(service, values);
  const rule = service.position;
  const named = templateValues(service, values);
  const description = fillTemplate(rule.description, named) || localText(service.name, 'it').slice(0, 140);
  const remittance = fillTemplate(rule.remittance ?? rule.description, named) || description;
  const iupd = `SP-${service.code}-${randomBytes(6).toString('hex')}`;
  const position: PositionInput = {
    iupd,
    debtor: debtorOf(account),
    description,
    service: service.code,
    single: {
      amount,
      dueDate: addDays(romeDate(now), rule.dueInDays),
      transfers: [{ iban: rule.iban, postal: rule.postal, amount, remittance, taxonomy: rule.taxonomy }],
    },
  };
  // The same schema as the admin API: a computed amount of 0 or over the limit stops here.
  const parsed = v.safeParse(PositionInputSchema, position);
  if (!parsed.success) {
    const amountIssue = parsed.issues.some((i) => i.path?.some((p) => p.key === 'amount'));
    if (amountIssue)
      throw validationError([
        { path: 'values', code: 'invalid_amount', message: fieldMessage('invalid_amount', lang) },
      ]);
    throw new ApiError('conflict');
  }
  return transaction(db, async (tx) => {
    const result = await writePositions(
      tx,
      entity,
      [{ row: 1, position: parsed.output }],
      'create',
      now,
      lang,
    );
    const error = result.errors[0];
    if (error) throw new ApiError(error.code === 'validation_failed' ? 'conflict' : error.code);
    const id = result.ids.get(iupd);
    if (id === undefined) throw new ApiError('conflict');
    await tx
      .insertInto('practice_links')
      .values({
        account_id: account.id,
        position_id: id,
        entity_code: entity.code,
        origin: 'spontaneous',
        evidence: null,
        created_at: now.toISOString(),
      })
      .execute();
    return tx.selectFrom('positions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  });
}
