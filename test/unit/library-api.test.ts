/**
 * The library API (package.json `exports` → src/index.ts): the stages the CLI runs, callable one
 * by one on recorded evidence, with the same results (fingerprints included) as the CLI's.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import type { SiteEvidence } from '../../src/index.js';

const SITE = 'https://www.shop.test/';
const evidence: SiteEvidence = {
  url: SITE,
  startedAt: '2026-01-01T00:00:00.000Z',
  consentObservations: [{ phase: 'before', detection: { autoconsentRule: null, bannerFound: false, rejectOnFirstLayer: null, acceptOnFirstLayer: null, detectedBy: null } }],
  pages: [
    {
      url: SITE,
      phases: {
        before: {
          status: 'ok',
          finalUrl: SITE,
          requests: [
            { url: SITE, host: 'www.shop.test', method: 'GET', type: 'document', isMainFrame: true, time: 0, afterConsent: false },
            { url: 'https://www.google-analytics.com/g/collect?v=2&tid=G-1', host: 'www.google-analytics.com', method: 'POST', type: 'ping', isMainFrame: true, time: 50, afterConsent: false },
          ],
          cookies: [{ name: '_ga', domain: '.shop.test', path: '/', expires: Date.parse('2027-06-01') / 1000, httpOnly: false, secure: false, sameSite: 'Lax', source: 'script', size: 30 }],
          refusedCookies: [],
          storage: [],
          durationMs: 900,
        },
      },
    },
  ],
  errors: [],
  durationMs: 1000,
};

describe('the library API', () => {
  it('exports the stages, the pipeline and the contracts', () => {
    for (const name of ['scan', 'gather', 'gatherSites', 'judge', 'finish', 'createPlan', 'readEvidenceFile', 'validateReport', 'validateEvidence', 'upgradeReport', 'upgradeEvidenceFile'] as const) {
      expect(typeof api[name], name).toBe('function');
    }
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, { import?: string; types?: string }> };
    // The built entry point is src/index.ts compiled to dist/ (tsconfig rootDir "." → outDir "dist").
    expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', import: './dist/src/index.js' });
  });

  it('createPlan builds the plan the CLI would, with its defaults and one-line errors', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'api-'));
    const plan = await api.createPlan([SITE], { maxPages: 3, phases: 'before,reject', failOn: 'medium' }, cwd);
    expect(plan.sites.map((s) => s.url)).toEqual([SITE]);
    expect(plan).toMatchObject({ maxPages: 3, phases: ['before', 'reject'], failOn: 'medium', locale: 'en-US', timeoutMs: 30_000 });
    await expect(api.createPlan([SITE], { maxPages: 0 }, cwd)).rejects.toThrow(api.UsageError);
  });

  it('judge then finish on recorded evidence: fingerprinted findings, rule results, rule descriptions, an exit code', async () => {
    const plan = await api.createPlan([SITE], { phases: 'before', failOn: 'high' }, mkdtempSync(join(tmpdir(), 'api-')));
    const judged = api.judge(evidence, plan.ruleConfig, new Date('2026-01-01T00:00:05Z'));
    const tracking = judged.site.findings.find((f) => f.ruleId === 'tracking-before-consent');
    expect(tracking?.outcome).toBe('fail');
    expect(judged.site.findings.every((f) => /^[a-z-]+:[0-9a-f]{16}$/.test(f.fingerprint ?? ''))).toBe(true);
    expect(judged.site.ruleResults?.find((r) => r.ruleId === 'tracking-before-consent')).toMatchObject({ outcome: 'fail' });
    expect(judged.site.consent.bannerFound).toBe(false);
    const report = api.finish([judged], { tool: api.TOOL, startedAt: new Date(0), finishedAt: new Date(1), plan: api.summarisePlan(plan, 'UA') });
    expect(api.validateReport(report)).toEqual([]);
    expect(report.rules?.map((r) => r.id)).toContain('tracking-before-consent');
    expect(report.summary.exitCode).toBe(1);
    expect(api.exitCodeOfReport(report, 'none')).toBe(0);
  });

  it('judges the same evidence the same way every time (audit reproduces a scan)', async () => {
    const plan = await api.createPlan([SITE], {}, mkdtempSync(join(tmpdir(), 'api-')));
    const once = api.judge(evidence, plan.ruleConfig, new Date('2026-02-01'));
    const again = api.judge(structuredClone(evidence), plan.ruleConfig, new Date('2030-01-01'));
    expect(again).toEqual(once);
  });
});
