/**
 * OpenID Federation 1.0 metadata policy (section 6.1): the standard operators `value`, `add`,
 * `default`, `one_of`, `subset_of`, `superset_of`, `essential`; checking the operators of one
 * metadata parameter policy, merging the policies of a chain from the most superior statement
 * down, and applying the merged policy to the subject's metadata.
 */
import { isDeepStrictEqual } from 'node:util';
import { PolicyError } from './errors.js';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
/** The operators of one metadata parameter. */
export type ParameterPolicy = Record<string, unknown>;
/** Entity type → metadata parameter → operators. */
export type MetadataPolicy = Record<string, Record<string, ParameterPolicy>>;
/** Entity type → metadata parameters. */
export type Metadata = Record<string, Record<string, unknown>>;

/** The standard operators, in the order they are applied. */
export const STANDARD_OPERATORS = [
  'value',
  'add',
  'default',
  'one_of',
  'subset_of',
  'superset_of',
  'essential',
] as const;
const STANDARD = new Set<string>(STANDARD_OPERATORS);

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const has = (xs: unknown[], x: unknown): boolean => xs.some((y) => isDeepStrictEqual(x, y));
const subsetOf = (xs: unknown[], of: unknown[]): boolean => xs.every((x) => has(of, x));
const union = (a: unknown[], b: unknown[]): unknown[] => [...a, ...b.filter((x) => !has(a, x))];
const intersection = (a: unknown[], b: unknown[]): unknown[] => a.filter((x) => has(b, x));

/**
 * Checks the operator values of one parameter policy and their combinations (section 6.1.3.1);
 * unknown operators are left alone (see `metadata_policy_crit` in `checkCritical`).
 */
export function checkParameterPolicy(where: string, p: ParameterPolicy): void {
  const fail = (why: string) => {
    throw new PolicyError(`${where}: ${why}`);
  };
  const arrayOp = (op: string) => {
    if (op in p && !Array.isArray(p[op])) fail(`"${op}" must be an array`);
  };
  ['add', 'one_of', 'subset_of', 'superset_of'].forEach(arrayOp);
  if ('essential' in p && typeof p.essential !== 'boolean') fail('"essential" must be a boolean');
  if ('default' in p && p.default === null) fail('"default" must not be null');
  if ('value' in p && p.value !== undefined) {
    const value = p.value;
    const values = Array.isArray(value) ? value : [value];
    if ('add' in p && !(Array.isArray(value) && subsetOf(p.add as unknown[], value)))
      fail('"add" must be a subset of "value"');
    if ('default' in p && value === null) fail('"default" cannot go with a null "value"');
    if ('one_of' in p && !has(p.one_of as unknown[], value)) fail('"value" must be among "one_of"');
    if ('subset_of' in p && !(value === null || subsetOf(values, p.subset_of as unknown[])))
      fail('"value" must be a subset of "subset_of"');
    if ('superset_of' in p && !(value === null || subsetOf(p.superset_of as unknown[], values)))
      fail('"value" must be a superset of "superset_of"');
    if (value === null && p.essential === true) fail('a null "value" cannot be essential');
  }
  if ('one_of' in p && ('add' in p || 'subset_of' in p || 'superset_of' in p))
    fail('"one_of" goes only with "value", "default" and "essential"');
  if ('add' in p && 'subset_of' in p && !subsetOf(p.add as unknown[], p.subset_of as unknown[]))
    fail('"add" must be a subset of "subset_of"');
  if (
    'subset_of' in p &&
    'superset_of' in p &&
    !subsetOf(p.superset_of as unknown[], p.subset_of as unknown[])
  )
    fail('"subset_of" must be a superset of "superset_of"');
}

function checkPolicy(where: string, policy: unknown): MetadataPolicy {
  if (!isObject(policy)) throw new PolicyError(`${where}: metadata_policy must be an object`);
  for (const [type, params] of Object.entries(policy)) {
    if (!isObject(params)) throw new PolicyError(`${where}: policy for ${type} must be an object`);
    for (const [name, ops] of Object.entries(params)) {
      if (!isObject(ops)) throw new PolicyError(`${where}: policy for ${type}.${name} must be an object`);
      checkParameterPolicy(`${where} ${type}.${name}`, ops);
    }
  }
  return policy as MetadataPolicy;
}

/** Merges the operators of one parameter: the superior's first, the subordinate's after. */
function mergeParameter(where: string, sup: ParameterPolicy, sub: ParameterPolicy): ParameterPolicy {
  const out: ParameterPolicy = { ...sup };
  for (const [op, v] of Object.entries(sub)) {
    if (!(op in out)) {
      out[op] = v;
      continue;
    }
    const cur = out[op];
    switch (op) {
      case 'value':
      case 'default':
        if (!isDeepStrictEqual(cur, v)) throw new PolicyError(`${where}: "${op}" differs along the chain`);
        break;
      case 'add':
      case 'superset_of':
        out[op] = union(cur as unknown[], v as unknown[]);
        break;
      case 'one_of': {
        const both = intersection(cur as unknown[], v as unknown[]);
        if (both.length === 0) throw new PolicyError(`${where}: "one_of" values do not overlap`);
        out[op] = both;
        break;
      }
      case 'subset_of':
        out[op] = intersection(cur as unknown[], v as unknown[]);
        break;
      case 'essential':
        out[op] = cur === true || v === true;
        break;
      default:
        // An operator this code does not know keeps the superior's value (it is ignored anyway
        // unless critical, which `checkCritical` refuses).
        break;
    }
  }
  checkParameterPolicy(where, out);
  return out;
}

/**
 * Merges the `metadata_policy` of the subordinate statements of a chain, given from the most
 * superior (issued by the Trust Anchor) down to the one about the subject. Undefined entries
 * (statements without a policy) are skipped.
 */
export function mergePolicies(policies: { issuer: string; policy: unknown }[]): MetadataPolicy {
  let current: MetadataPolicy = {};
  for (const { issuer, policy } of policies) {
    if (policy === undefined) continue;
    const next = checkPolicy(`policy of ${issuer}`, policy);
    const merged: MetadataPolicy = { ...current };
    for (const [type, params] of Object.entries(next)) {
      const mine = { ...(merged[type] ?? {}) };
      for (const [name, ops] of Object.entries(params)) {
        const where = `policy of ${issuer} ${type}.${name}`;
        mine[name] = mine[name] ? mergeParameter(where, mine[name], ops) : { ...ops };
      }
      merged[type] = mine;
    }
    current = merged;
  }
  return current;
}

/** Refuses a chain that lists, as critical, an operator this code does not implement. */
export function checkCritical(critical: string[], policy: MetadataPolicy): void {
  const unknown = critical.filter((op) => !STANDARD.has(op));
  for (const params of Object.values(policy))
    for (const [name, ops] of Object.entries(params))
      for (const op of Object.keys(ops))
        if (unknown.includes(op)) throw new PolicyError(`critical operator "${op}" on ${name} not supported`);
}

/**
 * Applies the policy of one parameter to its value (undefined: absent); answers the new value
 * (undefined: removed or still absent). `scope` (a space-separated string) is handled as an array.
 */
function applyParameter(where: string, name: string, ops: ParameterPolicy, input: unknown): unknown {
  const fail = (why: string): never => {
    throw new PolicyError(`metadata ${where}: ${why}`);
  };
  const isScope = name === 'scope' && typeof input === 'string';
  let value: unknown = isScope ? (input as string).split(' ').filter(Boolean) : input;
  const needArray = (op: string) => {
    if (value !== undefined && !Array.isArray(value)) fail(`"${op}" needs an array value`);
  };
  if ('value' in ops) value = ops.value === null ? undefined : ops.value;
  if ('add' in ops) {
    needArray('add');
    value = union((value as unknown[] | undefined) ?? [], ops.add as unknown[]);
  }
  if ('default' in ops && value === undefined) value = ops.default;
  if ('one_of' in ops && value !== undefined) {
    const allowed = ops.one_of as unknown[];
    // The standard applies `one_of` to single values; some federations put it on array
    // parameters too, read here as "every element among the listed ones".
    const ok = Array.isArray(value) ? value.every((x) => has(allowed, x)) : has(allowed, value);
    if (!ok) fail(`${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`);
  }
  if ('subset_of' in ops && value !== undefined) {
    needArray('subset_of');
    value = intersection(value as unknown[], ops.subset_of as unknown[]);
  }
  if ('superset_of' in ops && value !== undefined) {
    needArray('superset_of');
    if (!subsetOf(ops.superset_of as unknown[], value as unknown[]))
      fail(`${JSON.stringify(value)} does not contain ${JSON.stringify(ops.superset_of)}`);
  }
  if (ops.essential === true && value === undefined) fail('essential but absent');
  if (isScope && Array.isArray(value)) return value.join(' ');
  return value;
}

/**
 * The metadata of the subject: its own, overridden by the `metadata` of its immediate superior's
 * statement, then shaped and checked by the merged policy. Entity types absent from the metadata
 * are left absent.
 */
export function resolveMetadata(
  own: Metadata,
  superiorOverride: Metadata | undefined,
  policy: MetadataPolicy,
): Metadata {
  const out: Metadata = {};
  for (const [type, params] of Object.entries(own)) out[type] = { ...params };
  for (const [type, params] of Object.entries(superiorOverride ?? {}))
    out[type] = { ...(out[type] ?? {}), ...params };
  for (const [type, params] of Object.entries(out)) {
    const typePolicy = policy[type];
    if (!typePolicy) continue;
    for (const [name, ops] of Object.entries(typePolicy)) {
      const next = applyParameter(`${type}.${name}`, name, ops, params[name]);
      if (next === undefined) delete params[name];
      else params[name] = next as Json;
    }
  }
  return out;
}
