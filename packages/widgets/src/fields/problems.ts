/**
 * What a form shows after a failed submit: a message per field path and one for the whole form,
 * from the widget's own checks, the SDK's schema check or an API error. Every form of the widgets
 * reads errors through here, so the same answer reads the same in each of them.
 */
import { type FieldError, type FieldProblem, PagatoreError } from '@pagatore/sdk';
import type { PortalController } from '../controllers/portal-controller.js';

/** What the helpers need of a widget's portal: its strings and error messages, in its language. */
export type Speaker = Pick<PortalController, 't' | 'error'>;

/** Messages per field path, plus one for the whole form. */
export interface Problems {
  fields: Record<string, string>;
  general: string | null;
}

export const NO_PROBLEMS: Problems = { fields: {}, general: null };

/**
 * Field messages from schema or API field errors, in the portal's language (an API field error's
 * message, the server's, for the codes the widgets leave to it); the first error of a path wins.
 * `strip` removes a prefix the form does not use (the debt form's `values.`).
 */
export function fieldProblems(
  fields: readonly (FieldProblem | FieldError)[],
  portal: Speaker,
  strip = '',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const path = strip && f.path.startsWith(strip) ? f.path.slice(strip.length) : f.path;
    out[path] ??= portal.error(f.code, 'message' in f ? f.message : undefined);
  }
  return out;
}

/**
 * What to show for an error the SDK threw. Field errors that came with it are always kept: a
 * refusal for too many attempts says when to try again instead of the generic message, and the
 * fields it named (if any) stay marked, so the citizen sees what to correct before trying again.
 */
export function problemsFrom(e: unknown, portal: Speaker, strip = ''): Problems {
  if (!(e instanceof PagatoreError)) return { fields: {}, general: portal.error('internal') };
  const fields = fieldProblems(e.fields, portal, strip);
  if (e.code === 'rate_limited' && e.retryAfter) {
    return {
      fields,
      general: portal.t('common.retryAfter', { minutes: Math.max(1, Math.ceil(e.retryAfter / 60)) }),
    };
  }
  if (e.code === 'validation_failed' && Object.keys(fields).length > 0) return { fields, general: null };
  return { fields, general: portal.error(e.code, e.message) };
}

/** The problems without one field's message (the citizen changed that field). */
export function withoutField(problems: Problems, path: string): Problems {
  if (!(path in problems.fields)) return problems;
  const { [path]: _gone, ...fields } = problems.fields;
  return { ...problems, fields };
}
