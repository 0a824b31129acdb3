/**
 * `npm run bench`: wall time of real scans of the offline fixture web. Speed targets are measured
 * here, not in timed tests. Target (issue 2): all three phases of a 3-page site in under 7 s.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_SITES, startFixtureServer } from '../fixtures/server/index.js';
import { runScan } from '../src/crawl/scan.js';
import { planFromArgs, type ScanArgs } from '../src/plan/from-args.js';

const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 2);

function args(urls: string[], port: number): ScanArgs {
  return {
    urls,
    out: mkdtempSync(join(tmpdir(), 'bench-')),
    format: 'json',
    phases: 'before,accept,reject',
    maxPages: 3,
    timeout: 30_000,
    quietMs: 500,
    maxWait: 8_000,
    consentTimeout: 6_000,
    browserArg: [],
    headed: false,
    hostMap: [`*=127.0.0.1:${port}`],
    ignoreHttpsErrors: true,
    locale: 'en-US',
    failOn: 'high',
  };
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `median ${(median / 1000).toFixed(2)} s, min ${(sorted[0] / 1000).toFixed(2)} s, max ${(sorted.at(-1)! / 1000).toFixed(2)} s (n=${values.length})`;
}

const server = await startFixtureServer();
try {
  // One site per run, as `gdpr-scan scan <url>`: browser start included.
  const single: number[] = [];
  for (let round = 0; round < REPEATS; round++) {
    for (const url of DEMO_SITES) {
      const started = performance.now();
      const report = await runScan(planFromArgs(args([url], server.port)));
      const ms = performance.now() - started;
      single.push(ms);
      const pages = report.sites[0].pages.length;
      process.stdout.write(`  ${url.padEnd(38)} ${pages} pages x 3 phases  ${(ms / 1000).toFixed(2)} s\n`);
    }
  }
  process.stdout.write(`single 3-page site, 3 phases (target < 7 s): ${stats(single)}\n`);

  const started = performance.now();
  const report = await runScan(planFromArgs(args(DEMO_SITES, server.port)));
  const ms = performance.now() - started;
  const perSite = report.sites.map((s) => s.durationMs);
  process.stdout.write(`demo batch: ${report.sites.length} sites in ${(ms / 1000).toFixed(1)} s; per site ${stats(perSite)}\n`);
  process.stdout.write(`scanner process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (Chromium not included)\n`);
} finally {
  await server.close();
}
