/**
 * An entity's e-mail reminder settings, read from `entities.reminder_settings` (JSON set through
 * the admin API): off by default; when on, reminders go `daysBefore` days before a due date and on
 * the due date, to the citizens who asked for them.
 */
import type { ReminderSettings } from '@pagatore/sdk';
import type { EntityRow } from '../db/schema/index.js';

export const DEFAULT_DAYS_BEFORE = 7;

export interface ReminderConfig {
  email: boolean;
  daysBefore: number;
}

/** The entity's settings with their defaults; a broken value counts as "off". */
export function reminderConfigOf(entity: Pick<EntityRow, 'reminder_settings'>): ReminderConfig {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(entity.reminder_settings);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      raw = parsed as Record<string, unknown>;
  } catch {
    // Not configured.
  }
  const days = raw.daysBefore;
  return {
    email: raw.email === true,
    daysBefore:
      typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 60
        ? days
        : DEFAULT_DAYS_BEFORE,
  };
}

/** Stored settings with a change merged in (keys given replace), as JSON. */
export function mergeReminderSettings(stored: string, change: ReminderSettings): string {
  const current = reminderConfigOf({ reminder_settings: stored });
  return JSON.stringify({
    email: change.email ?? current.email,
    daysBefore: change.daysBefore ?? current.daysBefore,
  });
}
