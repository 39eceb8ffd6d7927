/**
 * Services for spontaneous payments: the one definition of a service's form (fields, their types
 * and rules), its amount rule and how a submission becomes a position. The server stores and
 * validates these; the widgets render the form from them; both check a submission with
 * `submissionSchema()` and price it with `serviceAmount()`, so the form and the API cannot disagree.
 */
import * as v from 'valibot';
import { Cents, Iban, IsoDate, PositiveCents, Taxonomy, text } from './common.js';
import { ServiceCode } from './positions.js';

/** A label in Italian, optionally translated (English, German for bilingual areas). */
export const LocalText = (max: number) =>
  v.union(
    [text(max), v.strictObject({ it: text(max), en: v.optional(text(max)), de: v.optional(text(max)) })],
    'invalid_type',
  );
export type LocalText = string | { it: string; en?: string; de?: string };

/** The text of a label in a language, falling back to Italian. */
export function localText(t: LocalText | undefined, lang: 'it' | 'en' | 'de' = 'it'): string {
  if (t === undefined) return '';
  if (typeof t === 'string') return t;
  return t[lang] ?? t.it;
}

/** Field name: what a submission's `values` are keyed by and templates refer to as `{name}`. */
export const FieldName = v.pipe(
  v.string('invalid_type'),
  v.regex(/^[a-z][a-zA-Z0-9_]{0,39}$/, 'invalid_format'),
);

const SafePattern = v.pipe(
  v.string('invalid_type'),
  v.maxLength(200, 'too_long'),
  v.check((p) => {
    try {
      new RegExp(`^(?:${p})$`, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'invalid_format'),
);

const base = {
  name: FieldName,
  label: LocalText(100),
  help: v.optional(LocalText(300)),
  required: v.optional(v.boolean('invalid_type'), false),
};

export const TextField = v.strictObject({
  ...base,
  type: v.literal('text'),
  /** Regular expression the whole value must match (anchored; `u` flag). */
  pattern: v.optional(SafePattern),
  minLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  maxLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)), 140),
});

export const NumberField = v.strictObject({
  ...base,
  type: v.literal('number'),
  min: v.optional(v.number('invalid_type')),
  max: v.optional(v.number('invalid_type')),
  integer: v.optional(v.boolean('invalid_type'), true),
});

export const DateField = v.strictObject({
  ...base,
  type: v.literal('date'),
  min: v.optional(IsoDate),
  max: v.optional(IsoDate),
});

export const SelectField = v.strictObject({
  ...base,
  type: v.literal('select'),
  options: v.pipe(
    v.array(
      v.strictObject({
        value: v.pipe(v.string('invalid_type'), v.minLength(1, 'required'), v.maxLength(60, 'too_long')),
        label: LocalText(100),
        /** Cents this choice adds under a `computed` amount rule. */
        cents: v.optional(Cents),
      }),
    ),
    v.minLength(1, 'too_few'),
    v.maxLength(50, 'too_many'),
  ),
});

export const CheckboxField = v.strictObject({ ...base, type: v.literal('checkbox') });

/** An amount the payer types (cents in the API; the widget parses "12,50"). */
export const AmountField = v.strictObject({
  ...base,
  type: v.literal('amount'),
  min: v.optional(PositiveCents),
  max: v.optional(PositiveCents),
});

export const ServiceField = v.variant(
  'type',
  [TextField, NumberField, DateField, SelectField, CheckboxField, AmountField],
  'invalid_choice',
);
export type ServiceField = v.InferOutput<typeof ServiceField>;
export type ServiceFieldType = ServiceField['type'];

/** How much a submission costs. */
export const AmountRule = v.variant(
  'kind',
  [
    /** Always the same amount (e.g. a fine). */
    v.strictObject({ kind: v.literal('fixed'), amount: PositiveCents }),
    /** The payer enters it in an `amount` field, within bounds. */
    v.strictObject({ kind: v.literal('entered'), field: FieldName, min: PositiveCents, max: PositiveCents }),
    /** base + Σ number fields × cents + Σ checked checkboxes × cents + the chosen select options' cents. */
    v.strictObject({
      kind: v.literal('computed'),
      base: v.optional(Cents, 0),
      terms: v.optional(
        v.pipe(
          v.array(
            v.strictObject({ field: FieldName, cents: v.pipe(v.number(), v.safeInteger('invalid_cents')) }),
          ),
          v.maxLength(30, 'too_many'),
        ),
        [],
      ),
      min: v.optional(PositiveCents, 1),
      max: v.optional(PositiveCents),
    }),
  ],
  'invalid_choice',
);
export type AmountRule = v.InferOutput<typeof AmountRule>;

/** How a submission becomes a position. */
export const PositionRule = v.strictObject({
  /** Description of the position; `{field}` placeholders take the submitted values (≤ 140 after filling). */
  description: text(140),
  /** The due date is the submission day (Europe/Rome) plus this many days. */
  dueInDays: v.optional(v.pipe(v.number(), v.integer('invalid_type'), v.minValue(0), v.maxValue(366)), 30),
  iban: Iban,
  postal: v.optional(v.boolean('invalid_type'), false),
  taxonomy: Taxonomy,
  /** Remittance text of the transfer; defaults to the description. */
  remittance: v.optional(text(140)),
});
export type PositionRule = v.InferOutput<typeof PositionRule>;

const ServiceObject = v.strictObject({
  code: ServiceCode,
  name: LocalText(100),
  description: v.optional(LocalText(500)),
  /** Instructions shown under the form. */
  notes: v.optional(LocalText(2000)),
  enabled: v.optional(v.boolean('invalid_type'), true),
  fields: v.optional(v.pipe(v.array(ServiceField), v.maxLength(30, 'too_many')), []),
  amount: AmountRule,
  position: PositionRule,
});
type ServiceOut = v.InferOutput<typeof ServiceObject>;

function fieldOf(s: Pick<ServiceOut, 'fields'>, name: string): ServiceField | undefined {
  return s.fields.find((f) => f.name === name);
}

const uniqueNames = (s: Pick<ServiceOut, 'fields'>) =>
  new Set(s.fields.map((f) => f.name)).size === s.fields.length;

/** The amount rule refers to fields that exist and have the right type; bounds are ordered. */
function amountRuleFits(s: Pick<ServiceOut, 'fields' | 'amount'>): boolean {
  const a = s.amount;
  if (a.kind === 'fixed') return true;
  if (a.kind === 'entered') return fieldOf(s, a.field)?.type === 'amount' && a.min <= a.max;
  if (a.max !== undefined && a.min > a.max) return false;
  return a.terms.every((t) => {
    const type = fieldOf(s, t.field)?.type;
    return type === 'number' || type === 'checkbox';
  });
}

/** Placeholders name existing fields. */
function templatesFit(s: Pick<ServiceOut, 'fields' | 'position'>): boolean {
  const names = [...`${s.position.description} ${s.position.remittance ?? ''}`.matchAll(/\{([^}]*)\}/g)];
  return names.every((m) => fieldOf(s, m[1] ?? '') !== undefined);
}

function checks<T extends ServiceOut | Omit<ServiceOut, 'code'>>() {
  return [
    v.forward(v.check<T, 'mismatch'>(uniqueNames, 'mismatch'), ['fields' as never]),
    v.forward(v.check<T, 'mismatch'>(amountRuleFits, 'mismatch'), ['amount' as never]),
    v.forward(v.check<T, 'mismatch'>(templatesFit, 'mismatch'), ['position' as never]),
  ] as const;
}

/** A service definition, as the entity writes it. */
export const ServiceInput = v.pipe(ServiceObject, ...checks<ServiceOut>());
export type ServiceInput = v.InferInput<typeof ServiceInput>;
export type Service = v.InferOutput<typeof ServiceInput>;

// `/* @__PURE__ */ (() => …)()`: a bundler may drop the schema where it is unused (the widgets); a
// read of `ServiceObject.entries` would otherwise read as a side effect and keep all it names.
const ServiceUpdateObject = /* @__PURE__ */ (() =>
  v.strictObject({
    name: ServiceObject.entries.name,
    description: ServiceObject.entries.description,
    notes: ServiceObject.entries.notes,
    enabled: ServiceObject.entries.enabled,
    fields: ServiceObject.entries.fields,
    amount: AmountRule,
    position: PositionRule,
  }))();

/** A service's new definition (PUT): everything but the code. */
export const ServiceUpdate = v.pipe(ServiceUpdateObject, ...checks<Omit<ServiceOut, 'code'>>());
export type ServiceUpdate = v.InferInput<typeof ServiceUpdate>;

/** A stored service, as the admin API returns it. */
export const ServiceView = /* @__PURE__ */ (() =>
  v.object({
    ...ServiceObject.entries,
    createdAt: v.string(),
    updatedAt: v.string(),
  }))();
export type ServiceView = v.InferOutput<typeof ServiceView>;

export const ServiceParams = v.strictObject({ code: ServiceCode });

/** What a submission's values look like: strings, numbers (amount fields: cents) and booleans. */
export type SubmissionValues = Record<string, string | number | boolean>;

function fieldSchema(f: ServiceField): v.GenericSchema<unknown, unknown> {
  switch (f.type) {
    case 'text': {
      const items: v.PipeItem<string, string, v.BaseIssue<unknown>>[] = [v.trim()];
      if (f.minLength !== undefined) items.push(v.minLength(f.minLength, 'too_short'));
      items.push(v.maxLength(f.maxLength, 'too_long'));
      if (f.pattern) items.push(v.regex(new RegExp(`^(?:${f.pattern})$`, 'u'), 'invalid_format'));
      const s = v.pipe(v.string('invalid_type'), ...items) as v.GenericSchema<unknown, unknown>;
      return f.required ? v.pipe(s, v.minLength(1, 'required') as never) : v.optional(s);
    }
    case 'number': {
      const items: v.PipeItem<number, number, v.BaseIssue<unknown>>[] = [v.finite('invalid_type')];
      if (f.integer) items.push(v.integer('invalid_type'));
      if (f.min !== undefined) items.push(v.minValue(f.min, 'too_small'));
      if (f.max !== undefined) items.push(v.maxValue(f.max, 'too_large'));
      const s = v.pipe(v.number('invalid_type'), ...items) as v.GenericSchema<unknown, unknown>;
      return f.required ? s : v.optional(s);
    }
    case 'date': {
      const items: v.PipeItem<string, string, v.BaseIssue<unknown>>[] = [];
      if (f.min) items.push(v.minValue(f.min, 'too_small'));
      if (f.max) items.push(v.maxValue(f.max, 'too_large'));
      const s = v.pipe(IsoDate, ...items) as v.GenericSchema<unknown, unknown>;
      return f.required ? s : v.optional(s);
    }
    case 'select': {
      const s = v.picklist(
        f.options.map((o) => o.value),
        'invalid_choice',
      ) as v.GenericSchema<unknown, unknown>;
      return f.required ? s : v.optional(s);
    }
    case 'checkbox':
      return f.required
        ? (v.literal(true, 'required') as v.GenericSchema<unknown, unknown>)
        : v.optional(v.boolean('invalid_type'), false);
    case 'amount': {
      const items: v.PipeItem<number, number, v.BaseIssue<unknown>>[] = [];
      if (f.min !== undefined) items.push(v.minValue(f.min, 'too_small'));
      if (f.max !== undefined) items.push(v.maxValue(f.max, 'too_large'));
      const s = v.pipe(PositiveCents, ...items) as v.GenericSchema<unknown, unknown>;
      return f.required ? s : v.optional(s);
    }
  }
}

/**
 * The schema of one service's submission `values`: unknown fields refused, each field's rules
 * applied, and the amount rule's bounds checked.
 * @example check(submissionSchema(service), { plate: 'AB123CD' })
 */
export function submissionSchema(service: Service): v.GenericSchema<unknown, SubmissionValues> {
  const entries: Record<string, v.GenericSchema<unknown, unknown>> = {};
  for (const f of service.fields) entries[f.name] = fieldSchema(f);
  const amount = service.amount;
  const obj = v.strictObject(entries) as unknown as v.GenericSchema<unknown, SubmissionValues>;
  if (amount.kind === 'fixed') return obj;
  if (amount.kind === 'entered') {
    return v.pipe(
      obj,
      v.forward(
        v.check((values: SubmissionValues) => {
          const cents = values[amount.field];
          return typeof cents === 'number' && cents >= amount.min && cents <= amount.max;
        }, 'invalid_amount'),
        [amount.field as never],
      ),
    ) as v.GenericSchema<unknown, SubmissionValues>;
  }
  return v.pipe(
    obj,
    v.check((values: SubmissionValues) => {
      const cents = serviceAmount(service, values);
      return cents >= amount.min && (amount.max === undefined || cents <= amount.max);
    }, 'invalid_amount'),
  ) as v.GenericSchema<unknown, SubmissionValues>;
}

/**
 * The amount, in cents, a valid submission costs under the service's amount rule.
 * @example serviceAmount(canteen, { amount: 5000 }) // 5000
 */
export function serviceAmount(service: Pick<Service, 'amount' | 'fields'>, values: SubmissionValues): number {
  const a = service.amount;
  if (a.kind === 'fixed') return a.amount;
  if (a.kind === 'entered') {
    const cents = values[a.field];
    return typeof cents === 'number' ? cents : 0;
  }
  let total = a.base;
  for (const t of a.terms) {
    const value = values[t.field];
    if (typeof value === 'number') total += Math.round(value * t.cents);
    else if (value === true) total += t.cents;
  }
  for (const f of service.fields) {
    if (f.type !== 'select') continue;
    const chosen = f.options.find((o) => o.value === values[f.name]);
    total += chosen?.cents ?? 0;
  }
  return total;
}

/**
 * Fills `{field}` placeholders with submitted values (booleans as sì/no, missing as empty).
 * @example fillTemplate('Mensa {child}', { child: 'Anna' }) // 'Mensa Anna'
 */
export function fillTemplate(template: string, values: SubmissionValues): string {
  return template
    .replace(/\{([a-zA-Z0-9_]+)\}/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) return '';
      if (typeof value === 'boolean') return value ? 'sì' : 'no';
      return String(value);
    })
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 140);
}

export const ServiceList = v.object({ items: v.array(ServiceView) });
