import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model/report.js';
import { escapeMarkdown, renderMarkdown } from '../../src/render/markdown.js';
import { autoconsentAction, cmpIdentity, unverified } from '../helpers/consent-records.js';
import { readSample } from '../helpers/report-samples.js';

/** A real demo report, trimmed (4 sites, 2 pages each, 17 findings: high 7, medium 6, low 4). */
const sample = readSample('1.0');
const fresh = (): Report => structuredClone(sample);

const HOSTILE = 'x|y `tick` <script>alert(1)</script> "><img src=x onerror=alert(1)> [click](javascript:alert(1)) **b** _i_ @octocat $E=mc^2$ ~~s~~ &amp;\n# Heading\r\n| forged | row |\u0000\u0007\u001b[31m';

/** Table rows of the output: lines starting with a pipe. */
const tableRows = (md: string): string[] => md.split('\n').filter((line) => line.startsWith('|'));
/** Cell separators: pipes not escaped with a backslash. */
const separators = (line: string): number => (line.match(/(?<!\\)\|/g) ?? []).length;

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'tracking-before-consent',
    severity: 'high',
    outcome: 'fail',
    phase: 'before',
    pageUrl: 'https://www.tracking-mag.test/',
    message: 'Tracked.',
    evidence: [],
    references: ['GDPR Art. 7'],
    ...overrides,
  };
}

describe('renderMarkdown on a recorded report', () => {
  const md = renderMarkdown(sample, { failOn: 'high' });

  it('an old report (schema 1.0) shows exactly the rules of its findings; its 1.1 form renders the same', () => {
    const ruleCells = tableRows(md)
      .filter((line) => /^\| (critical|high|medium|low)/.test(line))
      .map((row) => row.split(' | ')[1]!);
    const named = new Set(sample.sites.flatMap((s) => s.findings.map((f) => f.ruleId)));
    expect(new Set(ruleCells)).toEqual(new Set([...named].map((id) => `\`${id}\``)));
    // Rule cells are the findings' rule ids: the rules a 1.1 report describes (one disabled, one not applicable) add nothing.
    const sample11 = readSample('1.1');
    expect(renderMarkdown(sample11, { failOn: 'high' })).toBe(md);
    expect(md).not.toContain('session-replay-before-consent');
  });

  it('names the emulated device in its footer, when the report records one', () => {
    expect(md).not.toContain('device:');
    const mobile = fresh();
    mobile.plan.device = { name: 'iPhone 15', viewport: { width: 393, height: 659 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
    expect(renderMarkdown(mobile, { failOn: 'high' }).trimEnd().split('\n').at(-1)).toMatch(/^<sub>.* · device: iPhone 15 \(393×659 at 3x, mobile, touch\)<\/sub>$/);
  });

  it('starts with the verdict against fail-on', () => {
    expect(md.split('\n')[0]).toBe('## ❌ GDPR scan failed: 7 findings at or above high');
    expect(renderMarkdown(sample, { failOn: 'critical' }).split('\n')[0]).toBe('## ✅ GDPR scan passed: no findings at or above critical');
    expect(renderMarkdown(sample, { failOn: 'none' }).split('\n')[0]).toBe('## ✅ GDPR scan passed (fail-on: none)');
    expect(renderMarkdown(sample, { failOn: 'low' }).split('\n')[0]).toBe('## ❌ GDPR scan failed: 17 findings at or above low');
  });

  it('has one table row per site with its counts by severity', () => {
    const header = tableRows(md)[0]!;
    expect(header).toBe('| Site | Critical | High | Medium | Low | Needs review | Status |');
    for (const site of sample.sites) {
      const row = tableRows(md).find((line) => line.startsWith(`| ${site.url} |`));
      expect(row, site.url).toBeDefined();
      const count = (s: string) => String(site.findings.filter((f) => f.severity === s && f.outcome === 'fail').length);
      expect(row).toBe(`| ${site.url} | ${count('critical')} | ${count('high')} | ${count('medium')} | ${count('low')} | 0 | scanned |`);
    }
  });

  it('lists every finding (17 ≤ 20), worst first, with rule, page, phase and message', () => {
    expect(md).toContain('### Findings (17)');
    const rows = tableRows(md).filter((line) => /^\| (critical|high|medium|low)/.test(line));
    expect(rows).toHaveLength(17);
    const order = rows.map((row) => row.split(' | ')[0]!.slice(2));
    expect(order).toEqual([...order].sort((a, b) => ['high', 'medium', 'low'].indexOf(a) - ['high', 'medium', 'low'].indexOf(b)));
    expect(rows[0]).toMatch(/^\| high \| `[a-z-]+` \| https:\/\/www\.[a-z-]+\.test\/ \| \/[^|]* \| (before|accept|reject|–) \| .+ \|$/);
    expect(md).toContain('`tracking-before-consent`');
  });

  it('caps the list at maxFindings and says how many more there are', () => {
    const report = fresh();
    report.sites[0]!.findings = Array.from({ length: 30 }, (_, i) => finding({ message: `Finding ${i}`, pageUrl: `${report.sites[0]!.url}p${i}` }));
    const out = renderMarkdown(report, { failOn: 'high' });
    expect(out).toContain('### Top findings (20 of 47)');
    expect(tableRows(out).filter((line) => /^\| (high|medium|low)/.test(line))).toHaveLength(20);
    expect(out).toContain('_…and 27 more in the full report._');
    expect(renderMarkdown(report, { failOn: 'high', maxFindings: 5 })).toContain('_…and 42 more in the full report._');
  });

  it('marks needs-review findings, which never fail the run', () => {
    const report = fresh();
    for (const site of report.sites) site.findings = [];
    report.sites[1]!.findings = [finding({ outcome: 'needs-review', severity: 'critical', message: 'Could not decide.' })];
    const out = renderMarkdown(report, { failOn: 'low' });
    expect(out.split('\n')[0]).toBe('## ✅ GDPR scan passed: no findings at or above low');
    expect(out).toContain('| critical · needs review |');
    expect(out).toContain('1 to review');
  });

  it('reports a scan that could not run', () => {
    const report = fresh();
    for (const site of report.sites) site.error = 'net::ERR_NAME_NOT_RESOLVED';
    const out = renderMarkdown(report, { failOn: 'high' });
    expect(out.split('\n')[0]).toBe('## ⚠️ GDPR scan could not run');
    expect(out).toContain('error: net::ERR\\_NAME\\_NOT\\_RESOLVED');
  });

  it('ends with the generator line', () => {
    expect(md.trimEnd().split('\n').at(-1)).toBe(`<sub>gdpr-scan 0.1.0 · ${sample.finishedAt}</sub>`);
    expect(renderMarkdown(sample, { failOn: 'high', generatedBy: 'CI <job> 12' })).toContain('<sub>CI &lt;job&gt; 12 · ');
  });
});

describe('renderMarkdown with a baseline', () => {
  function withBaseline(): Report {
    const report = fresh();
    const all = report.sites.flatMap((s) => s.findings);
    all.forEach((f, i) => {
      f.fingerprint = `fp${i}`;
      f.baseline = 'existing';
    });
    all[0]!.baseline = 'new'; // high (tracking-after-reject on tracking-mag)
    const low = all.find((f) => f.severity === 'low')!;
    low.baseline = 'new';
    report.baseline = {
      path: 'baseline/report.json',
      newFindings: 2,
      existingFindings: all.length - 2,
      resolved: [
        { fingerprint: 'gone1', siteUrl: 'https://www.no-banner.test/', ruleId: 'google-fonts-before-consent', severity: 'medium', phase: 'before', pageUrl: 'https://www.no-banner.test/old.html', message: 'Google Fonts were loaded.' },
      ],
    };
    return report;
  }

  it('fails on new findings only, and has New / Still present / Resolved sections', () => {
    const report = withBaseline();
    const out = renderMarkdown(report, { failOn: 'high' });
    expect(out.split('\n')[0]).toBe('## ❌ GDPR scan failed: 1 new finding at or above high');
    expect(out).toContain('baseline baseline/report.json: 2 new, 15 still present, 1 resolved');
    const newAt = out.indexOf('### New (2)');
    const stillAt = out.indexOf('### Still present (15)');
    const resolvedAt = out.indexOf('### Resolved (1)');
    expect(newAt).toBeGreaterThan(0);
    expect(stillAt).toBeGreaterThan(newAt);
    expect(resolvedAt).toBeGreaterThan(stillAt);
    const newSection = out.slice(newAt, stillAt);
    expect(tableRows(newSection).filter((l) => /^\| (high|low)/.test(l))).toHaveLength(2);
    expect(out.slice(resolvedAt)).toContain('| medium | `google-fonts-before-consent` | https://www.no-banner.test/ | /old.html | before | Google Fonts were loaded. |');
    // Still present is context: at most 10 rows.
    expect(tableRows(out.slice(stillAt, resolvedAt)).filter((l) => /^\| (high|medium|low)/.test(l))).toHaveLength(10);
    // The sites table gains a New column.
    expect(tableRows(out)[0]).toBe('| Site | Critical | High | Medium | Low | Needs review | New | Status |');
  });

  it('passes when nothing is new', () => {
    const report = withBaseline();
    for (const f of report.sites.flatMap((s) => s.findings)) f.baseline = 'existing';
    report.baseline!.resolved = [];
    const out = renderMarkdown(report, { failOn: 'low' });
    expect(out.split('\n')[0]).toBe('## ✅ GDPR scan passed: no new findings at or above low');
    expect(out).toContain('### New (0)\n\nNo new findings.');
    expect(out).toContain('### Resolved (0)\n\nNone.');
  });
});

describe('Markdown escaping of what a site controls', () => {
  it('escapes pipes, backticks, HTML, links, emphasis, math and mentions, and flattens lines', () => {
    const out = escapeMarkdown(HOSTILE);
    expect(out).not.toMatch(/[\n\r\u0000\u0007\u001b]/);
    expect(out).not.toMatch(/</);
    expect(out).not.toMatch(/>/);
    expect(separators(out)).toBe(0);
    expect(out).not.toMatch(/(?<!\\)`/);
    expect(out).not.toMatch(/(?<!\\)[*_[\]$~]/);
    expect(out).toContain('&lt;script&gt;');
    expect(out).toContain('&amp;amp;');
    expect(out).toContain('@\u200boctocat');
    expect(out).toContain('\\# Heading');
  });

  it('shortens long values', () => {
    expect(escapeMarkdown('a'.repeat(500), 50)).toBe(`${'a'.repeat(49)}…`);
  });

  it('keeps every table intact when URLs, messages and errors are hostile', () => {
    const report = fresh();
    const site = report.sites[0]!;
    site.url = `https://evil.test/${HOSTILE}`;
    site.findings = [finding({ message: HOSTILE, pageUrl: `https://other.test/${HOSTILE}`, ruleId: `bad|rule\`${HOSTILE}` })];
    report.sites[1]!.error = HOSTILE;
    report.baseline = {
      path: HOSTILE,
      newFindings: 1,
      existingFindings: 0,
      resolved: [{ fingerprint: 'x', siteUrl: HOSTILE, ruleId: 'tracking-before-consent', severity: 'high', pageUrl: HOSTILE, message: HOSTILE }],
    };
    site.findings[0]!.baseline = 'new';
    const out = renderMarkdown(report, { failOn: 'high', generatedBy: HOSTILE });
    expect(out).not.toMatch(/<(?!\/?sub>)/); // no HTML but our own <sub>
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).not.toMatch(/(?<!\\)\[click\]/);
    expect(out).not.toMatch(/(?<!\u200b)@octocat/);
    expect(out).not.toMatch(/\u0000|\u0007|\u001b|\r/);
    for (const line of out.split('\n')) {
      expect(line.startsWith('| forged'), line).toBe(false);
      expect(line.startsWith('# Heading'), line).toBe(false);
    }
    // Every row of a table has as many cell separators as its header.
    const blocks = out.split('\n\n').map(tableRows).filter((rows) => rows.length > 0);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const rows of blocks) {
      const expected = separators(rows[0]!);
      for (const row of rows) expect(separators(row), row).toBe(expected);
    }
  });
});

describe('renderMarkdown: consent clicks', () => {
  /** The sample as a 1.2 report: the Klaro site's accept verified, its reject went through but nothing verified it. */
  function current(): Report {
    const report = fresh();
    report.schemaVersion = '1.2.0';
    const klaro = report.sites[0]!;
    klaro.consent.cmp = cmpIdentity('Klaro', { vendor: 'KIProtect GmbH', detectedBy: ['global', 'autoconsent'] });
    klaro.consent.accept = autoconsentAction('Klaro', { signals: [{ kind: 'consent-record', confirms: true, detail: 'cookie klaro' }, { kind: 'gated-tags', confirms: true, detail: '2 tags' }] });
    klaro.consent.reject = unverified(autoconsentAction('Klaro'), `the TC string still | consents <b>${HOSTILE}</b>`);
    for (const site of report.sites.slice(1)) {
      for (const choice of ['accept', 'reject'] as const) {
        const action = site.consent[choice];
        if (action?.done) site.consent[choice] = { ...action, verified: true, verification: 'the banner closed' };
      }
    }
    return report;
  }

  it('warns of an unverified click before the tables, with the reason, escaped', () => {
    const out = renderMarkdown(current(), { failOn: 'high' });
    const warnings = out.split('\n').filter((l) => l.startsWith('> ⚠️'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^> ⚠️ https:\/\/www\.klaro-shop\.test\/: The scanner's reject click could not be verified: the TC string still \\\| consents &lt;b&gt;.*\. Findings that depend on it are needs-review\.$/);
    expect(out.indexOf('> ⚠️')).toBeLessThan(out.indexOf('| Site |'));
    expect(out).not.toContain('<b>');
  });

  it('says per site which CMP, and whether each click was verified and how it was made', () => {
    const out = renderMarkdown(current(), { failOn: 'high' });
    const section = out.slice(out.indexOf('### Consent clicks'));
    const line = section.split('\n').find((l) => l.startsWith('- https://www.klaro-shop.test/'))!;
    expect(line).toContain('CMP: Klaro by KIProtect GmbH, identified by global, autoconsent');
    expect(line).toContain('accept: verified (consent-record, gated-tags) (autoconsent rule “Klaro”)');
    expect(line).toContain('reject: NOT verified: the TC string still \\| consents');
    expect(section).toContain('- https://www.no-banner.test/: CMP: none · accept: not done: no consent banner found · reject: not done: no consent banner found');
    // Verified, but by nothing this test recorded: no signal kinds to name.
    expect(section).toContain('- https://www.settings-first.test/: CMP: not identified · accept: verified (heuristics, first layer, clicked “Accept all”) · reject: not done: banner found but no reject control recognised');
  });

  it('has no warning when every click that went through was verified', () => {
    const report = current();
    report.sites[0]!.consent.reject = autoconsentAction('Klaro');
    expect(renderMarkdown(report, { failOn: 'high' })).not.toContain('> ⚠️');
  });

  it('says of an old report, once per site, that its clicks were recorded before clicks were verified', () => {
    const md = renderMarkdown(sample, { failOn: 'high' });
    const warnings = md.split('\n').filter((l) => l.startsWith('> ⚠️'));
    // The Klaro and cookieconsent sites clicked both, the settings-first site only accepted; the no-banner site clicked nothing.
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('The scanner\'s accept and reject clicks were not verified: this report was recorded by gdpr-scan before clicks were verified');
    expect(warnings.join('\n')).not.toContain('needs-review');
  });
});

describe('renderMarkdown: page discovery', () => {
  const notes = {
    robots: { url: 'https://www.klaro-shop.test/robots.txt', outcome: 'found' as const, httpStatus: 200, respected: true, crawlDelaySeconds: 2, sitemapCount: 1 },
    sitemaps: [{ url: 'https://www.klaro-shop.test/sitemap.xml', kind: 'urlset' as const, entries: 9 }],
    sitemapUrls: 9,
    sitemapsPending: false,
    pagesDiscovered: 14,
    skipped: { robots: 1, patterns: 2, depth: 0 },
    robotsSkippedExamples: ['https://www.klaro-shop.test/private/'],
    limitedByMaxPages: true,
  };

  it('adds one line per site that has notes, after the findings', () => {
    const report = fresh();
    report.sites[0]!.discovery = notes;
    report.sites[2]!.discovery = { ...notes, robots: { url: notes.robots.url, outcome: 'missing', httpStatus: 404, respected: true, sitemapCount: 0 }, skipped: { robots: 0, patterns: 0, depth: 0 }, limitedByMaxPages: false };
    const out = renderMarkdown(report, { failOn: 'high' });
    const section = out.slice(out.indexOf('### Page discovery'));
    expect(out.indexOf('### Page discovery')).toBeGreaterThan(out.indexOf('### Findings'));
    expect(section.split('\n').filter((line) => line.startsWith('- '))).toEqual([
      `- ${report.sites[0]!.url}: robots.txt found (respected); Crawl-delay 2 s; 1 sitemap with 9 page URLs; 14 page URLs known; skipped 1 by robots.txt, 2 by --include/--exclude; cut by --max-pages`,
      `- ${report.sites[2]!.url}: no robots.txt; 1 sitemap with 9 page URLs; 14 page URLs known`,
    ]);
  });

  it('has no section when no site has notes (reports of older versions)', () => {
    expect(renderMarkdown(fresh(), { failOn: 'high' })).not.toContain('Page discovery');
  });

  it('escapes the site URL', () => {
    const report = fresh();
    report.sites[0]!.url = `https://evil.test/${HOSTILE}`;
    report.sites[0]!.discovery = notes;
    const line = renderMarkdown(report, { failOn: 'high' }).split('\n').find((l) => l.startsWith('- https://evil.test/'))!;
    expect(line).not.toContain('<script');
    expect(line).toContain('\\|');
  });
});

describe('renderMarkdown of an interrupted run', () => {
  it('says the run is incomplete, names the pending sites (escaped) and how to finish', () => {
    const r = fresh();
    r.incomplete = { reason: 'interrupted', pendingSites: ['https://a.test/', HOSTILE] };
    const md = renderMarkdown(r, { failOn: 'high' });
    const line = md.split('\n').find((l) => l.includes('Incomplete'))!;
    expect(line).toMatch(/^> ⚠️ Incomplete: the run was interrupted; 2 sites not scanned \(https:\/\/a\.test\/, .*\)\. Run the same command with `--resume` to finish it\.$/);
    expect(line).not.toContain('<script>');
    expect(renderMarkdown(fresh(), { failOn: 'high' })).not.toContain('Incomplete');
  });
});
