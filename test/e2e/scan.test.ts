/**
 * The whole scanner, end to end: the real command line drives real Chromium through the offline
 * fixture web (every host name mapped to the fixture server), and the assertions read the JSON
 * report and the server's own log of what the browser requested.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import type { Phase, PhaseEvidence, RequestRecord, CookieRecord } from '../../src/model/evidence.js';
import type { Report, SiteReport } from '../../src/model/report.js';
import { validateReport } from '../../src/model/validate.js';
import { readReport, runCliCaptured, type CliRun } from '../helpers/cli.js';
import { THREE_PHASES } from '../helpers/scan-args.js';

const SITES = [
  'https://www.klaro-shop.test/',
  'https://www.cc-news.test/',
  'https://www.homemade-bakery.test/',
  'https://www.iframe-banner.test/',
  'https://www.tracking-mag.test/',
  'https://www.no-banner.test/',
];

let server: FixtureServer;
let run: CliRun;
let report: Report;

beforeAll(async () => {
  server = await startFixtureServer();
  const out = mkdtempSync(join(tmpdir(), 'scan-e2e-'));
  run = await runCliCaptured(['scan', ...SITES, '--phases', THREE_PHASES, '--max-pages', '2', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out]);
  report = await readReport(out);
}, 240_000);

afterAll(() => server?.close());

function site(url: string): SiteReport {
  const found = report.sites.find((s) => s.url === url);
  if (!found) throw new Error(`no site ${url} in the report`);
  return found;
}

function phase(url: string, name: Phase, page = 0): PhaseEvidence<RequestRecord, CookieRecord> {
  const evidence = site(url).pages[page]?.phases[name];
  if (!evidence) throw new Error(`no ${name} evidence for page ${page} of ${url}`);
  return evidence;
}

const thirdPartyHosts = (e: PhaseEvidence<RequestRecord, CookieRecord>) => new Set(e.requests.filter((r) => !r.firstParty).map((r) => r.host));
const cookieNames = (e: PhaseEvidence<RequestRecord, CookieRecord>) => e.cookies.map((c) => c.name);

describe('--locale', () => {
  it('sets Accept-Language and navigator.language, which banners and trackers follow', async () => {
    const out = mkdtempSync(join(tmpdir(), 'scan-locale-'));
    const started = server.log.length;
    const localeRun = await runCliCaptured(['scan', 'https://www.no-banner.test/', '--phases', 'before', '--max-pages', '1', '--locale', 'de-DE', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out]);
    // The site tracks without a banner: findings, exit 1.
    expect(localeRun.code).toBe(1);
    const served = server.log.slice(started);
    // The browser's requests; the tool's own (robots.txt, the plain-HTTP probe) carry no Accept-Language.
    expect(served.find((r) => r.host === 'www.no-banner.test' && !r.userAgent?.startsWith('gdpr-scan/'))?.acceptLanguage).toMatch(/^de-DE/);
    expect(served.find((r) => r.host === 'www.google-analytics.com')?.path).toMatch(/[?&]ul=de-de(&|$)/);
  }, 60_000);
});

describe('a three-phase scan of the fixture web', () => {
  it('exits 1 (violating sites among them), prints a summary and writes a report that follows its JSON Schema', () => {
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/www\.klaro-shop\.test/);
    expect(run.out).toMatch(/Report: .*report\.json/);
    expect(validateReport(report)).toEqual([]);
    expect(report.sites.map((s) => s.url)).toEqual(SITES);
    expect(report.summary.sites).toBe(SITES.length);
    expect(report.summary.sitesWithErrors).toBe(0);
  });

  it('visits the start page and a same-site page found on it, in every phase', () => {
    for (const url of SITES) {
      const s = site(url);
      expect(s.error).toBeUndefined();
      expect(s.pages).toHaveLength(2);
      expect(new URL(s.pages[1].url).hostname).toBe(new URL(url).hostname);
      for (const page of s.pages) for (const p of ['before', 'accept', 'reject'] as const) expect(page.phases[p]?.status).toBe('ok');
    }
  });

  it('sees the violating site call Google Analytics, Meta, Google Fonts and YouTube before any consent', () => {
    const before = phase('https://www.tracking-mag.test/', 'before');
    const hosts = thirdPartyHosts(before);
    for (const host of ['www.googletagmanager.com', 'www.google-analytics.com', 'connect.facebook.net', 'www.facebook.com', 'fonts.googleapis.com', 'fonts.gstatic.com', 'www.youtube.com']) {
      expect(hosts, host).toContain(host);
    }
    expect(before.requests.every((r) => !r.afterConsent)).toBe(true);
    expect(cookieNames(before)).toEqual(expect.arrayContaining(['_ga', '_gid', '_fbp']));
    // The server's own log proves the browser really asked for them, from this site.
    const collect = server.requestsTo('www.google-analytics.com').filter((r) => r.referer?.includes('tracking-mag.test'));
    expect(collect.length).toBeGreaterThan(0);
  });

  it('sees no third party at all before consent on the compliant Klaro and cookieconsent sites', () => {
    for (const url of ['https://www.klaro-shop.test/', 'https://www.cc-news.test/']) {
      for (const page of [0, 1]) {
        const before = phase(url, 'before', page);
        expect([...thirdPartyHosts(before)], url).toEqual([]);
        expect(before.cookies.filter((c) => /^_ga|^_fbp/.test(c.name)), url).toEqual([]);
      }
    }
  });

  it('on compliant sites, analytics runs after accept and stays off after reject', () => {
    for (const url of ['https://www.klaro-shop.test/', 'https://www.cc-news.test/', 'https://www.homemade-bakery.test/']) {
      const accept = phase(url, 'accept');
      const acceptedGa = accept.requests.filter((r) => r.host === 'www.google-analytics.com');
      expect(acceptedGa.length, url).toBeGreaterThan(0);
      expect(acceptedGa.every((r) => r.afterConsent), url).toBe(true);
      expect(cookieNames(phase(url, 'accept', 1)), url).toEqual(expect.arrayContaining(['_ga', '_gid']));
      for (const page of [0, 1]) {
        const reject = phase(url, 'reject', page);
        expect([...thirdPartyHosts(reject)], url).toEqual([]);
        expect(cookieNames(reject).filter((n) => n.startsWith('_ga') || n === '_gid' || n === '_fbp'), url).toEqual([]);
      }
    }
  });

  it('detects the CMPs and clicks them through autoconsent, with the self-test after reject', () => {
    const klaro = site('https://www.klaro-shop.test/').consent;
    // Named from its own fingerprints; autoconsent's rule name is only the method's detail.
    expect(klaro).toMatchObject({ cmp: { id: 'klaro', name: 'Klaro' }, bannerFound: true, rejectOnFirstLayer: true });
    expect(klaro.accept).toMatchObject({ done: true, verified: true, method: 'autoconsent', rule: 'Klaro' });
    expect(klaro.reject).toMatchObject({ done: true, verified: true, method: 'autoconsent', rule: 'Klaro', selfTest: true });
    const cc = site('https://www.cc-news.test/').consent;
    expect(cc).toMatchObject({ cmp: { id: 'cookieconsent-orestbida' }, bannerFound: true, rejectOnFirstLayer: true });
    expect(cc.accept).toMatchObject({ done: true, verified: true, method: 'autoconsent' });
    expect(cc.reject).toMatchObject({ done: true, verified: true, method: 'autoconsent', selfTest: true });
  });

  it('falls back to its own heuristics for home-made banners, also inside an iframe', () => {
    const bakery = site('https://www.homemade-bakery.test/').consent;
    expect(bakery).toMatchObject({ cmp: null, bannerFound: true, rejectOnFirstLayer: true });
    expect(bakery.accept).toMatchObject({ done: true, verified: true, method: 'heuristic', clickedText: 'Alle akzeptieren' });
    expect(bakery.reject).toMatchObject({ done: true, verified: true, method: 'heuristic', clickedText: 'Alle ablehnen' });
    expect(cookieNames(phase('https://www.homemade-bakery.test/', 'reject'))).toContain('bakery_consent');
    const framed = site('https://www.iframe-banner.test/').consent;
    expect(framed.accept).toMatchObject({ done: true, verified: true, method: 'heuristic', clickedText: 'Tout accepter' });
    expect(framed.reject).toMatchObject({ done: true, verified: true, method: 'heuristic', clickedText: 'Tout refuser' });
    expect(thirdPartyHosts(phase('https://www.iframe-banner.test/', 'accept', 1))).toContain('connect.facebook.net');
  });

  it('records no banner and no click where there is none', () => {
    const none = site('https://www.no-banner.test/').consent;
    expect(none).toMatchObject({ cmp: null, bannerFound: false, rejectOnFirstLayer: null });
    expect(none.accept).toMatchObject({ done: false, method: 'none' });
  });

  it('observes a third-party cookie set by a pixel response, and one the browser refused', () => {
    const before = phase('https://www.no-banner.test/', 'before');
    const fr = before.cookies.find((c) => c.name === 'fr');
    expect(fr).toMatchObject({ domain: '.facebook.com', firstParty: false, source: 'http', secure: true, httpOnly: true, sameSite: 'None' });
    expect(fr!.lifetimeDays).toBeGreaterThan(85);
    const pixel = before.requests.find((r) => r.host === 'www.facebook.com' && r.url.includes('/tr'));
    expect(pixel).toMatchObject({ type: 'image', status: 200, firstParty: false });
    expect(pixel!.setCookies).toContain('fr');
    expect(before.refusedCookies).toContainEqual(expect.objectContaining({ name: 'datr', domain: 'facebook.com', reasons: expect.arrayContaining(['SameSiteNoneInsecure']) }));
  });

  it('records cookie attributes and tells script-set cookies from header-set ones', () => {
    const accept = phase('https://www.tracking-mag.test/', 'accept');
    const ga = accept.cookies.find((c) => c.name === '_ga');
    expect(ga).toMatchObject({ firstParty: true, source: 'script', path: '/', category: 'analytics' });
    // Chromium caps lifetimes at 400 days whatever the script asked (two years here).
    expect(ga!.lifetimeDays).toBeGreaterThan(399);
    expect(ga!.lifetimeDays).toBeLessThanOrEqual(400.5);
    expect(accept.cookies.find((c) => c.name === '_gid')!.lifetimeDays).toBeCloseTo(1, 0);
    // The compliant site asked for 390 days (13 months) and got it.
    expect(phase('https://www.klaro-shop.test/', 'accept', 1).cookies.find((c) => c.name === '_ga')!.lifetimeDays).toBeCloseTo(390, 0);
    // Cookie values are personal data: never in the report.
    const everyCookie = report.sites.flatMap((s) => s.pages.flatMap((p) => Object.values(p.phases).flatMap((e) => e?.cookies ?? [])));
    expect(everyCookie.length).toBeGreaterThan(0);
    for (const c of everyCookie) expect(Object.keys(c)).not.toContain('value');
  });

  it('records frames, initiators, statuses and third-party storage of embeds', () => {
    const before = phase('https://www.tracking-mag.test/', 'before');
    const embed = before.requests.find((r) => r.host === 'www.youtube.com' && r.type === 'document');
    expect(embed).toMatchObject({ isMainFrame: false, status: 200, firstParty: false });
    const player = before.requests.find((r) => r.url.includes('/s/player/base.js'));
    expect(player?.frameUrl).toMatch(/^https:\/\/www\.youtube\.com\/embed\//);
    const gtag = before.requests.find((r) => r.url.includes('/gtag/js'));
    expect(gtag).toMatchObject({ isMainFrame: true, type: 'script', status: 200, initiator: expect.objectContaining({ type: 'parser' }) });
    const collect = before.requests.find((r) => r.host === 'www.google-analytics.com');
    expect(collect?.initiator?.type).toBe('script');
    expect(collect?.initiator?.url).toMatch(/googletagmanager\.com\/gtag\/js/);
    expect(before.storage).toContainEqual({ kind: 'localStorage', origin: 'https://www.youtube.com', key: 'yt-remote-device-id' });
    expect(before.storage).toContainEqual({ kind: 'sessionStorage', origin: 'https://www.youtube.com', key: 'yt-remote-session-app' });
  });

  it('browses like a desktop Chrome: no "Headless" user agent, the chosen language', () => {
    // The browser's requests; robots.txt, sitemaps and the plain-HTTP probe are the tool's own, with its own user agent.
    const seen = server.requestsTo('www.klaro-shop.test').filter((r) => !/^\/(robots\.txt|sitemap)/.test(r.path) && !(r.path === '/' && !r.secure));
    const ownFetches = server.requestsTo('www.klaro-shop.test').filter((r) => r.path === '/robots.txt');
    expect(ownFetches.length).toBeGreaterThan(0);
    for (const request of ownFetches) expect(request.userAgent).toMatch(/^gdpr-scan\//);
    expect(seen.length).toBeGreaterThan(0);
    for (const request of seen) {
      expect(request.userAgent).toMatch(/^Mozilla\/5\.0 .* Chrome\/\d+\.0\.0\.0 Safari\/537\.36$/);
      expect(request.userAgent).not.toMatch(/Headless/i);
      expect(request.acceptLanguage).toMatch(/^en-US/);
    }
  });

  it('keeps Chromium from calling home: only the sites and their trackers are requested', () => {
    const chromeServices = server.log.filter((r) => /(^|\.)(googleapis\.com|gvt1\.com|google\.com)$/.test(r.host) && !r.host.startsWith('fonts.'));
    expect(chromeServices.map((r) => `${r.host}${r.path}`)).toEqual([]);
  });
});
