/**
 * The recorded report samples of test/fixtures-data: a demo scan as schema 1.0 wrote it
 * (report-sample.json) and the same scan as a 1.1 report (report-sample-1.1.json). Renderers get
 * them as every reader gives them, upgraded to today's consent shape (src/model/upgrade.ts), with
 * the version they were written with.
 */
import { readFileSync } from 'node:fs';
import type { Report } from '../../src/model/report.js';
import { upgradeReport } from '../../src/model/upgrade.js';

export const SAMPLE_FILES = {
  '1.0': new URL('../fixtures-data/report-sample.json', import.meta.url),
  '1.1': new URL('../fixtures-data/report-sample-1.1.json', import.meta.url),
} as const;

/** The sample as written (old consent shape). */
export function rawSample(version: keyof typeof SAMPLE_FILES): Record<string, unknown> {
  return JSON.parse(readFileSync(SAMPLE_FILES[version], 'utf8')) as Record<string, unknown>;
}

/** The sample as readReportFile gives it: upgraded, its schemaVersion kept. */
export function readSample(version: keyof typeof SAMPLE_FILES): Report {
  return upgradeReport(rawSample(version)) as Report;
}
