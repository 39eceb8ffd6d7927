/**
 * A faster runner of one of the SDK's valibot schemas for inputs that pass it, for the bulk import
 * (a million rows run the same schema a million times). It walks the schema object once and builds
 * a closure per node that applies the node's own rules (the same regexes, lengths, bounds, checks
 * and transforms, taken from the schema object, so the schema stays the one definition), without
 * valibot's per-node datasets and issue bookkeeping. It only says "passes, with this output" or
 * "does not pass": the field errors of a row that does not pass come from valibot itself
 * (`validate`), so messages and paths never differ. A schema using a node it does not know is not
 * compiled (`compileSchema` answers null) and valibot runs alone.
 */
import * as v from 'valibot';

/** What a compiled node answers for an input that does not pass. */
const FAIL: unique symbol = Symbol('fail');
type Run = (input: unknown) => unknown;

/** A node this runner does not know. */
class Unsupported extends Error {}

// Valibot's node objects, as far as the runner reads them.
interface Node {
  kind: string;
  type: string;
  reference: unknown;
  pipe?: readonly Node[];
  entries?: Record<string, Node>;
  item?: Node;
  wrapped?: Node;
  default?: unknown;
  fallback?: unknown;
  options?: readonly unknown[];
  requirement?: unknown;
  operation?: (x: unknown) => unknown;
}

/** A schema's own check (its pipe's first item, or itself), without the rest of its pipe. */
function compileBase(node: Node): Run {
  switch (node.reference) {
    case v.string:
      return (x) => (typeof x === 'string' ? x : FAIL);
    case v.number:
      return (x) => (typeof x === 'number' && !Number.isNaN(x) ? x : FAIL);
    case v.boolean:
      return (x) => (typeof x === 'boolean' ? x : FAIL);
    case v.picklist: {
      const options = node.options as readonly unknown[];
      return (x) => (options.includes(x) ? x : FAIL);
    }
    case v.optional: {
      const wrapped = compileNode(node.wrapped as Node);
      const fallback = node.default;
      if (fallback === undefined) return (x) => (x === undefined ? undefined : wrapped(x));
      if (typeof fallback === 'function') throw new Unsupported('optional with a computed default');
      return (x) => wrapped(x === undefined ? fallback : x);
    }
    case v.array: {
      const item = compileNode(node.item as Node);
      return (x) => {
        if (!Array.isArray(x)) return FAIL;
        const out: unknown[] = [];
        for (let i = 0; i < x.length; i++) {
          const r = item(x[i]);
          if (r === FAIL) return FAIL;
          out.push(r);
        }
        return out;
      };
    }
    case v.strictObject:
      return compileStrictObject(node.entries as Record<string, Node>);
    default:
      throw new Unsupported(`schema ${node.type}`);
  }
}

function compileStrictObject(entries: Record<string, Node>): Run {
  const keys = Object.keys(entries);
  const runs = keys.map((k) => compileNode(entries[k] as Node));
  const shapes = keys.map((k) => {
    const e = entries[k] as Node;
    if (e.fallback !== undefined) throw new Unsupported('fallback');
    const optionalLike = e.type === 'optional' || e.type === 'exact_optional' || e.type === 'nullish';
    if (e.type === 'exact_optional' || e.type === 'nullish') throw new Unsupported(e.type);
    return { optionalLike, withDefault: optionalLike && e.default !== undefined };
  });
  const n = keys.length;
  return (x) => {
    if (!x || typeof x !== 'object') return FAIL;
    const input = x as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const key = keys[i] as string;
      const shape = shapes[i] as (typeof shapes)[number];
      // As valibot: a key present (even undefined) or with a default is run and set on the output.
      if (key in input || shape.withDefault) {
        const r = (runs[i] as Run)(input[key]);
        if (r === FAIL) return FAIL;
        out[key] = r;
      } else if (!shape.optionalLike) return FAIL;
    }
    for (const key in input) if (!Object.prototype.hasOwnProperty.call(entries, key)) return FAIL;
    return out;
  };
}

/** One action of a pipe: its output, or FAIL. */
function compileAction(a: Node): Run {
  const req = a.requirement as never;
  switch (a.reference) {
    case v.trim:
      return (x) => (x as string).trim();
    case v.transform: {
      const op = a.operation as (x: unknown) => unknown;
      return (x) => op(x);
    }
    case v.minLength:
      return (x) => ((x as string).length < req ? FAIL : x);
    case v.maxLength:
      return (x) => ((x as string).length > req ? FAIL : x);
    case v.minValue:
      return (x) => (!((x as number) >= req) ? FAIL : x);
    case v.maxValue:
      return (x) => (!((x as number) <= req) ? FAIL : x);
    // A forwarded check carries its check's reference and requirement: on a pass it changes nothing.
    case v.check:
    case v.safeInteger: {
      const test = a.requirement as (x: unknown) => boolean;
      return (x) => (test(x) ? x : FAIL);
    }
    case v.regex:
    case v.isoDate:
    case v.email: {
      const re = a.requirement as RegExp;
      if (re.global || re.sticky) throw new Unsupported('stateful regex');
      return (x) => (re.test(x as string) ? x : FAIL);
    }
    default:
      throw new Unsupported(`action ${a.type}`);
  }
}

function compileNode(node: Node): Run {
  if (!node.pipe) return compileBase(node);
  const [first, ...rest] = node.pipe as [Node, ...Node[]];
  const steps = [compileNode(first), ...rest.filter((a) => a.kind !== 'metadata').map(compileAction)];
  const n = steps.length;
  return (x) => {
    let value = x;
    for (let i = 0; i < n; i++) {
      value = (steps[i] as Run)(value);
      if (value === FAIL) return FAIL;
    }
    return value;
  };
}

/**
 * The schema as a function answering the parsed value of an input that passes, or `undefined` for
 * one that does not (valibot then tells why); null when the schema uses a node this runner does not
 * know. Schemas whose output may itself be `undefined` are not for this runner.
 * @example const quick = compileSchema(PositionInput); const out = quick?.(row) ?? validate(PositionInput, row);
 */
export function compileSchema<S extends v.GenericSchema>(
  schema: S,
): ((input: unknown) => v.InferOutput<S> | undefined) | null {
  let run: Run;
  try {
    run = compileNode(schema as unknown as Node);
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
  return (input) => {
    try {
      const out = run(input);
      return out === FAIL ? undefined : (out as v.InferOutput<S>);
    } catch {
      // A check or transform that throws: valibot runs it again and does what it does.
      return undefined;
    }
  };
}
