/**
 * Older saved files in today's shape (src/model/upgrade.ts): reports of schema 1.0 and 1.1 and
 * evidence files of format 1.0, as the scanner wrote them then, read the same as today's after the
 * upgrade, which is pure, idempotent and changes nothing but their consent records.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsentEvidence } from '../../src/model/evidence.js';
import type { Report } from '../../src/model/report.js';
import { readReportFile } from '../../src/model/read-report.js';
import { LEGACY_CMP_VENDOR, LEGACY_VERIFICATION, predatesClickVerification, upgradeEvidenceFile, upgradeReport } from '../../src/model/upgrade.js';
import { validateEvidence } from '../../src/model/validate-evidence.js';
import { validateReport } from '../../src/model/validate.js';
import { readEvidenceFile } from '../../src/pipeline/evidence-file.js';

const fixture = (name: string): Record<string, any> => JSON.parse(readFileSync(new URL(`../fixtures-data/${name}`, import.meta.url), 'utf8'));

/** An evidence file of format 1.0, as the scanner wrote it: autoconsent's rule name as `cmp`, no verification. */
const evidence10 = (): Record<string, any> => fixture('evidence-sample-1.0.json');

const UNVERIFIED = { verified: false, signals: [], verification: LEGACY_VERIFICATION };

describe('upgradeReport', () => {
  it('gives a 1.0 report the 1.2 consent shape: the CMP name as an identity that says where it came from, unverified records', () => {
    const sample = fixture('report-sample.json');
    const before = structuredClone(sample);
    const upgraded = upgradeReport(sample) as Report;
    expect(sample).toEqual(before); // pure
    expect(validateReport(upgraded)).toEqual([]);
    expect(upgraded.schemaVersion).toBe('1.0.0'); // the version it was written with stays

    const [klaro, cookieconsent, none, heuristic] = upgraded.sites.map((s) => s.consent) as ConsentEvidence[];
    expect(klaro!.cmp).toEqual({ id: 'autoconsent:klaro', name: 'Klaro', vendor: LEGACY_CMP_VENDOR, detectedBy: ['autoconsent'] });
    expect(klaro!.accept).toEqual({ done: true, method: 'autoconsent', rule: 'Klaro', selfTest: null, ...UNVERIFIED, clicks: [] });
    expect(klaro!.reject).toEqual({ done: true, method: 'autoconsent', rule: 'Klaro', selfTest: true, ...UNVERIFIED, clicks: [] });
    expect(cookieconsent!.cmp).toMatchObject({ id: 'autoconsent:cookieconsent3', name: 'cookieconsent3' });
    expect(none!.cmp).toBeNull();
    expect(none!.accept).toEqual({ done: false, method: 'none', detail: 'no consent banner found', ...UNVERIFIED, clicks: [] });
    expect(heuristic!.accept).toEqual({
      done: true,
      method: 'heuristic',
      clickedText: 'Accept all',
      detail: 'trusted click; the banner closed',
      path: 'first-layer',
      ...UNVERIFIED,
      clicks: [{ role: 'accept', label: 'Accept all', layer: 1, trusted: true }],
    });
    expect(heuristic!.reject).toMatchObject({ method: 'none', verified: false, clicks: [] });
    // Nothing else changes.
    expect(upgraded.sites.map((s) => ({ ...s, consent: undefined }))).toEqual(sample.sites.map((s: object) => ({ ...s, consent: undefined })));
    expect({ ...upgraded, sites: undefined }).toEqual({ ...sample, sites: undefined });
  });

  it('upgrades a 1.1 report the same way and keeps its rules and rule results', () => {
    const sample = fixture('report-sample-1.1.json');
    const upgraded = upgradeReport(sample) as Report;
    expect(validateReport(upgraded)).toEqual([]);
    expect(upgraded.schemaVersion).toBe('1.1.0');
    expect(upgraded.rules).toEqual(sample.rules);
    expect(upgraded.sites.map((s) => s.ruleResults)).toEqual(sample.sites.map((s: Report['sites'][number]) => s.ruleResults));
    expect(upgraded.sites.map((s) => s.consent)).toEqual((upgradeReport(fixture('report-sample.json')) as Report).sites.map((s) => s.consent));
  });

  it('is idempotent, and leaves a 1.2 report, another major version and what is not a report as they are', () => {
    const once = upgradeReport(fixture('report-sample.json'));
    expect(upgradeReport(once)).toEqual(once);
    const current = { ...fixture('report-sample.json'), schemaVersion: '1.2.0' };
    expect(upgradeReport(current)).toBe(current);
    const major = { ...fixture('report-sample.json'), schemaVersion: '2.0.0' };
    expect(upgradeReport(major)).toBe(major);
    for (const value of [null, 'report', [], { schemaVersion: '1.0.0' }, { schemaVersion: '1.0.0', sites: [null, { consent: 'x' }] }]) {
      expect(upgradeReport(value)).toEqual(value);
    }
  });

  it('keeps a record of a method it does not know for the schema to refuse', () => {
    const sample = fixture('report-sample.json');
    sample.sites[0].consent.accept = { done: true, method: 'manual' };
    const upgraded = upgradeReport(sample) as Record<string, any>;
    expect(upgraded.sites[0].consent.accept).toEqual({ done: true, method: 'manual' });
    expect(validateReport(sample).join('\n')).toMatch(/\/sites\/0\/consent\/accept value of tag "method" must be in oneOf/);
  });

  it('tells a report made before clicks were verified', () => {
    expect(predatesClickVerification('1.0.0')).toBe(true);
    expect(predatesClickVerification('1.1.3')).toBe(true);
    expect(predatesClickVerification('1.2.0')).toBe(false);
    expect(predatesClickVerification('2.0.0')).toBe(false);
    expect(predatesClickVerification(undefined)).toBe(false);
  });
});

describe('upgradeEvidenceFile', () => {
  it('gives a 1.0 evidence file the 1.1 consent shape: cmp → autoconsentRule, unverified records', () => {
    const file = evidence10();
    const before = structuredClone(file);
    const upgraded = upgradeEvidenceFile(file) as Record<string, any>;
    expect(file).toEqual(before); // pure
    expect(validateEvidence(upgraded)).toEqual([]);
    expect(upgraded.evidenceSchemaVersion).toBe('1.0.0');
    const [b, a, r] = upgraded.site.consentObservations;
    expect(b).toEqual({ phase: 'before', detection: { autoconsentRule: 'Klaro', bannerFound: true, rejectOnFirstLayer: false, acceptOnFirstLayer: true, detectedBy: 'autoconsent' } });
    expect(Object.keys(a.detection)[0]).toBe('autoconsentRule'); // renamed in place
    expect(a.action).toEqual({ done: true, method: 'autoconsent', rule: 'Klaro', selfTest: true, ...UNVERIFIED, clicks: [] });
    expect(r.detection.autoconsentRule).toBeNull();
    expect(r.action).toEqual({
      done: true,
      method: 'heuristic',
      clickedText: '  Nur\n notwendige ',
      detail: 'trusted click; the banner closed',
      path: 'first-layer',
      ...UNVERIFIED,
      clicks: [{ role: 'reject', label: 'Nur notwendige', layer: 1, trusted: true }],
    });
    expect(upgradeEvidenceFile(upgraded)).toEqual(upgraded);
  });

  it('leaves a 1.1 file and what is not an evidence file as they are', () => {
    const current = { ...evidence10(), evidenceSchemaVersion: '1.1.0' };
    expect(upgradeEvidenceFile(current)).toBe(current);
    for (const value of [null, 7, { evidenceSchemaVersion: '1.0.0' }, { evidenceSchemaVersion: '1.0.0', site: { consentObservations: [null, { phase: 'before' }] } }]) {
      expect(upgradeEvidenceFile(value)).toEqual(value);
    }
  });
});

describe('the readers upgrade before they validate', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'upgrade-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('readReportFile gives a 1.0 report in the 1.2 shape', async () => {
    const path = join(dir, 'report.json');
    await writeFile(path, JSON.stringify(fixture('report-sample.json')));
    const report = await readReportFile(path);
    expect(report.schemaVersion).toBe('1.0.0');
    expect(report.sites[0]!.consent.cmp).toMatchObject({ name: 'Klaro', vendor: LEGACY_CMP_VENDOR });
    expect(report.sites[0]!.consent.accept).toMatchObject({ method: 'autoconsent', rule: 'Klaro', verified: false });
  });

  it('readEvidenceFile gives a 1.0 evidence file in the 1.1 shape', async () => {
    const path = join(dir, 'evidence.json');
    await writeFile(path, JSON.stringify(evidence10()));
    const file = await readEvidenceFile(path);
    expect(file.site.consentObservations[0]!.detection).toMatchObject({ autoconsentRule: 'Klaro' });
    expect(file.site.consentObservations[2]!.action).toMatchObject({ method: 'heuristic', path: 'first-layer', verified: false, verification: LEGACY_VERIFICATION });
  });
});
