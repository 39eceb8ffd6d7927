/**
 * Messages on the IO app (docs/reach.md): the entity's settings for IO's Services API. A change
 * merges key by key; `null` clears one. The API key is answered masked (`********abcd`); sending the
 * mask back keeps the stored key.
 */
import * as v from 'valibot';

const Url = v.pipe(v.string('invalid_type'), v.maxLength(500, 'too_long'), v.url('invalid_url'));

const int = (min: number, max: number) =>
  v.pipe(
    v.number('invalid_type'),
    v.integer('invalid_type'),
    v.minValue(min, 'too_small'),
    v.maxValue(max, 'too_large'),
  );

export const IoSettings = v.strictObject({
  /**
   * The API key (`Ocp-Apim-Subscription-Key`) of the entity's service on IO: printable ASCII, no
   * spaces. Messages go out only while it is set.
   */
  apiKey: v.optional(
    v.nullable(v.pipe(v.string('invalid_type'), v.trim(), v.regex(/^[\x21-\x7e]{8,200}$/, 'invalid_format'))),
  ),
  /** Base URL of IO's Services API up to `/api/v1`; IO's production one (`https://api.io.pagopa.it/api/v1`) when absent. */
  baseUrl: v.optional(v.nullable(Url)),
  /** Messages a minute the entity sends at most (1..6000, default 60), whatever IO allows. */
  ratePerMinute: v.optional(int(1, 6000)),
  /** A message for each option of a new position (default true). */
  newPositions: v.optional(v.boolean('invalid_type')),
  /** A message before each due date and on it (default true). */
  reminders: v.optional(v.boolean('invalid_type')),
  /** Days before a due date of the reminder ahead of it (1..60, default 3). */
  daysBefore: v.optional(int(1, 60)),
});
export type IoSettings = v.InferOutput<typeof IoSettings>;
