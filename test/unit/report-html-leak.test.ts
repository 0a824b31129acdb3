/**
 * The HTML report's view of data leaving the page: markers typed, the leaking request with the
 * match marked (and everything the site controls escaped), identifiers shared between parties.
 */
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { CookieRecord, PhaseEvidence, RequestRecord } from '../../src/model/evidence.js';
import type { Report } from '../../src/model/report.js';
import { markedExcerpt } from '../../src/render/html/leak-view.js';
import { renderHtml } from '../../src/render/html/render.js';
import { readSample } from '../helpers/report-samples.js';

const XSS = '"><img src=x onerror=alert(1)>';
const HASH = 'b'.repeat(64);

function withLeak(): Report {
  const report = structuredClone(readSample('1.1'));
  const page = report.sites[0]!.pages[0]!;
  const before = page.phases.before as PhaseEvidence<RequestRecord, CookieRecord>;
  before.formTyping = { fields: [{ field: 'email', value: 'GdprScan.k7m2x9qa@example.org', element: `input[name=${XSS}]`, recognisedBy: 'type' }], durationMs: 120 };
  before.requests.push({
    url: `https://px.ads.test/tr?ev=AutoMatch&x=${encodeURIComponent(XSS)}&ud[em]=${HASH}`,
    host: 'px.ads.test', method: 'GET', type: 'image', isMainFrame: true, time: 9, afterConsent: false, firstParty: false,
    markers: [{ field: 'email', encoding: 'sha256-hex', normalised: true, where: 'url', matched: HASH }],
  });
  before.sharedIdentifiers = [{
    source: 'cookie', name: `xuid${XSS}`, setBy: '.exchange-one.test', sentToHost: 'match.bidder-two.test', sentToUrl: 'https://match.bidder-two.test/match',
    where: 'url', parameter: 'partner_uid', length: 16, setByFirstParty: false, sentToFirstParty: false,
  }];
  return report;
}

describe('HTML: data leaving the page', () => {
  const html = renderHtml(withLeak(), { failOn: 'high' });
  const $ = cheerio.load(html);

  it('shows the markers typed and the leaking request with the digest marked', () => {
    expect($('caption:contains("Markers typed")').closest('table').find('td.value').text()).toBe('GdprScan.k7m2x9qa@example.org');
    const leak = $('table.leaks tbody tr');
    expect(leak).toHaveLength(1);
    expect(leak.find('mark').text()).toBe(HASH);
    expect(leak.text()).toMatch(/sha256-hex, of the lower-cased, trimmed value/);
  });

  it('lists the shared identifier with both parties and no value', () => {
    const row = $('caption:contains("Identifiers shared between parties")').closest('table').find('tbody tr');
    expect(row.text()).toMatch(/match\.bidder-two\.test/);
    expect(row.text()).toMatch(/url \(partner_uid\)/);
  });

  it('escapes what the site controls', () => {
    expect(html).not.toContain('<img src=x onerror');
    expect($('img[src=x]')).toHaveLength(0);
  });

  it('marks a match found only after decoding the URL', () => {
    expect(markedExcerpt('https://t.test/p?em=GdprScan.k%40example.org&z=1', 'gdprscan.k@example.org')).toEqual({ before: 'https://t.test/p?em=', match: 'GdprScan.k@example.org', after: '&z=1' });
    expect(markedExcerpt('https://t.test/', 'nothing')).toBeUndefined();
  });

  it('a report without the new fields renders no such section', () => {
    expect(cheerio.load(renderHtml(readSample('1.1'), { failOn: 'high' }))('h4:contains("Data leaving the page")')).toHaveLength(0);
  });
});
