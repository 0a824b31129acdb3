/**
 * Interrupting and resuming a batch, with the built command line in a child process (real
 * signals): Ctrl-C stops cleanly (exit 130, browser gone, finished sites and an index of them on
 * disk); a run killed outright (SIGKILL) loses only the sites in flight; `--resume` reuses the
 * finished sites without visiting them again and ends with the same findings as a run that was
 * never interrupted.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import type { PortfolioIndex } from '../../src/model/portfolio.js';
import type { Report } from '../../src/model/report.js';
import { validatePortfolioIndex } from '../../src/model/validate-portfolio.js';
import { validateReport } from '../../src/model/validate.js';
import { readReport, runCliCaptured } from '../helpers/cli.js';
import { THREE_PHASES } from '../helpers/scan-args.js';
import { BIN, alive, childPids, killStartedClis, startCli, waitFor } from '../helpers/child-cli.js';

const SITES = [
  'https://www.tracking-mag.test/',
  'https://www.klaro-shop.test/',
  'https://www.maps-contact.test/',
  'https://www.cdn-clinic.test/',
  'https://www.replay-store.test/',
  'https://www.settings-first.test/',
];

let server: FixtureServer;
let args: (out: string) => string[];
let reference: Report;
let referenceCode: number;

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`build first (npm run build): ${BIN} is missing`);
  server = await startFixtureServer();
  args = (out) => ['scan', ...SITES, '--phases', THREE_PHASES, '--max-pages', '3', '--concurrency', '2', '--format', 'json,html', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out];
  const out = mkdtempSync(join(tmpdir(), 'resume-reference-'));
  referenceCode = (await runCliCaptured(args(out))).code;
  reference = await readReport(out);
}, 180_000);

afterAll(async () => {
  killStartedClis();
  await server?.close();
});

/** Sites whose own report.json is on disk (written atomically, so a present file is whole). */
function finishedSites(out: string): number {
  const dir = join(out, 'sites');
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).filter((slug) => existsSync(join(dir, slug, 'report.json'))).length;
}

/** What a finding means to a reader: rule, verdict, severity, phase and page. */
const findingKeys = (report: Report, url: string): string[] =>
  report.sites
    .find((s) => s.url === url)!
    .findings.map((f) => [f.ruleId, f.outcome, f.severity, f.phase ?? '', f.pageUrl ? new URL(f.pageUrl).pathname : ''].join(' '))
    .sort();

describe('interrupting and resuming a batch', () => {
  let out: string;
  let finishedAfterCtrlC = 0;

  it('Ctrl-C stops cleanly: exit 130, browser closed, finished sites and an interrupted index kept', async () => {
    out = mkdtempSync(join(tmpdir(), 'resume-'));
    const run = startCli(args(out));
    await waitFor(() => finishedSites(out) >= 1, 90_000, 'a first finished site');
    const browsers = childPids(run.child.pid!);
    expect(browsers.length).toBeGreaterThan(0);
    run.child.kill('SIGINT');
    const exit = await Promise.race([run.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit 20 s after Ctrl-C')), 20_000))]);
    expect(exit.code).toBe(130);
    expect(run.stderr()).toMatch(/interrupted: \d of 6 sites done, \d not scanned; run the same command with --resume/);
    expect(run.stderr()).not.toMatch(/\n\s+at /);
    await waitFor(() => browsers.every((pid) => !alive(pid)), 5_000, 'the browser to be gone');

    finishedAfterCtrlC = finishedSites(out);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as PortfolioIndex;
    expect(validatePortfolioIndex(index)).toEqual([]);
    expect(index).toMatchObject({ complete: false, interrupted: true });
    expect(index.summary.pending).toBe(6 - finishedAfterCtrlC);
    expect(index.summary.pending).toBeGreaterThan(0);
    const partial = await readReport(out);
    expect(validateReport(partial)).toEqual([]);
    expect(partial.sites).toHaveLength(finishedAfterCtrlC);
    expect(partial.incomplete?.pendingSites).toHaveLength(6 - finishedAfterCtrlC);
  }, 120_000);

  it('a run killed outright (SIGKILL) keeps every site it had finished', async () => {
    const run = startCli([...args(out), '--resume']);
    await waitFor(() => finishedSites(out) > finishedAfterCtrlC, 90_000, 'one more finished site');
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    expect(finishedSites(out)).toBeGreaterThan(finishedAfterCtrlC);
  }, 120_000);

  it('--resume reuses the finished sites without visiting them again and ends with the same findings as an uninterrupted run', async () => {
    const reusable = finishedSites(out);
    server.clearLog();
    const run = await runCliCaptured([...args(out), '--resume']);
    expect(run.code).toBe(referenceCode);
    expect(run.err).toContain(`resume: reusing ${reusable} of 6 sites`);

    const report = await readReport(out);
    expect(validateReport(report)).toEqual([]);
    expect(report.incomplete).toBeUndefined();
    expect(report.sites.map((s) => s.url)).toEqual(SITES);
    for (const url of SITES) expect(findingKeys(report, url), url).toEqual(findingKeys(reference, url));

    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as PortfolioIndex;
    expect(index.complete).toBe(true);
    const resumed = index.sites.filter((s) => s.resumed).map((s) => new URL(s.url).hostname);
    expect(resumed).toHaveLength(reusable);
    // Reused means not visited: the fixture web saw no request for those sites in this run.
    for (const host of resumed) expect(server.requestsTo(host), host).toEqual([]);
    expect(index.sites.filter((s) => !s.resumed).every((s) => server.requestsTo(new URL(s.url).hostname).length > 0)).toBe(true);
  }, 180_000);
});
