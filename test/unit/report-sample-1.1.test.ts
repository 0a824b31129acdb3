/**
 * The schema 1.1 sample (test/fixtures-data/report-sample-1.1.json) is the 1.0 sample's scan as a
 * 1.1 report records it: valid against the report schema, the same sites and findings, rule
 * results that agree with the findings, and one disabled and one not-applicable rule.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { describeRule } from '../../src/judge/rule-engine/engine.js';
import type { Report } from '../../src/model/report.js';
import { validateReport } from '../../src/model/validate.js';
import { buildReportSample11, DISABLED_RULE, NOT_APPLICABLE_RULE } from '../fixtures-data/build-report-sample-1.1.js';

const FIXTURE = new URL('../fixtures-data/report-sample-1.1.json', import.meta.url);
const sample10 = JSON.parse(readFileSync(new URL('../fixtures-data/report-sample.json', import.meta.url), 'utf8')) as Report;

if (process.env['GDPR_SCAN_WRITE_FIXTURE'] === '1') {
  writeFileSync(FIXTURE, `${JSON.stringify(buildReportSample11(sample10, ALL_RULES.map(describeRule)), null, 2)}\n`);
}
const sample11 = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Report;

describe('the 1.1 report sample', () => {
  it('is a valid 1.1 report of the same scan as the 1.0 sample', () => {
    expect(validateReport(sample11)).toEqual([]);
    expect(sample11.schemaVersion).toBe('1.1.0');
    expect(sample10.schemaVersion).toBe('1.0.0');
    expect(sample10.rules).toBeUndefined();
    expect(sample11.sites.map((s) => s.findings)).toEqual(sample10.sites.map((s) => s.findings));
    expect(sample11.summary).toEqual(sample10.summary);
  });

  it('has rule results that agree with its findings, with one disabled and one not-applicable rule', () => {
    const ruleIds = sample11.rules!.map((r) => r.id);
    expect(ruleIds).toContain(DISABLED_RULE);
    expect(ruleIds).toContain(NOT_APPLICABLE_RULE);
    for (const site of sample11.sites) {
      expect(site.ruleResults!.map((r) => r.ruleId)).toEqual(ruleIds);
      for (const result of site.ruleResults!) {
        const own = site.findings.filter((f) => f.ruleId === result.ruleId);
        expect(result.findings, `${site.url} ${result.ruleId}`).toBe(own.length);
        if (own.some((f) => f.outcome === 'fail')) expect(result.outcome).toBe('fail');
        if (own.length === 0) expect(['pass', 'not-applicable', 'disabled']).toContain(result.outcome);
      }
      expect(site.ruleResults!.find((r) => r.ruleId === DISABLED_RULE)!.outcome).toBe('disabled');
      expect(site.ruleResults!.find((r) => r.ruleId === NOT_APPLICABLE_RULE)!.outcome).toBe('not-applicable');
    }
  });
});
