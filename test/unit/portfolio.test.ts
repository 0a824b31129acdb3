/**
 * The portfolio index of a batch scan: ranking, verdicts (threshold and baseline), totals, links,
 * the schema, and the HTML page's safety (escaping, relative links only, CSP hashes).
 */
import { createHash } from 'node:crypto';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { FailOn, Finding, PlanSummary, Severity, SiteReport } from '../../src/model/report.js';
import { exitCodeOf } from '../../src/finish/verdict.js';
import { buildPortfolioIndex, renderPortfolioJson, type PortfolioInput, type PortfolioSiteInput } from '../../src/finish/portfolio.js';
import { renderPortfolioHtml } from '../../src/render/portfolio-html.js';
import { portfolioSchema, validatePortfolioIndex } from '../../src/model/validate-portfolio.js';
import { autoconsentAction, cmpIdentity, unverified } from '../helpers/consent-records.js';

const XSS_IMG = '<img src=x onerror=alert(1)>';
const JS_URL = 'javascript:alert(1)';

const plan = (failOn: FailOn = 'high'): PlanSummary => ({
  urls: ['https://a.test/'],
  phases: ['before', 'accept', 'reject'],
  maxPages: 3,
  locale: 'en-GB',
  userAgent: 'test',
  timeoutMs: 30_000,
  quietMs: 500,
  maxWaitMs: 5_000,
  failOn,
  hostMap: [],
  ignoreHttpsErrors: false,
});

const finding = (severity: Severity, extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'tracking-before-consent', severity, outcome: 'fail', message: 'm', evidence: [], references: [], ...extra,
});
const review = (severity: Severity = 'medium'): Finding => finding(severity, { ruleId: 'tcf-consent-mismatch', outcome: 'needs-review' });
const many = (n: number, severity: Severity, extra: Partial<Finding> = {}): Finding[] => Array.from({ length: n }, () => finding(severity, extra));

const siteReport = (url: string, findings: Finding[] = [], extra: Partial<SiteReport> = {}): SiteReport => ({
  url,
  consent: {
    cmp: cmpIdentity('Klaro', { id: 'klaro', vendor: 'KIProtect GmbH' }),
    bannerFound: true,
    rejectOnFirstLayer: false,
    acceptOnFirstLayer: true,
    accept: autoconsentAction('Klaro'),
    reject: unverified(autoconsentAction('Klaro'), 'the TC string still records consent'),
  },
  pages: [{ url, phases: {} }, { url: `${url}about`, phases: {} }],
  errors: [],
  durationMs: 1234,
  findings,
  ...extra,
});

/** A scanned site whose reports were written to sites/<host>/. */
const scanned = (host: string, findings: Finding[] = [], extra: Partial<SiteReport> = {}): PortfolioSiteInput => ({
  url: `https://${host}/`,
  status: 'scanned',
  site: siteReport(`https://${host}/`, findings, extra),
  reportDir: `sites/${host}`,
  reportFiles: ['report.json', 'report.html'],
});
const pending = (host: string): PortfolioSiteInput => ({ url: `https://${host}/`, status: 'pending' });
const failed = (host: string, error = 'net::ERR_NAME_NOT_RESOLVED'): PortfolioSiteInput => scanned(host, [], { error, pages: [] });

const input = (sites: PortfolioSiteInput[], failOn: FailOn = 'high', extra: Partial<PortfolioInput> = {}): PortfolioInput => ({
  tool: { name: 'gdpr-scan', version: '0.1.0' },
  startedAt: new Date(Date.UTC(2025, 0, 2, 10, 0)),
  finishedAt: new Date(Date.UTC(2025, 0, 2, 10, 5)),
  complete: sites.every((s) => s.status === 'scanned'),
  plan: plan(failOn),
  failOn,
  sites,
  ...extra,
});

const hosts = (index: ReturnType<typeof buildPortfolioIndex>) => index.sites.map((e) => new URL(e.url).host);

describe('buildPortfolioIndex: ranking', () => {
  const index = buildPortfolioIndex(
    input([
      pending('pending-1.test'),
      scanned('high-2.test', many(2, 'high')),
      scanned('clean.test'),
      failed('down.test'),
      scanned('critical-1.test', [finding('critical'), finding('low')]),
      scanned('medium-3.test', many(3, 'medium')),
      scanned('review-2.test', [review(), review('critical')]),
      scanned('high-2-again.test', many(2, 'high')),
      scanned('high-2-review.test', [...many(2, 'high'), review()]),
      scanned('review-1.test', [review()]),
      pending('pending-2.test'),
      scanned('high-1-medium-9.test', [finding('high'), ...many(9, 'medium')]),
    ]),
  );

  it('puts fail sites first by (critical, high, medium, low) then needs review, then review-only, pass, error, pending', () => {
    expect(hosts(index)).toEqual([
      'critical-1.test', // one critical outranks any number of high
      'high-2-review.test', // same severities as the next two, more to review
      'high-2.test', // tie with high-2-again: the user's order
      'high-2-again.test',
      'high-1-medium-9.test', // fewer high findings, whatever the mediums
      'medium-3.test',
      'review-2.test',
      'review-1.test',
      'clean.test',
      'down.test',
      'pending-1.test',
      'pending-2.test',
    ]);
    expect(index.sites.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(index.sites.map((e) => e.status)).toEqual(['fail', 'fail', 'fail', 'fail', 'fail', 'fail', 'needs-review', 'needs-review', 'pass', 'error', 'pending', 'pending']);
  });

  it('is deterministic: the same input gives the same JSON', () => {
    const again = buildPortfolioIndex(input([pending('a.test'), scanned('b.test', many(2, 'low')), scanned('c.test', many(2, 'low'))]));
    expect(hosts(again)).toEqual(['b.test', 'c.test', 'a.test']);
    expect(renderPortfolioJson(again)).toBe(renderPortfolioJson(buildPortfolioIndex(input([pending('a.test'), scanned('b.test', many(2, 'low')), scanned('c.test', many(2, 'low'))]))));
  });

  it('describes each site: counts, worst severity, rules, consent, pages, error', () => {
    const top = index.sites[0]!;
    expect(top).toMatchObject({
      url: 'https://critical-1.test/',
      findingsBySeverity: { critical: 1, high: 0, medium: 0, low: 1 },
      needsReview: 0,
      worstSeverity: 'critical',
      pages: 2,
      durationMs: 1234,
      // The CMP by name (never autoconsent's rule), and each click's verdict.
      consent: {
        cmp: 'Klaro',
        bannerFound: true,
        rejectOnFirstLayer: false,
        accept: { done: true, verified: true, verification: 'the banner closed and the CMP recorded the choice' },
        reject: { done: true, verified: false, verification: 'the TC string still records consent' },
      },
    });
    expect(top.error).toBeUndefined();
    const down = index.sites.find((e) => e.status === 'error')!;
    expect(down).toMatchObject({ error: 'net::ERR_NAME_NOT_RESOLVED', verdict: null, worstSeverity: null, pages: 0 });
    expect(down.consent).toBeUndefined();
    const notYet = index.sites.find((e) => e.status === 'pending')!;
    expect(notYet).toMatchObject({ verdict: null, pages: 0 });
    expect(notYet.links).toBeUndefined();
    expect(notYet.durationMs).toBeUndefined();
  });

  it('lists failed rules worst severity first, then by count, then id', () => {
    const rules = buildPortfolioIndex(
      input([
        scanned('a.test', [
          ...many(3, 'low', { ruleId: 'cookie-lifetime-excessive' }),
          ...many(1, 'medium', { ruleId: 'google-fonts-before-consent' }),
          ...many(2, 'high', { ruleId: 'tracking-after-reject' }),
          ...many(1, 'high', { ruleId: 'embed-before-consent' }),
          finding('high', { ruleId: 'cookie-lifetime-excessive' }),
          review('critical'),
        ]),
      ]),
    ).sites[0]!.failedRules;
    expect(rules).toEqual([
      { ruleId: 'cookie-lifetime-excessive', severity: 'high', count: 4 },
      { ruleId: 'tracking-after-reject', severity: 'high', count: 2 },
      { ruleId: 'embed-before-consent', severity: 'high', count: 1 },
      { ruleId: 'google-fonts-before-consent', severity: 'medium', count: 1 },
    ]);
  });

  it('treats a scanned site without a report as an error, and marks resumed sites', () => {
    const index2 = buildPortfolioIndex(input([{ url: 'https://gone.test/', status: 'scanned' }, { ...scanned('old.test'), resumed: true }]));
    expect(index2.sites[0]).toMatchObject({ url: 'https://old.test/', status: 'pass', resumed: true });
    expect(index2.sites[1]).toMatchObject({ url: 'https://gone.test/', status: 'error', error: expect.any(String) });
    expect(index2.sites[1]!.resumed).toBeUndefined();
  });
});

describe('buildPortfolioIndex: verdict', () => {
  const verdictOf = (findings: Finding[], failOn: FailOn, extra: Partial<PortfolioSiteInput> = {}) =>
    buildPortfolioIndex(input([{ ...scanned('a.test', findings), ...extra }], failOn)).sites[0]!;

  it('fails at or above failOn, counting only outcome fail', () => {
    expect(verdictOf([finding('medium')], 'high')).toMatchObject({ status: 'fail', verdict: 'pass', gatingFindings: 0 });
    expect(verdictOf([finding('medium')], 'medium')).toMatchObject({ status: 'fail', verdict: 'fail', gatingFindings: 1 });
    expect(verdictOf([finding('critical'), finding('high'), finding('low')], 'high')).toMatchObject({ verdict: 'fail', gatingFindings: 2 });
    expect(verdictOf([review('critical')], 'low')).toMatchObject({ status: 'needs-review', verdict: 'pass', gatingFindings: 0 });
    expect(verdictOf([finding('critical')], 'none')).toMatchObject({ status: 'fail', verdict: 'pass', gatingFindings: 0 });
    expect(verdictOf([], 'low')).toMatchObject({ status: 'pass', verdict: 'pass' });
  });

  it('agrees with the verdict module (exitCodeOf) on every threshold and mix', () => {
    const mixes: Finding[][] = [[], [finding('low')], [finding('medium'), review('critical')], [finding('high')], [finding('critical'), finding('low')]];
    for (const failOn of ['none', 'low', 'medium', 'high', 'critical'] as const) {
      for (const findings of mixes) {
        expect(verdictOf(findings, failOn).verdict).toBe(exitCodeOf([{ findings }], { failOn, baselineCompared: false }) === 1 ? 'fail' : 'pass');
      }
    }
  });

  it('with a baseline comparison only new findings gate; existing ones still count and rank', () => {
    const known = verdictOf([finding('critical', { baseline: 'existing' }), finding('low', { baseline: 'new' })], 'high');
    expect(known).toMatchObject({ status: 'fail', verdict: 'pass', gatingFindings: 0, baselineCompared: true, worstSeverity: 'critical' });
    expect(known.findingsBySeverity).toMatchObject({ critical: 1, low: 1 });
    expect(verdictOf([finding('critical', { baseline: 'existing' }), finding('high', { baseline: 'new' })], 'high')).toMatchObject({
      verdict: 'fail',
      gatingFindings: 1,
    });
    // Told explicitly: a compared report whose findings lack marks gates nothing; not compared gates all.
    expect(verdictOf([finding('high')], 'high', { baselineCompared: true })).toMatchObject({ verdict: 'pass', baselineCompared: true });
    expect(verdictOf([finding('high')], 'high')).toMatchObject({ verdict: 'fail', baselineCompared: false });
  });
});

describe('buildPortfolioIndex: summary and envelope', () => {
  const index = buildPortfolioIndex(
    input(
      [
        scanned('a.test', [finding('high'), finding('low'), review()]),
        scanned('b.test', [finding('medium')]),
        scanned('c.test', [review()]),
        scanned('d.test'),
        failed('e.test'),
        pending('f.test'),
      ],
      'high',
      { complete: false, interrupted: true },
    ),
  );

  it('totals sites by status and findings by severity', () => {
    expect(index.summary).toEqual({
      sites: 6,
      scanned: 4,
      failing: 2,
      failingGate: 1,
      passing: 1,
      needsReview: 1,
      errors: 1,
      pending: 1,
      findingsBySeverity: { low: 1, medium: 1, high: 1, critical: 0 },
    });
  });

  it('records the run: version, dates, state, threshold', () => {
    expect(index).toMatchObject({
      schemaVersion: '1.1.0',
      tool: { name: 'gdpr-scan', version: '0.1.0' },
      startedAt: '2025-01-02T10:00:00.000Z',
      finishedAt: '2025-01-02T10:05:00.000Z',
      complete: false,
      interrupted: true,
      failOn: 'high',
    });
    expect(buildPortfolioIndex(input([scanned('a.test')]))).not.toHaveProperty('interrupted');
  });

  it('renders JSON with 2-space indentation and a trailing newline', () => {
    const json = renderPortfolioJson(index);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json).toContain('\n  "schemaVersion": "1.1.0",');
    expect(JSON.parse(json)).toEqual(index);
  });
});

describe('buildPortfolioIndex: links', () => {
  it('links every report file relative to the index, the HTML first', () => {
    const entry = buildPortfolioIndex(input([scanned('www.shop.test')])).sites[0]!;
    expect(entry.links).toEqual({
      dir: 'sites/www.shop.test',
      files: [
        { name: 'report.json', href: 'sites/www.shop.test/report.json' },
        { name: 'report.html', href: 'sites/www.shop.test/report.html' },
      ],
      primary: { name: 'report.html', href: 'sites/www.shop.test/report.html' },
    });
  });

  it('falls back to report.json, and percent-encodes segments so none reads as a scheme', () => {
    const entry = buildPortfolioIndex(
      input([{ ...scanned('a.test'), reportDir: 'www.shop.test:8443/', reportFiles: ['report.md', 'report.json'] }]),
    ).sites[0]!;
    expect(entry.links?.primary).toEqual({ name: 'report.json', href: 'www.shop.test%3A8443/report.json' });
  });

  it('refuses a report folder outside the index, or a file name with a path', () => {
    for (const reportDir of ['/etc', '../elsewhere', 'sites/../..', 'sites\\a', '']) {
      expect(() => buildPortfolioIndex(input([{ ...scanned('a.test'), reportDir }]))).toThrow(/reportDir/);
    }
    expect(() => buildPortfolioIndex(input([{ ...scanned('a.test'), reportFiles: ['../x.html'] }]))).toThrow(/file name/);
  });
});

describe('index.schema.json', () => {
  const full = buildPortfolioIndex(
    input(
      [
        scanned('a.test', [finding('critical', { baseline: 'existing' }), finding('high', { baseline: 'new' }), review()]),
        { ...scanned('b.test', [], { finalUrl: 'https://www.b.test/' }), resumed: true },
        scanned('c.test', [review()], { consent: { cmp: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null } }),
        failed('d.test'),
        pending('e.test'),
      ],
      'medium',
      { complete: false, interrupted: true },
    ),
  );

  it('accepts built indexes', () => {
    expect(validatePortfolioIndex(JSON.parse(renderPortfolioJson(full)))).toEqual([]);
    expect(validatePortfolioIndex(buildPortfolioIndex(input([])))).toEqual([]);
    expect(validatePortfolioIndex(buildPortfolioIndex(input([scanned('a.test')], 'none')))).toEqual([]);
  });

  it('rejects drift: unknown properties, a missing error, an absolute href, a verdict on a pending site', () => {
    const copy = () => JSON.parse(renderPortfolioJson(full)) as Record<string, any>;
    const extra = copy();
    extra.sites[0].extra = 1;
    expect(validatePortfolioIndex(extra)).toContain('/sites/0 must NOT have additional properties: extra');
    const noError = copy();
    delete noError.sites[3].error;
    expect(validatePortfolioIndex(noError).join('\n')).toMatch(/\/sites\/3 must have required property 'error'/);
    const absolute = copy();
    absolute.sites[0].links.primary.href = JS_URL;
    expect(validatePortfolioIndex(absolute).join('\n')).toMatch(/\/sites\/0\/links\/primary\/href must match pattern/);
    const judgedPending = copy();
    judgedPending.sites[4].verdict = 'pass';
    expect(validatePortfolioIndex(judgedPending).join('\n')).toMatch(/\/sites\/4\/verdict/);
  });

  it('takes PlanSummary and FailOn from the report schema', () => {
    expect(portfolioSchema.$defs.PlanSummary).toEqual({ $ref: 'report.schema.json#/$defs/PlanSummary' });
    const index = JSON.parse(renderPortfolioJson(full)) as Record<string, any>;
    index.plan.secret = 'x';
    index.failOn = 'sometimes';
    const errors = validatePortfolioIndex(index);
    expect(errors).toContain('/plan must NOT have additional properties: secret');
    expect(errors.join('\n')).toMatch(/\/failOn must be equal to one of the allowed values/);
  });
});

describe('renderPortfolioHtml', () => {
  const hostile: PortfolioSiteInput = {
    url: JS_URL,
    status: 'scanned',
    site: siteReport(JS_URL, [finding('critical', { ruleId: XSS_IMG })], {
      finalUrl: `https://x.test/?q=${XSS_IMG}`,
      consent: {
        cmp: cmpIdentity(XSS_IMG),
        bannerFound: true,
        rejectOnFirstLayer: true,
        acceptOnFirstLayer: true,
        accept: autoconsentAction('x'),
        reject: unverified(autoconsentAction('x'), `the banner stayed ${XSS_IMG}`),
      },
    }),
    reportDir: 'sites/javascript-alert-1',
    reportFiles: ['report.json', 'report.html', 'report.md'],
  };
  const index = buildPortfolioIndex(
    input(
      [
        scanned('www.shop.test', [finding('high')]),
        hostile,
        { ...failed('broken.test', `TLS error ${XSS_IMG}`), url: `https://broken.test/${XSS_IMG}` },
        { ...scanned('json-only.test'), reportFiles: ['report.json'] },
        pending('later.test'),
      ],
      'high',
      { complete: false, interrupted: true },
    ),
  );
  const html = renderPortfolioHtml(index, { generatedBy: 'gdpr-scan 0.1.0 (test)' });
  const $ = cheerio.load(html);

  it('has a strict CSP whose hashes match the inline style and script', () => {
    const csp = $('meta[http-equiv="Content-Security-Policy"]').attr('content') ?? '';
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    expect($('style').length).toBe(1);
    expect($('script').length).toBe(1);
    expect(csp).toBe(`default-src 'none'; style-src ${hash($('style').text())}; script-src ${hash($('script').text())}; base-uri 'none'; form-action 'none'`);
    expect(csp).not.toContain('unsafe');
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  it('links only to the reports we wrote, by relative paths', () => {
    const hrefs = $('[href]').map((_, el) => $(el).attr('href')).get();
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^sites\/[a-z0-9.-]+\/report\.(html|json|md)$/);
    expect($('a[href="sites/www.shop.test/report.html"]').text()).toBe('https://www.shop.test/');
    // Without report.html, the site links its JSON report.
    expect($('a[href="sites/json-only.test/report.json"]').text()).toBe('https://json-only.test/');
    expect(html).not.toMatch(/\b(?:src|href|action)\s*=\s*["']?\s*(?:https?:|\/\/|javascript:)/i);
    expect($('link, iframe, object, embed, base, form, img').length).toBe(0);
  });

  it('escapes everything a website controls and never makes a site URL a link', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    const attributes = $('*').toArray().flatMap((el) => Object.keys((el as unknown as { attribs: Record<string, string> }).attribs ?? {}));
    expect(attributes.filter((a) => a.startsWith('on'))).toEqual([]);
    // The javascript: URL is the text of a link to its report folder, not a link target.
    const jsLink = $('a').filter((_, a) => $(a).text() === JS_URL);
    expect(jsLink.attr('href')).toBe('sites/javascript-alert-1/report.html');
    expect($(`tr:contains("${JS_URL}") .consent-cell .name`).text()).toBe(XSS_IMG);
    expect($(`tr:contains("${JS_URL}") .consent-cell .click-reason`).text()).toBe(`the banner stayed ${XSS_IMG}`);
    expect($('.site-error').text()).toBe(`TLS error ${XSS_IMG}`);
  });

  it('shows the ranking, the verdicts and the run state', () => {
    const rows = $('table.portfolio-table tbody tr');
    expect(rows.length).toBe(5);
    expect(rows.map((_, r) => $(r).find('td').first().text()).get()).toEqual(['1', '2', '3', '4', '5']);
    expect(rows.map((_, r) => $(r).find('.verdict-badge').text()).get()).toEqual(['Fail', 'Fail', 'Pass', 'Error', 'Not scanned']);
    expect(rows.last().text()).toContain('not scanned yet — rerun with --resume');
    expect($('.run-state').text()).toContain('Interrupted: 1 of 5 sites not scanned yet — rerun with --resume');
    expect($('.verdict-label').text()).toBe('FAIL');
    expect($('footer').text()).toContain('gdpr-scan 0.1.0 (test)');
  });

  it('says for each site whether its consent clicks were verified, and why not', () => {
    const cell = $('tr:contains("https://www.shop.test/") .consent-cell');
    expect(cell.find('.name').text()).toBe('Klaro');
    expect(cell.find('.click-verdict').map((_, s) => ({ text: $(s).text(), cls: $(s).attr('class') })).get()).toEqual([
      { text: 'Accept click: verified', cls: 'click-verdict tone-good' },
      { text: 'Reject click: NOT verified', cls: 'click-verdict tone-bad' },
    ]);
    expect(cell.find('.click-reason').text()).toBe('the TC string still records consent');
  });

  it('names failing rules by the titles it is given, else by id (never from the rule registry)', () => {
    const one = buildPortfolioIndex(input([scanned('a.test', [finding('high', { ruleId: 'tracking-before-consent' }), finding('high', { ruleId: 'retired-rule' })])]));
    const ruleTexts = (page: cheerio.CheerioAPI) => page('tbody ul.rules li').map((_, li) => page(li).text()).get();
    expect(ruleTexts(cheerio.load(renderPortfolioHtml(one, {})))).toEqual(['highretired-rule ×1', 'hightracking-before-consent ×1']);
    const titled = cheerio.load(renderPortfolioHtml(one, { rules: [{ id: 'retired-rule', title: `A rule of another version ${XSS_IMG}` }] }));
    expect(ruleTexts(titled)).toEqual([`highA rule of another version ${XSS_IMG} ×1`, 'hightracking-before-consent ×1']);
    expect(titled('tbody ul.rules img').length).toBe(0);
  });

  it('says when findings stay under the threshold, and when the batch is complete', () => {
    const calm = buildPortfolioIndex(input([scanned('a.test', [finding('medium')])]));
    const page = cheerio.load(renderPortfolioHtml(calm, {}));
    expect(page('tbody .verdict-badge.v-warn').text()).toBe('Findings');
    expect(page('tbody .note').text()).toBe('none at high or higher');
    expect(page('.run-state').text()).toBe('Complete: every site was visited (1 site).');
    expect(page('.verdict-label').text()).toBe('PASS');
  });
});
