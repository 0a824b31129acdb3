import { describe, expect, it } from 'vitest';
import { findSharedIdentifiers, looksLikeIdentifier, type KeptValue } from '../../src/gather/leak/shared-ids.js';

const id = 'u7Hq2ZxP9kLm';
const cookie = (value: string, extra: Partial<KeptValue> = {}): KeptValue => ({ source: 'cookie', name: 'uid', setBy: '.ads-one.test', value, ...extra });

describe('identifier heuristics', () => {
  it.each(['u7Hq2ZxP9kLm', 'GA1.1.1234567.1699999999', '3f2b9a0c-77de-4c1e-9d3f-2a6b5c4d3e21'])('counts %s as an identifier', (v) => expect(looksLikeIdentifier(v)).toBe(true));
  it.each(['true', '1699999999', '1699999999123', 'necessary', 'dark-mode', 'www.shop.test', 'short', '{"a":1,"b":true}', 'aaaaaaaaaa', '2026-12-07T10:00:00Z'])(
    'does not count %s',
    (v) => expect(looksLikeIdentifier(v)).toBe(false),
  );
});

describe('shared identifiers', () => {
  it('finds a cookie value in a request to another registrable domain, names the parameter, never keeps the value', () => {
    const found = findSharedIdentifiers([cookie(id)], [
      { url: `https://ads-one.test/sync?uid=${id}`, host: 'ads-one.test' },
      { url: `https://match.bidder-two.test/match?partner_uid=${id}&p=1`, host: 'match.bidder-two.test' },
    ]);
    expect(found).toEqual([
      { source: 'cookie', name: 'uid', setBy: '.ads-one.test', sentToHost: 'match.bidder-two.test', sentToUrl: 'https://match.bidder-two.test/match', where: 'url', parameter: 'partner_uid', length: id.length },
    ]);
    expect(JSON.stringify(found)).not.toContain(id);
  });

  it('finds URL-encoded values and values in bodies and paths (redacted)', () => {
    const value = 'Ab12/Cd34+Ef56=';
    const found = findSharedIdentifiers([cookie(value, { source: 'localStorage', name: 'vid', setBy: 'https://www.site.test' })], [
      { url: `https://x.other.test/c?v=${encodeURIComponent(value)}`, host: 'x.other.test' },
      { url: 'https://y.other.test/e', host: 'y.other.test', body: `vid=${encodeURIComponent(value)}` },
    ]);
    expect(found.map((f) => [f.sentToHost, f.where, f.parameter, f.urlEncoded])).toEqual([
      ['x.other.test', 'url', 'v', true],
      ['y.other.test', 'body', 'vid', true],
    ]);
    const inPath = findSharedIdentifiers([cookie(id)], [{ url: `https://z.other.test/u/${id}/p.gif`, host: 'z.other.test' }]);
    expect(inPath[0]!.sentToUrl).toBe('https://z.other.test/u/{id}/p.gif');
  });

  it('ignores the same party, consent records and values that are no identifiers', () => {
    const tcf = 'CPzHq2ZxP9kLmAAAENAAAAAAAAAAAAAAAAAAAAA';
    expect(
      findSharedIdentifiers(
        [cookie(id), cookie(tcf, { name: 'euconsent-v2' }), cookie('1699999999')],
        [
          { url: `https://cdn.ads-one.test/p?uid=${id}&ts=1699999999`, host: 'cdn.ads-one.test' },
          { url: `https://v.other.test/p?gdpr_consent=${tcf}`, host: 'v.other.test' },
        ],
      ),
    ).toEqual([]);
  });
});
