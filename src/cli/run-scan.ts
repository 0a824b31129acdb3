import { runScan } from '../crawl/scan.js';
import type { ScanPlan } from '../plan/plan.js';
import { writeReports } from '../report/json.js';
import { renderSummary } from '../report/summary.js';
import type { CliIo } from './io.js';

/** Runs the plan, writes the reports, prints the summary; returns the exit code. */
export async function scanAndReport(plan: ScanPlan, io: CliIo): Promise<number> {
  const report = await runScan(plan, { log: (line) => io.err(`${line}\n`) });
  const written = await writeReports(report, plan.outDir, plan.formats);
  io.out(renderSummary(report, { color: io.color }));
  for (const path of written) io.out(`Report: ${path}\n`);
  return report.summary.exitCode;
}
