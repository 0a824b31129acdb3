/**
 * A page that never yields its renderer (fixtures/hostile/history-loop: history.pushState in an
 * endless loop) must not hang the scan: its site stops at its time budget with an error saying
 * so, the other sites of the batch are scanned as usual, no browser is left behind, and SIGTERM
 * ends the command within seconds, killing the browser if it does not close.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import { runningBrowserCount } from '../../src/gather/browser/processes.js';
import { validateReport } from '../../src/model/validate.js';
import { alive, childPids, groupPids, killStartedClis, startCli, waitFor } from '../helpers/child-cli.js';
import { readReport, runCliCaptured } from '../helpers/cli.js';

const LOOP = 'https://history-loop.hostile.test/';
const NEIGHBOUR = 'https://www.klaro-shop.test/';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  killStartedClis();
  await server?.close();
});

const scanArgs = (out: string, ...extra: string[]) => ['--phases', 'before,accept', '--max-pages', '1', '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out, ...extra];

describe('a page that pins its renderer', () => {
  it('stops at the site budget; the site beside it is scanned as usual; no browser is left', async () => {
    const out = mkdtempSync(join(tmpdir(), 'watchdog-'));
    const run = await runCliCaptured(['scan', LOOP, NEIGHBOUR, ...scanArgs(out, '--site-timeout', '8000', '--format', 'json')]);
    const report = await readReport(out);
    expect(validateReport(report)).toEqual([]);
    const loop = report.sites.find((s) => s.url === LOOP)!;
    expect(loop.errors.some((e) => e.stage === 'budget' && /time budget of 8000 ms/.test(e.message))).toBe(true);
    const neighbour = report.sites.find((s) => s.url === NEIGHBOUR)!;
    expect(neighbour.error).toBeUndefined();
    expect(neighbour.errors.filter((e) => e.stage === 'budget')).toEqual([]);
    expect(neighbour.consent.accept).toMatchObject({ done: true });
    // The budget (8 s), a bounded close of the wedged profile and of the browser, and the reports.
    expect(run.ms).toBeLessThan(35_000);
    expect(runningBrowserCount()).toBe(0);
    expect(run.err).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('SIGTERM ends the command within seconds (exit 130), the browser and its renderers gone', async () => {
    const out = mkdtempSync(join(tmpdir(), 'watchdog-term-'));
    // No --site-timeout: the default budget would hold the site for minutes.
    const run = startCli(['scan', LOOP, ...scanArgs(out)]);
    await waitFor(() => /scanning https:\/\/history-loop/.test(run.stderr()), 30_000, 'the scan to start');
    await waitFor(() => childPids(run.child.pid!).length > 0, 10_000, 'the browser');
    // The page's loop starts 300 ms after its load event.
    await new Promise((r) => setTimeout(r, 3_000));
    const browser = childPids(run.child.pid!);
    const processes = browser.flatMap(groupPids);
    expect(processes.length).toBeGreaterThan(browser.length);
    const signalled = Date.now();
    run.child.kill('SIGTERM');
    const exit = await Promise.race([run.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit 25 s after SIGTERM')), 25_000))]);
    expect(exit.code).toBe(130);
    expect(Date.now() - signalled).toBeLessThan(20_000);
    await waitFor(() => processes.every((pid) => !alive(pid)), 5_000, 'the browser and its renderers to be gone');
    expect(run.stderr()).not.toMatch(/\n\s+at /);
  }, 60_000);
});
