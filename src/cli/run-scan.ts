import type { EvidenceFile } from '../model/evidence-file.js';
import type { ScanSetup } from '../plan/build.js';
import { scan, type SiteDone } from '../pipeline/scan.js';
import { renderJson, writeReports } from '../render/json.js';
import { renderSummary } from '../render/summary.js';
import { BatchOutput } from './batch-output.js';
import { writeEvidenceFile } from '../pipeline/evidence-file.js';
import type { CliIo } from './io.js';
import { createProgress } from './progress.js';
import { loadResumeState, type ResumeState } from './resume.js';
import { prepareOutputDir } from './output-dir.js';

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells expect. */
export const EXIT_INTERRUPTED = 130;

/** Runs of the pipeline that differ from a plain scan. */
export interface ScanRunOptions {
  /** Evidence to judge instead of visiting (`gdpr-scan audit`), by site index; every site has some. */
  savedEvidence?: ReadonlyMap<number, EvidenceFile>;
  /** The command's own exit code for the report's (the demo: findings are expected there), and why; absent: the report's. */
  commandExit?: (reportExitCode: number) => { code: number; why: string } | undefined;
}

/**
 * Runs the plan through the pipeline (gather → judge → finish: fingerprints and the baseline
 * comparison are part of it, so every format sees new / existing / resolved), writes the reports
 * and prints the summary (or the JSON with --json, or nothing with --quiet). A batch (several
 * sites, or --resume) also writes each site's evidence and reports as it finishes, and the
 * portfolio index; --save-evidence writes a single site's evidence.json next to its report.
 * Returns the exit code; 130 when interrupted (what was finished is written, --resume continues).
 */
export async function scanAndReport(setup: ScanSetup, io: CliIo, options: ScanRunOptions = {}): Promise<number> {
  const { plan, cli } = setup;
  // Before any browser starts: an --out that cannot take the reports ends the command now.
  await prepareOutputDir(plan.outDir);
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
  const saved = options.savedEvidence ?? resume?.evidence;
  const baseline = setup.baselineReport && cli.baseline ? { report: setup.baselineReport, path: cli.baseline } : undefined;
  const batch = plan.sites.length > 1 || cli.resume ? new BatchOutput(plan, { startedAt, ...(baseline ? { baseline } : {}) }) : undefined;
  // An audit may write into the directory its evidence comes from: nothing there is removed.
  if (batch && !cli.resume && !options.savedEvidence) await batch.removeEarlierSiteReports();
  if (resume?.evidence.size) log(`resume: reusing ${resume.evidence.size} of ${plan.sites.length} sites from ${plan.outDir}`);

  let single: SiteDone | undefined;
  let report;
  try {
    report = await scan(plan, {
      hooks: progress,
      ...(io.interrupt ? { signal: io.interrupt } : {}),
      savedEvidence: (index) => saved?.get(index),
      ...(baseline ? { baseline } : {}),
      onSite: async (done) => {
        if (batch) await batch.writeSite(done);
        else single = done;
      },
    });
  } finally {
    progress.finish();
  }
  const written = await writeReports(report, plan.outDir, plan.formats);
  if (single && cli.saveEvidence) written.push(await writeEvidenceFile(plan.outDir, single.evidence));
  if (batch) written.push(...(await batch.writeIndex({ complete: !report.incomplete, interrupted: report.incomplete !== undefined, finishedAt: new Date(report.finishedAt) })));
  const commandExit = options.commandExit?.(report.summary.exitCode);
  if (cli.json) {
    io.out(renderJson(report));
  } else if (!cli.quiet) {
    io.out(renderSummary(report, { color: io.color, ...(commandExit ? { commandExit } : {}) }));
    for (const path of written) io.out(`Report: ${path}\n`);
  }
  if (report.incomplete) {
    const pending = report.incomplete.pendingSites.length;
    io.err(`gdpr-scan: interrupted: ${report.sites.length} of ${plan.sites.length} sites done, ${pending} not scanned; run the same command with --resume to finish\n`);
    return EXIT_INTERRUPTED;
  }
  return commandExit?.code ?? report.summary.exitCode;
}
