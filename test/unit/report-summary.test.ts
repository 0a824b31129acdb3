import { describe, expect, it } from 'vitest';
import type { CookieRecord, PhaseEvidence, RequestRecord } from '../../src/model/evidence.js';
import type { Report, SiteReport } from '../../src/model/report.js';
import { assembleReport } from '../../src/finish/assemble.js';
import { renderSummary, sanitizeForTerminal } from '../../src/render/summary.js';
import { autoconsentAction, cmpIdentity, CONFIRMING_SIGNALS, heuristicAction, noAction, unverified } from '../helpers/consent-records.js';

const ESC = '\u001b';

describe('sanitizeForTerminal', () => {
  it.each([
    ['colour codes', `${ESC}[31mred${ESC}[0m`, 'red'],
    ['cursor movement and screen clearing', `a${ESC}[2J${ESC}[1;1Hb${ESC}[?25l`, 'ab'],
    ['an OSC 8 hyperlink', `${ESC}]8;;https://evil.test/${ESC}\\click${ESC}]8;;${ESC}\\`, 'click'],
    ['an OSC window title ended by BEL', `${ESC}]0;pwned\u0007title`, 'title'],
    ['an unterminated OSC', `ok${ESC}]0;rest of the text`, 'ok'],
    ['8-bit CSI', 'x\u009b31my', 'xy'],
    ['other escapes', `a${ESC}cb${ESC}7c`, 'abc'],
    ['a lone ESC at the end', `end${ESC}`, 'end'],
    ['line breaks and runs of spaces (forged lines)', 'shop.test\n  status                  scanned\r\n', 'shop.test status scanned '],
    ['tabs', 'a\tb', 'a b'],
    ['other C0 / C1 controls and DEL', 'a\u0000b\u0007c\u0008d\u007fe\u0085f\u0090g', 'abcde f'], // \u0085 is a line break; \u0090 (DCS) swallows the rest
    ['bidi overrides', 'evil\u202Etxt.exe\u2066\u2069', 'eviltxt.exe'],
    ['nothing in ordinary text', 'https://www.klaro-shop.test/über?q=ä&x=1#top', 'https://www.klaro-shop.test/über?q=ä&x=1#top'],
  ])('removes %s', (_name, input, expected) => {
    expect(sanitizeForTerminal(input)).toBe(expected);
  });

  it('shortens long values by characters, not UTF-16 units', () => {
    expect(sanitizeForTerminal('x'.repeat(500))).toHaveLength(200);
    expect(sanitizeForTerminal('abcdef', 4)).toBe('abc…');
    expect(sanitizeForTerminal('😀😀😀😀😀', 3)).toBe('😀😀…');
  });

  it('never leaves a control character behind', () => {
    const all = Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join('');
    // eslint-disable-next-line no-control-regex
    expect(sanitizeForTerminal(all + all, 1_000)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

const req = (host: string, firstParty: boolean): RequestRecord => ({
  url: `https://${host}/x`, host, method: 'GET', type: 'script', isMainFrame: true, time: 1, afterConsent: false, firstParty,
});
const cookie = (name: string, domain: string, firstParty: boolean): CookieRecord => ({
  name, domain, path: '/', expires: null, httpOnly: false, secure: true, sameSite: 'Lax', source: 'http', size: 10, firstParty, lifetimeDays: null, category: 'unknown',
});
const phase = (requests: RequestRecord[], cookies: CookieRecord[]): PhaseEvidence<RequestRecord, CookieRecord> => ({
  status: 'ok', requests, cookies, refusedCookies: [], storage: [], durationMs: 100,
});

function report(sites: SiteReport[]): Report {
  return assembleReport({
    tool: { name: 'gdpr-scan', version: '0.1.0' },
    startedAt: new Date(0),
    finishedAt: new Date(1_000),
    browserVersion: '140.0.1',
    plan: { urls: sites.map((s) => s.url), phases: ['before', 'accept', 'reject'], maxPages: 1, locale: 'de-DE', userAgent: 'ua', timeoutMs: 1, quietMs: 1, maxWaitMs: 1, failOn: 'high', hostMap: [], ignoreHttpsErrors: false },
    sites,
    errors: [],
  });
}

const shop: SiteReport = {
  url: 'https://klaro-shop.test/',
  finalUrl: 'https://www.klaro-shop.test/',
  consent: {
    cmp: cmpIdentity('Klaro', { vendor: 'KIProtect GmbH', detectedBy: ['global', 'autoconsent'] }),
    bannerFound: true,
    rejectOnFirstLayer: false,
    acceptOnFirstLayer: true,
    accept: autoconsentAction('Klaro rule', { selfTest: true, signals: [...CONFIRMING_SIGNALS, { kind: 'consent-record', confirms: true, detail: 'storage key klaro' }] }),
    reject: noAction('no reject control found'),
  },
  pages: [
    {
      url: 'https://www.klaro-shop.test/',
      phases: {
        before: phase(
          [req('www.klaro-shop.test', true), req('www.google-analytics.com', false), req('www.google-analytics.com', false), req('fonts.googleapis.com', false)],
          [cookie('sid', 'www.klaro-shop.test', true), cookie('_ga', '.klaro-shop.test', true)],
        ),
        accept: phase(
          [req('www.klaro-shop.test', true), req('connect.facebook.net', false), req('www.facebook.com', false), req('a.test', false), req('b.test', false)],
          [cookie('fr', '.facebook.com', false)],
        ),
        reject: phase([req('www.klaro-shop.test', true)], []),
      },
    },
  ],
  errors: [{ stage: 'consent', message: 'reject click failed', phase: 'reject' }],
  durationMs: 1_000,
  findings: [
    { ruleId: 'tracking-before-consent', severity: 'high', outcome: 'fail', message: 'GA before consent', evidence: [], references: [] },
    { ruleId: 'reject-not-on-first-layer', severity: 'medium', outcome: 'needs-review', message: 'reject hidden', evidence: [], references: [] },
  ],
};

const down: SiteReport = {
  url: 'https://down.test/',
  error: 'net::ERR_NAME_NOT_RESOLVED',
  consent: { cmp: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null },
  pages: [],
  errors: [{ stage: 'navigation', message: 'net::ERR_NAME_NOT_RESOLVED' }],
  durationMs: 10,
  findings: [],
};

const noCmp: SiteReport = {
  url: 'https://plain.test/',
  consent: { cmp: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null, accept: noAction('no banner') },
  pages: [{ url: 'https://plain.test/', phases: { before: phase([req('plain.test', true)], []) } }],
  errors: [],
  durationMs: 10,
  findings: [],
};

describe('renderSummary', () => {
  const text = renderSummary(report([shop, down, noCmp]), { color: false });
  const lineWith = (...parts: string[]): string | undefined => text.split('\n').find((l) => parts.every((p) => l.includes(p)));

  it('shows the emulated device with the browser, when the report records one', () => {
    expect(text.split('\n')[0]).not.toContain('device');
    const mobile = report([shop]);
    mobile.plan.device = { name: 'Pixel 7', viewport: { width: 412, height: 839 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true };
    expect(renderSummary(mobile, { color: false }).split('\n')[0]).toBe('gdpr-scan 0.1.0 · 1 site · 1 page · Chromium 140.0.1 · device: Pixel 7 (412×839 at 2.625x, mobile, touch)');
    mobile.plan.device = { name: 'desktop', viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };
    expect(renderSummary(mobile, { color: false }).split('\n')[0]).toMatch(/ · device: desktop \(1366×768\)$/);
  });

  it('states the key facts per site', () => {
    expect(text).toContain('https://klaro-shop.test/');
    expect(lineWith('final URL', 'https://www.klaro-shop.test/')).toBeDefined();
    expect(lineWith('CMP', 'Klaro by KIProtect GmbH, identified by global, autoconsent')).toBeDefined();
    expect(lineWith('banner found', 'yes')).toBeDefined();
    expect(lineWith('reject on first layer', 'no')).toBeDefined();
    // The rule is how autoconsent acted; verified, with the kinds of signal that proved it, each once.
    expect(lineWith('accept all', 'done, verified (banner-gone, consent-record) · autoconsent rule “Klaro rule”, self-test passed')).toBeDefined();
    expect(lineWith('reject all', 'not done (none, no reject control found)')).toBeDefined();
    // Hosts by number of requests, most first.
    expect(lineWith('before consent', '4 requests, 3 third-party to 2 hosts (www.google-analytics.com, fonts.googleapis.com)', 'cookies: 2 first-party, 0 third-party')).toBeDefined();
    expect(lineWith('after accept', '5 requests, 4 third-party to 4 hosts (', ', +1)', 'cookies: 0 first-party, 1 third-party')).toBeDefined();
    expect(lineWith('after reject', '1 request, 0 third-party', 'cookies: 0 first-party, 0 third-party')).toBeDefined();
    expect(lineWith('errors', '1 (consent 1)')).toBeDefined();
    expect(lineWith('findings', 'critical 0, high 1, medium 0, low 0', '1 needs review')).toBeDefined();
    expect(lineWith('status', 'error: net::ERR_NAME_NOT_RESOLVED')).toBeDefined();
    expect(lineWith('CMP', 'no CMP identified')).toBeDefined();
  });

  it('ends with totals and the exit code', () => {
    expect(lineWith('sites', '3 (1 could not be scanned)')).toBeDefined();
    expect(lineWith('findings (fail)', 'high 1')).toBeDefined();
    expect(lineWith('exit code', '1 (fail on: high)')).toBeDefined();
    expect(text.endsWith('\n')).toBe(true);
  });

  it("says the command's own exit code when it differs from the report's (the demo), and why", () => {
    const demo = renderSummary(report([shop, down, noCmp]), { color: false, commandExit: { code: 0, why: 'the demo: findings are expected' } });
    const line = demo.split('\n').find((l) => l.trimStart().startsWith('exit code'));
    expect(line).toMatch(/exit code\s+0 \(the demo: findings are expected; the findings alone would give 1, fail on: high\)$/);
    // The same code as the report's: nothing to explain.
    const same = renderSummary(report([shop, down, noCmp]), { color: false, commandExit: { code: 1, why: 'unused' } });
    expect(same).toMatch(/exit code\s+1 \(fail on: high\)\n$/);
  });

  it('aligns values in one column', () => {
    const columns = text.split('\n').filter((l) => /^ {2}\S/.test(l)).map((l) => l.slice(2).search(/(?<=\S {2,})\S/));
    expect(new Set(columns).size).toBe(1);
  });

  it('has ANSI colours only when asked', () => {
    expect(text).not.toContain(ESC);
    const coloured = renderSummary(report([shop, down]), { color: true });
    expect(coloured).toContain(`${ESC}[31m`);
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(renderSummary(report([shop, down]), { color: false }));
  });

  it('strips escapes and line breaks a hostile site controls', () => {
    const hostile: SiteReport = {
      ...shop,
      url: `https://evil.test/${ESC}]0;owned${ESC}\\`,
      finalUrl: `https://evil.test/\n  status                  scanned`,
      consent: {
        ...shop.consent,
        cmp: cmpIdentity(`${ESC}[2JKlaro`, { vendor: `Evil${ESC}]0;owned${ESC}\\` }),
        reject: unverified(heuristicAction('reject', `Reject${ESC}[8m hidden`), `banner\n  status                  scanned${ESC}[2J`),
      },
      pages: [{ url: 'https://evil.test/', phases: { before: phase([req(`tracker${ESC}[31m.test`, false)], []) } }],
      errors: [{ stage: 'navigation', message: `boom\u0007${ESC}[1A` }],
    };
    for (const color of [false, true]) {
      const out = renderSummary(report([hostile]), { color });
      // Only our own SGR colour codes may remain.
      // eslint-disable-next-line no-control-regex
      expect(out.replace(/\u001b\[\d+m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(out).not.toContain(']0;owned');
      expect(out).not.toContain('[2J');
      expect(out).toContain('tracker.test');
    }
    const plain = renderSummary(report([hostile]), { color: false });
    expect(plain.split('\n').filter((l) => l.startsWith('  status')).length).toBe(1);
  });
});

describe('consent clicks in the summary', () => {
  const unverifiedReject: SiteReport = { ...shop, consent: { ...shop.consent, reject: unverified(heuristicAction('reject', 'Alle ablehnen', { path: 'second-layer' }), 'the TC string still records consent') } };

  it('says a click that went through but that nothing verified, with the reason, and warns that findings depend on it', () => {
    const text = renderSummary(report([unverifiedReject]), { color: false });
    const lines = text.split('\n');
    const reject = lines.findIndex((l) => l.startsWith('  reject all'));
    expect(lines[reject]).toBe('  reject all              done, NOT verified: the TC string still records consent · heuristics, second layer (settings, then save), clicked “Alle ablehnen”');
    expect(lines[reject + 1]).toBe(`${' '.repeat(26)}! The scanner's reject click could not be verified: the TC string still records consent. Findings that depend on it are needs-review.`);
    const coloured = renderSummary(report([unverifiedReject]), { color: true });
    expect(coloured).toContain(`${ESC}[31mNOT verified: the TC string still records consent${ESC}[39m`);
  });

  it('has no warning when the clicks were verified or not made', () => {
    expect(renderSummary(report([shop]), { color: false })).not.toContain('could not be verified');
  });

  it('says a banner detection that could not finish', () => {
    const text = renderSummary(report([{ ...noCmp, consent: { ...noCmp.consent, inconclusive: 'the in-page scan timed out' } }]), { color: false });
    expect(text.split('\n')).toContain('  banner found            no (inconclusive: the in-page scan timed out)');
  });

  it('says of an old report that its clicks were recorded before clicks were verified', () => {
    const old = { ...report([unverifiedReject]), schemaVersion: '1.1.0' };
    const text = renderSummary(old, { color: false });
    expect(text).toContain('! The scanner\'s reject click was not verified: this report was recorded by gdpr-scan before clicks were verified');
    expect(text).not.toContain('needs-review');
  });
});

describe('third parties in the summary', () => {
  it('counts tracker hosts and names unknown third parties as unknown, never as trackers', () => {
    const ga: RequestRecord = {
      ...req('www.google-analytics.com', false),
      service: { name: 'Google Analytics', organization: 'Google LLC', category: 'analytics', country: 'US', tracking: true, source: 'builtin' },
    };
    const cdn: RequestRecord = {
      ...req('cdnjs.cloudflare.com', false),
      service: { name: 'cdnjs', organization: 'Cloudflare, Inc.', category: 'cdn', country: 'US', tracking: false, source: 'builtin' },
    };
    const site: SiteReport = {
      ...shop,
      pages: [{ url: 'https://www.klaro-shop.test/', phases: { before: phase([ga, cdn, req('widgets.mystery.example', false)], []) } }],
      findings: [],
    };
    const text = renderSummary(report([site]), { color: false });
    const line = text.split('\n').find((l) => l.includes('before consent'))!;
    expect(line).toMatch(/1 tracker host(?!s)/);
    expect(line).toMatch(/unknown third parties: widgets\.mystery\.example$/);
  });
});
