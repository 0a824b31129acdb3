import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model/report.js';
import { buildSarif, FINGERPRINT_KEY, renderSarif, SARIF_SCHEMA_URI } from '../../src/render/sarif.js';
import { DISABLED_RULE, NOT_APPLICABLE_RULE } from '../fixtures-data/build-report-sample-1.1.js';
import { readSample } from '../helpers/report-samples.js';

const addFormats = addFormatsModule.default;

/**
 * The official SARIF 2.1.0 JSON Schema (rtm.5, the version published as sarif-schema-2.1.0 on
 * schemastore.org), as shipped by Microsoft's @microsoft/jest-sarif (devDependency). It is written
 * in draft-04, which Ajv 8 reads once the root `id` becomes `$id`; its `language` pattern is not a
 * valid Unicode-mode regular expression, hence unicodeRegExp: false, and strict mode is for
 * schema authors, not for validating against someone else's schema.
 */
function sarifValidator(): ValidateFunction {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const { id, $schema: _draft, ...schema } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { id: string };
  expect(String(schema['title'])).toContain('2.1.0');
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ $id: id, ...schema });
}

const validate = sarifValidator();
function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
}

/** A schema 1.0 report (no `rules`): its driver lists only the rules its findings name. */
const sample = readSample('1.0');
/** The same scan as a 1.1 report, with the descriptions of every rule it ran with. */
const sample11 = readSample('1.1');
const fresh = (): Report => structuredClone(sample);
/** The rules a report's findings name, in order of appearance. */
const findingRules = (report: Report): string[] => [...new Set(report.sites.flatMap((s) => s.findings.map((f) => f.ruleId)))];
const HOSTILE = 'x|y `t` <script>alert(1)</script> "><img onerror=alert(1)> \u0000\u0007\n\r\ud800 ©';

describe('renderSarif', () => {
  it('is valid SARIF 2.1.0 for a recorded report', () => {
    const text = renderSarif(sample, { failOn: 'high' });
    expect(text.endsWith('}\n')).toBe(true);
    const log = JSON.parse(text);
    expectValid(log);
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it('the schema check is real: it rejects a broken log', () => {
    const log = buildSarif(sample, { failOn: 'high' }) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    log.runs[0]!.results[0]!['level'] = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('describes every rule of the report, with help text, legal references and a default level', () => {
    const driver = buildSarif(sample11, { failOn: 'high' }).runs[0]!.tool.driver;
    expectValid(buildSarif(sample11, { failOn: 'high' }));
    expect(driver.name).toBe('gdpr-scan');
    expect(driver.version).toBe(sample11.tool.version);
    expect(driver.rules.map((r) => r.id)).toEqual(sample11.rules!.map((r) => r.id));
    const levels = { critical: 'error', high: 'error', medium: 'warning', low: 'note' } as const;
    for (const descriptor of driver.rules) {
      const meta = sample11.rules!.find((r) => r.id === descriptor.id)!;
      expect(descriptor.shortDescription.text).toBe(meta.title);
      expect(descriptor.fullDescription?.text).toBe(meta.rationale);
      expect(descriptor.help?.text).toContain(meta.remediation);
      expect(descriptor.help?.markdown).toContain(meta.remediation);
      for (const reference of meta.references) {
        expect(descriptor.help?.text).toContain(reference);
        expect(descriptor.help?.markdown).toContain(reference);
      }
      expect(descriptor.properties?.['legalReferences']).toEqual(meta.references);
      expect(descriptor.properties?.['tags']).toContain('privacy');
      expect(descriptor.defaultConfiguration?.level).toBe(levels[meta.severity]);
      expect(descriptor.properties?.['docPath']).toBe(meta.docPath);
    }
  });

  it('a rule disabled on every site is described as not enabled and has no result; a not-applicable one has none either', () => {
    const run = buildSarif(sample11, { failOn: 'high' }).runs[0]!;
    const disabled = run.tool.driver.rules.find((r) => r.id === DISABLED_RULE)!;
    expect(disabled.defaultConfiguration).toMatchObject({ enabled: false });
    expect(run.tool.driver.rules.filter((r) => r.defaultConfiguration?.enabled === false).map((r) => r.id)).toEqual([DISABLED_RULE]);
    expect(run.results.filter((r) => r.ruleId === DISABLED_RULE || r.ruleId === NOT_APPLICABLE_RULE)).toEqual([]);
    // The same results as the 1.0 report of the same scan, pointing at the same rules.
    const old = buildSarif(sample, { failOn: 'high' }).runs[0]!;
    expect(run.results.map((r) => [r.ruleId, r.message.text])).toEqual(old.results.map((r) => [r.ruleId, r.message.text]));
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('an old report (schema 1.0) lists exactly the rules of its findings, with what they carry, never this version\'s rules', () => {
    const driver = buildSarif(sample, { failOn: 'high' }).runs[0]!.tool.driver;
    expect(driver.rules.map((r) => r.id)).toEqual(findingRules(sample));
    for (const descriptor of driver.rules) {
      const references = [...new Set(sample.sites.flatMap((s) => s.findings.filter((f) => f.ruleId === descriptor.id).flatMap((f) => f.references)))];
      expect(descriptor.shortDescription.text).toBe(descriptor.id);
      expect(descriptor.fullDescription).toBeUndefined();
      expect(descriptor.help).toBeUndefined();
      expect(descriptor.properties?.['legalReferences']).toEqual(references);
    }
  });

  it('a rule the report describes but this version does not have keeps the report\'s title and help', () => {
    const report = structuredClone(sample11);
    report.rules!.push({ id: 'retired-rule', title: 'A rule of another version', severity: 'medium', references: ['GDPR Art. 5'], rationale: 'Why.', remediation: 'Fix it so.', checks: 'Fails when x.', docPath: 'rules/retired-rule.md' });
    report.sites[0]!.findings.push({ ruleId: 'retired-rule', severity: 'medium', outcome: 'fail', message: 'Retired.', evidence: [], references: ['GDPR Art. 5'] });
    const log = buildSarif(report, { failOn: 'high' });
    expectValid(log);
    const run = log.runs[0]!;
    const retired = run.tool.driver.rules.find((r) => r.id === 'retired-rule')!;
    expect(retired.shortDescription.text).toBe('A rule of another version');
    expect(retired.help?.text).toContain('Fix it so.');
    expect(retired.defaultConfiguration?.level).toBe('warning');
    expect(run.tool.driver.rules[run.results.find((r) => r.ruleId === 'retired-rule')!.ruleIndex]!.id).toBe('retired-rule');
  });

  it('has one result per finding, located at its page, pointing at its rule', () => {
    const run = buildSarif(sample, { failOn: 'high' }).runs[0]!;
    const findings = sample.sites.flatMap((s) => s.findings);
    expect(run.results).toHaveLength(findings.length);
    run.results.forEach((result, i) => {
      const f = findings[i]!;
      expect(result.ruleId).toBe(f.ruleId);
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(f.ruleId);
      expect(result.kind).toBe('fail');
      expect(result.level).toBe(f.severity === 'high' || f.severity === 'critical' ? 'error' : f.severity === 'medium' ? 'warning' : 'note');
      expect(result.message.text).toBe(f.message);
      expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toBe(f.pageUrl);
      expect(result.properties['evidence']).toEqual(f.evidence);
      expect(result.properties['severity']).toBe(f.severity);
      expect(result.baselineState).toBeUndefined();
      expect(result.partialFingerprints).toBeUndefined();
    });
    expect(run.invocations[0]!.executionSuccessful).toBe(true);
    expect(run.properties['failOn']).toBe('high');
  });

  it('needs-review findings are kind review, level none (SARIF §3.27.10); pageless findings point at the site', () => {
    const report = fresh();
    const review: Finding = { ruleId: 'reject-not-on-first-layer', severity: 'medium', outcome: 'needs-review', message: 'Could not tell.', evidence: [], references: [] };
    report.sites[0]!.findings = [review];
    const log = buildSarif(report, { failOn: 'high' });
    expectValid(log);
    const result = log.runs[0]!.results[0]!;
    expect(result.kind).toBe('review');
    expect(result.level).toBe('none');
    expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toBe(report.sites[0]!.url);
  });

  it('with a baseline: fingerprints, baselineState new / unchanged, resolved findings as absent passes', () => {
    const report = fresh();
    const all = report.sites.flatMap((s) => s.findings);
    all.forEach((f, i) => {
      f.fingerprint = `sha256:${i.toString(16).padStart(8, '0')}`;
      f.baseline = i === 0 ? 'new' : 'existing';
    });
    report.baseline = {
      path: 'old/report.json',
      newFindings: 1,
      existingFindings: all.length - 1,
      resolved: [{ fingerprint: 'sha256:gone', siteUrl: 'https://www.no-banner.test/', ruleId: 'embed-before-consent', severity: 'medium', message: 'A YouTube embed loaded.' }],
    };
    const log = buildSarif(report, { failOn: 'high' });
    expectValid(log);
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(all.length + 1);
    expect(results[0]!.baselineState).toBe('new');
    expect(results.slice(1, all.length).every((r) => r.baselineState === 'unchanged')).toBe(true);
    expect(results[0]!.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: 'sha256:00000000' });
    const absent = results.at(-1)!;
    expect(absent).toMatchObject({ ruleId: 'embed-before-consent', kind: 'pass', level: 'none', baselineState: 'absent', partialFingerprints: { [FINGERPRINT_KEY]: 'sha256:gone' } });
    expect(absent.locations[0]!.physicalLocation.artifactLocation.uri).toBe('https://www.no-banner.test/');
    expect(log.runs[0]!.properties['baseline']).toBe('old/report.json');
  });

  it('site errors become tool notifications; a run where no site could be scanned is not successful', () => {
    const report = fresh();
    for (const site of report.sites) site.error = 'net::ERR_CONNECTION_REFUSED';
    report.sites[0]!.errors = [{ stage: 'consent', message: 'banner not found', pageUrl: report.sites[0]!.url, phase: 'accept' }];
    report.errors = [{ stage: 'browser', message: 'crashed' }];
    const log = buildSarif(report, { failOn: 'high' });
    expectValid(log);
    const invocation = log.runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toHaveLength(1 + report.sites.length + 1);
    expect(invocation.toolExecutionNotifications[0]).toMatchObject({ level: 'error', message: { text: 'crashed' } });
  });

  it('stays valid with hostile messages, URLs and unknown rule ids', () => {
    const report = fresh();
    const site = report.sites[0]!;
    site.url = `https://evil.test/${HOSTILE}`;
    site.findings = [
      { ruleId: 'no-such-rule', severity: 'low', outcome: 'fail', pageUrl: `https://evil.test/a b/${HOSTILE}`, message: HOSTILE, evidence: [{ kind: 'other', value: HOSTILE, detail: HOSTILE }], references: [HOSTILE] },
      { ruleId: 'tracking-before-consent', severity: 'high', outcome: 'fail', pageUrl: `not a url ${HOSTILE}`, message: HOSTILE, evidence: [], references: [] },
    ];
    const text = renderSarif(report, { failOn: 'low', generatedBy: HOSTILE });
    const log = JSON.parse(text);
    expectValid(log);
    const run = log.runs[0];
    const unknown = run.results[0];
    expect(run.tool.driver.rules[unknown.ruleIndex].id).toBe('no-such-rule');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(findingRules(report));
    expect(findingRules(report)).toContain('no-such-rule');
    expect(unknown.message.text).toBe(HOSTILE);
    expect(unknown.locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/[\s<>"]/);
    expect(run.results[1].locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/[\s<>"]/);
  });
});
