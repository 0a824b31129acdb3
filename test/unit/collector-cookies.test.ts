import { describe, expect, it } from 'vitest';
import { CookieCollector, MAX_VALUE_LENGTH } from '../../src/gather/collectors/cookies.js';
import type { HttpSetCookie, HttpSetCookieSource } from '../../src/gather/collectors/set-cookie.js';
import { FakeCdp, fakePage, jarCookie } from '../helpers/fake-cdp.js';

function setBy(...keys: string[]): HttpSetCookieSource {
  const map = new Map<string, HttpSetCookie>(keys.map((key) => [key, { name: key.split('@')[0], domain: key.split('@')[1] }]));
  return { httpSetCookies: () => map };
}

function collector(cdp: FakeCdp, source: HttpSetCookieSource = setBy(), includeValues = false): CookieCollector {
  return new CookieCollector({ page: fakePage(cdp), now: () => 0 }, source, includeValues);
}

describe('cookie collector', () => {
  it('reads the whole jar and tells header cookies from script cookies by the Set-Cookie record', async () => {
    const cdp = new FakeCdp({
      'Network.getAllCookies': {
        cookies: [
          jarCookie('sid', 'www.site.test', { httpOnly: true, secure: true, sameSite: 'Strict', size: 20 }),
          jarCookie('_ga', '.Site.Test', { session: false, expires: 1_900_000_000.6, size: 30 }),
        ],
      },
    });
    const { cookies } = await collector(cdp, setBy('sid@www.site.test')).collect();
    expect(cookies).toEqual([
      { name: 'sid', domain: 'www.site.test', path: '/', expires: null, httpOnly: true, secure: true, sameSite: 'Strict', source: 'http', size: 20 },
      { name: '_ga', domain: '.Site.Test', path: '/', expires: 1_900_000_001, httpOnly: false, secure: false, sameSite: 'Lax', source: 'script', size: 30 },
    ]);
  });

  it('a leading dot and case do not hide a header cookie', async () => {
    const cdp = new FakeCdp({ 'Network.getAllCookies': { cookies: [jarCookie('fr', '.Facebook.com')] } });
    expect((await collector(cdp, setBy('fr@facebook.com')).collect()).cookies[0].source).toBe('http');
  });

  it('marks partitioned cookies and treats a non-positive expiry as a session cookie', async () => {
    const cdp = new FakeCdp({
      'Network.getAllCookies': {
        cookies: [jarCookie('chips', 'embed.test', { session: false, expires: 0, partitionKey: { topLevelSite: 'https://site.test', hasCrossSiteAncestor: true } })],
      },
    });
    const [cookie] = (await collector(cdp).collect()).cookies;
    expect(cookie.partitioned).toBe(true);
    expect(cookie.expires).toBeNull();
  });

  it('keeps no value unless asked, and then a truncated one', async () => {
    const long = 'x'.repeat(100);
    const cdp = new FakeCdp({ 'Network.getAllCookies': { cookies: [jarCookie('id', 'site.test', { value: long })] } });
    expect((await collector(cdp).collect()).cookies[0]).not.toHaveProperty('value');
    expect((await collector(cdp, setBy(), true).collect()).cookies[0].value).toBe(`${'x'.repeat(MAX_VALUE_LENGTH)}…`);
  });

  it('falls back to Storage.getCookies where Network.getAllCookies is gone', async () => {
    const cdp = new FakeCdp({ 'Storage.getCookies': { cookies: [jarCookie('a', 'site.test')] } });
    expect((await collector(cdp).collect()).cookies.map((c) => c.name)).toEqual(['a']);
    expect(cdp.methods()).toEqual(['Network.getAllCookies', 'Storage.getCookies']);
  });

  it('says what it is in errors, and what a silent cookie jar means', () => {
    const cookies = collector(new FakeCdp());
    expect(cookies.name).toBe('cookies');
    expect(cookies.unanswered).toBe('cookie jar did not answer');
  });
});
