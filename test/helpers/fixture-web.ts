/**
 * The whole fixture web scanned once per test run, in one batch, and judged by several files:
 * batch.test.ts (order, errors that hold nothing up, per-site reports, the portfolio index, rule
 * ids) and consent-table.test.ts (consent outcomes, withdrawal and rule ids under load). The
 * batch is every site of fixtures/expectations.json plus a hanging and a refusing host, all four
 * phases, at concurrency 4 (twice the cores of CI's machine), JSON and HTML. Scanning 46 sites in
 * four phases takes minutes; doing it once per run instead of once per file is most of the
 * suite's time. The first file that asks scans; the others read the saved result (the global
 * setup's directory, test/global-setup.ts). A file run alone scans for itself.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { startFixtureServer } from '../../fixtures/server/index.js';
import type { Report } from '../../src/model/report.js';
import { readReport, runCliCaptured, type CliRun } from './cli.js';

export interface SiteExpectation {
  fail: string[];
  needsReview?: string[];
}

export const expectations = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/expectations.json'), 'utf8')) as Record<string, SiteExpectation & Record<string, unknown>>;
/** The fixture sites, in the table's order. */
export const FIXTURE_SITES = Object.keys(expectations).filter((key) => /^https?:\/\//.test(key));
/** A host that accepts the connection and never answers. */
export const HANGING = 'https://hang.test/';
/** A closed loopback port: connection refused, like a host that is down. */
export const REFUSING = 'https://refused.test/';
/** The order the batch asks for: the failing hosts among the others. */
export const BATCH_ORDER = [...FIXTURE_SITES.slice(0, 3), HANGING, ...FIXTURE_SITES.slice(3, 8), REFUSING, ...FIXTURE_SITES.slice(8)];
export const BATCH_CONCURRENCY = 4;

export interface FixtureWebScan {
  /** The output directory (report.json, report.html, index.json, index.html, sites/…). */
  out: string;
  run: CliRun;
  report: Report;
}

/** The shared batch of the whole fixture web (scanned on the first call of the run). */
export async function fixtureWebScan(): Promise<FixtureWebScan> {
  const shared = sharedDir();
  const out = join(shared, 'fixture-web');
  if (!existsSync(join(out, 'run.json'))) {
    const scanning = mkdtempSync(join(shared, 'fixture-web-'));
    const run = await scanFixtureWeb(scanning);
    writeFileSync(join(scanning, 'run.json'), JSON.stringify(run));
    // Another file may have finished the same scan meanwhile: the first result stays.
    if (existsSync(out)) rmSync(scanning, { recursive: true, force: true });
    else renameSync(scanning, out);
  }
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as CliRun;
  return { out, run, report: await readReport(out) };
}

async function scanFixtureWeb(out: string): Promise<CliRun> {
  const server = await startFixtureServer();
  try {
    return await runCliCaptured([
      'scan',
      ...BATCH_ORDER,
      '--max-pages', '10',
      '--concurrency', String(BATCH_CONCURRENCY),
      '--format', 'json,html',
      '--host-map', 'refused.test=127.0.0.1:1',
      '--host-map', `*=127.0.0.1:${server.port}`,
      '--ignore-https-errors',
      '--out', out,
    ]);
  } finally {
    await server.close();
  }
}

let ownDir: string | undefined;

function sharedDir(): string {
  let dir: string | undefined;
  try {
    dir = inject('sharedScanDir');
  } catch {
    dir = undefined;
  }
  // Without the global setup (a runner that skips it), a directory of this file's run.
  dir ??= ownDir ??= mkdtempSync(join(tmpdir(), 'gdpr-scan-shared-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}
