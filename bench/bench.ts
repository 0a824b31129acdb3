/**
 * `npm run bench`: wall time of real scans of the offline fixture web. Speed targets are measured
 * here, not in timed tests. Target (issue 2): all three phases of a 3-page site in under 7 s.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_SITES, startFixtureServer } from '../fixtures/server/index.js';
import { scan } from '../src/pipeline/scan.js';
import { planFromArgs, type ScanArgs } from '../src/plan/from-args.js';
import { defaultScanArgs } from '../src/plan/scan-options.js';

/** Rounds of the single-site scans (BENCH_REPEATS=0: only the batches). */
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 2);

/** The command line's defaults (the option table), with the bench's workload: 3 pages, every phase, the fixture web. */
function args(urls: string[], port: number): ScanArgs {
  return {
    ...defaultScanArgs(),
    urls,
    out: mkdtempSync(join(tmpdir(), 'bench-')),
    format: 'json',
    phases: 'before,accept,reject',
    maxPages: 3,
    hostMap: [`*=127.0.0.1:${port}`],
    ignoreHttpsErrors: true,
  };
}

/** Busy CPU time of the whole machine so far, in seconds (Linux /proc/stat; undefined elsewhere). */
function machineBusySeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return (fields.reduce((a, b) => a + b, 0) - idle) / 100; // USER_HZ is 100 on Linux.
  } catch {
    return undefined;
  }
}

/** Memory of every Chromium process on the machine (proportional set size), in MiB (Linux /proc; 0 elsewhere). */
function chromiumPssMiB(): number {
  let kib = 0;
  try {
    for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
      try {
        if (!/chrom/i.test(readFileSync(`/proc/${pid}/comm`, 'utf8'))) continue;
        // Proportional set size: shared pages split between the processes that map them.
        const rss = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
        kib += Number(rss?.[1] ?? 0);
      } catch {
        // The process ended meanwhile.
      }
    }
  } catch {
    return 0;
  }
  return kib / 1024;
}

async function timedBatch(batchArgs: ScanArgs): Promise<{ ms: number; sumMs: number; concurrency: number; cpuSeconds?: number; peakChromiumMiB: number }> {
  const plan = planFromArgs(batchArgs);
  const busyBefore = machineBusySeconds();
  let peakChromiumMiB = 0;
  const sampler = setInterval(() => (peakChromiumMiB = Math.max(peakChromiumMiB, chromiumPssMiB())), 500);
  const started = performance.now();
  const report = await scan(plan).finally(() => clearInterval(sampler));
  const ms = performance.now() - started;
  const busyAfter = machineBusySeconds();
  const cpuSeconds = busyBefore !== undefined && busyAfter !== undefined ? busyAfter - busyBefore : undefined;
  return { ms, sumMs: report.sites.reduce((sum, s) => sum + s.durationMs, 0), concurrency: plan.concurrency, peakChromiumMiB, ...(cpuSeconds !== undefined ? { cpuSeconds } : {}) };
}

const cpuNote = (batch: { cpuSeconds?: number; peakChromiumMiB: number }, cpus: number): string =>
  (batch.cpuSeconds === undefined ? '' : `; CPU work ${batch.cpuSeconds.toFixed(1)} s, / ${cpus} cores = ${(batch.cpuSeconds / cpus).toFixed(1)} s`) +
  (batch.peakChromiumMiB > 0 ? `; Chromium peak memory (PSS) ${batch.peakChromiumMiB.toFixed(0)} MiB` : '');

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
      const report = await scan(planFromArgs(args([url], server.port)));
      const ms = performance.now() - started;
      single.push(ms);
      const pages = report.sites[0].pages.length;
      process.stdout.write(`  ${url.padEnd(38)} ${pages} pages x 3 phases  ${(ms / 1000).toFixed(2)} s\n`);
    }
  }
  if (single.length > 0) process.stdout.write(`single 3-page site, 3 phases (target < 7 s): ${stats(single)}\n`);

  // Batches: the demo sites in one run, one site at a time and at the default concurrency. The
  // target (issue 5): wall time close to the work divided by the cores.
  const cpus = availableParallelism();
  const sequential = await timedBatch({ ...args(DEMO_SITES, server.port), concurrency: 1 });
  process.stdout.write(`batch of ${DEMO_SITES.length} sites, one at a time: ${(sequential.ms / 1000).toFixed(1)} s (sum of per-site times ${(sequential.sumMs / 1000).toFixed(1)} s${cpuNote(sequential, cpus)})\n`);
  const parallel = await timedBatch(args(DEMO_SITES, server.port));
  process.stdout.write(
    `batch of ${DEMO_SITES.length} sites, ${parallel.concurrency} at once on ${cpus} cores: ${(parallel.ms / 1000).toFixed(1)} s ` +
      `(speed-up ${(sequential.ms / parallel.ms).toFixed(2)}x${cpuNote(parallel, cpus)})\n`,
  );
  process.stdout.write(`scanner process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (Chromium not included)\n`);
} finally {
  await server.close();
}
