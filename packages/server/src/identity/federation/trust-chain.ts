/**
 * Trust chain resolution (OpenID Federation 1.0 sections 10 and 6.1), bottom up: from an OpenID
 * Provider's entity configuration, through its `authority_hints` (intermediates) up to the Trust
 * Anchor configured for it, whose keys are pinned in the settings. Every statement is checked
 * (`iss`, `sub`, `iat`, `exp`) and its signature verified with the keys the chain vouches for:
 * a subordinate statement about X with its issuer's keys (the pinned ones for the Trust Anchor), X's
 * own configuration with the keys that statement lists for X. The metadata policies are merged
 * from the Trust Anchor down and applied to the provider's metadata; the chain lives until the
 * earliest `exp` of its statements.
 */
import { createHash } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { TrustChainError } from './errors.js';
import { checkCritical, type Metadata, mergePolicies, resolveMetadata } from './policy.js';
import {
  checkStatement,
  type EntityStatement,
  entityUrl,
  fetchEndpointOf,
  fetchEntityConfiguration,
  fetchSubordinateStatement,
  verifyStatement,
} from './statements.js';

/** A Trust Anchor as the settings pin it: its entity id and its federation public keys. */
export interface TrustAnchor {
  entityId: string;
  jwks: JSONWebKeySet;
}

/** OpenID Provider metadata as the federation resolved it (discovery's fields, and more). */
export interface OpenIdProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  [k: string]: unknown;
}

export interface ResolvedTrustChain {
  /** The provider's entity id. */
  subject: string;
  trustAnchor: string;
  /** Entity ids from the provider up to the Trust Anchor. */
  path: string[];
  /**
   * The statements, as section 4 orders them: the provider's configuration, the subordinate
   * statements up to the one the Trust Anchor issued, the Trust Anchor's configuration.
   */
  statements: string[];
  /** The provider's resolved `openid_provider` metadata. */
  metadata: OpenIdProviderMetadata;
  /** All the resolved metadata, by entity type. */
  allMetadata: Metadata;
  /** The earliest `exp` in the chain: the chain is not used after it. */
  expiresAt: Date;
}

export interface ResolveOptions {
  /** The time statements are checked at. */
  now?: Date;
  /** Most intermediates between the provider and the Trust Anchor (SPID and CIE use at most one). */
  maxIntermediates?: number;
  /** Milliseconds per request. */
  timeoutMs?: number;
}

const DEFAULTS = { maxIntermediates: 3, timeoutMs: 10_000 };

/** One step up: the statement a superior issued about an entity, and the superior's configuration. */
interface Link {
  statement: EntityStatement;
  superior: EntityStatement;
}

/**
 * Resolves and validates the trust chain of `entityId` up to `anchor`; answers the provider's
 * final metadata. Throws `TrustChainError` with the reason of the refusal.
 */
export async function resolveTrustChain(
  entityId: string,
  anchor: TrustAnchor,
  options: ResolveOptions = {},
): Promise<ResolvedTrustChain> {
  const now = options.now ?? new Date();
  const maxIntermediates = options.maxIntermediates ?? DEFAULTS.maxIntermediates;
  const fetchOpts = { timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs };
  entityUrl(entityId);
  if (entityId === anchor.entityId)
    throw new TrustChainError('no_openid_provider', `${entityId} is the Trust Anchor itself`);

  const leaf = await fetchEntityConfiguration(entityId, fetchOpts);
  const leafWhat = `entity configuration of ${entityId}`;
  checkStatement(leaf, { iss: entityId, sub: entityId }, now, leafWhat);
  await verifyStatement(leaf, leaf.payload.jwks, leafWhat);

  /** The links from `subject` (whose configuration is `config`, already verified) up to the anchor. */
  async function climb(subject: string, config: EntityStatement, path: string[]): Promise<Link[]> {
    const hints = config.payload.authority_hints ?? [];
    if (hints.length === 0)
      throw new TrustChainError(
        'unknown_trust_anchor',
        `${subject} has no superior and is not the configured Trust Anchor ${anchor.entityId}`,
      );
    const failures: TrustChainError[] = [];
    for (const hint of hints) {
      try {
        if (path.includes(hint))
          throw new TrustChainError('loop', `authority_hints of ${subject} lead back to ${hint}`);
        const isAnchor = hint === anchor.entityId;
        // path holds the provider and the intermediates so far; the hint is one more.
        if (!isAnchor && path.length > maxIntermediates)
          throw new TrustChainError(
            'chain_too_long',
            `more than ${maxIntermediates} intermediates above ${entityId}`,
          );
        const superior = await fetchEntityConfiguration(hint, fetchOpts);
        const supWhat = `entity configuration of ${hint}`;
        checkStatement(superior, { iss: hint, sub: hint }, now, supWhat);
        // The Trust Anchor's keys are the pinned ones, whatever its configuration says.
        const superiorKeys = isAnchor ? anchor.jwks : superior.payload.jwks;
        await verifyStatement(superior, superiorKeys, supWhat);
        const statement = await fetchSubordinateStatement(
          fetchEndpointOf(superior),
          hint,
          subject,
          fetchOpts,
        );
        const stWhat = `statement of ${hint} about ${subject}`;
        checkStatement(statement, { iss: hint, sub: subject }, now, stWhat);
        await verifyStatement(statement, superiorKeys, stWhat);
        // The subject's own configuration must be signed by a key its superior vouches for.
        await verifyStatement(
          config,
          statement.payload.jwks,
          `entity configuration of ${subject} (keys from ${hint})`,
        );
        const link = { statement, superior };
        if (isAnchor) return [link];
        return [link, ...(await climb(hint, superior, [...path, hint]))];
      } catch (e) {
        if (!(e instanceof TrustChainError)) throw e;
        failures.push(e);
      }
    }
    // The most telling failure: one that is not merely "this way leads elsewhere".
    throw failures.find((f) => f.reason !== 'unknown_trust_anchor') ?? failures[0];
  }

  const links = await climb(entityId, leaf, [entityId]);
  const subordinate = links.map((l) => l.statement);

  // max_path_length: the statement at index k is issued k intermediates above the provider.
  subordinate.forEach((s, k) => {
    const max = s.payload.constraints?.max_path_length;
    if (typeof max === 'number' && k > max)
      throw new TrustChainError(
        'chain_too_long',
        `${s.payload.iss} allows ${max} intermediates, the chain has ${k}`,
      );
  });

  // Policies from the Trust Anchor's statement down to the immediate superior's.
  const fromTop = [...subordinate].reverse();
  const policy = mergePolicies(
    fromTop.map((s) => ({ issuer: s.payload.iss, policy: s.payload.metadata_policy })),
  );
  checkCritical(
    fromTop.flatMap((s) => s.payload.metadata_policy_crit ?? []),
    policy,
  );
  const allMetadata = resolveMetadata(leaf.payload.metadata ?? {}, subordinate[0]?.payload.metadata, policy);
  const op = allMetadata.openid_provider;
  if (!op) throw new TrustChainError('no_openid_provider', `${entityId} has no openid_provider metadata`);
  for (const field of ['authorization_endpoint', 'token_endpoint'] as const)
    if (typeof op[field] !== 'string')
      throw new TrustChainError(
        'no_openid_provider',
        `openid_provider metadata of ${entityId} has no ${field}`,
      );
  // The provider is known by its entity id: the issuer of its tokens.
  if (op.issuer !== undefined && op.issuer !== entityId)
    throw new TrustChainError(
      'subject_mismatch',
      `openid_provider issuer ${String(op.issuer)} is not ${entityId}`,
    );
  const metadata = { ...op, issuer: entityId } as OpenIdProviderMetadata;

  const all = [leaf, ...subordinate, links[links.length - 1]!.superior];
  const exp = Math.min(...all.map((s) => s.payload.exp));
  return {
    subject: entityId,
    trustAnchor: anchor.entityId,
    path: [entityId, ...links.map((l) => l.superior.payload.sub)],
    statements: all.map((s) => s.jwt),
    metadata,
    allMetadata,
    expiresAt: new Date(exp * 1000),
  };
}

export interface TrustChainCacheOptions {
  /** Longest a resolved chain is kept, whatever its statements' `exp` (seconds). */
  maxAgeSeconds?: number;
  /** Most chains kept (the oldest go first). */
  maxEntries?: number;
}

/**
 * Resolved chains kept until their `exp` (and at most `maxAgeSeconds`), then resolved again on the
 * next use. A refusal is not kept: the next use tries again. Concurrent uses share one resolution.
 */
export class TrustChainCache {
  private readonly entries = new Map<string, { until: number; chain: Promise<ResolvedTrustChain> }>();
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;

  constructor(opts: TrustChainCacheOptions = {}) {
    this.maxAgeMs = (opts.maxAgeSeconds ?? 3600) * 1000;
    this.maxEntries = opts.maxEntries ?? 500;
  }

  private static key(entityId: string, anchor: TrustAnchor): string {
    const keys = createHash('sha256').update(JSON.stringify(anchor.jwks)).digest('base64url');
    return `${entityId}\n${anchor.entityId}\n${keys}`;
  }

  resolve(entityId: string, anchor: TrustAnchor, options: ResolveOptions = {}): Promise<ResolvedTrustChain> {
    const now = (options.now ?? new Date()).getTime();
    const key = TrustChainCache.key(entityId, anchor);
    const hit = this.entries.get(key);
    if (hit && now < hit.until) return hit.chain;
    this.entries.delete(key);
    const chain = resolveTrustChain(entityId, anchor, { ...options, now: new Date(now) });
    // Until resolved, concurrent uses share the promise; then it lives until the chain's exp.
    const entry = { until: now + this.maxAgeMs, chain };
    this.entries.set(key, entry);
    chain.then(
      (c) => {
        entry.until = Math.min(now + this.maxAgeMs, c.expiresAt.getTime());
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return chain;
  }

  /** Forgets every chain (settings changed). */
  clear(): void {
    this.entries.clear();
  }
}

/** The process's chains. */
export const trustChains = new TrustChainCache();
