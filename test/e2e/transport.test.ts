/**
 * Transport and legal links end to end: the CLI scans the plain-HTTP workshop and its HTTPS twin in
 * real Chromium through the fixture web (which speaks HTTP and HTTPS on one port), and the report
 * must show what the browser and the plain-HTTP probe saw, and insecure-transport's verdicts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import type { Report, SiteReport } from '../../src/model/report.js';
import { validateReport } from '../../src/model/validate.js';
import { readReport, runCliCaptured, type CliRun } from '../helpers/cli.js';

const PLAIN = 'http://www.alte-werkstatt.test/';
const SECURE = 'https://www.neue-werkstatt.test/';

let server: FixtureServer;
let run: CliRun;
let report: Report;
let html: string;

beforeAll(async () => {
  server = await startFixtureServer();
  const out = mkdtempSync(join(tmpdir(), 'transport-e2e-'));
  run = await runCliCaptured(['scan', PLAIN, SECURE, '--phases', 'before,accept', '--max-pages', '6', '--format', 'json,html', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out]);
  report = await readReport(out);
  html = readFileSync(join(out, 'report.html'), 'utf8');
}, 180_000);

afterAll(() => server?.close());

const site = (url: string): SiteReport => report.sites.find((s) => s.url === url)!;
const pageOf = (s: SiteReport, path: string) => s.pages.find((p) => new URL(p.url).pathname === path)!;

describe('transport evidence', () => {
  it('is a valid report; the plain-HTTP site fails at the default threshold', () => {
    expect(validateReport(report)).toEqual([]);
    expect(run.code).toBe(1);
  });

  it('asks each site\'s http: origin once from Node, without following the redirect', () => {
    expect(site(PLAIN).transport?.httpProbe).toMatchObject({ url: PLAIN, status: 200, redirectsToHttps: false });
    expect(site(SECURE).transport?.httpProbe).toMatchObject({ url: 'http://www.neue-werkstatt.test/', status: 301, location: SECURE, redirectsToHttps: true });
    const probes = server.log.filter((r) => !r.secure && r.path === '/' && r.userAgent?.startsWith('gdpr-scan/'));
    expect(probes.map((r) => r.host).sort()).toEqual(['www.alte-werkstatt.test', 'www.neue-werkstatt.test']);
  });

  it('records scheme, HSTS and forms per page and phase, and the legal links in the first phase only', () => {
    const home = pageOf(site(SECURE), '/');
    for (const phase of ['before', 'accept'] as const) {
      expect(home.phases[phase]?.transport).toMatchObject({
        documentUrl: SECURE,
        hsts: { maxAge: 31_536_000, includeSubDomains: true, preload: false },
        forms: [{ action: 'https://www.neue-werkstatt.test/newsletter', method: 'post', hasEmail: true, hasPassword: false }],
      });
    }
    expect(home.phases.before?.legalLinks).toEqual([
      { kind: 'legal-notice', text: 'Impressum', href: 'https://www.neue-werkstatt.test/impressum.html' },
      { kind: 'privacy', text: 'Datenschutzerklärung', href: 'https://www.neue-werkstatt.test/datenschutz.html' },
    ]);
    expect(home.phases.accept?.legalLinks).toBeUndefined();
    const login = pageOf(site(PLAIN), '/anmelden.html').phases.before!;
    expect(login.transport?.documentUrl).toBe('http://www.alte-werkstatt.test/anmelden.html');
    expect(login.transport?.hsts).toBeUndefined();
    expect(login.transport?.forms).toEqual([{ action: 'http://www.alte-werkstatt.test/login', method: 'post', hasPassword: true, hasEmail: false, fields: 2 }]);
  });

  it('records Chromium\'s mixed-content class and its blocking on the HTTPS checkout page', () => {
    const checkout = pageOf(site(PLAIN), '/kasse.html').phases.before!;
    expect(checkout.transport?.documentUrl).toBe('https://www.alte-werkstatt.test/kasse.html');
    const script = checkout.requests.find((r) => r.url === 'http://www.alte-werkstatt.test/js/rabatt.js');
    expect(script).toMatchObject({ mixedContent: 'blockable', failure: 'blocked:mixed-content' });
    // The image is optionally-blockable: Chromium upgrades it to https:, so no plain-HTTP request is made.
    expect(checkout.requests.some((r) => r.url === 'http://www.alte-werkstatt.test/img/siegel.gif')).toBe(false);
    expect(server.log.some((r) => r.path === '/img/siegel.gif' && !r.secure)).toBe(false);
  });
});

describe('insecure-transport', () => {
  it('fails the plain-HTTP site with the page, the form and the measured facts', () => {
    const findings = site(PLAIN).findings.filter((f) => f.ruleId === 'insecure-transport');
    const fails = findings.filter((f) => f.outcome === 'fail');
    expect(fails.map((f) => new URL(f.pageUrl!).pathname)).toEqual(expect.arrayContaining(['/', '/kontakt.html', '/anmelden.html', '/kasse.html']));
    const login = fails.find((f) => f.pageUrl === 'http://www.alte-werkstatt.test/anmelden.html')!;
    expect(login.message).toMatch(/served over plain HTTP/);
    expect(login.message).toMatch(/a password field sends what is typed into it to http:\/\/www\.alte-werkstatt\.test\/login/);
    expect(login.evidence.map((e) => e.value)).toContain('http://www.alte-werkstatt.test/login');
    expect(fails.find((f) => f.messageId === 'noHttpsRedirect' || /does not redirect to HTTPS/.test(f.message))?.severity).toBe('medium');
    const checkout = findings.filter((f) => f.pageUrl === 'https://www.alte-werkstatt.test/kasse.html');
    expect(checkout.find((f) => f.outcome === 'fail')?.message).toMatch(/an e-mail field sends .* to http:\/\/www\.alte-werkstatt\.test\/bestellen/);
    const review = checkout.find((f) => f.outcome === 'needs-review')!;
    expect(review.message).toMatch(/Chromium blocked as mixed content/);
    expect(review.message).toMatch(/no Strict-Transport-Security header/);
    expect(review.evidence.map((e) => e.value)).toContain('http://www.alte-werkstatt.test/js/rabatt.js');
  });

  it('passes the compliant twin, and the HTML report shows both sites\' transport and legal links', () => {
    expect(site(SECURE).findings).toEqual([]);
    expect(site(SECURE).ruleResults?.find((r) => r.ruleId === 'insecure-transport')?.outcome).toBe('pass');
    expect(html).toMatch(/Transport and legal links:<\/strong> 5 pages over HTTPS · http: redirects to https:/);
    expect(html).toMatch(/Transport and legal links:<\/strong> 5 of 6 pages over plain HTTP · 4 forms posting over plain HTTP · 2 mixed-content requests · http: does not redirect to https:/);
    expect(html).toContain('Legal notice: “Impressum”');
  });
});
