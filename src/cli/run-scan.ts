import { runScan } from '../crawl/scan.js';
import type { ScanSetup } from '../plan/build.js';
import { compareWithBaseline } from '../report/baseline.js';
import { addFingerprints } from '../report/fingerprint.js';
import { renderJson, writeReports } from '../report/json.js';
import { renderSummary } from '../report/summary.js';
import type { CliIo } from './io.js';
import { createProgress } from './progress.js';

/**
 * Runs the plan, fingerprints the findings and compares them with the baseline (before any
 * format is written, so every format sees new / existing / resolved), writes the reports and
 * prints the summary (or the JSON with --json, or nothing with --quiet). Returns the exit code.
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
  let report;
  try {
    report = await runScan(plan, { ...progress, log: cli.quiet ? () => {} : (line) => io.err(`${line}\n`) });
  } finally {
    progress.finish();
  }
  addFingerprints(report);
  if (setup.baselineReport && cli.baseline) compareWithBaseline(report, setup.baselineReport, cli.baseline);
  const written = await writeReports(report, plan.outDir, plan.formats);
  if (cli.json) {
    io.out(renderJson(report));
  } else if (!cli.quiet) {
    io.out(renderSummary(report, { color: io.color }));
    for (const path of written) io.out(`Report: ${path}\n`);
  }
  return report.summary.exitCode;
}
