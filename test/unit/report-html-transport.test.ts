import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { CookieRecord, PhaseEvidence, RequestRecord } from '../../src/model/evidence.js';
import type { Report } from '../../src/model/report.js';
import { renderHtml } from '../../src/render/html/render.js';
import { readSample } from '../helpers/report-samples.js';

const XSS = '"><img src=x onerror=alert(1)>';

/** The 1.1 sample with transport evidence on its first site's start page (hostile values from the site included). */
function withTransport(): Report {
  const report = readSample('1.1');
  const site = report.sites[0]!;
  const before = site.pages[0]!.phases.before as PhaseEvidence<RequestRecord, CookieRecord>;
  before.transport = {
    documentUrl: 'https://shop.test/',
    hsts: { raw: 'max-age=0', maxAge: 0, includeSubDomains: false, preload: false },
    forms: [
      { action: `http://shop.test/login?x=${XSS}`, method: 'post', hasPassword: true, hasEmail: false, fields: 2 },
      { action: 'https://shop.test/search', method: 'get', hasPassword: false, hasEmail: false, fields: 1 },
    ],
  };
  before.legalLinks = [{ kind: 'legal-notice', text: `Impressum${XSS}`, href: 'https://shop.test/impressum' }];
  before.requests.push({ url: 'http://cdn.test/a.js', host: 'cdn.test', method: 'GET', type: 'script', isMainFrame: true, time: 1, afterConsent: false, firstParty: false, mixedContent: 'blockable', failure: 'blocked:mixed-content' });
  site.transport = { httpProbe: { url: 'http://shop.test/', status: 200, redirectsToHttps: false, reason: 'HTTP 200: the page is served over plain HTTP' } };
  return report;
}

describe('renderHtml: transport and legal links', () => {
  it('shows the probe, scheme, HSTS, forms over plain HTTP, mixed content and legal links, escaped', () => {
    const html = renderHtml(withTransport(), { failOn: 'high' });
    expect(html).not.toContain(XSS);
    const $ = cheerio.load(html);
    const section = $('details.transport').first();
    expect(section.find('summary').text()).toMatch(/Transport and legal links:.*1 form posting over plain HTTP · 1 mixed-content request · http: does not redirect to https:/);
    expect(section.find('dl').text()).toMatch(/Redirects to HTTPS\s*no/);
    const row = section.find('tbody tr').first();
    expect(row.text()).toMatch(/HTTPS/);
    expect(row.find('td').eq(2).text()).toMatch(/ineffective: max-age=0/);
    expect(row.find('td').eq(3).text()).toContain(`http://shop.test/login?x=${XSS}`);
    expect(row.find('td').eq(3).text()).toMatch(/method post, 2 fields, password/);
    expect(row.find('td').eq(3).text()).not.toContain('https://shop.test/search');
    expect(row.find('td').eq(4).text()).toMatch(/http:\/\/cdn\.test\/a\.js \(blockable, script, blocked by Chromium \(before\)\)/);
    expect(row.find('td').eq(5).text()).toContain(`Legal notice: “Impressum${XSS}” https://shop.test/impressum`);
    expect(section.find('img, a[href]')).toHaveLength(0);
  });

  it('is absent for a report recorded before transport evidence existed', () => {
    const $ = cheerio.load(renderHtml(readSample('1.1'), { failOn: 'high' }));
    expect($('details.transport')).toHaveLength(0);
  });
});
