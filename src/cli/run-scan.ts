import { runScan } from '../gather/gather.js';
import type { ScanSetup } from '../plan/build.js';
import { compareWithBaseline } from '../finish/baseline.js';
import { addFingerprints } from '../judge/fingerprint.js';
import { renderJson, writeReports } from '../render/json.js';
import { renderSummary } from '../render/summary.js';
import { BatchOutput } from './batch-output.js';
import type { CliIo } from './io.js';
import { createProgress } from './progress.js';
import { loadResumeState, type ResumeState } from './resume.js';

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells expect. */
export const EXIT_INTERRUPTED = 130;

/**
 * Runs the plan, fingerprints the findings and compares them with the baseline (before any
 * format is written, so every format sees new / existing / resolved), writes the reports and
 * prints the summary (or the JSON with --json, or nothing with --quiet). A batch (several sites,
 * or --resume) also writes each site's reports as it finishes and the portfolio index. Returns the
 * exit code; 130 when interrupted (what was finished is written, --resume continues).
 */
export async function scanAndReport(setup: ScanSetup, io: CliIo): Promise<number> {
  const { plan, cli } = setup;
  plan.includeValues = cli.includeValues;
  const progress = createProgress({
    err: io.err,
    isTTY: io.errIsTTY === true,
    color: io.errIsTTY === true && io.color,
    quiet: cli.quiet,
    columns: io.columns,
  });
  const log = progress.log;
  const startedAt = new Date();
  const resume: ResumeState | undefined = cli.resume ? await loadResumeState(plan) : undefined;
  for (const note of resume?.notes ?? []) log(note);
  const baseline = setup.baselineReport && cli.baseline ? { report: setup.baselineReport, path: cli.baseline } : undefined;
  const batch = plan.sites.length > 1 || cli.resume ? new BatchOutput(plan, { startedAt, ...(baseline ? { baseline } : {}), ...(resume ? { resumed: resume.reports } : {}) }) : undefined;
  if (batch && !cli.resume) await batch.removeEarlierSiteReports();
  if (resume?.reports.size) log(`resume: reusing ${resume.reports.size} of ${plan.sites.length} sites from ${plan.outDir}`);

  let report;
  try {
    report = await runScan(plan, progress, {
      ...(io.interrupt ? { signal: io.interrupt } : {}),
      reuse: (_target, index) => resume?.reports.get(index)?.sites[0],
      reusedUserAgent: [...(resume?.reports.values() ?? [])][0]?.plan.userAgent,
      ...(batch ? { onSiteReport: (site, index, resumed, browser) => batch.writeSite(site, index, resumed, browser) } : {}),
    });
  } finally {
    progress.finish();
  }
  addFingerprints(report);
  if (baseline) compareWithBaseline(report, baseline.report, baseline.path);
  const written = await writeReports(report, plan.outDir, plan.formats);
  if (batch) written.push(...(await batch.writeIndex({ complete: !report.incomplete, interrupted: report.incomplete !== undefined, finishedAt: new Date(report.finishedAt) })));
  if (cli.json) {
    io.out(renderJson(report));
  } else if (!cli.quiet) {
    io.out(renderSummary(report, { color: io.color }));
    for (const path of written) io.out(`Report: ${path}\n`);
  }
  if (report.incomplete) {
    const pending = report.incomplete.pendingSites.length;
    io.err(`gdpr-scan: interrupted: ${report.sites.length} of ${plan.sites.length} sites done, ${pending} not scanned; run the same command with --resume to finish\n`);
    return EXIT_INTERRUPTED;
  }
  return report.summary.exitCode;
}
