/**
 * Bad input and hostile or broken sites: each becomes a recorded error in the report, the other
 * sites are still scanned, and nothing hangs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server/index.js';
import type { Report } from '../../src/model/report.js';
import { validateReport } from '../../src/model/validate.js';
import { readReport, runCliCaptured, type CliRun } from '../helpers/cli.js';

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server?.close());

const tempDir = () => mkdtempSync(join(tmpdir(), 'scan-errors-'));

describe('a batch with broken inputs and broken sites', () => {
  let run: CliRun;
  let report: Report;
  const inputs = [
    'file:///etc/passwd',
    'javascript:alert(1)',
    'http://exa mple.com',
    'https://hang.test/',
    'https://unreachable.test/',
    'https://broken-js.test/',
    'https://www.osano-cc.test/',
  ];

  beforeAll(async () => {
    const out = tempDir();
    run = await runCliCaptured([
      'scan',
      ...inputs,
      '--phases', 'before,reject',
      '--max-pages', '1',
      '--timeout', '3000',
      '--max-wait', '3000',
      // A closed loopback port: connection refused, like a host that is down.
      '--host-map', 'unreachable.test=127.0.0.1:1',
      '--host-map', `*=127.0.0.1:${server.port}`,
      '--ignore-https-errors',
      '--out', out,
    ]);
    report = await readReport(out);
  }, 120_000);

  it('records each problem as the site error, in plain words', () => {
    const errorOf = (input: string) => report.sites.find((s) => s.url === input || s.url === new URL(input).href)?.error;
    expect(errorOf('file:///etc/passwd')).toMatch(/unsupported scheme "file"/);
    expect(report.sites[1].error).toMatch(/unsupported scheme "javascript"/);
    expect(report.sites[2].error).toMatch(/not a valid URL/);
    expect(errorOf('https://hang.test/')).toMatch(/did not load within 3000 ms/);
    expect(errorOf('https://unreachable.test/')).toMatch(/ERR_CONNECTION_REFUSED/);
    for (const s of report.sites.slice(0, 5)) expect(s.errors.length, s.url).toBeGreaterThan(0);
    expect(report.sites[3].errors[0]).toMatchObject({ stage: 'navigation', pageUrl: 'https://hang.test/' });
  });

  it('still scans the working sites, hostile ones included, and stays within bounds', () => {
    const hostile = report.sites.find((s) => s.url === 'https://broken-js.test/')!;
    expect(hostile.error).toBeUndefined();
    expect(hostile.pages[0].phases.before?.status).toBe('ok');
    const osano = report.sites.find((s) => s.url === 'https://www.osano-cc.test/')!;
    expect(osano.error).toBeUndefined();
    expect(osano.consent.reject).toMatchObject({ done: true });
    expect(run.code).toBe(0);
    expect(validateReport(report)).toEqual([]);
    expect(report.summary.sitesWithErrors).toBe(5);
    expect(run.ms).toBeLessThan(60_000);
    expect(run.err).not.toMatch(/\n\s+at /);
  });
});

describe('TLS errors', () => {
  it('refuses a self-signed certificate unless --ignore-https-errors is given, and exits 2 when nothing could be scanned', async () => {
    const out = tempDir();
    const run = await runCliCaptured(['scan', 'https://www.klaro-shop.test/', '--phases', 'before', '--max-pages', '1', '--host-map', `*=127.0.0.1:${server.port}`, '--out', out]);
    const report = await readReport(out);
    expect(report.sites[0].error).toMatch(/ERR_CERT_AUTHORITY_INVALID/);
    expect(report.summary.exitCode).toBe(2);
    expect(run.code).toBe(2);
  }, 60_000);
});

describe('the time budget of a site', () => {
  it('stops a site whose budget runs out, keeps the pages finished by then, and says why the rest is missing', async () => {
    const out = tempDir();
    const run = await runCliCaptured([
      'scan', 'https://www.big-blog.test/',
      // The start page takes up to about 5 s without a banner (the late-banner window runs 4.5 s past the load event).
      '--max-pages', '10', '--site-timeout', '9000', '--format', 'json',
      '--host-map', `*=127.0.0.1:${server.port}`, '--ignore-https-errors', '--out', out,
    ]);
    const report = await readReport(out);
    const blog = report.sites[0];
    // The start page loaded, so the site counts as scanned, with fewer pages than asked for.
    expect(blog.error).toBeUndefined();
    expect(blog.pages.length).toBeGreaterThanOrEqual(1);
    expect(blog.pages.length).toBeLessThan(10);
    expect(blog.pages[0].phases.before?.status).toBe('ok');
    const budget = blog.errors.filter((e) => e.stage === 'budget');
    expect(budget.length).toBeGreaterThan(0);
    expect(budget[0].message).toMatch(/time budget of 9000 ms/);
    expect(blog.durationMs).toBeLessThan(13_000);
    expect(validateReport(report)).toEqual([]);
    expect(run.err).not.toMatch(/\n\s+at /);
  }, 60_000);
});
