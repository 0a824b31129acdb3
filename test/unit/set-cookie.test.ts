import { describe, expect, it } from 'vitest';
import { parseSetCookieLine } from '../../src/gather/collectors/set-cookie.js';

describe('Set-Cookie parsing', () => {
  it('takes the name and domain and drops the value', () => {
    expect(parseSetCookieLine('fr=abc; Domain=.facebook.com; Path=/; Secure')).toEqual({ name: 'fr', domain: 'facebook.com' });
    expect(parseSetCookieLine('YSC=x=y; path=/')).toEqual({ name: 'YSC', domain: undefined });
    expect(parseSetCookieLine('novalue')).toBeNull();
    expect(parseSetCookieLine('=v; Domain=a.com')).toBeNull();
  });
});

describe('cookie values with --include-values', () => {
  it('are truncated so a report never carries a whole session token', async () => {
    const { truncateValue, MAX_VALUE_LENGTH } = await import('../../src/gather/collectors/cookies.js');
    expect(truncateValue('short')).toBe('short');
    const long = 'x'.repeat(200);
    expect(truncateValue(long)).toBe(`${'x'.repeat(MAX_VALUE_LENGTH)}…`);
  });
});
