/**
 * Why a trust chain is refused. Each reason is a stable code (logs, tests, the refusal page's
 * detail); the message names the statement and the entities involved.
 */
export type TrustChainFailure =
  /** A statement could not be fetched (network, HTTP status, content type, size). */
  | 'unreachable'
  /** A statement is not a well-formed entity statement (JWT, `typ`, `kid`, claims, `crit`). */
  | 'invalid_statement'
  /** A signature does not verify with the keys the chain vouches for. */
  | 'bad_signature'
  /** A statement is past its `exp` (or issued in the future). */
  | 'expired'
  /** A statement's `iss`/`sub` is not the entity it was fetched for or about. */
  | 'subject_mismatch'
  /** The chain ends at a Trust Anchor other than the configured one. */
  | 'unknown_trust_anchor'
  /** `authority_hints` lead back to an entity already on the path. */
  | 'loop'
  /** More intermediates than allowed (locally, or by a `max_path_length` constraint). */
  | 'chain_too_long'
  /** The metadata policy is malformed, its operators conflict, or the metadata breaks it. */
  | 'policy_error'
  /** The resolved metadata has no `openid_provider`. */
  | 'no_openid_provider';

export class TrustChainError extends Error {
  readonly reason: TrustChainFailure;
  override readonly name = 'TrustChainError';
  constructor(reason: TrustChainFailure, message: string) {
    super(`${reason}: ${message}`);
    this.reason = reason;
  }
}

/** A policy that cannot be merged or applied: the chain is refused with `policy_error`. */
export class PolicyError extends TrustChainError {
  constructor(message: string) {
    super('policy_error', message);
  }
}
