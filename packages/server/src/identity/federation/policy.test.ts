/**
 * The metadata policy operators as OpenID Federation 1.0 section 6.1 defines them: each operator's
 * effect and check, the order they apply in, merging a superior's and a subordinate's policies,
 * and the combinations that are refused.
 */
import { describe, expect, it } from 'vitest';
import { PolicyError } from './errors.js';
import { checkCritical, checkParameterPolicy, mergePolicies, resolveMetadata } from './policy.js';

const op = (params: Record<string, unknown>) => ({ openid_provider: params });
const apply = (metadata: Record<string, unknown>, policy: Record<string, unknown>) =>
  resolveMetadata(op(metadata), undefined, { openid_provider: policy as never }).openid_provider;

describe('applying a metadata policy', () => {
  it('value sets or removes, add adds once, default fills only what is absent', () => {
    expect(
      apply(
        { a: 'x', b: 'keep', l: ['it', 'en'], d: 'mine' },
        {
          a: { value: 'forced' },
          b: { value: null },
          l: { add: ['en', 'de'] },
          n: { add: ['new'] },
          d: { default: 'theirs' },
          e: { default: 'filled' },
        },
      ),
    ).toEqual({ a: 'forced', l: ['it', 'en', 'de'], n: ['new'], d: 'mine', e: 'filled' });
  });

  it('one_of checks a present value and lets an absent one be', () => {
    expect(apply({ m: 'a' }, { m: { one_of: ['a', 'b'] }, z: { one_of: ['a'] } })).toEqual({ m: 'a' });
    expect(() => apply({ m: 'c' }, { m: { one_of: ['a', 'b'] } })).toThrow(PolicyError);
  });

  it('subset_of keeps the intersection (possibly empty), superset_of requires the values', () => {
    expect(apply({ s: ['a', 'b', 'c'] }, { s: { subset_of: ['a', 'e'] } })).toEqual({ s: ['a'] });
    expect(apply({ s: ['a', 'b', 'c'] }, { s: { subset_of: ['d', 'e'] } })).toEqual({ s: [] });
    expect(apply({}, { s: { subset_of: ['a'] } })).toEqual({});
    expect(apply({ s: ['a', 'b'] }, { s: { superset_of: ['a'] } })).toEqual({ s: ['a', 'b'] });
    expect(() => apply({ s: ['b'] }, { s: { superset_of: ['a'] } })).toThrow(/does not contain/);
  });

  it('essential requires the parameter after the other operators ran', () => {
    expect(() => apply({}, { s: { subset_of: ['a'], essential: true } })).toThrow(/essential/);
    expect(apply({}, { s: { default: ['a'], essential: true } })).toEqual({ s: ['a'] });
    expect(apply({}, { s: { essential: false } })).toEqual({});
  });

  it('applies in the standard order: value/add/default before the checks', () => {
    // add puts "b" in, then subset_of keeps it, then superset_of finds it.
    expect(apply({ s: ['a'] }, { s: { add: ['b'], subset_of: ['a', 'b'], superset_of: ['b'] } })).toEqual({
      s: ['a', 'b'],
    });
  });

  it('treats scope as a list of space-separated values', () => {
    expect(
      resolveMetadata({ openid_relying_party: { scope: 'openid profile email' } }, undefined, {
        openid_relying_party: { scope: { subset_of: ['openid', 'email'] } },
      }),
    ).toEqual({ openid_relying_party: { scope: 'openid email' } });
  });

  it('refuses an operator on a parameter of the wrong type', () => {
    expect(() => apply({ s: 'text' }, { s: { subset_of: ['a'] } })).toThrow(/array/);
  });

  it('the immediate superior metadata overrides before the policy runs; absent entity types stay absent', () => {
    expect(
      resolveMetadata(op({ a: 'mine', b: 'x' }), op({ a: 'superior' }), {
        openid_provider: { a: { one_of: ['superior'] } },
        openid_relying_party: { c: { value: 'ignored' } },
      }),
    ).toEqual(op({ a: 'superior', b: 'x' }));
  });
});

describe('merging policies along a chain', () => {
  const ta = (p: Record<string, unknown>) => ({ issuer: 'ta', policy: op(p) });
  const int = (p: Record<string, unknown>) => ({ issuer: 'int', policy: op(p) });

  it('merges each operator as the standard says', () => {
    expect(
      mergePolicies([
        ta({
          v: { value: 'x' },
          a: { add: ['a'] },
          d: { default: 'd' },
          o: { one_of: ['a', 'b', 'c'] },
          s: { subset_of: ['a', 'b', 'c'] },
          p: { superset_of: ['a'] },
          e: { essential: false },
          only: { value: 1 },
        }),
        { issuer: 'none', policy: undefined },
        int({
          v: { value: 'x' },
          a: { add: ['b'] },
          d: { default: 'd' },
          o: { one_of: ['b', 'c', 'z'] },
          s: { subset_of: ['b', 'c', 'z'] },
          p: { superset_of: ['b'] },
          e: { essential: true },
          mine: { default: 2 },
        }),
      ]),
    ).toEqual(
      op({
        v: { value: 'x' },
        a: { add: ['a', 'b'] },
        d: { default: 'd' },
        o: { one_of: ['b', 'c'] },
        s: { subset_of: ['b', 'c'] },
        p: { superset_of: ['a', 'b'] },
        e: { essential: true },
        only: { value: 1 },
        mine: { default: 2 },
      }),
    );
  });

  it('refuses what cannot be merged', () => {
    expect(() => mergePolicies([ta({ v: { value: 'x' } }), int({ v: { value: 'y' } })])).toThrow(
      /"value" differs/,
    );
    expect(() => mergePolicies([ta({ d: { default: 'x' } }), int({ d: { default: 'y' } })])).toThrow(
      /"default" differs/,
    );
    expect(() => mergePolicies([ta({ o: { one_of: ['a'] } }), int({ o: { one_of: ['b'] } })])).toThrow(
      /do not overlap/,
    );
    // A merged subset_of that no longer contains superset_of's values.
    expect(() =>
      mergePolicies([
        ta({ s: { subset_of: ['a', 'b'], superset_of: ['b'] } }),
        int({ s: { subset_of: ['a'] } }),
      ]),
    ).toThrow(/superset/);
    // A value the subordinate's one_of does not allow.
    expect(() => mergePolicies([ta({ v: { value: 'x' } }), int({ v: { one_of: ['y'] } })])).toThrow(
      /among "one_of"/,
    );
  });

  it('refuses malformed policies and combinations the standard forbids', () => {
    const bad: Record<string, unknown>[] = [
      { add: 'a' },
      { essential: 'yes' },
      { default: null },
      { value: null, essential: true },
      { value: null, default: 'x' },
      { value: ['a'], add: ['b'] },
      { value: ['a', 'z'], subset_of: ['a'] },
      { value: ['a'], superset_of: ['a', 'b'] },
      { one_of: ['a'], subset_of: ['a'] },
      { add: ['c'], subset_of: ['a'] },
    ];
    for (const p of bad)
      expect(() => checkParameterPolicy('test', p), JSON.stringify(p)).toThrow(PolicyError);
    expect(() => mergePolicies([{ issuer: 'ta', policy: [] }])).toThrow(/must be an object/);
  });

  it('refuses a critical operator it does not implement, ignores an unknown non-critical one', () => {
    const policy = mergePolicies([ta({ s: { regexp: '^a', subset_of: ['a'] } })]);
    expect(() => checkCritical(['regexp'], policy)).toThrow(/critical operator "regexp"/);
    expect(() => checkCritical([], policy)).not.toThrow();
    expect(apply({ s: ['a', 'b'] }, policy.openid_provider as never)).toEqual({ s: ['a'] });
  });
});
