import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Phase, PhaseEvidence } from '../../src/model/evidence.js';
import type { FailOn, Finding, PlanSummary, Report, SiteReport } from '../../src/model/report.js';
import { UsageError } from '../../src/plan/from-args.js';
import { assembleReport, summarize } from '../../src/finish/assemble.js';
import { BaselineError, compareFindings, loadBaseline } from '../../src/finish/baseline.js';
import { addFingerprints, fingerprintFinding } from '../../src/judge/fingerprint.js';
import { renderJson } from '../../src/render/json.js';
import { validateReport } from '../../src/model/validate.js';

/** An assembled report compared with a baseline as finish() does it: findings marked, summary derived again. */
function compareWithBaseline(current: Report, baseline: Report, path: string): Report {
  current.baseline = compareFindings(current.sites, baseline, path);
  current.summary = summarize(current.sites, current.plan.failOn, true);
  return current;
}

const SITE = 'https://shop.test/';
const PAGES = ['https://shop.test/', 'https://shop.test/about'];

function plan(failOn: FailOn = 'high'): PlanSummary {
  return {
    urls: [SITE],
    phases: ['before', 'accept', 'reject'],
    maxPages: 2,
    locale: 'en-US',
    userAgent: 'Mozilla/5.0',
    timeoutMs: 30_000,
    quietMs: 500,
    maxWaitMs: 8_000,
    failOn,
    hostMap: [],
    ignoreHttpsErrors: false,
  };
}

const okPhase = (): PhaseEvidence<never, never> => ({ status: 'ok', requests: [], cookies: [], refusedCookies: [], storage: [], durationMs: 10 });

function site(findings: Finding[], options: { url?: string; pages?: string[]; phases?: Phase[]; error?: string } = {}): SiteReport {
  const phases = options.phases ?? ['before', 'accept', 'reject'];
  return {
    url: options.url ?? SITE,
    ...(options.error ? { error: options.error } : {}),
    consent: { cmp: null, bannerFound: true, rejectOnFirstLayer: true, acceptOnFirstLayer: true },
    pages: (options.pages ?? PAGES).map((url) => ({ url, phases: Object.fromEntries(phases.map((p) => [p, okPhase()])) })),
    errors: [],
    durationMs: 100,
    findings,
  };
}

function report(sites: SiteReport[], failOn: FailOn = 'high'): Report {
  return assembleReport({
    tool: { name: 'gdpr-scan', version: '0.1.0' },
    startedAt: new Date('2025-01-01T10:00:00Z'),
    finishedAt: new Date('2025-01-01T10:01:00Z'),
    plan: plan(failOn),
    sites,
    errors: [],
  });
}

const ga: Finding = {
  ruleId: 'tracking-before-consent',
  severity: 'high',
  outcome: 'fail',
  phase: 'before',
  pageUrl: 'https://shop.test/',
  message: 'Google Analytics received data before consent.',
  evidence: [{ kind: 'request', value: 'https://www.google-analytics.com/g/collect?cid=1' }],
  references: ['ePrivacy Directive Art. 5(3)'],
};
const fonts: Finding = {
  ruleId: 'google-fonts-before-consent',
  severity: 'medium',
  outcome: 'fail',
  phase: 'before',
  pageUrl: 'https://shop.test/about',
  message: 'Google Fonts loaded before consent.',
  evidence: [{ kind: 'request', value: 'https://fonts.googleapis.com/css2?family=Roboto' }],
  references: ['GDPR Art. 6(1)'],
};
const pixel: Finding = {
  ruleId: 'tracking-after-reject',
  severity: 'critical',
  outcome: 'fail',
  phase: 'reject',
  pageUrl: 'https://shop.test/about',
  message: 'Meta received data after reject.',
  evidence: [{ kind: 'request', value: 'https://www.facebook.com/tr/?id=1&ev=PageView' }],
  references: ['GDPR Art. 7(3)'],
};
const review: Finding = { ...pixel, outcome: 'needs-review', ruleId: 'missing-consent-banner', phase: 'before' };

const clone = <T>(value: T): T => structuredClone(value);

describe('compareWithBaseline', () => {
  it('a report compared with itself: every finding existing, nothing resolved, exit 0', () => {
    const base = report([site([clone(ga), clone(fonts)])]);
    const current = report([site([clone(ga), clone(fonts)])]);
    expect(current.summary.exitCode).toBe(1);
    compareWithBaseline(current, base, 'base/report.json');
    expect(current.baseline).toEqual({ path: 'base/report.json', newFindings: 0, existingFindings: 2, resolved: [] });
    expect(current.sites[0]!.findings.map((f) => f.baseline)).toEqual(['existing', 'existing']);
    expect(current.summary.exitCode).toBe(0);
    expect(validateReport(JSON.parse(renderJson(current)))).toEqual([]);
  });

  it('added, removed and reordered findings; query strings and evidence order do not matter', () => {
    const base = report([site([clone(ga), clone(fonts)])]);
    const gaAgain = { ...clone(ga), evidence: [{ kind: 'request' as const, value: 'https://www.google-analytics.com/g/collect?cid=987654' }] };
    const current = report([site([clone(pixel), gaAgain])]);
    compareWithBaseline(current, base, 'b.json');
    const byRule = Object.fromEntries(current.sites[0]!.findings.map((f) => [f.ruleId, f.baseline]));
    expect(byRule).toEqual({ 'tracking-after-reject': 'new', 'tracking-before-consent': 'existing' });
    expect(current.baseline).toMatchObject({ newFindings: 1, existingFindings: 1 });
    expect(current.baseline!.resolved).toEqual([
      {
        fingerprint: fingerprintFinding(fonts, SITE),
        siteUrl: SITE,
        ruleId: 'google-fonts-before-consent',
        severity: 'medium',
        phase: 'before',
        pageUrl: 'https://shop.test/about',
        message: 'Google Fonts loaded before consent.',
      },
    ]);
    expect(current.summary.exitCode).toBe(1);
    for (const f of current.sites[0]!.findings) expect(f.fingerprint).toBe(fingerprintFinding(f, SITE));
  });

  it('fails only on new findings at or above fail-on with outcome fail', () => {
    const base = report([site([clone(ga)])]);
    // An existing critical finding and a new medium one: below high, so exit 0.
    const current = report([site([{ ...clone(ga), severity: 'critical' }, clone(fonts)])]);
    compareWithBaseline(current, base, 'b.json');
    expect(current.baseline).toMatchObject({ newFindings: 1, existingFindings: 1 });
    expect(current.summary.exitCode).toBe(0);
    // The same with --fail-on medium: the new one counts.
    const strict = report([site([clone(ga), clone(fonts)])], 'medium');
    compareWithBaseline(strict, base, 'b.json');
    expect(strict.summary.exitCode).toBe(1);
    // A new needs-review never fails; fail-on none never fails.
    const doubtful = report([site([clone(ga), clone(review)])], 'low');
    compareWithBaseline(doubtful, base, 'b.json');
    expect(doubtful.summary.exitCode).toBe(0);
    const none = report([site([clone(pixel)])], 'none');
    compareWithBaseline(none, base, 'b.json');
    expect(none.summary.exitCode).toBe(0);
  });

  it('a new tracker on a page that already had one makes a new finding and resolves the old one', () => {
    const base = report([site([clone(ga)])]);
    const more = { ...clone(ga), evidence: [...ga.evidence, { kind: 'request' as const, value: 'https://connect.facebook.net/en_US/fbevents.js' }] };
    const current = report([site([more])]);
    compareWithBaseline(current, base, 'b.json');
    expect(current.sites[0]!.findings[0]!.baseline).toBe('new');
    expect(current.baseline!.resolved.map((r) => r.ruleId)).toEqual(['tracking-before-consent']);
    expect(current.summary.exitCode).toBe(1);
  });

  it('keeps exit code 2 when the scan could not run, and does not call unscanned findings resolved', () => {
    const base = report([site([clone(ga), clone(fonts)])]);
    const current = report([site([], { pages: [], error: 'net::ERR_NAME_NOT_RESOLVED' })]);
    expect(current.summary.exitCode).toBe(2);
    compareWithBaseline(current, base, 'b.json');
    expect(current.summary.exitCode).toBe(2);
    expect(current.baseline!.resolved).toEqual([]);
  });

  it('does not call resolved what the current scan did not look at (another page set or phases)', () => {
    const base = report([site([clone(ga), clone(fonts), clone(pixel)])]);
    const current = report([site([], { pages: ['https://shop.test/'], phases: ['before'] })]);
    compareWithBaseline(current, base, 'b.json');
    expect(current.baseline!.resolved.map((r) => r.ruleId)).toEqual(['tracking-before-consent']);
  });

  it('computes the fingerprints of an old baseline without them, and accepts stored ones', () => {
    const base = report([site([clone(ga), clone(fonts)])]);
    expect(base.sites[0]!.findings[0]!.fingerprint).toBeUndefined();
    const current = report([site([clone(fonts), clone(ga)])]);
    compareWithBaseline(current, base, 'b.json');
    expect(current.baseline).toMatchObject({ newFindings: 0, existingFindings: 2 });

    // A baseline finding is also known by its stored fingerprint (its data may have been written
    // differently by another version): here the evidence is gone, the stored fingerprint matches.
    const legacy = report([site([{ ...clone(ga), evidence: [], fingerprint: fingerprintFinding(ga, SITE) }])]);
    const now = report([site([clone(ga)])]);
    compareWithBaseline(now, legacy, 'b.json');
    expect(now.baseline).toEqual({ path: 'b.json', newFindings: 0, existingFindings: 1, resolved: [] });
    expect(addFingerprints(now).sites[0]!.findings[0]!.fingerprint).toMatch(/^tracking-before-consent:[0-9a-f]{16}$/);
  });

  it('matches findings per site', () => {
    const other = 'https://other.test/';
    const base = report([site([clone(ga)]), site([], { url: other, pages: ['https://other.test/'] })]);
    const moved = { ...clone(ga), pageUrl: 'https://other.test/' };
    const current = report([site([]), site([moved], { url: other, pages: ['https://other.test/'] })]);
    compareWithBaseline(current, base, 'b.json');
    expect(current.sites[1]!.findings[0]!.baseline).toBe('new');
    expect(current.baseline!.resolved).toHaveLength(1);
    expect(current.baseline!.resolved[0]!.siteUrl).toBe(SITE);
  });
});

describe('loadBaseline', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gdpr-scan-baseline-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const message = async (path: string): Promise<string> => {
    const error = await loadBaseline(path, dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BaselineError);
    expect(error).toBeInstanceOf(UsageError);
    const text = (error as Error).message;
    expect(text).not.toContain('\n');
    return text;
  };

  it('reads a report written by gdpr-scan, relative to cwd', async () => {
    const written = report([site([clone(ga)])]);
    await writeFile(join(dir, 'report.json'), renderJson(written));
    const loaded = await loadBaseline('report.json', dir);
    expect(loaded.sites[0]!.findings[0]!.ruleId).toBe('tracking-before-consent');
  });

  it('explains each unusable file in one line', async () => {
    expect(await message('missing.json')).toBe('--baseline missing.json: file not found');
    expect(await message('.')).toMatch(/^--baseline \.: is a directory/);
    await writeFile(join(dir, 'broken.json'), '{"schemaVersion": ');
    expect(await message('broken.json')).toMatch(/^--baseline broken\.json: not JSON \(/);
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0' }));
    expect(await message('package.json')).toBe('--baseline package.json: not a gdpr-scan report (report.json)');
    await writeFile(join(dir, 'array.json'), '[]');
    expect(await message('array.json')).toBe('--baseline array.json: not a gdpr-scan report (report.json)');
    await writeFile(join(dir, 'v2.json'), JSON.stringify({ ...report([]), schemaVersion: '2.0.0' }));
    expect(await message('v2.json')).toMatch(/^--baseline v2\.json: report schema version 2\.0\.0 cannot be compared with this version's 1\.\d+\.\d+/);
    const invalid = report([site([clone(ga)])]) as unknown as { sites: Array<{ findings: Array<Record<string, unknown>> }> };
    invalid.sites[0]!.findings[0]!['severity'] = 'severe';
    await writeFile(join(dir, 'invalid.json'), JSON.stringify(invalid));
    expect(await message('invalid.json')).toMatch(/^--baseline invalid\.json: not a valid gdpr-scan report: \/sites\/0\/findings\/0\/severity/);
  });

  it('accepts another minor version of the schema when the findings are there', async () => {
    const minor = { ...report([site([clone(ga)])]), schemaVersion: '1.99.0', newField: true };
    await writeFile(join(dir, 'minor.json'), JSON.stringify(minor));
    expect((await loadBaseline('minor.json', dir)).sites).toHaveLength(1);
    await writeFile(join(dir, 'minor-bad.json'), JSON.stringify({ ...minor, sites: [{ url: SITE }] }));
    expect(await message('minor-bad.json')).toMatch(/sites\[\]\.findings\[\] are missing or malformed/);
  });
});
