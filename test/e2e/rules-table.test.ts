/**
 * The rule set against the whole fixture web: every site yields exactly the rule ids its
 * expectations name (fixtures/expectations.json), compliant sites yield none, and the exit code
 * follows --fail-on.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import type { Report } from '../../src/model/report.js';
import { validateReport } from '../../src/report/validate.js';
import { readReport, runCliCaptured, type CliRun } from '../helpers/cli.js';

interface Expectation {
  fail: string[];
  needsReview?: string[];
}

const expectations = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/expectations.json'), 'utf8')) as Record<string, Expectation>;
const sites = Object.keys(expectations).filter((key) => key.startsWith('https://'));

let server: FixtureServer;
let run: CliRun;
let report: Report;

beforeAll(async () => {
  server = await startFixtureServer();
  const out = mkdtempSync(join(tmpdir(), 'rules-table-'));
  run = await runCliCaptured(['scan', ...sites, '--max-pages', '3', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out]);
  report = await readReport(out);
}, 300_000);

afterAll(() => server?.close());

describe('rule findings on the fixture web', () => {
  it('produces a valid report and exits 1 because violating sites fail at the default threshold', () => {
    expect(validateReport(report)).toEqual([]);
    expect(report.sites.every((s) => !s.error)).toBe(true);
    expect(run.code).toBe(1);
    expect(report.summary.exitCode).toBe(1);
  });

  it.each(sites)('%s yields exactly the expected rule ids', (url) => {
    const site = report.sites.find((s) => s.url === url)!;
    const failed = [...new Set(site.findings.filter((f) => f.outcome === 'fail').map((f) => f.ruleId))].sort();
    expect(failed).toEqual([...expectations[url].fail].sort());
    const reviewed = [...new Set(site.findings.filter((f) => f.outcome === 'needs-review').map((f) => f.ruleId))];
    for (const id of reviewed) expect(expectations[url].needsReview ?? [], `${url}: unexpected needs-review ${id}`).toContain(id);
  });

  it('every finding says what happened, names its evidence and cites the law', () => {
    for (const site of report.sites) {
      for (const finding of site.findings) {
        expect(finding.message.length).toBeGreaterThan(20);
        expect(finding.references.length).toBeGreaterThan(0);
        if (finding.ruleId !== 'reject-not-on-first-layer' && finding.ruleId !== 'missing-consent-banner') expect(finding.evidence.length).toBeGreaterThan(0);
      }
    }
  });
});
