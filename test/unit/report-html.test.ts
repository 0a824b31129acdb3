/**
 * The HTML report, structurally: verdict, counts, findings with their references, the per page
 * comparison, the self-contained / CSP guarantees, and escaping of everything a site controls.
 * Parsed with cheerio (as a browser would parse it); the real-Chromium proof that no injected
 * script runs is test/e2e/report-html.test.ts.
 */
import { createHash } from 'node:crypto';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { describeRule } from '../../src/judge/rule-engine/engine.js';
import type { CookieRecord, PhaseEvidence, PhaseEvidenceOk, RequestRecord } from '../../src/model/evidence.js';
import type { FailOn, Finding, Report, SiteReport } from '../../src/model/report.js';
import { DISABLED_RULE, NOT_APPLICABLE_REASON, NOT_APPLICABLE_RULE } from '../fixtures-data/build-report-sample-1.1.js';
import { renderHtml } from '../../src/render/html/render.js';
import { safeImageDataUri } from '../../src/render/html/consent-view.js';
import { autoconsentAction, cmpIdentity, heuristicAction, noAction, selectorAction, unverified, withdrawalRecord } from '../helpers/consent-records.js';
import { buildHtmlView } from '../../src/render/html/view.js';
import { readSample } from '../helpers/report-samples.js';

const XSS_SCRIPT = '<script>alert(1)</script>';
const XSS_IMG = '"><img src=x onerror=alert(1)>';
// A 1×1 JPEG is not needed: any well-formed base64 data URI is shown as is.
const SCREENSHOT = `data:image/jpeg;base64,${Buffer.from('not really a jpeg').toString('base64')}`;

const req = (url: string, firstParty: boolean, service?: RequestRecord['service']): RequestRecord => {
  let host: string;
  try {
    host = new URL(url).host || url;
  } catch {
    host = url;
  }
  return { url, host, method: 'GET', type: 'script', isMainFrame: true, time: 1, afterConsent: false, firstParty, ...(service ? { service } : {}) };
};

const GA: RequestRecord['service'] = {
  name: 'Google Analytics', organization: 'Google LLC', category: 'analytics', country: 'US', dpf: true, tracking: true, source: 'builtin',
};

const cookie = (name: string, domain: string, extra: Partial<CookieRecord> = {}): CookieRecord => ({
  name, domain, path: '/', expires: null, httpOnly: false, secure: true, sameSite: 'Lax', source: 'script', size: 10,
  firstParty: false, lifetimeDays: null, category: 'unknown', ...extra,
});

const phase = (extra: Partial<PhaseEvidenceOk<RequestRecord, CookieRecord>> = {}): PhaseEvidence<RequestRecord, CookieRecord> => ({
  status: 'ok', requests: [], cookies: [], refusedCookies: [], storage: [], durationMs: 100, ...extra,
});

function hostileSite(): SiteReport {
  const hostileHost = `evil${XSS_IMG}.test`;
  const before = phase({
    title: `Shop ${XSS_SCRIPT} ${XSS_IMG}`,
    requests: [
      req('https://www.hostile.test/', true),
      req('https://www.google-analytics.com/g/collect?v=2', false, GA),
      { ...req('javascript:alert(document.domain)', false), host: hostileHost },
      req(`https://tracker.test/p?x=${XSS_IMG}`, false),
    ],
    cookies: [
      cookie(XSS_SCRIPT, '.hostile.test', { firstParty: true, category: 'analytics', lifetimeDays: 400, expires: 1 }),
      cookie(XSS_IMG, `.${hostileHost}`),
      cookie('_ga', '.hostile.test', { firstParty: true, category: 'analytics', lifetimeDays: 400, expires: 1 }),
    ],
    storage: [{ kind: 'localStorage', origin: 'https://www.hostile.test', key: XSS_IMG }],
  });
  const accept = phase({ requests: [req('https://www.google-analytics.com/g/collect?v=2', false, GA)], cookies: [cookie('_ga', '.hostile.test', { firstParty: true, category: 'analytics', lifetimeDays: 400, expires: 1 })] });
  const reject = phase({ cookies: [cookie('_ga', '.hostile.test', { firstParty: true, category: 'analytics', lifetimeDays: 400, expires: 1 })] });
  const findings: Finding[] = [
    {
      ruleId: 'tracking-before-consent',
      severity: 'high',
      outcome: 'fail',
      phase: 'before',
      pageUrl: `https://www.hostile.test/?q=${XSS_IMG}`,
      message: `Google Analytics received 1 request and the cookie ${XSS_SCRIPT} was set before any choice.`,
      evidence: [
        { kind: 'request', value: 'javascript:alert(1)', detail: XSS_IMG },
        { kind: 'cookie', value: `${XSS_SCRIPT}@.hostile.test`, detail: 'analytics, expires in 400 days' },
      ],
      references: ['ePrivacy Directive 2002/58/EC, Art. 5(3)', 'TDDDG §25'],
      fingerprint: 'fp-1',
      baseline: 'new',
    },
    {
      ruleId: 'reject-not-on-first-layer',
      severity: 'medium',
      outcome: 'needs-review',
      phase: 'reject',
      pageUrl: 'https://www.hostile.test/',
      message: 'The banner may hide its reject button on a second layer.',
      evidence: [{ kind: 'consent', value: `button text ${XSS_IMG}` }],
      references: ['GDPR Art. 7(3)'],
      fingerprint: 'fp-2',
      baseline: 'existing',
    },
  ];
  return {
    url: 'https://www.hostile.test/',
    finalUrl: `https://www.hostile.test/${XSS_IMG}`,
    consent: {
      cmp: cmpIdentity(XSS_SCRIPT, { vendor: XSS_IMG }),
      bannerFound: true,
      rejectOnFirstLayer: false,
      acceptOnFirstLayer: true,
      detections: [{ phase: 'before', detectedBy: 'heuristic', foundAfterMs: 412, frameUrl: `https://cmp.test/?x=${XSS_IMG}` }],
      accept: heuristicAction('accept', XSS_IMG, { signals: [{ kind: 'consent-record', confirms: true, detail: `cookie ${XSS_SCRIPT} written` }] }),
      reject: noAction(`no reject button ${XSS_SCRIPT}`),
      bannerScreenshot: SCREENSHOT,
    },
    pages: [{ url: `https://www.hostile.test/?q=${XSS_IMG}`, phases: { before, accept, reject } }],
    errors: [{ stage: 'collector', message: `storage read failed ${XSS_SCRIPT}`, phase: 'before' }],
    durationMs: 1000,
    findings,
  };
}

/** A 1.2 report: the renderer takes rule titles, rationale and remediation from its `rules`. */
function report(overrides: Partial<Report> = {}, failOn: FailOn = 'high'): Report {
  return {
    schemaVersion: '1.2.0',
    tool: { name: 'gdpr-scan', version: '9.8.7' },
    startedAt: '2025-03-01T10:00:00.000Z',
    finishedAt: '2025-03-01T10:01:05.000Z',
    browser: { version: '156.0.1.2' },
    plan: {
      urls: ['https://www.hostile.test/'], phases: ['before', 'accept', 'reject'], maxPages: 1, locale: 'en-US', userAgent: 'test',
      timeoutMs: 30_000, quietMs: 500, maxWaitMs: 5_000, failOn, hostMap: [], ignoreHttpsErrors: false,
    },
    rules: [RULES['tracking-before-consent'], RULES['reject-not-on-first-layer'], RULES['google-fonts-before-consent']].map(describeRule),
    sites: [hostileSite()],
    errors: [],
    summary: {
      sites: 1, sitesWithErrors: 0, pages: 1, requests: 6, thirdPartyRequests: 4, cookies: 3,
      findingsBySeverity: { critical: 0, high: 1, medium: 0, low: 0 }, exitCode: 1,
    },
    ...overrides,
  };
}

const load = (html: string) => cheerio.load(html);

describe('renderHtml: verdict and summary', () => {
  it('says FAIL with the counts by severity, needs review, sites, date, tool and browser', () => {
    const $ = load(renderHtml(report(), { failOn: 'high' }));
    expect($('.verdict-label').text()).toBe('FAIL');
    expect($('.verdict').attr('class')).toContain('verdict-fail');
    expect($('.verdict-text p').text()).toContain('high or higher');
    const count = (cls: string) => $(`.counts .count.${cls} .n`).first().text();
    expect(count('sev-high')).toBe('1');
    expect(count('sev-critical')).toBe('0');
    expect(count('sev-needs-review')).toBe('1');
    const facts = $('.facts > div').map((_, div) => `${$(div).find('dt').text()}: ${$(div).find('dd').text()}`).get().join('\n');
    expect(facts).toContain('Sites scanned: 1');
    expect(facts).toContain('Date: 2025-03-01 10:00 UTC (1 min 5 s)');
    expect(facts).toContain('Fails at: high or higher');
    expect(facts).toContain('gdpr-scan 9.8.7');
    expect(facts).toContain('Chromium 156.0.1.2');
    expect(facts).not.toContain('Device');
  });

  it('shows the emulated device among the facts, when the report records one', () => {
    const mobile = report();
    mobile.plan.device = { name: 'Pixel 7', viewport: { width: 412, height: 839 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true };
    const $ = load(renderHtml(mobile, { failOn: 'high' }));
    const device = $('.facts > div').filter((_, div) => $(div).find('dt').text() === 'Device');
    expect(device.find('dd').text()).toBe('Pixel 7 (412×839 at 2.625x, mobile, touch)');
  });

  it('says PASS on exit code 0 and "Could not run" on exit code 2', () => {
    const pass = report({ summary: { ...report().summary, exitCode: 0 } });
    expect(load(renderHtml(pass, { failOn: 'critical' }))('.verdict-label').text()).toBe('PASS');
    const none = load(renderHtml(pass, { failOn: 'none' }));
    expect(none('.verdict-text p').text()).toMatch(/--fail-on none.*1 finding/);
    const broken = report({ sites: [], summary: { ...report().summary, sites: 0, exitCode: 2 }, errors: [{ stage: 'browser', message: 'Chromium did not start' }] });
    const $ = load(renderHtml(broken, { failOn: 'high' }));
    expect($('.verdict-label').text()).toBe('Could not run');
    expect($('.errors').text()).toContain('Chromium did not start');
  });

  it('says an interrupted run is incomplete and names the pending sites, escaped', () => {
    const r = report({ incomplete: { reason: 'interrupted', pendingSites: ['https://a.test/', `https://b.test/?q=${XSS_IMG}`] } });
    const html = renderHtml(r, { failOn: 'high' });
    const $ = load(html);
    expect($('#incomplete').text()).toMatch(/interrupted before 2 sites were scanned \(https:\/\/a\.test\/, https:\/\/b\.test\/\?q=.*\)\. Run the same command with --resume/);
    expect($('#incomplete img').length).toBe(0);
    expect(load(renderHtml(report(), { failOn: 'high' }))('#incomplete').length).toBe(0);
  });

  it('shows the baseline comparison: new, still present, resolved and the resolved list', () => {
    const r = report({
      baseline: {
        path: 'baseline/report.json', newFindings: 1, existingFindings: 1,
        resolved: [{ fingerprint: 'old', siteUrl: 'https://www.hostile.test/', ruleId: 'google-fonts-before-consent', severity: 'medium', phase: 'before', pageUrl: 'https://www.hostile.test/', message: 'Google Fonts loaded before consent.' }],
      },
    });
    const $ = load(renderHtml(r, { failOn: 'high' }));
    expect($('.baseline .b-new .n').text()).toBe('1');
    expect($('.baseline .b-existing .n').text()).toBe('1');
    expect($('.baseline .b-resolved .n').text()).toBe('1');
    expect($('table.resolved tbody').text()).toContain('Google Fonts loaded before consent.');
    expect($('table.resolved tbody').text()).toContain('Google Fonts loaded from Google before consent');
    expect($('#finding-1 .badge-new').length).toBe(1);
    expect($('#finding-2 .badge-new').length).toBe(0);
    expect($('#finding-2 .badge-existing').length).toBe(1);
  });
});

describe('renderHtml: findings', () => {
  it('lists findings by severity, then needs review, with title, rule id, message, references, remediation and evidence', () => {
    const $ = load(renderHtml(report(), { failOn: 'high' }));
    const groups = $('.findings > .group').map((_, el) => $(el).attr('id')).get();
    expect(groups).toEqual(['severity-high', 'needs-review']);
    const high = $('#severity-high .rule').first();
    expect(high.find('h3').text()).toBe('Tracking before consent');
    expect(high.find('.rule-id').text()).toBe('tracking-before-consent');
    expect(high.find('.refs').text()).toContain('ePrivacy Directive 2002/58/EC, Art. 5(3)');
    expect(high.find('.refs').text()).toContain('TDDDG §25');
    expect(high.find('.rule-doc').text()).toContain('How to fix it.');
    const finding = $('#finding-1');
    expect(finding.find('.message').text()).toBe(`Google Analytics received 1 request and the cookie ${XSS_SCRIPT} was set before any choice.`);
    expect(finding.find('.phase-tag').text()).toBe('Before consent');
    expect(finding.find('table.evidence tbody tr').length).toBe(2);
    expect(finding.find('table.evidence tbody tr').first().text()).toContain('javascript:alert(1)');
    expect($('#needs-review .intro').text()).toContain('could not decide');
    expect($('#needs-review #finding-2 .message').text()).toContain('second layer');
  });

  it('says so when there is no finding', () => {
    const clean = report({ sites: [{ ...hostileSite(), findings: [] }], summary: { ...report().summary, findingsBySeverity: { critical: 0, high: 0, medium: 0, low: 0 }, exitCode: 0 } });
    const $ = load(renderHtml(clean, { failOn: 'high' }));
    expect($('.all-clear').text()).toContain('No findings');
    expect($('.findings .group').length).toBe(0);
  });
});

describe('renderHtml: sites, pages and phases', () => {
  it('shows the consent summary, the banner screenshot and the per phase tables', () => {
    const $ = load(renderHtml(report(), { failOn: 'high' }));
    const site = $('#site-1');
    expect(site.find('.consent').text()).toContain('“Reject all” on the first layer');
    expect(site.find('.shot img').attr('src')).toBe(SCREENSHOT);
    const before = site.find('#site-1-page-1-before');
    expect(before.is('details')).toBe(true);
    const thirdParties = before.find('table').first();
    expect(thirdParties.find('caption').text()).toContain('Third parties (3 hosts; 1 first-party requests not listed)');
    const rows = thirdParties.find('tbody tr').map((_, tr) => $(tr).find('td').map((__, td) => $(td).text()).get().join('|')).get();
    expect(rows[0]).toBe('www.google-analytics.com|Google LLC|Google Analytics|Analytics|US|yes|1');
    expect(rows).toContain('tracker.test|unknown|unknown|Unknown|unknown|no|1');
    const cookieRow = before.find('table').eq(1).find('tbody tr').filter((_, tr) => $(tr).find('td').first().text() === '_ga');
    expect(cookieRow.find('td').map((_, td) => $(td).text()).get()).toEqual(['_ga', '.hostile.test', 'first party', '400 days', 'Analytics', 'script']);
    expect(before.find('table').eq(2).find('tbody td').last().text()).toBe(XSS_IMG);
  });

  it('compares before / accept / reject per host and cookie and flags what is there before consent or after reject', () => {
    const $ = load(renderHtml(report(), { failOn: 'high' }));
    const [hosts, cookies] = $('#site-1-page-1 table.compare').toArray();
    const cells = (row: cheerio.Cheerio<any>) => row.find('td').map((_, td) => $(td).text()).get();
    const ga = $(hosts).find('tbody tr').filter((_, tr) => $(tr).find('td').first().text() === 'www.google-analytics.com');
    expect(cells(ga)).toEqual(['www.google-analytics.com', 'Google LLC', 'Analytics', 'yes', '✓', '✓', '–', 'before consent']);
    expect(ga.attr('class')).toBe('row-bad');
    const gaCookie = $(cookies).find('tbody tr').filter((_, tr) => $(tr).find('td').first().text() === '_ga');
    expect(cells(gaCookie)).toEqual(['_ga', '.hostile.test', 'first party', 'Analytics', '400 days', '✓', '✓', '✓', 'before consentafter reject']);
    // Flagged rows come first.
    expect($(cookies).find('tbody tr').first().find('.flag').length).toBeGreaterThan(0);
  });

  it('shows a cookie value column only when the report has values', () => {
    const without = load(renderHtml(report(), { failOn: 'high' }));
    expect(without('th').filter((_, th) => without(th).text() === 'Value (truncated)').length).toBe(0);
    const r = report();
    r.sites[0]!.pages[0]!.phases.before!.cookies[2]!.value = 'GA1.1.123…';
    const $ = load(renderHtml(r, { failOn: 'high' }));
    const table = $('#site-1-page-1-before table').eq(1);
    expect(table.find('th').last().text()).toBe('Value (truncated)');
    expect(table.find('td.value').text()).toContain('GA1.1.123…');
    // Only the phase whose cookies carry a value gets the column.
    expect($('#site-1-page-1-accept table').eq(1).find('td.value').length).toBe(0);
  });

  it('draws the charts as inline SVG with titles and text labels', () => {
    const $ = load(renderHtml(report(), { failOn: 'high' }));
    const svg = $('#chart-trackers svg');
    expect(svg.attr('role')).toBe('img');
    expect(svg.find('title').first().text()).toBe('Trackers per phase');
    expect(svg.find('text.row-label').map((_, t) => $(t).text()).get()).toEqual(['Tracker hosts', 'Sites with trackers']);
    expect(svg.find('text.value').map((_, t) => $(t).text()).get()).toEqual(['1', '1', '0', '1', '1', '0']);
    expect($('#chart-categories svg text.row-label').map((_, t) => $(t).text()).get()).toEqual(['Analytics', 'Unknown']);
    expect($('#site-1-chart svg').length).toBe(1);
  });
});

describe('renderHtml: self-contained and safe', () => {
  const html = renderHtml(report(), { failOn: 'high' });
  const $ = load(html);

  it('has a strict CSP whose hashes match the inline style and script', () => {
    const csp = $('meta[http-equiv="Content-Security-Policy"]').attr('content') ?? '';
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    expect($('style').length).toBe(1);
    expect($('script').length).toBe(1);
    expect(csp).toBe(
      `default-src 'none'; img-src data:; style-src ${hash($('style').text())}; script-src ${hash($('script').text())}; base-uri 'none'; form-action 'none'`,
    );
    expect(csp).not.toContain('unsafe');
    // The policy comes before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  it('references nothing outside the file', () => {
    expect(html).not.toMatch(/\b(?:src|href|action|srcset|poster|xlink:href)\s*=\s*["']?\s*(?:https?:|\/\/|javascript:)/i);
    expect(html).not.toMatch(/@import|url\(/i);
    $('[src]').each((_, el) => expect($(el).attr('src')).toMatch(/^data:image\/jpeg;base64,/));
    $('[href]').each((_, el) => expect($(el).attr('href')).toMatch(/^#[a-z0-9-]+$/));
    expect($('link, iframe, object, embed, base, form').length).toBe(0);
  });

  it('escapes everything the site controls', () => {
    expect(html).not.toContain(XSS_SCRIPT);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    // Parsed like a browser: the payloads are text, never elements or attributes.
    expect($('img').length).toBe(1);
    const attributes = $('*').toArray().flatMap((el) => Object.keys((el as unknown as { attribs: Record<string, string> }).attribs ?? {}));
    expect(attributes.filter((a) => a.startsWith('on'))).toEqual([]);
    expect($('title').first().text()).toBe('GDPR consent scan: https://www.hostile.test/');
    expect($('.page .page-meta').first().text()).toBe(`Page title: “Shop ${XSS_SCRIPT} ${XSS_IMG}”`);
    expect($('#site-1 .consent').text()).toContain(XSS_SCRIPT);
    expect($('#site-1 .consent').text()).toContain(`“${XSS_IMG}”`);
    expect($('#site-1 .consent .clicks .click-label').text()).toBe(XSS_IMG);
    expect($('#site-1 .consent .signals').text()).toContain(`cookie ${XSS_SCRIPT} written`);
    expect($('#site-1 .consent .detections').text()).toContain(`in the frame https://cmp.test/?x=${XSS_IMG}`);
    expect($('#site-1 .error-list').text()).toContain(`storage read failed ${XSS_SCRIPT}`);
    // The hostile host, escaped inside an attribute-free cell.
    expect($('#site-1-page-1 table.compare td.url').map((_, td) => $(td).text()).get()).toContain(`evil${XSS_IMG}.test`);
  });

  it('drops a banner screenshot that is not a base64 image data: URI', () => {
    expect(safeImageDataUri(SCREENSHOT)).toBe(SCREENSHOT);
    for (const bad of ['javascript:alert(1)', 'https://evil.test/x.jpg', `${SCREENSHOT}" onerror="alert(1)`, 'data:text/html;base64,PHNjcmlwdD4=', 'data:image/svg+xml;base64,PHN2Zz4=']) {
      expect(safeImageDataUri(bad)).toBeUndefined();
      const r = report();
      r.sites[0]!.consent.bannerScreenshot = bad;
      const page = load(renderHtml(r, { failOn: 'high' }));
      expect(page('img').length).toBe(0);
      expect(page('.noshot').length).toBe(1);
    }
  });

  it('credits generatedBy in the footer', () => {
    const $$ = load(renderHtml(report(), { failOn: 'high', generatedBy: `gdpr-scan 9.8.7 in CI ${XSS_SCRIPT}` }));
    expect($$('.footer').text()).toContain(`Generated by gdpr-scan 9.8.7 in CI ${XSS_SCRIPT} · scan started`);
    expect($$('script').length).toBe(1);
  });

  it('is deterministic (templates are cached, no clock or randomness in the output)', () => {
    expect(renderHtml(report(), { failOn: 'high' })).toBe(html);
  });

  it('prepares a view without markup: the view model is plain data', () => {
    const view = buildHtmlView(report(), { failOn: 'high' });
    expect(view.groups.map((g) => g.key)).toEqual(['high', 'needs-review']);
    expect(view.sites[0]!.pages[0]!.columns.map((c) => c.label)).toEqual(['Before', 'Accept', 'Reject']);
    expect(JSON.stringify(view)).not.toMatch(/<(?:td|tr|span|div|svg)\b/);
  });
});

describe('renderHtml: page discovery', () => {
  const withDiscovery = (): Report => {
    const r = report();
    r.sites[0]!.discovery = {
      robots: { url: `https://www.hostile.test/robots.txt`, outcome: 'found', httpStatus: 200, respected: true, crawlDelaySeconds: 3600, sitemapCount: 2, detail: `cut ${XSS_SCRIPT}` },
      sitemaps: [
        { url: `https://www.hostile.test/${XSS_IMG}.xml`, kind: 'urlset', entries: 12 },
        { url: 'https://www.hostile.test/s.xml.gz', entries: 0, error: `gzip ${XSS_SCRIPT}` },
      ],
      sitemapUrls: 12,
      sitemapsPending: false,
      pagesDiscovered: 40,
      skipped: { robots: 2, patterns: 3, depth: 4 },
      robotsSkippedExamples: [`https://www.hostile.test/private/${XSS_SCRIPT}`, `javascript:alert(1)//${XSS_IMG}`],
      limitedByMaxPages: true,
    };
    return r;
  };
  const $ = load(renderHtml(withDiscovery(), { failOn: 'high' }));
  const box = $('#site-1 .discovery');
  const facts = Object.fromEntries(box.find('dl.info > div').map((_, el) => [[$(el).find('dt').text(), $(el).find('dd').text()]]).get());

  it('shows a one-line summary and the facts: robots.txt, crawl-delay (capped), sitemaps, skips, --max-pages', () => {
    expect(box.length).toBe(1);
    expect(box.find('summary').text()).toBe(
      'Page discovery: robots.txt found (respected); Crawl-delay 3600 s; 2 sitemaps with 12 page URLs; 40 page URLs known; skipped 2 by robots.txt, 3 by --include/--exclude, 4 beyond --depth; cut by --max-pages',
    );
    expect(facts).toEqual({
      'robots.txt': `found (HTTP 200), rules respected; cut ${XSS_SCRIPT}`,
      'Crawl-delay': "3600 s (the tool's own requests waited the 5 s maximum)",
      Sitemaps: '2 sitemaps fetched (1 without result), 12 page URLs',
      'Page URLs known': '40',
      'Skipped by robots.txt': '2',
      'Skipped by --include / --exclude': '3',
      'Beyond --depth': '4',
      '--max-pages': 'reached: more pages were found than visited',
    });
  });

  it('lists the robots.txt examples as escaped text, never as links', () => {
    expect(box.find('.robots-examples li').map((_, li) => $(li).text()).get()).toEqual([
      `https://www.hostile.test/private/${XSS_SCRIPT}`,
      `javascript:alert(1)//${XSS_IMG}`,
    ]);
    expect(box.find('a, script, img').length).toBe(0);
    const html = renderHtml(withDiscovery(), { failOn: 'high' });
    expect(html).not.toContain(XSS_SCRIPT);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toMatch(/href="javascript:/);
  });

  it('says what happened when robots.txt was ignored, missing or unreachable, for --urls-file, and nothing when there are no notes', () => {
    const render = (discovery: SiteReport['discovery']) => {
      const r = report();
      r.sites[0]!.discovery = discovery;
      const page = load(renderHtml(r, { failOn: 'high' }));
      return { summary: page('#site-1 .discovery summary').text(), robots: page('#site-1 .discovery dd').first().text(), count: page('.discovery').length };
    };
    const base = { sitemaps: [], sitemapUrls: 0, sitemapsPending: false, pagesDiscovered: 5, skipped: { robots: 0, patterns: 0, depth: 0 }, robotsSkippedExamples: [], limitedByMaxPages: false };
    const robots = { url: 'https://www.hostile.test/robots.txt', sitemapCount: 0 };
    expect(render({ ...base, robots: { ...robots, outcome: 'found', httpStatus: 200, respected: false } }).robots).toBe('found (HTTP 200), rules ignored (--ignore-robots)');
    expect(render({ ...base, robots: { ...robots, outcome: 'missing', httpStatus: 404, respected: true } }).robots).toBe('missing (HTTP 404): every page allowed');
    expect(render({ ...base, robots: { ...robots, outcome: 'error', respected: true, detail: 'robots.txt could not be fetched (timeout): treating every path as allowed' } }).robots).toBe(
      'could not be read: robots.txt could not be fetched (timeout): treating every path as allowed',
    );
    expect(render({ ...base, sitemapsPending: true }).summary).toBe('Page discovery: robots.txt not answered yet; 0 sitemaps with 0 page URLs (still reading); 5 page URLs known');
    expect(render({ ...base, fixedPages: true, pagesDiscovered: 3 }).summary).toBe('Page discovery: 3 pages from --urls-file; no discovery, robots.txt and sitemaps not read');
    expect(render(undefined).count).toBe(0);
  });

  it('keeps the view model free of markup', () => {
    const view = buildHtmlView(withDiscovery(), { failOn: 'high' });
    expect(view.sites[0]!.discovery?.robotsExamples).toHaveLength(2);
    expect(JSON.stringify(view.sites[0]!.discovery)).not.toMatch(/<(?:td|tr|span|div|a)\b/);
  });
});

describe('renderHtml: the consent step', () => {
  const REASON = `the banner stayed and the TC string still consents ${XSS_SCRIPT}`;
  /** The hostile site with a reject click that went through (second layer) but that nothing verified. */
  function unverifiedReject(): Report {
    const r = report();
    r.sites[0]!.consent.reject = unverified(
      heuristicAction('reject', 'Save', {
        path: 'second-layer',
        clicks: [
          { role: 'settings', label: 'Settings', layer: 1, trusted: true },
          { role: 'toggle-off', label: `Marketing ${XSS_IMG}`, layer: 2, trusted: false, frameUrl: 'https://cmp.test/frame' },
          { role: 'save', label: 'Save', layer: 2, trusted: true },
        ],
      }),
      REASON,
      [
        { kind: 'banner-gone', confirms: true, detail: 'the banner was removed' },
        { kind: 'tcf', confirms: false, detail: `purposes 1, 2 still consented ${XSS_IMG}` },
      ],
    );
    return r;
  }

  it('puts an unverified click that went through where nobody can miss it: atop the consent section, in the site\'s verdict area and next to the verdict', () => {
    const html = renderHtml(unverifiedReject(), { failOn: 'high' });
    const $ = load(html);
    const expected = `The scanner's reject click could not be verified: ${REASON}. Findings that depend on it are needs-review.`;
    const consent = $('#site-1 .consent');
    // First thing after the heading.
    expect(consent.children().eq(1).is('.consent-warning')).toBe(true);
    expect(consent.find('.consent-warning').text()).toContain('Reject click not verified');
    expect(consent.find('.consent-warning').text()).toContain(expected);
    expect($('#site-1 .site-findings .consent-warning').text()).toContain(expected);
    const top = $('#summary .verdict-consent');
    expect(top.text()).toContain(expected);
    expect(top.find('a').attr('href')).toBe('#site-1');
    // Escaped: the reason is the site's doing.
    expect(html).not.toContain(XSS_SCRIPT);
    expect($('.consent-warning script').length).toBe(0);
    // Its own class, styled in the report's warning colours.
    expect($('style').text()).toMatch(/\.consent-warning \{[^}]*var\(--warn-bg\)[^}]*var\(--warn\)/);
    const reject = $('#site-1 .consent-action[data-choice="reject"]');
    expect(reject.hasClass('is-unverified')).toBe(true);
    expect(reject.find('h4').text()).toBe('Reject all: done, NOT verified');
    const verified = reject.find('dt').filter((_, dt) => $(dt).text() === 'Verified').next();
    expect(verified.text()).toBe(`no: ${REASON}`);
    expect(verified.hasClass('tone-bad')).toBe(true);
  });

  it('shows no warning for verified clicks, nor for a click that could not be made', () => {
    const $ = load(renderHtml(report(), { failOn: 'high' }));
    expect($('.consent-warning').length).toBe(0);
    expect($('#site-1 .consent-action[data-choice="accept"] h4').text()).toBe('Accept all: done, verified');
    expect($('#site-1 .consent-action[data-choice="reject"] h4').text()).toBe('Reject all: not done');
  });

  it('lists the clicks in order with role, label, layer and whether they were trusted, and the signals that confirmed or contradicted them', () => {
    const $ = load(renderHtml(unverifiedReject(), { failOn: 'high' }));
    const reject = $('#site-1 .consent-action[data-choice="reject"]');
    const clicks = reject.find('ol.clicks li').map((_, li) => $(li).text().replace(/\s+/g, ' ').trim()).get();
    expect(clicks).toEqual([
      'open settings “Settings” first layer, trusted click',
      `switch off “Marketing ${XSS_IMG}” second layer, script click (untrusted) in the frame https://cmp.test/frame`,
      'save choice “Save” second layer, trusted click',
    ]);
    const signals = reject.find('ul.signals li').map((_, li) => ({ cls: $(li).attr('class'), text: $(li).text() })).get();
    expect(signals).toEqual([
      { cls: 'sig-confirms', text: 'confirms banner gone: the banner was removed' },
      { cls: 'sig-contradicts', text: `contradicts IAB TCF string: purposes 1, 2 still consented ${XSS_IMG}` },
    ]);
    const facts = reject.find('dl div').map((_, div) => `${$(div).find('dt').text()}: ${$(div).find('dd').text()}`).get();
    expect(facts).toContain('Method: the scanner’s heuristics');
    expect(facts).toContain('Path: second layer: settings opened, switches turned, choice saved');
    expect(facts).toContain('Decisive click: “Save”');
  });

  it('shows the withdrawal next to accept and reject: how the settings were reached, the clicks, the records and claims, escaped', () => {
    const r = report();
    r.sites[0]!.consent.withdrawAccept = heuristicAction('accept', 'Accept all');
    r.sites[0]!.consent.withdraw = withdrawalRecord({
      control: `Cookie settings ${XSS_IMG}`,
      clicks: [
        { role: 'reopen', label: `Cookie settings ${XSS_IMG}`, layer: 1, trusted: true },
        { role: 'reject', label: 'Reject all', layer: 1, trusted: true },
      ],
      records: [{ kind: 'cookie', name: `shop_consent${XSS_SCRIPT}`, change: 'unchanged' }],
      claims: [{ source: 'consent-mode', before: 'ad_storage granted', after: 'ad_storage granted', stillConsented: true }],
    });
    const html = renderHtml(r, { failOn: 'high' });
    expect(html).not.toContain(XSS_SCRIPT);
    const $ = load(html);
    const withdraw = $('#site-1 .consent-action[data-choice="withdraw"]');
    expect(withdraw.find('h4').text()).toBe('Withdraw consent: done, verified');
    const facts = withdraw.find('dl div').map((_, div) => `${$(div).find('dt').text()}: ${$(div).find('dd').text()}`).get();
    expect(facts).toContain('Settings reopened by: a control on the page');
    expect(facts).toContain(`Reopen control: “Cookie settings ${XSS_IMG}”`);
    expect(facts).toContain(`Consent record (cookie): “shop_consent${XSS_SCRIPT}” unchanged (as the accept left it)`);
    expect(facts).toContain('Claim of consent-mode: ad_storage granted → ad_storage granted');
    expect(withdraw.find('ol.clicks li').map((_, li) => $(li).text().replace(/\s+/g, ' ').trim()).get()).toEqual([
      `reopen settings “Cookie settings ${XSS_IMG}” on the page, trusted click`,
      'reject “Reject all” reopened layer, trusted click',
    ]);
    expect($('#site-1 .consent-action[data-choice="withdraw"] img').length).toBe(0);
  });

  it('says when the withdraw phase had nothing to withdraw', () => {
    const r = report();
    r.sites[0]!.consent.withdraw = withdrawalRecord({ via: 'none', done: false, verified: false, clicks: [], skipped: 'no consent banner was found on the start page' });
    const $ = load(renderHtml(r, { failOn: 'high' }));
    const withdraw = $('#site-1 .consent-action[data-choice="withdraw"]');
    expect(withdraw.find('h4').text()).toBe('Withdraw consent: not attempted');
    expect(withdraw.text()).toContain('no consent banner was found on the start page');
  });

  it('names the CMP from its fingerprints with what identified it, and shows an autoconsent rule only as the method\'s detail', () => {
    const r = report();
    r.sites[0]!.consent.cmp = cmpIdentity('Complianz', { vendor: 'Really Simple Plugins B.V.', detectedBy: ['global', 'script', 'autoconsent'], tcfCmpId: 332 });
    r.sites[0]!.consent.accept = autoconsentAction('Complianz optin', { selfTest: true, attempts: [{ method: 'selector', done: false, detail: '#ok matched nothing' }] });
    r.sites[0]!.consent.reject = selectorAction(['#reject', '.save']);
    const $ = load(renderHtml(r, { failOn: 'high' }));
    const consent = $('#site-1 .consent');
    const fact = (label: string) => consent.children('dl.info').find('dt').filter((_, dt) => $(dt).text() === label).next().text();
    expect(fact('Consent manager (CMP)')).toBe('Complianz');
    expect(fact('CMP vendor')).toBe('Really Simple Plugins B.V.');
    expect(fact('CMP identified by')).toBe('a JavaScript global, a script URL, an autoconsent rule');
    expect(fact('TCF CMP id')).toBe('332');
    // The rule's name is how autoconsent acted, never the CMP.
    expect(consent.children('dl.info').text()).not.toContain('Complianz optin');
    const accept = consent.find('.consent-action[data-choice="accept"]');
    const acceptFacts = accept.find('dl div').map((_, div) => `${$(div).find('dt').text()}: ${$(div).find('dd').text()}`).get();
    expect(acceptFacts).toEqual(expect.arrayContaining([
      'Method: autoconsent (its rule for the banner)',
      'Autoconsent rule: Complianz optin',
      'CMP self-test: passed (the CMP recorded the choice)',
      'Verified: yes: the banner closed and the CMP recorded the choice',
      'Tried first: your selectors (--consent-accept / --consent-reject) (failed): #ok matched nothing',
    ]));
    expect(accept.find('.no-clicks').text()).toBe('Autoconsent clicks inside the page; its clicks are not seen.');
    const reject = consent.find('.consent-action[data-choice="reject"]');
    expect(reject.find('dd').first().text()).toBe('your selectors (--consent-accept / --consent-reject)');
    expect(reject.find('ol.clicks li code').map((_, c) => $(c).text()).get()).toEqual(['#reject', '.save']);
  });

  it('shows how each phase found the banner: by what, after how long, in which shadow root or frame, or why it could not tell', () => {
    const r = report();
    r.sites[0]!.consent.detections = [
      { phase: 'before', detectedBy: 'structure', foundAfterMs: 1234.4, shadowRoot: 'closed' },
      { phase: 'accept', detectedBy: 'autoconsent', foundAfterMs: 90, frameUrl: 'https://cmp.test/banner' },
      { phase: 'reject', detectedBy: null, inconclusive: 'the in-page scan timed out' },
    ];
    const $ = load(renderHtml(r, { failOn: 'high' }));
    const lines = $('#site-1 .detections li').map((_, li) => $(li).text()).get();
    expect(lines).toEqual([
      'Before consent found by its structure (a dialog or bar with consent buttons) · after 1234 ms · in a closed shadow root (reached through DevTools)',
      'After “Accept all” found by autoconsent (a rule for its CMP) · after 90 ms · in the frame https://cmp.test/banner',
      'After “Reject all” not found · inconclusive: the in-page scan timed out',
    ]);
    r.sites[0]!.consent = { ...r.sites[0]!.consent, bannerFound: false, inconclusive: 'the in-page scan timed out' };
    expect(load(renderHtml(r, { failOn: 'high' }))('#site-1 .consent dl.info').first().text()).toContain('inconclusive: the in-page scan timed out');
  });

  it('says of an old report\'s clicks that they were recorded before clicks were verified, without claiming its findings were downgraded', () => {
    const $ = load(renderHtml(sample10, { failOn: 'high' }));
    const warning = $('#site-1 .consent .consent-warning').text();
    expect(warning).toContain('Accept and reject clicks not verified');
    expect(warning).toContain('this report was recorded by gdpr-scan before clicks were verified, and its findings were judged without that check');
    expect(warning).not.toContain('needs-review');
    expect($('#site-1 .consent dl.info').first().text()).toContain('unknown (named by an older version)');
    // The site whose clicks were not made has none.
    expect($('#site-3 .consent-warning').length).toBe(0);
  });
});

/** A schema 1.0 report: no `rules`, no `ruleResults`. */
const sample10 = readSample('1.0');
/** The same scan as a 1.1 report: every rule of the run, one disabled, one not applicable. */
const sample11 = readSample('1.1');

describe('renderHtml: rules come from the report', () => {
  it('an old report (schema 1.0) shows exactly the rules of its findings, by id, with the findings\' references', () => {
    const $ = load(renderHtml(sample10, { failOn: 'high' }));
    const named = new Set(sample10.sites.flatMap((s) => s.findings.map((f) => f.ruleId)));
    const shown = $('.findings .rule').map((_, el) => $(el).find('.rule-id').text()).get();
    expect(new Set(shown)).toEqual(named);
    $('.findings .rule').each((_, el) => {
      const id = $(el).find('.rule-id').text();
      // No title, rationale or remediation of this version's registry: the report has none.
      expect($(el).find('h3').text()).toBe(id);
      expect($(el).find('.rule-doc').text()).not.toContain('How to fix it.');
      const references = new Set(sample10.sites.flatMap((s) => s.findings.filter((f) => f.ruleId === id).flatMap((f) => f.references)));
      expect($(el).find('.refs .ref').map((__, r) => $(r).text()).get().every((r) => references.has(r))).toBe(true);
    });
    expect($('.finding-links a').map((_, a) => $(a).text().replace(/ \(.*\)$/, '')).get().every((t) => named.has(t))).toBe(true);
    // Not recorded in a 1.0 report, so not shown: which rules passed.
    expect($('.rules-checked').length).toBe(0);
  });

  it('a 1.1 report shows the report\'s titles and documentation, and per site which rules passed, did not apply or were disabled', () => {
    const $ = load(renderHtml(sample11, { failOn: 'high' }));
    const tracking = sample11.rules!.find((r) => r.id === 'tracking-before-consent')!;
    const block = $('.findings .rule').filter((_, el) => $(el).find('.rule-id').text() === tracking.id).first();
    expect(block.find('h3').text()).toBe(tracking.title);
    expect(block.find('.rule-doc').text()).toContain(tracking.remediation);
    expect($('.rules-checked').length).toBe(sample11.sites.length);
    const checks = $('#site-1 .rules-checked');
    expect(checks.find('summary').text()).toBe('Rules checked: 11 rules: 9 passed, 1 not applicable, 1 disabled');
    const items = checks.find('li').map((_, li) => ({ id: $(li).find('code').text(), text: $(li).text(), cls: $(li).attr('class') })).get();
    expect(items.map((i) => i.id)).toEqual(sample11.rules!.map((r) => r.id));
    const disabled = items.find((i) => i.id === DISABLED_RULE)!;
    expect(disabled.cls).toBe('o-disabled');
    expect(disabled.text).toMatch(/^disabled /);
    const notApplicable = items.find((i) => i.id === NOT_APPLICABLE_RULE)!;
    expect(notApplicable.text).toContain(`not applicable`);
    expect(notApplicable.text).toContain(`(${NOT_APPLICABLE_REASON})`);
    expect(items.filter((i) => i.cls === 'o-pass')).toHaveLength(9);
    expect($('#site-2 .rules-checked summary').text()).toMatch(/^Rules checked: 11 rules: 6 failed, 3 passed, 1 not applicable, 1 disabled$/);
  });

  it('a rule the report describes but this version does not have renders with the report\'s title; a hostile rule text is escaped', () => {
    const r = structuredClone(sample11);
    const title = `A rule of another version ${XSS_SCRIPT}`;
    r.rules!.push({ id: 'retired-rule', title, severity: 'high', references: ['GDPR Art. 5'], rationale: `Why ${XSS_IMG}`, remediation: 'Fix it so.', checks: 'c', docPath: 'rules/retired-rule.md' });
    r.sites[1]!.ruleResults!.push({ ruleId: 'retired-rule', title, outcome: 'fail', findings: 1, reason: XSS_IMG });
    r.sites[1]!.findings.push({ ruleId: 'retired-rule', severity: 'high', outcome: 'fail', message: 'Retired.', evidence: [], references: [] });
    const html = renderHtml(r, { failOn: 'high' });
    expect(html).not.toContain(XSS_SCRIPT);
    expect(html).not.toContain('<img src=x');
    const $ = load(html);
    const block = $('.findings .rule').filter((_, el) => $(el).find('.rule-id').text() === 'retired-rule');
    expect(block.find('h3').text()).toBe(title);
    expect(block.find('.rule-doc').text()).toContain('Fix it so.');
    expect(block.find('.refs').text()).toContain('GDPR Art. 5');
    expect($('#site-2 .rules-checked li').last().text()).toContain(title);
    expect($('#site-2 .finding-links').text()).toContain(title);
  });

  it('judges the verdict with the verdict module for the threshold it is rendered with', () => {
    // The sample was made with --fail-on none (exit code 0); rendered at high its findings fail.
    expect(sample10.summary.exitCode).toBe(0);
    expect(load(renderHtml(sample10, { failOn: 'none' }))('.verdict-label').text()).toBe('PASS');
    expect(load(renderHtml(sample10, { failOn: 'high' }))('.verdict-label').text()).toBe('FAIL');
  });
});
