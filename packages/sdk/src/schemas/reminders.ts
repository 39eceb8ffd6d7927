/**
 * Reaching the citizen before a due date: the entity's e-mail reminder settings, the citizen's
 * consent to them, the one-click unsubscribe link, and the citizen's private calendar feed
 * (docs/reach.md).
 */
import * as v from 'valibot';
import { LangSchema } from './common.js';

/** How many days before a due date the first reminder goes (the second goes on the day). */
export const ReminderDays = v.pipe(
  v.number('invalid_type'),
  v.integer('invalid_type'),
  v.minValue(1, 'too_small'),
  v.maxValue(60, 'too_big'),
);

/**
 * The entity's e-mail reminders: `email` on (off by default) for the citizens who asked for them,
 * `daysBefore` (7 by default) days before a due date and on the due date itself.
 */
export const ReminderSettings = v.strictObject({
  email: v.optional(v.boolean('invalid_type')),
  daysBefore: v.optional(ReminderDays),
});
export type ReminderSettings = v.InferOutput<typeof ReminderSettings>;

/** The citizen's choice: e-mail reminders on or off (off until asked). */
export const ReminderPreferenceInput = v.strictObject({ email: v.boolean('invalid_type') });
export type ReminderPreferenceInput = v.InferInput<typeof ReminderPreferenceInput>;

/** The citizen's choice, and whether the entity sends reminders at all (and how many days before). */
export const ReminderPreference = v.object({
  email: v.boolean(),
  /** false: the entity sends no reminders; the choice is kept for when it does. */
  offered: v.boolean(),
  daysBefore: v.number(),
});
export type ReminderPreference = v.InferOutput<typeof ReminderPreference>;

/** An opaque token (32 characters of base32) in an unsubscribe or calendar feed URL. */
export const ReachToken = v.pipe(v.string('invalid_type'), v.regex(/^[a-z2-7]{32}$/, 'invalid_format'));

/** The citizen's calendar feed: whether one is active and since when; `url` only when just made. */
export const CalendarFeed = v.object({
  active: v.boolean(),
  createdAt: v.nullable(v.string()),
  /** The private URL: given once, when made (the server keeps only its hash). */
  url: v.optional(v.string()),
});
export type CalendarFeed = v.InferOutput<typeof CalendarFeed>;

/**
 * Query of an "Aggiungi al calendario" file: the language of its texts (else `Accept-Language`) and
 * the entity's page the citizen pays on, written in each event (an origin the entity registered; any
 * fragment is dropped). Without `page`, the entity's portal URL; without either, no link.
 */
export const CalendarQuery = v.strictObject({
  lang: v.optional(LangSchema),
  page: v.optional(v.pipe(v.string('invalid_type'), v.maxLength(2000, 'too_long'), v.url('invalid_url'))),
});
export type CalendarQuery = v.InferInput<typeof CalendarQuery>;
