import { describe, expect, it } from 'vitest';
import { hashToken, newToken, sameHash } from './tokens.js';

describe('tokens', () => {
  it('are base32 lower case without padding, 8 characters per 5 bytes, 32 by default', () => {
    expect(newToken()).toMatch(/^[a-z2-7]{32}$/);
    // The sizes the server uses: API key and webhook ids, delivery leases, provider refs, secrets.
    for (const [bytes, chars] of [
      [10, 16],
      [15, 24],
      [16, 26],
      [20, 32],
      [24, 39],
    ] as const)
      expect(newToken(bytes)).toMatch(new RegExp(`^[a-z2-7]{${chars}}$`));
  });

  it('do not repeat', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => newToken(10)));
    expect(seen.size).toBe(1000);
  });

  it('are stored as their SHA-256 in hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('compare by hash: equal only for the same text and length', () => {
    const h = hashToken('secret');
    expect(sameHash(h, hashToken('secret'))).toBe(true);
    expect(sameHash(h, hashToken('Secret'))).toBe(false);
    expect(sameHash(h, h.slice(0, -1))).toBe(false);
    expect(sameHash('', '')).toBe(true);
  });
});
