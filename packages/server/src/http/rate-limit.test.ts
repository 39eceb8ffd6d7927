import { describe, expect, it } from 'vitest';
import { clientKey } from './rate-limit.js';

describe('the client an address stands for', () => {
  it('IPv4 itself, also IPv4-mapped; IPv6 its /64 in any spelling', () => {
    expect(clientKey('192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:eeee:dddd:cccc')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('2001:db8:0:0:1::')).toBe('2001:db8:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('::ffff:7f00:1')).toBe('::ffff:7f00:1');
    expect(clientKey('unknown')).toBe('unknown');
  });
});
