import { describe, expect, it } from 'vitest';
import { parseSetCookieLine } from '../../src/collect/set-cookie.js';

describe('Set-Cookie parsing', () => {
  it('takes the name and domain and drops the value', () => {
    expect(parseSetCookieLine('fr=abc; Domain=.facebook.com; Path=/; Secure')).toEqual({ name: 'fr', domain: 'facebook.com' });
    expect(parseSetCookieLine('YSC=x=y; path=/')).toEqual({ name: 'YSC', domain: undefined });
    expect(parseSetCookieLine('novalue')).toBeNull();
    expect(parseSetCookieLine('=v; Domain=a.com')).toBeNull();
  });
});
