import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CookieRecord, PhaseEvidence, RequestRecord } from '../../src/model/evidence.js';
import { REPORT_SCHEMA_VERSION, type FailOn, type Finding, type PlanSummary, type Report, type Severity, type SiteReport } from '../../src/model/report.js';
import { assembleReport } from '../../src/finish/assemble.js';
import { renderJson, writeReports } from '../../src/render/json.js';
import { validateReport } from '../../src/model/validate.js';

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

const req = (host: string, firstParty: boolean): RequestRecord => ({
  url: `https://${host}/x`, host, method: 'GET', type: 'script', isMainFrame: true, time: 1, afterConsent: false, firstParty,
});
const cookie = (name: string, domain: string, firstParty: boolean, path = '/'): CookieRecord => ({
  name, domain, path, expires: null, httpOnly: false, secure: true, sameSite: 'Lax', source: 'http', size: 10, firstParty, lifetimeDays: null, category: 'unknown',
});
const phase = (requests: RequestRecord[], cookies: CookieRecord[]): PhaseEvidence<RequestRecord, CookieRecord> => ({
  status: 'ok', requests, cookies, refusedCookies: [], storage: [], durationMs: 100,
});
const finding = (severity: Severity, outcome: Finding['outcome'] = 'fail'): Finding => ({
  ruleId: 'test-rule', severity, outcome, message: 'm', evidence: [], references: [],
});
const site = (url: string, extra: Partial<SiteReport> = {}): SiteReport => ({
  url,
  consent: { cmp: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null },
  pages: [],
  errors: [],
  durationMs: 1,
  findings: [],
  ...extra,
});
const assemble = (sites: SiteReport[], failOn: FailOn = 'high'): Report =>
  assembleReport({ tool: { name: 'gdpr-scan', version: '0.1.0' }, startedAt: new Date(0), finishedAt: new Date(1_000), plan: plan(failOn), sites, errors: [] });


describe('assembleReport', () => {
  const scanned = site('https://www.a.test/', {
    finalUrl: 'https://www.a.test/',
    pages: [
      {
        url: 'https://www.a.test/',
        phases: {
          before: phase([req('www.a.test', true), req('www.google-analytics.com', false)], [cookie('sid', 'www.a.test', true), cookie('_ga', '.a.test', true)]),
          accept: phase([req('www.a.test', true), req('connect.facebook.net', false), req('www.facebook.com', false)], [cookie('sid', 'www.a.test', true), cookie('fr', '.facebook.com', false)]),
          reject: phase([req('www.a.test', true)], [cookie('sid', 'www.a.test', true)]),
        },
      },
      {
        url: 'https://www.a.test/about',
        phases: {
          // Same name and domain, other path: a distinct cookie.
          before: phase([req('www.a.test', true)], [cookie('sid', 'www.a.test', true, '/about'), cookie('_ga', '.a.test', true)]),
        },
      },
    ],
    findings: [finding('medium'), finding('high', 'needs-review'), finding('low')],
  });
  const broken = site('https://down.test/', { error: 'net::ERR_NAME_NOT_RESOLVED', errors: [{ stage: 'navigation', message: 'net::ERR_NAME_NOT_RESOLVED' }] });

  it('counts sites, pages, requests and distinct cookies', () => {
    const other = site('https://b.test/', {
      pages: [{ url: 'https://b.test/', phases: { before: phase([req('b.test', true)], [cookie('sid', 'b.test', true)]) } }],
    });
    const report = assemble([scanned, broken, other]);
    expect(report.summary).toEqual({
      sites: 3,
      sitesWithErrors: 1,
      pages: 3,
      requests: 8,
      thirdPartyRequests: 3,
      // a.test: sid@www.a.test/, _ga@.a.test/, fr@.facebook.com/, sid@www.a.test/about; b.test: sid.
      cookies: 5,
      findingsBySeverity: { low: 1, medium: 1, high: 0, critical: 0 },
      exitCode: 0,
    });
    expect(report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(report.startedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(report.finishedAt).toBe('1970-01-01T00:00:01.000Z');
    expect(report).not.toHaveProperty('browser');
    expect(validateReport(report)).toEqual([]);
  });

  it('exit code 1 when a fail finding reaches --fail-on', () => {
    expect(assemble([scanned], 'medium').summary.exitCode).toBe(1);
    expect(assemble([scanned], 'low').summary.exitCode).toBe(1);
    // The high finding is only needs-review: it does not fail the run.
    expect(assemble([scanned], 'high').summary.exitCode).toBe(0);
    expect(assemble([scanned], 'none').summary.exitCode).toBe(0);
    // One broken site among working ones does not make the scan unrunnable.
    expect(assemble([scanned, broken], 'medium').summary.exitCode).toBe(1);
  });

  it('exit code 2 when no site could be scanned, whatever the findings', () => {
    expect(assemble([]).summary.exitCode).toBe(2);
    expect(assemble([broken]).summary.exitCode).toBe(2);
    expect(assemble([broken, { ...broken, url: 'https://down2.test/', findings: [finding('critical')] }], 'low').summary.exitCode).toBe(2);
  });

  it('records the browser version when given', () => {
    const report = assembleReport({ tool: { name: 'gdpr-scan', version: '0.1.0' }, startedAt: new Date(0), finishedAt: new Date(0), browserVersion: '140.0.1', plan: plan(), sites: [scanned], errors: [] });
    expect(report.browser).toEqual({ version: '140.0.1' });
  });
});

describe('renderJson / writeReports', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('renders 2-space JSON with a trailing newline', () => {
    const text = renderJson(assemble([]));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain(`\n  "schemaVersion": "${REPORT_SCHEMA_VERSION}",`);
    expect(JSON.parse(text).summary.exitCode).toBe(2);
  });

  it('creates the directory and writes report.json only when asked', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gdpr-scan-report-'));
    const out = join(dir, 'nested', 'out');
    const report = assemble([]);
    expect(await writeReports(report, out, ['pdf'])).toEqual([]);
    const written = await writeReports(report, out, ['pdf', 'json']);
    expect(written).toEqual([join(out, 'report.json')]);
    expect(await readFile(written[0]!, 'utf8')).toBe(renderJson(report));
    // No temporary files left behind.
    expect(await readdir(out)).toEqual(['report.json']);
  });
});
