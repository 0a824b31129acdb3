/**
 * The CI gate with --baseline, end to end: a scan compared with itself has no new finding and
 * passes; after a site changes, only the new finding fails the run, and it is named.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import { validateReport } from '../../src/model/validate.js';
import { readReport, runCliCaptured } from '../helpers/cli.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server?.close());

const scanArgs = (url: string, out: string, extra: string[] = []) => [
  'scan', url, '--phases', 'before', '--max-pages', '1', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out, ...extra,
];
const tempDir = () => mkdtempSync(join(tmpdir(), 'baseline-'));

describe('--baseline', () => {
  it('a violating site compared with its own earlier report: findings exist, none is new, exit 0', async () => {
    const first = tempDir();
    const firstRun = await runCliCaptured(scanArgs('https://www.tracking-mag.test/', first, ['--fail-on', 'low']));
    expect(firstRun.code).toBe(1);
    const second = tempDir();
    const run = await runCliCaptured(scanArgs('https://www.tracking-mag.test/', second, ['--fail-on', 'low', '--baseline', join(first, 'report.json')]));
    const report = await readReport(second);
    expect(validateReport(report)).toEqual([]);
    expect(report.sites[0].findings.length).toBeGreaterThan(0);
    expect(report.sites[0].findings.every((f) => f.baseline === 'existing')).toBe(true);
    expect(report.baseline).toMatchObject({ newFindings: 0, resolved: [] });
    expect(run.code).toBe(0);
  }, 60_000);

  it('after a release adds Google Fonts, exactly that finding is new and fails the run', async () => {
    const before = tempDir();
    server.setVariant('changing-shop:fonts', false);
    const clean = await runCliCaptured(scanArgs('https://www.changing-shop.test/', before, ['--fail-on', 'medium']));
    expect(clean.code).toBe(0);
    expect((await readReport(before)).sites[0].findings).toEqual([]);

    server.setVariant('changing-shop:fonts', true);
    try {
      const after = tempDir();
      const run = await runCliCaptured(scanArgs('https://www.changing-shop.test/', after, ['--fail-on', 'medium', '--baseline', join(before, 'report.json')]));
      const report = await readReport(after);
      const fresh = report.sites[0].findings.filter((f) => f.baseline === 'new');
      expect(fresh.map((f) => f.ruleId)).toEqual(['google-fonts-before-consent']);
      expect(report.sites[0].findings).toHaveLength(1);
      expect(report.baseline).toMatchObject({ newFindings: 1, existingFindings: 0 });
      expect(run.code).toBe(1);
      expect(run.out).toMatch(/google-fonts-before-consent/);
    } finally {
      server.setVariant('changing-shop:fonts', false);
    }
  }, 60_000);

  it('refuses a baseline that is not a report, before scanning', async () => {
    const run = await runCliCaptured(scanArgs('https://www.changing-shop.test/', tempDir(), ['--baseline', '/nowhere/report.json']));
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/gdpr-scan: .*\/nowhere\/report\.json/);
    expect(run.ms).toBeLessThan(5_000);
  });
});
