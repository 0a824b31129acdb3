import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMarkerSet, fullName, MarkerMatcher, TRUNCATED_HEX_DIGITS, type MarkerSet } from '../../src/gather/leak/markers.js';
import type { MarkerMatch } from '../../src/model/leak.js';

const markers: MarkerSet = { email: 'GdprScan.k7m2x9qa@example.org', givenName: 'Zavoki', familyName: 'Memurabe', phone: '+44 7700 900123' };
const matcher = new MarkerMatcher(markers);
const email = markers.email;
const normalisedEmail = email.toLowerCase();
const hash = (algorithm: string, value: string, encoding: 'hex' | 'base64' = 'hex') => createHash(algorithm).update(value).digest(encoding);
const b64 = (value: string) => Buffer.from(value).toString('base64');
const pick = (found: MarkerMatch[]) => found.map(({ field, encoding, normalised, where }) => ({ field, encoding, normalised, where }));

describe('markers', () => {
  it('are fresh per set, on reserved ranges and recognisable', () => {
    const a = createMarkerSet();
    const b = createMarkerSet();
    expect(a.email).not.toBe(b.email);
    expect(a.email).toMatch(/^GdprScan\.[a-z2-9]{8}@example\.org$/);
    expect(a.phone).toMatch(/^\+44 7700 900\d{3}$/);
    expect(fullName(a)).toMatch(/^[A-Z][a-z]{5} [A-Z][a-z]{7}$/);
  });
});

describe('marker matcher', () => {
  const cases: Array<[string, string, Partial<MarkerMatch>]> = [
    ['plain e-mail in the query', `https://t.test/p?em=${email}`, { field: 'email', encoding: 'plain', normalised: false }],
    ['lower-cased e-mail', `https://t.test/p?em=${normalisedEmail}`, { field: 'email', encoding: 'plain' }],
    ['URL-encoded e-mail', `https://t.test/p?em=${encodeURIComponent(email)}`, { field: 'email', encoding: 'url-encoded' }],
    ['double URL-encoded e-mail', `https://t.test/p?u=${encodeURIComponent(`https://x.test/?em=${encodeURIComponent(email)}`)}`, { field: 'email', encoding: 'double-url-encoded' }],
    ['name with + for the space', `https://t.test/p?n=Zavoki+Memurabe`, { field: 'name', encoding: 'url-encoded' }],
    ['base64 e-mail (padding dropped)', `https://t.test/p?d=${b64(email).replace(/=+$/, '')}`, { field: 'email', encoding: 'base64', normalised: false }],
    ['base64url of the lower-cased e-mail', `https://t.test/p?d=${b64(normalisedEmail).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`, { field: 'email', normalised: true }],
    ['MD5 of the typed e-mail', `https://t.test/p?h=${hash('md5', email)}`, { field: 'email', encoding: 'md5-hex', normalised: false }],
    ['SHA-1 of the normalised e-mail', `https://t.test/p?h=${hash('sha1', normalisedEmail)}`, { field: 'email', encoding: 'sha1-hex', normalised: true }],
    ['SHA-256 of the normalised e-mail, upper-case hex', `https://t.test/p?h=${hash('sha256', normalisedEmail).toUpperCase()}`, { field: 'email', encoding: 'sha256-hex', normalised: true }],
    ['SHA-256 digest in base64, URL-encoded', `https://t.test/p?h=${encodeURIComponent(hash('sha256', normalisedEmail, 'base64'))}`, { field: 'email', encoding: 'sha256-base64', urlEncodedLayers: 1 }],
    ['SHA-256 of the phone digits (Meta advanced matching)', `https://t.test/p?ph=${hash('sha256', '447700900123')}`, { field: 'phone', encoding: 'sha256-hex', normalised: true }],
    ['SHA-256 of the E.164 phone with + (Google enhanced conversions)', `https://t.test/p?ph=${hash('sha256', '+447700900123')}`, { field: 'phone', encoding: 'sha256-hex', normalised: true }],
    ['phone digits plain', `https://t.test/p?ph=447700900123`, { field: 'phone', encoding: 'plain', normalised: true }],
    ['SHA-256 of the lower-cased family name', `https://t.test/p?ln=${hash('sha256', 'memurabe')}`, { field: 'name', encoding: 'sha256-hex', normalised: true }],
    ['e-mail inside a base64 JSON payload', `https://t.test/p?d=${b64(JSON.stringify({ ud: { em: email }, ev: 'Lead' }))}`, { field: 'email', encoding: 'base64', insideBase64: true }],
    ['a truncated SHA-256', `https://t.test/p?h=${hash('sha256', normalisedEmail).slice(0, TRUNCATED_HEX_DIGITS + 4)}`, { field: 'email', encoding: 'sha256-hex', truncated: true }],
  ];
  it.each(cases)('finds the %s', (_label, url, expected) => {
    const found = matcher.match({ url });
    expect(found).toEqual(expect.arrayContaining([expect.objectContaining({ where: 'url', ...expected })]));
  });

  it('prefers the full digest to its prefix', () => {
    const found = matcher.match({ url: `https://t.test/p?h=${hash('sha256', normalisedEmail)}` });
    expect(found.filter((m) => m.encoding === 'sha256-hex')).toEqual([expect.not.objectContaining({ truncated: true })]);
  });

  it('looks in the body and in headers, and names the header', () => {
    const body = JSON.stringify({ data: [{ user_data: { em: [hash('sha256', normalisedEmail)] } }] });
    expect(pick(matcher.match({ url: 'https://t.test/e', body }))).toEqual([{ field: 'email', encoding: 'sha256-hex', normalised: true, where: 'body' }]);
    const found = matcher.match({ url: 'https://t.test/e', headers: { Referer: `https://site.test/?email=${encodeURIComponent(email)}` } });
    expect(found).toEqual([expect.objectContaining({ field: 'email', where: 'header', header: 'referer', encoding: 'url-encoded' })]);
  });

  it('finds nothing in ordinary traffic: other e-mails, other hashes, random tokens', () => {
    const other = 'gdprscan.k7m2x9qb@example.org';
    const urls = [
      `https://t.test/p?em=${other}&h=${hash('sha256', other)}&m=${hash('md5', other)}&b=${b64(other)}`,
      `https://t.test/collect?cid=1234567890.1699999999&sid=${'ab12'.repeat(16)}&ph=447700900124`,
      'https://t.test/p?q=zavok+memura&d=WmF2b2s',
    ];
    for (const url of urls) expect(matcher.match({ url, body: url })).toEqual([]);
  });

  it('skips headers that cannot carry page data', () => {
    expect(matcher.match({ url: 'https://t.test/', headers: { 'User-Agent': email, Host: email } })).toEqual([]);
  });
});
