/**
 * Evidence as a first-class artifact, end to end: `scan --save-evidence` writes evidence.json next
 * to the report, and `gdpr-scan audit` judges it again without a browser, reproducing the scan's
 * findings, fingerprints and exit code; with another config it judges differently, as the
 * evidence is the same and only the verdicts are redone.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import type { EvidenceFile } from '../../src/model/evidence-file.js';
import type { Report } from '../../src/model/report.js';
import { validateEvidence } from '../../src/model/validate-evidence.js';
import { validateReport } from '../../src/model/validate.js';
import { readReport, runCliCaptured } from '../helpers/cli.js';

let server: FixtureServer;
let scanned: string;
let scanRun: Awaited<ReturnType<typeof runCliCaptured>>;
const SITE = 'https://www.tracking-mag.test/';

beforeAll(async () => {
  server = await startFixtureServer();
  scanned = mkdtempSync(join(tmpdir(), 'audit-scan-'));
  scanRun = await runCliCaptured([
    'scan', SITE, '--phases', 'before,reject', '--max-pages', '2', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors',
    '--fail-on', 'medium', '--save-evidence', '--format', 'json,junit', '--out', scanned,
  ]);
}, 120_000);
afterAll(() => server?.close());

/** What a verdict consists of, without the run's own times. */
const verdicts = (report: Report) =>
  report.sites.map((site) => ({
    url: site.url,
    findings: site.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, outcome: f.outcome, pageUrl: f.pageUrl, phase: f.phase, message: f.message, fingerprint: f.fingerprint })),
    ruleResults: site.ruleResults,
    consent: site.consent,
    pages: site.pages,
  }));

describe('scan --save-evidence, then audit', () => {
  it('writes a valid evidence.json next to the report', () => {
    expect(scanRun.code).toBe(1);
    const path = join(scanned, 'evidence.json');
    expect(existsSync(path)).toBe(true);
    const file = JSON.parse(readFileSync(path, 'utf8')) as EvidenceFile;
    expect(validateEvidence(file)).toEqual([]);
    expect(file.site.url).toBe(SITE);
    expect(file.site.consentObservations.map((o) => o.phase)).toEqual(['before', 'reject']);
    expect(file.plan.urls).toEqual([SITE]);
    // Raw evidence: nothing judged or classified in it.
    expect(JSON.stringify(file)).not.toContain('"findings"');
    expect(JSON.stringify(file)).not.toContain('"firstParty"');
  });

  it('audit reproduces the findings, fingerprints and exit code of the scan, without a browser', async () => {
    const out = mkdtempSync(join(tmpdir(), 'audit-out-'));
    const served = server.log.length;
    const run = await runCliCaptured(['audit', join(scanned, 'evidence.json'), '--out', out, '--format', 'json,junit']);
    expect(run.err).not.toMatch(/browser:/);
    expect(server.log.length).toBe(served);
    expect(run.code).toBe(scanRun.code);
    const original = await readReport(scanned);
    const audited = await readReport(out);
    expect(validateReport(audited)).toEqual([]);
    expect(audited.sites[0]!.findings.length).toBeGreaterThan(0);
    expect(verdicts(audited)).toEqual(verdicts(original));
    expect(audited.summary).toEqual(original.summary);
    expect(audited.rules).toEqual(original.rules);
    expect(audited.browser).toEqual(original.browser);
    expect(audited.plan).toEqual(original.plan);
    expect(readFileSync(join(out, 'report.junit.xml'), 'utf8').replace(/time="[^"]*"|timestamp="[^"]*"/g, '')).toBe(
      readFileSync(join(scanned, 'report.junit.xml'), 'utf8').replace(/time="[^"]*"|timestamp="[^"]*"/g, ''),
    );
  });

  it('audit judges with today\'s config: a disabled rule, another threshold', async () => {
    const out = mkdtempSync(join(tmpdir(), 'audit-config-'));
    const original = await readReport(scanned);
    const failing = original.sites[0]!.findings.filter((f) => f.outcome === 'fail').map((f) => f.ruleId);
    const config = join(out, 'gdpr-scan.config.json');
    writeFileSync(config, JSON.stringify({ rules: Object.fromEntries([...new Set(failing)].map((id) => [id, 'off'])) }));
    const run = await runCliCaptured(['audit', scanned, '--out', out, '--format', 'json', '--config', config, '--fail-on', 'low']);
    const audited = await readReport(out);
    expect(audited.sites[0]!.findings.filter((f) => f.outcome === 'fail')).toEqual([]);
    for (const id of failing) expect(audited.sites[0]!.ruleResults!.find((r) => r.ruleId === id)!.outcome).toBe('disabled');
    expect(audited.plan.failOn).toBe('low');
    expect(run.code).toBe(0);
  });

  it('says in one line what is wrong with the evidence, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-bad-'));
    const broken = join(dir, 'evidence.json');
    writeFileSync(broken, JSON.stringify({ evidenceSchemaVersion: '1.0.0', site: { url: SITE } }));
    const run = await runCliCaptured(['audit', broken, '--out', dir]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^gdpr-scan: audit: .*evidence\.json: not a valid gdpr-scan evidence file: /);
    expect(run.err.split('\n').filter(Boolean)).toHaveLength(2);
    const empty = await runCliCaptured(['audit', mkdtempSync(join(tmpdir(), 'audit-empty-'))]);
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/no evidence\.json in this directory/);
    const future = join(dir, 'future.json');
    writeFileSync(future, JSON.stringify({ evidenceSchemaVersion: '2.0.0' }));
    const newer = await runCliCaptured(['audit', future]);
    expect(newer.code).toBe(2);
    expect(newer.err).toMatch(/evidence format 2\.0\.0 is not supported/);
  });
});
